/**
 * The public entry points of data: data sets from rows, the generators, CSV, scaling and splitting,
 * each checking its arguments.
 *
 * @module
 */
import { checkBoolean, checkInteger, checkName, checkNumber, checkObject, expected, isPlainObject } from "../common/check-argument.js";
import { InvalidArgumentError } from "../common/errors.js";
import { checkDataset } from "../data/check-dataset.js";
import { classificationDataset } from "../data/dataset.js";
import type { Dataset } from "../data/dataset.js";
import { csvDataset as readCsvDataset } from "../data/csv.js";
import type { CsvDatasetOptions } from "../data/csv.js";
import { generate as draw, GENERATOR_NAMES, MAX_POINTS } from "../data/generators.js";
import type { GeneratorName, GeneratorOptions } from "../data/generators.js";
import { readRows } from "../data/matrix.js";
import type { Rows } from "../data/matrix.js";
import { applyScaler, fitScaler } from "../data/scalers.js";
import type { Deviation, ScalerJson, ScalerMethod } from "../data/scalers.js";
import { splitDataset as split } from "../data/split.js";
import type { Split } from "../data/split.js";
import { checkScaler } from "../nn/model-options.js";

/**
 * The options of {@link dataset}.
 *
 * @category Data
 */
export interface DatasetOptions {
  /**
   * For classification: the number of classes, or their names. `targets` is then one class index per
   * sample (0-based), and the targets the loss sees are one 0/1 output for two classes (one-hot with
   * `oneHot`), one-hot rows for more.
   */
  readonly classes?: number | readonly string[];
  /** One-hot targets even for two classes (for a softmax output). */
  readonly oneHot?: boolean;
  /** One name per input. */
  readonly featureNames?: readonly string[];
}

/**
 * A data set from rows: `inputs` one row per sample, `targets` one row of target values per sample,
 * or, with `classes`, one class index per sample.
 *
 * @example
 * ```ts
 * const xor = dataset([[0, 0], [0, 1], [1, 0], [1, 1]], [0, 1, 1, 0], { classes: 2 });
 * const line = dataset([[0], [1], [2]], [[1], [3], [5]]);
 * ```
 *
 * @category Data
 */
export function dataset(inputs: Rows, targets: Rows | readonly number[], options: DatasetOptions = {}): Dataset {
  const o = checkObject(options, "options", ["classes", "oneHot", "featureNames"]);
  const x = readRows(inputs, "inputs", undefined, "inputs");
  if (x.rows === 0) throw expected("inputs", "at least one row", inputs);
  let featureNames: string[] | undefined;
  if (o.featureNames !== undefined) {
    if (!Array.isArray(o.featureNames) || o.featureNames.some((n) => typeof n !== "string") || o.featureNames.length !== x.columns) throw expected("options.featureNames", `${x.columns} names (strings), one per input`, o.featureNames);
    featureNames = o.featureNames as string[];
  }
  if (o.classes === undefined) {
    if (o.oneHot !== undefined) throw expected("options.classes", "the classes, for oneHot", undefined);
    const y = readRows(targets as Rows, "targets", undefined, "targets");
    if (y.rows !== x.rows) throw new InvalidArgumentError("targets", `has ${y.rows} rows, but inputs has ${x.rows}`);
    return { x: x.data, y: y.data, n: x.rows, features: x.columns, outputs: y.columns, ...(featureNames ? { featureNames } : {}) };
  }
  const classNames = Array.isArray(o.classes) ? (o.classes as unknown[]) : null;
  if (classNames !== null && (classNames.length < 2 || classNames.some((n) => typeof n !== "string"))) throw expected("options.classes", "2 or more class names (strings)", o.classes);
  const classes = classNames !== null ? classNames.length : checkInteger(o.classes, "options.classes", 2);
  if (!Array.isArray(targets) || targets.some((t) => Array.isArray(t))) throw expected("targets", "one class index per sample (number[]), with options.classes", targets);
  if (targets.length !== x.rows) throw new InvalidArgumentError("targets", `has ${targets.length} class indices, but inputs has ${x.rows} rows`);
  const labels = Int32Array.from(targets as number[], (t, i) => checkInteger(t, `targets[${i}]`, 0, classes - 1));
  return classificationDataset(x.data, x.columns, labels, classes, {
    ...(featureNames ? { featureNames } : {}),
    ...(classNames !== null ? { classNames: classNames as string[] } : {}),
    ...(o.oneHot !== undefined ? { oneHot: checkBoolean(o.oneHot, "options.oneHot") } : {}),
  });
}

/**
 * Draws a two-dimensional classification data set from a seed: `linear` and `xor-easy` (Lab01's),
 * `xor`, `circle`, `spiral`, `blobs` and `moons`.
 *
 * @category Data
 */
export function generate(name: GeneratorName, options: GeneratorOptions = {}): Dataset {
  const generator = checkName(name, GENERATOR_NAMES, "name", "data set");
  const o = checkObject(options, "options", ["n", "classes", "seed", "oneHot"]);
  if (o.n !== undefined) checkInteger(o.n, "options.n", 1, MAX_POINTS);
  if (o.classes !== undefined) {
    checkInteger(o.classes, "options.classes", 2);
    if (generator !== "spiral" && generator !== "blobs" && o.classes !== 2) throw new InvalidArgumentError("options.classes", `${generator} has 2 classes; spiral and blobs take more`);
  }
  if (o.seed !== undefined) checkInteger(o.seed, "options.seed", Number.MIN_SAFE_INTEGER);
  if (o.oneHot !== undefined) checkBoolean(o.oneHot, "options.oneHot");
  return draw(generator, o as GeneratorOptions);
}

/**
 * A data set from CSV text with a header row: the last column is the target unless `target` names
 * others. A malformed table is an InputError (code `InvalidSpec`) with the line and column.
 *
 * @category Data
 */
export function csvDataset(text: string, file?: string, options: CsvDatasetOptions = {}): Dataset {
  if (typeof text !== "string") throw expected("text", "the CSV text (a string)", text);
  if (file !== undefined && typeof file !== "string") throw expected("file", "a file name (a string)", file);
  const o = checkObject(options, "options", ["target", "task", "oneHot"]);
  if (o.target !== undefined && (!Array.isArray(o.target) || o.target.length === 0 || o.target.some((t) => typeof t !== "string"))) throw expected("options.target", "an array of column names", o.target);
  if (o.task !== undefined) checkName(o.task, ["auto", "classification", "regression"] as const, "options.task", "task");
  if (o.oneHot !== undefined) checkBoolean(o.oneHot, "options.oneHot");
  return readCsvDataset(text, file, o as CsvDatasetOptions);
}

/**
 * Scales a data set's inputs: with a method (`minmax` or `standardize`), a scaler is fitted to this
 * data; with a scaler (one fitted before, or `model.scaler`), it is applied. Fit on the training data
 * only, then apply the same scaler to the validation and test data, and give it to the model
 * (`model.scaler = scaler`) so that `predict` scales raw rows the same way.
 *
 * @example
 * ```ts
 * const { data: train, scaler } = scaleDataset(rawTrain, "standardize");
 * const { data: test } = scaleDataset(rawTest, scaler);
 * ```
 *
 * @category Data
 */
export function scaleDataset(data: Dataset, scaler: ScalerMethod | ScalerJson, options: { readonly deviation?: Deviation } = {}): { data: Dataset; scaler: ScalerJson } {
  const d = checkDataset(data, "data");
  const o = checkObject(options, "options", ["deviation"]);
  let fitted: ScalerJson;
  if (typeof scaler === "string" || !isPlainObject(scaler)) {
    const method = checkName(scaler, ["minmax", "standardize"] as const, "scaler", "scaling method");
    const deviation = o.deviation === undefined ? "population" : checkName(o.deviation, ["population", "sample"] as const, "options.deviation", "standard deviation");
    if (deviation === "sample" && d.n < 2) throw new InvalidArgumentError("options.deviation", "the sample standard deviation divides by n - 1: it needs at least 2 samples");
    fitted = fitScaler(d.x, d.n, d.features, method, deviation);
  } else {
    fitted = checkScaler(scaler, "scaler", d.features)!;
  }
  return { data: { ...d, x: applyScaler(fitted, d.x, d.n, d.features) }, scaler: fitted };
}

/**
 * Shuffles the samples with the seed (1), then cuts off the validation and test fractions (0 for
 * none): `splitDataset(data, { validation: 0.2 })`.
 *
 * @category Data
 */
export function splitDataset(data: Dataset, fractions: { readonly validation?: number; readonly test?: number }, seed = 1): Split {
  const d = checkDataset(data, "data");
  const o = checkObject(fractions, "fractions", ["validation", "test"]);
  const v = o.validation === undefined ? 0 : checkNumber(o.validation, "fractions.validation", { min: 0, max: 1, maxOpen: true });
  const t = o.test === undefined ? 0 : checkNumber(o.test, "fractions.test", { min: 0, max: 1, maxOpen: true });
  checkInteger(seed, "seed", Number.MIN_SAFE_INTEGER);
  const training = d.n - Math.round(v * d.n) - Math.round(t * d.n);
  if (training < 1) throw new InvalidArgumentError("fractions", `validation ${v} and test ${t} of ${d.n} samples leave none to train on`);
  return split(d, { validation: v, test: t }, seed);
}
