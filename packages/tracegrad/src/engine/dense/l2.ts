/**
 * The L2 penalty P = λΣw² over the weights (biases excluded) and its gradient 2λw, written once for
 * the recording engine, the training fast path and the grading simulator.
 *
 * @module
 */

/** ∂(λΣw²)/∂w = 2λw. */
export function l2Gradient(lambda: number, w: number): number {
  return 2 * lambda * w;
}

/** P = λΣw² over every value of every array. */
export function l2PenaltyValue(lambda: number, weights: readonly ArrayLike<number>[]): number {
  let total = 0;
  for (const w of weights) for (let k = 0; k < w.length; k++) total += w[k] * w[k];
  return lambda * total;
}
