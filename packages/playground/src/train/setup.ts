/**
 * A training run in the browser, set up as `tracegrad train` sets one up: the options go through the
 * CLI's own schema (`checkRunOptions`, `resolveRunConfig`), the data is drawn by the same generators
 * or read by the same CSV reader, split and scaled the same way (`run-setup.ts` of the library, the
 * code `tracegrad train` runs), and the model built from the same seed. So the model file the page
 * exports is the one `tracegrad train` would write for these options, and `tracegrad predict` runs it.
 *
 * This module adds the page's own sources (an uploaded CSV, the bundled digits) and limits.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { csvDataset } from "tracegrad/internal/data/csv";
import type { Dataset } from "tracegrad/internal/data/dataset";
import { DEFAULT_POINTS, GENERATOR_NAMES, isGeneratorName } from "tracegrad/internal/data/generators";
import { checkRunOptions, optionError, resolveRunConfig } from "tracegrad/internal/run/run-config";
import type { RunConfig } from "tracegrad/internal/run/run-config";
import { generatedData, prepareLoaded } from "tracegrad/internal/run/run-setup";
import type { LoadedData, PreparedRun } from "tracegrad/internal/run/run-setup";
import { InputError } from "tracegrad/internal/common/input-error";

export { DEFAULT_TRAIN_OPTIONS } from "./defaults.js";

/** The data sets the page draws, and the digits it fetches when they are chosen. */
export const WEB_GENERATORS = GENERATOR_NAMES;
export const DIGITS = "digits";

/** Limits on what a page trains, so that a link cannot make it hang. */
export const LIMITS = { points: 20_000, parameters: 200_000, epochs: 1_000_000, csvRows: 20_000 } as const;

/** An uploaded CSV file. */
export interface CsvFile {
  readonly name: string;
  readonly text: string;
}

/** What the page has loaded besides its generators. */
export interface DataSources {
  readonly csv: CsvFile | null;
  /** The bundled MNIST digits, once fetched. */
  readonly digits: Dataset | null;
}

export const NO_SOURCES: DataSources = { csv: null, digits: null };

/** Checks options (the URL's or the form's) with the CLI's schema, and fills in its defaults. */
export function resolveOptions(options: unknown): RunConfig {
  return resolveRunConfig({}, checkRunOptions(options));
}

function loadData(config: RunConfig, sources: DataSources): LoadedData {
  const outputs = config.layers[config.layers.length - 1];
  if (isGeneratorName(config.data)) {
    const n = config.points ?? DEFAULT_POINTS[config.data];
    if (n > LIMITS.points) throw optionError("points", `at most ${LIMITS.points} in the browser, got ${n}`);
    return generatedData(config)!;
  }
  if (config.data === DIGITS) {
    if (sources.digits === null) throw optionError("data", "the digits are not loaded yet");
    return { data: sources.digits, test: null, title: `digits (${sources.digits.n} MNIST digits)` };
  }
  if (config.data === "mnist") throw optionError("data", "mnist's 10,000 digits are not bundled; choose digits, a part of them that is");
  if (!config.data.toLowerCase().endsWith(".csv")) {
    throw optionError("data", `"${config.data}" is neither a data set (${[...WEB_GENERATORS, DIGITS].join(", ")}) nor a .csv file`);
  }
  const csv = sources.csv;
  if (csv === null || csv.name !== config.data) throw optionError("data", `${config.data} is not loaded; upload it again`);
  const data = csvDataset(csv.text, csv.name, { ...(config.target ? { target: config.target } : {}), oneHot: outputs > 1 });
  if (data.n > LIMITS.csvRows) throw new InputError(`at most ${LIMITS.csvRows} rows in the browser, got ${data.n}`, { file: csv.name });
  return { data, test: null, title: `${csv.name} (${data.n} rows)` };
}

/** Loads, splits and scales the data of a run and checks it fits the layers and the page's limits, as `tracegrad train` does. */
export function prepareRun(config: RunConfig, sources: DataSources): PreparedRun {
  const loaded = loadData(config, sources);
  if (config.epochs > LIMITS.epochs) throw optionError("epochs", `at most ${LIMITS.epochs} in the browser, got ${config.epochs}`);
  let parameters = 0;
  for (let l = 1; l < config.layers.length; l++) parameters += config.layers[l] * (config.layers[l - 1] + 1);
  if (parameters > LIMITS.parameters) throw optionError("layers", `${config.layers.join("-")} has ${parameters} parameters; at most ${LIMITS.parameters} in the browser`);
  return prepareLoaded(config, loaded);
}

export { buildModel, layerConfigs, runModelFile, trainingOptions } from "tracegrad/internal/run/run-setup";
export type { PreparedRun } from "tracegrad/internal/run/run-setup";
