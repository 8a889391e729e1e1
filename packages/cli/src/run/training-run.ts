/**
 * A whole training run, as `tracegrad train` and the lab do it: load and split the data, fit the
 * scaler on the training split, build the model from the seed, train (with checkpoints, resumable),
 * evaluate, and write metrics.json, model.json and the plots. Node only (it reads and writes files).
 *
 * @module
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { CsvDatasetReader } from "tracegrad/internal/data/csv";
import { mnistSplit } from "../data/mnist.js";
import { GENERATOR_NAMES } from "tracegrad/internal/data/generators";
import { Sequential } from "tracegrad";
import { stringifyCompact } from "tracegrad/internal/nn/model-file";
import type { ModelFile } from "tracegrad";
import { Trainer } from "tracegrad";
import type { Divergence, EpochRecord, StopReason, TrainerCheckpoint } from "tracegrad";
import { InputError } from "tracegrad";
import { streamTextFile } from "../files/read-text-file.js";
import { writeFileAtomic, writeFilesAtomic } from "../files/write-file-atomic.js";
import { metricsPieces } from "./metrics-text.js";
import { optionError } from "tracegrad/internal/run/run-config";
import { readCheckpoint } from "./checkpoint-file.js";
import type { CheckpointFile } from "./checkpoint-file.js";
import type { RunConfig } from "tracegrad/internal/run/run-config";
import { buildModel, generatedData, prepareLoaded, runModelFile, trainingOptions } from "tracegrad/internal/run/run-setup";
import type { LoadedData, PreparedRun } from "tracegrad/internal/run/run-setup";
import type { AnyDataset } from "tracegrad/internal/data/dataset";
import { useResidentArrays } from "tracegrad/internal/nn/resident-arrays";
import { useWasmUpdates } from "tracegrad/internal/nn/wasm-updates";

export type { PreparedRun } from "tracegrad/internal/run/run-setup";
export { layerConfigs, trainingOptions } from "tracegrad/internal/run/run-setup";

function loadData(config: RunConfig): LoadedData<AnyDataset> {
  const generated = generatedData(config);
  if (generated !== null) return generated;
  if (config.data === "mnist") {
    const { train, test } = mnistSplit(config.seed, undefined, config.dtype);
    return { data: train, test, title: "MNIST digits (8,000 train / 2,000 test)" };
  }
  if (!config.data.toLowerCase().endsWith(".csv")) {
    throw optionError("data", `"${config.data}" is neither a data set (${[...GENERATOR_NAMES, "mnist"].join(", ")}) nor a .csv file`);
  }
  const outputs = config.layers[config.layers.length - 1];
  // Read in chunks: only the numbers are kept, never the file's text.
  const reader = new CsvDatasetReader(config.data, { ...(config.target ? { target: config.target } : {}), oneHot: outputs > 1 });
  streamTextFile(config.data, (text) => reader.write(text));
  const data = reader.end();
  return { data, test: null, title: `${config.data} (${data.n} rows)` };
}

/** Loads, splits and scales the data of a run, and checks it fits the layers (a float32 run's MNIST digits in Float32Arrays). */
export function prepareRun(config: RunConfig): PreparedRun<AnyDataset> {
  return prepareLoaded(config, loadData(config));
}

export interface FinalMetrics {
  readonly trainLoss: number;
  readonly trainAccuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly testLoss?: number;
  readonly testAccuracy?: number;
}

export interface MetricsFile {
  readonly history: EpochRecord[];
  readonly final: FinalMetrics;
  readonly stopReason: StopReason;
  readonly epochs: number;
  readonly trainSeconds: number;
  /** Where training diverged, when it did. */
  readonly divergence?: Divergence;
}

export interface RunResult {
  readonly prepared: PreparedRun<AnyDataset>;
  readonly trainer: Trainer;
  readonly model: Sequential;
  readonly metrics: MetricsFile;
  readonly modelFile: ModelFile;
}

export interface RunOutputs {
  /** The folder for metrics.json, model.json, checkpoint.json and the plots. */
  readonly out?: string;
  /** Write DIR/checkpoint.json every N epochs. */
  readonly checkpointEvery?: number;
  /** Continue from DIR/checkpoint.json. */
  readonly resume?: boolean;
  /**
   * Called after every epoch, with its record. The trainer's weights may already be a few epochs
   * further (the WebAssembly path runs several per call; see Trainer.run), except at checkpoints.
   */
  readonly onEpoch?: (record: EpochRecord, trainer: Trainer) => void;
}

/** The files a run writes in its `--out` folder besides its plots (checkpoint.json only with `--checkpoint-every`). */
export const RUN_FILES = ["metrics.json", "model.json", "checkpoint.json"] as const;

/** Trains a run to its end, writing its files to `outputs.out` when given. */
export function trainRun(config: RunConfig, outputs: RunOutputs = {}): RunResult {
  // The optimizer's update in WebAssembly, and a large layer's arrays in the threaded kernel's memory
  // (opt-in in the library, which keeps them out of apps that do not ask).
  useWasmUpdates();
  useResidentArrays();
  const prepared = prepareRun(config);
  const options = trainingOptions(config);
  let model: Sequential;
  let checkpoint: TrainerCheckpoint | null = null;
  const checkpointPath = outputs.out === undefined ? null : join(outputs.out, "checkpoint.json");
  if (outputs.resume) {
    if (checkpointPath === null) throw new InputError("--resume needs --out DIR (the folder holding checkpoint.json)");
    if (!existsSync(checkpointPath)) throw new InputError(`--resume: no checkpoint to resume: ${checkpointPath} does not exist`);
    checkpoint = readCheckpoint(checkpointPath, config).trainer;
    model = Sequential.fromJSON(config.layers[0], checkpoint.layers, config.dtype);
  } else {
    model = buildModel(config);
  }
  const trainer = new Trainer(model, prepared.train, options, prepared.validation);
  if (checkpoint !== null) trainer.restore(checkpoint);
  const checkpointEvery = checkpointPath !== null ? outputs.checkpointEvery : undefined;
  if (checkpointEvery === undefined && outputs.onEpoch === undefined) {
    // Nothing to look at between epochs: the WebAssembly path runs its epochs without stopping.
    trainer.run();
  } else {
    trainer.run((record, t) => {
      if (checkpointEvery !== undefined && record.epoch % checkpointEvery === 0 && !t.finished) {
        writeFileAtomic(checkpointPath!, JSON.stringify({ config, trainer: t.checkpoint() } satisfies CheckpointFile));
      }
      outputs.onEpoch?.(record, t);
    }, { exactEvery: checkpointEvery ?? Number.POSITIVE_INFINITY });
  }

  const trainEval = trainer.evaluate(prepared.train);
  const valEval = prepared.validation === null ? null : trainer.evaluate(prepared.validation);
  const testEval = prepared.test === null ? null : trainer.evaluate(prepared.test);
  const final: FinalMetrics = {
    trainLoss: trainEval.loss,
    ...(trainEval.accuracy !== undefined ? { trainAccuracy: trainEval.accuracy } : {}),
    ...(valEval !== null ? { valLoss: valEval.loss, ...(valEval.accuracy !== undefined ? { valAccuracy: valEval.accuracy } : {}) } : {}),
    ...(testEval !== null ? { testLoss: testEval.loss, ...(testEval.accuracy !== undefined ? { testAccuracy: testEval.accuracy } : {}) } : {}),
  };
  const metrics: MetricsFile = {
    history: trainer.history,
    final,
    stopReason: trainer.stopReason ?? "epochs",
    epochs: trainer.epoch,
    trainSeconds: trainer.trainSeconds,
    ...(trainer.divergence !== null ? { divergence: trainer.divergence } : {}),
  };
  const file = runModelFile(prepared, model);
  if (outputs.out !== undefined) {
    // Both or neither: a new metrics.json never stands beside an old model.json.
    writeFilesAtomic([
      { path: join(outputs.out, "metrics.json"), content: metricsPieces(metrics) },
      { path: join(outputs.out, "model.json"), content: stringifyCompact(file) },
    ]);
  }
  return { prepared, trainer, model, metrics, modelFile: file };
}
