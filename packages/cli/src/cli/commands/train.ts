/**
 * `tracegrad train`: trains a network on a data set and writes its metrics, model and plots.
 *
 * @module
 */
import { formatNumber } from "tracegrad/internal/common/format-number";
import { checkRunOptions, inConfigFile, resolveRunConfig } from "tracegrad/internal/run/run-config";
import type { RunConfig } from "tracegrad/internal/run/run-config";
import { RUN_FILES, trainRun } from "../../run/training-run.js";
import { PLOT_EXTENSIONS, RUN_PLOT_NAMES } from "../../lab/run-plots.js";
import type { RunResult } from "../../run/training-run.js";
import { readTextFile } from "../../files/read-text-file.js";
import { parseSource } from "tracegrad/internal/common/source";
import type { ParsedSource } from "tracegrad/internal/common/source";
import { createProgress } from "../progress.js";
import { checkOutputTargets, EXIT_FAILED, EXIT_OK, integerOption } from "../io.js";
import { LOCK_NAME, lockOutFolder } from "../../files/out-lock.js";

/** The options that control where a run writes and how it reports, not what it trains. */
const RUN_CONTROL = ["config", "out", "checkpointEvery", "resume", "quiet", "json", "maxFileSize"];

/**
 * Every file a run may write, replace or remove in its `--out` folder: metrics.json, model.json,
 * checkpoint.json, each plot's SVG and PNG, and the folder's lock. These, not the whole folder, are
 * held against the run's inputs (its config and data files): a config kept in the run's folder beside
 * its outputs (`--config run/config.yaml --out run`) is a sensible habit that the run never touches,
 * while a config or data file that one of these names reaches (`--config run/model.json`, or
 * `run/model.json` a link to the data) would be replaced by the run's own output, and is refused.
 */
const RUN_OUT_FILES = [...RUN_FILES, ...RUN_PLOT_NAMES.flatMap((name) => PLOT_EXTENSIONS.map((extension) => name + extension)), LOCK_NAME];

export async function trainCommand(options: Record<string, unknown>): Promise<number> {
  const outTarget = { option: "--out", path: typeof options.out === "string" ? options.out : undefined, kind: "folder" as const, files: RUN_OUT_FILES };
  checkOutputTargets([outTarget], [typeof options.config === "string" ? options.config : undefined]);
  const flags = Object.fromEntries(Object.entries(options).filter(([k, v]) => !RUN_CONTROL.includes(k) && v !== undefined));
  let source: ParsedSource | undefined;
  let fromFile = {};
  if (typeof options.config === "string") {
    source = parseSource(readTextFile(options.config), options.config);
    if (source.value === null || typeof source.value !== "object" || Array.isArray(source.value)) throw source.error([], "a config file is a mapping of options (data: xor-easy, layers: 2-4-4-1, ...)");
    fromFile = checkRunOptions(source.value, source);
  }
  const checkpointEvery = options.checkpointEvery === undefined ? undefined : integerOption(String(options.checkpointEvery), "--checkpoint-every", 1);
  const out = typeof options.out === "string" ? options.out : undefined;
  // A mistake in an option that came from the config file is said at its place there.
  const located = (error: unknown) => (source === undefined ? error : inConfigFile(error, source, flags));
  let config: RunConfig;
  try {
    config = resolveRunConfig(fromFile, checkRunOptions(flags));
  } catch (error) {
    throw located(error);
  }
  // The data file is known once the options are resolved (it may come from the config): before the lock, no run file may be it.
  checkOutputTargets([outTarget], [typeof options.config === "string" ? options.config : undefined, config.data]);
  if (out !== undefined) lockOutFolder(out);
  const progress = createProgress(config.epochs, options.quiet === true || options.json === true);
  let result: RunResult;
  try {
    result = trainRun(config, { out, checkpointEvery, resume: options.resume === true, onEpoch: (record, trainer) => progress.update(record, trainer) });
  } catch (error) {
    throw located(error);
  } finally {
    progress.stop();
  }
  const { metrics, prepared } = result;
  // The plotting libraries (vega, resvg: tens of MB) load only when there are plots to draw.
  const plots = out === undefined ? [] : await (await import("../../lab/run-plots.js")).writeRunPlots(result, out);
  if (options.json === true) {
    process.stdout.write(JSON.stringify({ final: metrics.final, stopReason: metrics.stopReason, epochs: metrics.epochs, trainSeconds: metrics.trainSeconds, ...(metrics.divergence ? { divergence: metrics.divergence } : {}) }, null, 2) + "\n");
  } else {
    const f = metrics.final;
    const percent = (x: number | undefined) => (x === undefined ? "" : `, accuracy ${formatNumber(x * 100, 4)}%`);
    const lines = [
      `Trained ${config.layers.join("-")} (${config.activation}/${config.outputActivation}, ${config.loss}, ${config.optimizer} η = ${formatNumber(config.learningRate)}) on ${prepared.dataTitle}`,
      `stopped after ${metrics.epochs} epochs: ${metrics.stopReason} (${formatNumber(metrics.trainSeconds, 3)} s)`,
      `train: loss ${formatNumber(f.trainLoss, 6)}${percent(f.trainAccuracy)}`,
    ];
    if (f.valLoss !== undefined) lines.push(`validation: loss ${formatNumber(f.valLoss, 6)}${percent(f.valAccuracy)}`);
    if (f.testLoss !== undefined) lines.push(`test: loss ${formatNumber(f.testLoss, 6)}${percent(f.testAccuracy)}`);
    const d = result.trainer.divergence;
    if (d !== null) lines.push(`diverged at epoch ${d.epoch}, batch ${d.batch + 1}: the ${d.quantity === "loss" ? "loss" : `weights of layer ${(d.layer ?? 0) + 1}`} became NaN or infinite; ${d.hint}`);
    if (out !== undefined) lines.push(d === null ? `wrote ${out}/` : `wrote ${out}/: metrics.json, model.json (the weights at divergence) and the plots ${plots.join(", ")}; a plot of the model's outputs is left out where they are NaN`);
    process.stdout.write(lines.join("\n") + "\n");
  }
  return metrics.stopReason === "diverged" ? EXIT_FAILED : EXIT_OK;
}
