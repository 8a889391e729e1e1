/**
 * Splitting a data set into training, validation and test parts, in an order drawn from the seed.
 *
 * @module
 */
import { Random } from "../engine/random.js";
import type { AnyDataset, Dataset } from "./dataset.js";
import { subset } from "./dataset.js";

/** @category Data */
export interface Split<Data extends AnyDataset = Dataset> {
  readonly train: Data;
  readonly validation: Data | null;
  readonly test: Data | null;
}

/**
 * Shuffles the samples with the seed, then cuts off the validation and test fractions (0 for none);
 * the parts are in Float64Arrays, unless there is none to cut off.
 */
export function splitDataset(data: Dataset, fractions: { validation?: number; test?: number }, seed?: number): Split;
export function splitDataset(data: AnyDataset, fractions: { validation?: number; test?: number }, seed?: number): Split<AnyDataset>;
export function splitDataset(data: AnyDataset, fractions: { validation?: number; test?: number }, seed = 1): Split<AnyDataset> {
  const v = fractions.validation ?? 0;
  const t = fractions.test ?? 0;
  if (v < 0 || t < 0 || v + t >= 1) throw new RangeError("the validation and test fractions must be ≥ 0 and leave some training data");
  if (v === 0 && t === 0) return { train: data, validation: null, test: null };
  const order = new Random(seed).permutation(data.n);
  const nTest = Math.round(t * data.n);
  const nValidation = Math.round(v * data.n);
  return {
    test: nTest > 0 ? subset(data, order.subarray(0, nTest)) : null,
    validation: nValidation > 0 ? subset(data, order.subarray(nTest, nTest + nValidation)) : null,
    train: subset(data, order.subarray(nTest + nValidation)),
  };
}
