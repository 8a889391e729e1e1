/**
 * A data set in memory: inputs and targets as row-major matrices, with class labels for
 * classification.
 *
 * @module
 */

/**
 * A data set in memory: inputs and targets as row-major Float64Arrays, with class labels for
 * classification. `Dataset<Float32Array>` holds them in Float32Arrays, which a float32 model trains on
 * without a copy (the Trainer takes either).
 *
 * @category Data
 */
export interface Dataset<Values extends Float64Array | Float32Array = Float64Array> {
  /** n × features. */
  readonly x: Values;
  /** n × outputs: the targets as the loss sees them (one-hot rows, 0/1, or values). */
  readonly y: Values;
  readonly n: number;
  readonly features: number;
  readonly outputs: number;
  /** The class of each sample, for classification. */
  readonly labels?: Int32Array;
  /** The number of classes, for classification. */
  readonly classes?: number;
  readonly featureNames?: readonly string[];
  readonly classNames?: readonly string[];
}

/**
 * Copies rows `order[start]`, …, `order[start + rows - 1]` of a row-major matrix `source` whose rows
 * are `width` long (rows `start` … `start + rows - 1` when `order` is null) into the first `rows` rows
 * of `target`: a minibatch gathered into a buffer allocated once. A Float32Array target receives each
 * value rounded to float32, as a typed-array store does.
 */
export function gatherRows(
  source: Float64Array | Float32Array,
  width: number,
  order: ArrayLike<number> | null,
  start: number,
  rows: number,
  target: Float64Array | Float32Array,
): void {
  if (source.constructor === target.constructor && width >= 16) {
    // A row at a time (a copy of memory): worth its view from about 16 values on.
    for (let r = 0; r < rows; r++) {
      const from = (order === null ? start + r : order[start + r]) * width;
      target.set(source.subarray(from, from + width), r * width);
    }
    return;
  }
  for (let r = 0; r < rows; r++) {
    const from = (order === null ? start + r : order[start + r]) * width;
    const to = r * width;
    for (let j = 0; j < width; j++) target[to + j] = source[from + j];
  }
}

/** The values as a Float64Array: the array itself if it is one, else a copy (each float32 value is exactly a float64). */
export function asFloat64(values: Float64Array | Float32Array): Float64Array {
  return values instanceof Float64Array ? values : new Float64Array(values);
}

/**
 * A data set whose arrays are Float64Arrays or Float32Arrays.
 *
 * @category Data
 */
export type AnyDataset = Dataset<Float64Array | Float32Array>;

/** The samples at the given indices, in that order (in arrays of the data's own type). */
export function subset<D extends AnyDataset>(data: D, indices: ArrayLike<number>): D {
  const n = indices.length;
  const x: Float64Array | Float32Array = data.x instanceof Float32Array ? new Float32Array(n * data.features) : new Float64Array(n * data.features);
  const y: Float64Array | Float32Array = data.y instanceof Float32Array ? new Float32Array(n * data.outputs) : new Float64Array(n * data.outputs);
  const labels = data.labels === undefined ? undefined : new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = indices[r];
    x.set(data.x.subarray(i * data.features, (i + 1) * data.features), r * data.features);
    y.set(data.y.subarray(i * data.outputs, (i + 1) * data.outputs), r * data.outputs);
    if (labels !== undefined) labels[r] = data.labels![i];
  }
  return { ...data, x, y, n, ...(labels !== undefined ? { labels } : {}) } as D;
}

/**
 * A classification data set from inputs and class labels: one 0/1 output for two classes (unless
 * `oneHot`), one-hot rows otherwise.
 */
export function classificationDataset<Values extends Float64Array | Float32Array = Float64Array>(
  x: Values,
  features: number,
  labels: Int32Array,
  classes: number,
  options: { featureNames?: readonly string[]; classNames?: readonly string[]; oneHot?: boolean } = {},
): Dataset<Values> {
  const n = labels.length;
  const outputs = classes === 2 && !options.oneHot ? 1 : classes;
  const y = (x instanceof Float32Array ? new Float32Array(n * outputs) : new Float64Array(n * outputs)) as Values;
  for (let i = 0; i < n; i++) {
    if (outputs === 1) y[i] = labels[i];
    else y[i * outputs + labels[i]] = 1;
  }
  const { featureNames, classNames } = options;
  return { x, y, n, features, outputs, labels, classes, ...(featureNames ? { featureNames } : {}), ...(classNames ? { classNames } : {}) };
}

/** A data set with as many one-hot outputs as there are classes (even for two classes). */
export function withOneHot<Values extends Float64Array | Float32Array>(data: Dataset<Values>): Dataset<Values> {
  if (data.labels === undefined || data.classes === undefined || data.outputs === data.classes) return data;
  return classificationDataset(data.x, data.features, data.labels, data.classes, { featureNames: data.featureNames, classNames: data.classNames, oneHot: true });
}
