/**
 * The loss and accuracy of a model on a whole data set (a training, validation or test split), in
 * evaluation mode, a bounded number of rows at a time: the buffers of the forward pass (the layers'
 * and the WebAssembly GEMM's memory, which never shrinks) grow only to that many rows, whatever the
 * size of the split. The loss terms are added row after row across the chunks, so that the result
 * has the bits of one forward pass over the whole split wherever the products of a chunk give a row
 * the bits they give it in a larger product (always in Float64, and in Float32 wherever no product of
 * a chunk is so small that the kernels take their naive loop; see kernels/blocking.ts).
 *
 * @module
 */
import type { AnyDataset } from "../data/dataset.js";
import { Random } from "../engine/random.js";
import { arrayType } from "./layers/layer.js";
import type { LossHead } from "./loss-head.js";
import { predictedClass } from "./metrics.js";
import type { Sequential } from "./model.js";

/** The sums an evaluation is made of. */
export interface SplitSums {
  /** Σ of the loss terms over every row (times the loss's coefficient, the loss without penalty). */
  readonly termSum: number;
  /** Rows whose predicted class is their label (0 for data without labels). */
  readonly correct: number;
}

/**
 * The loss terms and the correctly classified rows of `model` on `data`, `chunkRows` rows at a time
 * (the last chunk the rows left), through `head`, the loss of the model's output layer.
 */
export function evaluateSplit(model: Sequential, head: LossHead, data: AnyDataset, chunkRows: number): SplitSums {
  if (!(Number.isInteger(chunkRows) && chunkRows >= 1)) throw new RangeError(`evaluateSplit: chunkRows must be a whole number, 1 or more, got ${chunkRows}`);
  const f = data.features;
  const k = data.outputs;
  const Type = arrayType(model.dtype);
  const random = new Random(0);
  let termSum = 0;
  let correct = 0;
  for (let start = 0; start < data.n; start += chunkRows) {
    const rows = Math.min(chunkRows, data.n - start);
    const x = data.x.subarray(start * f, (start + rows) * f);
    const y = data.y.subarray(start * k, (start + rows) * k);
    // Data of another type than the model's is converted a chunk at a time.
    const out = model.forward(x instanceof Type ? x : new Type(x), rows, false, random);
    termSum = head.addTerms(termSum, out, y instanceof Type ? y : new Type(y), rows);
    if (data.labels !== undefined) for (let r = 0; r < rows; r++) if (predictedClass(out, r, k) === data.labels[start + r]) correct++;
  }
  return { termSum, correct };
}
