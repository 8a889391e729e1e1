/**
 * The loss heads of a dense network, over typed arrays: the sum of the loss terms of a batch, ∂L/∂a,
 * and, for the pairs of output activation and loss that `engine/losses.ts` fuses (sigmoid with bce,
 * softmax with cross-entropy), δ = ∂L/∂z directly and the terms taken from the logits, which stay
 * finite where a = f(z) rounds to 0 or 1. The recording engine, the training fast path and the
 * grading simulator all start the backward pass here.
 *
 * @module
 */
import type { ActivationName } from "../activations.js";
import type { FusedDelta, LossDefinition } from "../losses.js";
import type { FloatArray } from "../../kernels/types.js";

/** The fused δ of a loss with an output activation, or null where the two are differentiated apart. */
export function fusedWith(loss: LossDefinition, output: ActivationName): FusedDelta | null {
  return loss.fused !== undefined && loss.fused.activation === output ? loss.fused : null;
}

/**
 * Σ term(t, a) over a batch × outputs: from the logits z where the loss is fused with the output
 * activation, from the outputs a otherwise. Multiply by the loss's coefficient for its value. The sum
 * starts from `start`: the terms of a data set's rows added a batch at a time, each batch's sum
 * starting from the batches' before it, are the very sum of one call over all its rows.
 */
export function lossTermSum(loss: LossDefinition, fused: FusedDelta | null, z: ArrayLike<number>, a: ArrayLike<number>, t: ArrayLike<number>, batch: number, outputs: number, start = 0): number {
  let total = start;
  if (fused !== null) {
    for (let n = 0; n < batch; n++) total += fused.termsFromLogits(z, t, n * outputs, outputs);
    return total;
  }
  for (let k = 0; k < batch * outputs; k++) total += loss.term(t[k], a[k]);
  return total;
}

/** The loss of terms summing to `termSum`, divided by the count n the loss averages over. */
export function lossValue(loss: LossDefinition, termSum: number, count: number): number {
  return loss.coefficient(count).value * termSum;
}

/** ∂L/∂a for `size` elements, with the count n the loss averages over. */
export function lossGradient(loss: LossDefinition, a: ArrayLike<number>, t: ArrayLike<number>, da: FloatArray, count: number, size: number): void {
  for (let k = 0; k < size; k++) da[k] = loss.gradient(a[k], t[k], count);
}

/** The fused δ = ∂L/∂z for `size` elements, with the count n the loss averages over. */
export function fusedDelta(fused: FusedDelta, a: ArrayLike<number>, t: ArrayLike<number>, dz: FloatArray, count: number, size: number): void {
  for (let k = 0; k < size; k++) dz[k] = fused.delta(a[k], t[k], count);
}
