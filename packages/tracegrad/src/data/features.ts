/**
 * Input features computed from the first two columns of a data set, as the TensorFlow Playground offers
 * them: x₁ and x₂ themselves, their squares, their product and their sines. A run that names features
 * trains on those columns instead of the raw ones; its model file records them, and `predict`,
 * `evaluate` and the ONNX export compute them from the raw columns the same way.
 *
 * @module
 */
import type { AnyDataset, Dataset } from "./dataset.js";
import { applyScaler } from "./scalers.js";
import type { ScalerJson } from "./scalers.js";
import { FEATURE_INPUTS } from "./feature-names.js";
import type { FeatureName } from "./feature-names.js";

export { FEATURE_NAMES, FEATURE_INPUTS, isFeatureName } from "./feature-names.js";
export type { FeatureName } from "./feature-names.js";

/** How a feature is computed from the two raw columns, and how people write it. */
export interface FeatureDefinition {
  readonly name: FeatureName;
  /** The feature as the page and the help write it: `x₁²`. */
  readonly label: string;
  /** Its value at (x₁, x₂). */
  readonly value: (x1: number, x2: number) => number;
}

/** Every feature's definition, in the order of {@link FEATURE_NAMES}. */
export const FEATURES: Readonly<Record<FeatureName, FeatureDefinition>> = {
  x1: { name: "x1", label: "x₁", value: (x1) => x1 },
  x2: { name: "x2", label: "x₂", value: (_x1, x2) => x2 },
  "x1^2": { name: "x1^2", label: "x₁²", value: (x1) => x1 * x1 },
  "x2^2": { name: "x2^2", label: "x₂²", value: (_x1, x2) => x2 * x2 },
  "x1*x2": { name: "x1*x2", label: "x₁·x₂", value: (x1, x2) => x1 * x2 },
  "sin(x1)": { name: "sin(x1)", label: "sin x₁", value: (x1) => Math.sin(x1) },
  "sin(x2)": { name: "sin(x2)", label: "sin x₂", value: (_x1, x2) => Math.sin(x2) },
};

/** The features of `n` rows of raw two-column inputs, as an n × features matrix. */
export function computeFeatures(features: readonly FeatureName[], x: ArrayLike<number>, n: number): Float64Array {
  const k = features.length;
  const out = new Float64Array(n * k);
  const values = features.map((f) => FEATURES[f].value);
  for (let r = 0; r < n; r++) {
    const x1 = x[r * FEATURE_INPUTS];
    const x2 = x[r * FEATURE_INPUTS + 1];
    for (let j = 0; j < k; j++) out[r * k + j] = values[j](x1, x2);
  }
  return out;
}

/** A two-column data set with its inputs replaced by the features (named by the features). */
export function withFeatures(data: Dataset, features: readonly FeatureName[]): Dataset;
export function withFeatures(data: AnyDataset, features: readonly FeatureName[]): AnyDataset;
export function withFeatures(data: AnyDataset, features: readonly FeatureName[]): AnyDataset {
  if (data.features !== FEATURE_INPUTS) throw new RangeError(`features are computed from 2 columns; the data has ${data.features}`);
  return { ...data, x: computeFeatures(features, data.x, data.n), features: features.length, featureNames: [...features] };
}

/** What turns a model's raw inputs into the values its first layer takes: features, then scaling. */
export interface InputTransform {
  readonly features?: readonly FeatureName[];
  readonly scaler: ScalerJson | null;
}

/** The number of raw columns a model with this transform takes, given the width of its first layer. */
export function rawInputCount(transform: InputTransform, inputs: number): number {
  return transform.features === undefined ? inputs : FEATURE_INPUTS;
}

/**
 * The network's inputs for `n` rows of raw inputs, `columns` wide: the features computed (when there
 * are any), then scaled.
 */
export function networkInputs(transform: InputTransform, x: Float64Array, n: number, columns: number): Float64Array {
  if (transform.features === undefined) return transform.scaler === null ? x : applyScaler(transform.scaler, x, n, columns);
  if (columns !== FEATURE_INPUTS) throw new RangeError(`features are computed from 2 columns; the inputs have ${columns}`);
  const featured = computeFeatures(transform.features, x, n);
  return transform.scaler === null ? featured : applyScaler(transform.scaler, featured, n, transform.features.length);
}
