/**
 * The names of the input features a run may compute from the data's two columns, in a module of their
 * own (no other imports), so that the model file's schema can name them without the code that
 * computes them.
 *
 * @module
 */

/** The features, by the names a run's options and a model file use. */
export const FEATURE_NAMES = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** The raw columns features are computed from. */
export const FEATURE_INPUTS = 2;

export function isFeatureName(name: string): name is FeatureName {
  return (FEATURE_NAMES as readonly string[]).includes(name);
}
