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

/** The samples at the given indices, in that order (in Float64Arrays). */
export function subset(data: AnyDataset, indices: ArrayLike<number>): Dataset {
  const n = indices.length;
  const x = new Float64Array(n * data.features);
  const y = new Float64Array(n * data.outputs);
  const labels = data.labels === undefined ? undefined : new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const i = indices[r];
    x.set(data.x.subarray(i * data.features, (i + 1) * data.features), r * data.features);
    y.set(data.y.subarray(i * data.outputs, (i + 1) * data.outputs), r * data.outputs);
    if (labels !== undefined) labels[r] = data.labels![i];
  }
  return { ...data, x, y, n, ...(labels !== undefined ? { labels } : {}) };
}

/**
 * A classification data set from inputs and class labels: one 0/1 output for two classes (unless
 * `oneHot`), one-hot rows otherwise, in an array of the inputs' type (Float32Array inputs get
 * Float32Array targets).
 */
export function classificationDataset(x: Float64Array, features: number, labels: Int32Array, classes: number, options?: { featureNames?: readonly string[]; classNames?: readonly string[]; oneHot?: boolean }): Dataset;
export function classificationDataset(x: Float64Array | Float32Array, features: number, labels: Int32Array, classes: number, options?: { featureNames?: readonly string[]; classNames?: readonly string[]; oneHot?: boolean }): AnyDataset;
export function classificationDataset(
  x: Float64Array | Float32Array,
  features: number,
  labels: Int32Array,
  classes: number,
  options: { featureNames?: readonly string[]; classNames?: readonly string[]; oneHot?: boolean } = {},
): AnyDataset {
  const n = labels.length;
  const outputs = classes === 2 && !options.oneHot ? 1 : classes;
  // The targets in the inputs' type: a float32 model takes them without a copy.
  const y = new (x instanceof Float32Array ? Float32Array : Float64Array)(n * outputs);
  for (let i = 0; i < n; i++) {
    if (outputs === 1) y[i] = labels[i];
    else y[i * outputs + labels[i]] = 1;
  }
  const { featureNames, classNames } = options;
  return { x, y, n, features, outputs, labels, classes, ...(featureNames ? { featureNames } : {}), ...(classNames ? { classNames } : {}) };
}

/** A data set with as many one-hot outputs as there are classes (even for two classes). */
export function withOneHot(data: Dataset): Dataset {
  if (data.labels === undefined || data.classes === undefined || data.outputs === data.classes) return data;
  return classificationDataset(data.x, data.features, data.labels, data.classes, { featureNames: data.featureNames, classNames: data.classNames, oneHot: true });
}
