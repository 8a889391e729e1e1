/**
 * A training run in the browser, set up as `tracegrad train` sets one up: the options go through the
 * CLI's own schema (`checkRunOptions`, `resolveRunConfig`), the data is drawn by the same generators
 * or read by the same CSV reader, split and scaled the same way, and the model built from the same
 * seed. So the model file the page exports is the one `tracegrad train` would write for these options,
 * and `tracegrad predict` runs it.
 *
 * The run itself is set up by `src/lab/run-setup.ts`, the same code `tracegrad train` uses; this module
 * adds the page's own sources (an uploaded CSV) and limits.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { csvDataset } from "tracegrad/internal/data/csv";
import { DEFAULT_POINTS, GENERATOR_NAMES, isGeneratorName } from "tracegrad/internal/data/generators";
import { checkRunOptions, resolveRunConfig } from "tracegrad/internal/run/run-config";
import type { RunConfig, RunOptions } from "tracegrad/internal/run/run-config";
import { generatedData, prepareLoaded } from "tracegrad/internal/run/run-setup";
import type { LoadedData, PreparedRun } from "tracegrad/internal/run/run-setup";
import { InputError } from "tracegrad/internal/common/input-error";

/** The options the playground opens Train mode with: a tanh 2-8-1 network learning xor-easy with Adam. */
export const DEFAULT_TRAIN_OPTIONS: RunOptions = {
  data: "xor-easy",
  layers: "2-8-1",
  activation: "tanh",
  outputActivation: "sigmoid",
  loss: "bce",
  optimizer: "adam",
  lr: 0.05,
  epochs: 2000,
  seed: 1,
};

/** The data sets the page draws (MNIST needs the CLI: its files are not bundled). */
export const WEB_GENERATORS = GENERATOR_NAMES;

/** Limits on what a page trains, so that a link cannot make it hang. */
export const LIMITS = { points: 20_000, parameters: 200_000, epochs: 1_000_000, csvRows: 20_000 } as const;

/** An uploaded CSV file. */
export interface CsvFile {
  readonly name: string;
  readonly text: string;
}

/** Checks options (the URL's or the form's) with the CLI's schema, and fills in its defaults. */
export function resolveOptions(options: unknown): RunConfig {
  return resolveRunConfig({}, checkRunOptions(options));
}

function loadData(config: RunConfig, csv: CsvFile | null): LoadedData {
  const outputs = config.layers[config.layers.length - 1];
  if (isGeneratorName(config.data)) {
    const n = config.points ?? DEFAULT_POINTS[config.data];
    if (n > LIMITS.points) throw new InputError(`--points: at most ${LIMITS.points} in the browser, got ${n}`);
    return generatedData(config)!;
  }
  if (config.data === "mnist") throw new InputError("--data: mnist is not bundled with the playground; train it with tracegrad train --data mnist");
  if (!config.data.toLowerCase().endsWith(".csv")) {
    throw new InputError(`--data: "${config.data}" is neither a data set (${WEB_GENERATORS.join(", ")}) nor a .csv file`);
  }
  if (csv === null || csv.name !== config.data) throw new InputError(`--data: ${config.data} is not loaded; upload it again`);
  const data = csvDataset(csv.text, csv.name, { ...(config.target ? { target: config.target } : {}), oneHot: outputs > 1 });
  if (data.n > LIMITS.csvRows) throw new InputError(`at most ${LIMITS.csvRows} rows in the browser, got ${data.n}`, { file: csv.name });
  return { data, test: null, title: `${csv.name} (${data.n} rows)` };
}

/** Loads, splits and scales the data of a run and checks it fits the layers and the page's limits, as `tracegrad train` does. */
export function prepareRun(config: RunConfig, csv: CsvFile | null): PreparedRun {
  const loaded = loadData(config, csv);
  if (config.epochs > LIMITS.epochs) throw new InputError(`--epochs: at most ${LIMITS.epochs} in the browser, got ${config.epochs}`);
  let parameters = 0;
  for (let l = 1; l < config.layers.length; l++) parameters += config.layers[l] * (config.layers[l - 1] + 1);
  if (parameters > LIMITS.parameters) throw new InputError(`--layers: ${config.layers.join("-")} has ${parameters} parameters; at most ${LIMITS.parameters} in the browser`);
  return prepareLoaded(config, loaded);
}

export { buildModel, layerConfigs, runModelFile, trainingOptions } from "tracegrad/internal/run/run-setup";
export type { PreparedRun } from "tracegrad/internal/run/run-setup";
