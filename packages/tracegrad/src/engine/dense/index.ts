/**
 * One dense kernel: the forward step of a dense layer (product, bias, activation), its backward step
 * (δ, ∂L/∂W, ∂L/∂b, ∂L/∂a of the layer below), the loss heads and the L2 penalty, over typed arrays.
 * The tape's operations (`engine/ops/linear.ts`, `activate.ts`, `loss.ts`, `penalty.ts`), the training
 * layers (`nn/layers/dense.ts`, `nn/loss-head.ts`) and the grading simulator (`grade/simulate-step.ts`)
 * all compute with these functions: the first and the last in the exact ordered Float64 form, so their
 * numbers agree bit for bit, training with a GEMM as the matrix product.
 *
 * @module
 */
export { biasGradient, denseForward, inputGradient, weightGradient } from "./product.js";
export type { DenseSizes, MatrixProduct } from "./product.js";
export { activationBackward, activationForward } from "./activation.js";
export { fusedDelta, fusedWith, lossGradient, lossTermSum, lossValue } from "./loss-head.js";
export { l2Gradient, l2PenaltyValue } from "./l2.js";
