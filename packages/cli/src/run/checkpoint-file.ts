/**
 * A run's checkpoint.json: its options and the trainer's whole state, read back only after its
 * structure is checked with zod and its shapes against the run's own network (the layers, the
 * optimizer's state of each parameter), so that a damaged or foreign checkpoint is one line naming the
 * file, the place and the field, never a crash inside the trainer.
 *
 * @module
 */
import { isDeepStrictEqual } from "node:util";
import { z } from "zod";
import { readTextFile } from "../files/read-text-file.js";
import { checkLayerShapes, layerJsonSchema } from "tracegrad/internal/nn/model-schema";
import { Optimizer } from "tracegrad/internal/nn/optimizer";
import type { TrainerCheckpoint } from "tracegrad";
import { InputError } from "tracegrad";
import { excerpt } from "tracegrad/internal/common/excerpt";
import { parseSource } from "tracegrad/internal/common/source";
import type { ParsedSource } from "tracegrad/internal/common/source";
import { issueError } from "tracegrad/internal/common/zod-issue";
import type { RunConfig } from "tracegrad/internal/run/run-config";
import { buildModel, trainingOptions } from "tracegrad/internal/run/run-setup";

export interface CheckpointFile {
  readonly config: RunConfig;
  readonly trainer: TrainerCheckpoint;
}

const finite = z.number();
const orNull = finite.nullable();
const uint32 = z.int().min(0).max(0xffffffff);
const STOP_REASONS = ["epochs", "loss-change", "gradient-norm", "weight-change", "validation-patience", "diverged"] as const;

const checkpointSchema = z.strictObject({
  config: z.record(z.string(), z.unknown()),
  trainer: z.strictObject({
    format: z.literal("tracegrad-checkpoint"),
    version: z.literal(1),
    epoch: z.int().min(0),
    layers: z.array(layerJsonSchema).min(1),
    optimizer: z.strictObject({ t: z.int().min(0), state: z.array(z.array(z.array(finite))) }),
    random: z.strictObject({ s: z.tuple([uint32, uint32, uint32, uint32]), spare: orNull }),
    schedule: z.strictObject({ current: finite, best: finite, wait: z.int().min(0) }),
    history: z.array(
      // A loss that overflowed is NaN, which JSON writes as null.
      z.strictObject({ epoch: z.int().min(1), loss: orNull, accuracy: finite.optional(), valLoss: orNull.optional(), valAccuracy: finite.optional(), learningRate: finite }),
    ),
    early: z.strictObject({ previousLoss: orNull, bestValLoss: orNull, wait: z.int().min(0), best: z.array(z.array(finite)).nullable() }),
    stopReason: z.enum(STOP_REASONS).nullable(),
  }),
});

function describeDifference(saved: Readonly<Record<string, unknown>>, current: RunConfig): string {
  const now = current as unknown as Record<string, unknown>;
  for (const key of new Set([...Object.keys(saved), ...Object.keys(now)])) {
    if (!isDeepStrictEqual(saved[key], now[key])) return `${excerpt(key)} was ${excerpt(String(JSON.stringify(saved[key])))} there and is ${excerpt(String(JSON.stringify(now[key])))} now`;
  }
  return "";
}

/** Checks that the saved trainer fits the network and optimizer that `config` builds. */
function checkShapes(source: ParsedSource, trainer: z.output<typeof checkpointSchema>["trainer"], config: RunConfig): void {
  checkLayerShapes(source, trainer.layers, config.layers[0], ["trainer", "layers"]);
  const model = buildModel(config);
  const fresh = model.layersJson();
  if (trainer.layers.length !== fresh.length) throw source.error(["trainer", "layers"], `has ${trainer.layers.length} layers, but the run's network has ${fresh.length}`);
  trainer.layers.forEach((layer, l) => {
    const own = fresh[l];
    const same = layer.type === own.type && (layer.type !== "dense" || own.type !== "dense" || (layer.units === own.units && layer.activation === own.activation && (layer.bias === null) === (own.bias === null)));
    if (!same) throw source.error(["trainer", "layers", l], `is not the run's layer ${l + 1} (${own.type}${own.type === "dense" ? ` of ${own.units} ${own.activation} units${own.bias === null ? ", no bias" : ""}` : ""})`);
  });
  const state = new Optimizer(trainingOptions(config).optimizer, model.parameters()).toJSON().state;
  const saved = trainer.optimizer.state;
  if (saved.length !== state.length) throw source.error(["trainer", "optimizer", "state"], `has ${saved.length} entries, but the network has ${state.length} parameters`);
  saved.forEach((arrays, p) => {
    if (arrays.length !== state[p].length) throw source.error(["trainer", "optimizer", "state", p], `has ${arrays.length} arrays, but ${config.optimizer} keeps ${state[p].length}`);
    arrays.forEach((values, s) => {
      if (values.length !== state[p][s].length) throw source.error(["trainer", "optimizer", "state", p, s], `has ${values.length} values, but its parameter has ${state[p][s].length}`);
    });
  });
  if (trainer.history.length !== trainer.epoch) throw source.error(["trainer", "history"], `has ${trainer.history.length} epochs, but the checkpoint is at epoch ${trainer.epoch}`);
}

/** Reads `path`, a checkpoint of a run with these options; anything else is an {@link InputError}. */
export function readCheckpoint(path: string, config: RunConfig): CheckpointFile {
  const source = parseSource(readTextFile(path), path, "json");
  const result = checkpointSchema.safeParse(source.value, { reportInput: true });
  if (!result.success) throw issueError(source, result.error);
  const saved = result.data;
  if (!isDeepStrictEqual(saved.config, config)) throw new InputError(`--resume: ${path} was written with other options (${describeDifference(saved.config, config)}); run with the same options`);
  checkShapes(source, saved.trainer, config);
  return saved as unknown as CheckpointFile;
}
