/**
 * Losses of the table in `losses.ts`, as operations on a tape.
 *
 * `loss` takes the outputs A and targets T and gives ∂L/∂A. `fusedLoss` takes Z as well and gives
 * δ = ∂L/∂Z directly, for the pairs of output activation and loss that `losses.ts` fuses (sigmoid with
 * bce, softmax with cross-entropy); A then gets no gradient and its activation is not differentiated.
 *
 * @module
 */
import type { Expr } from "../expr.js";
import { add, mul, sym } from "../expr.js";
import { fusedDelta, lossGradient, lossTermSum, lossValue } from "../dense/loss-head.js";
import type { FusedDelta, LossDefinition } from "../losses.js";
import { gradientSymbol, valueSymbol } from "../labels.js";
import type { Operation, Step } from "../operation.js";
import type { Tape, TapeNode } from "../tape.js";
import type { Tensor, TensorLabel } from "../tensor.js";

export interface LossAttributes {
  readonly loss: LossDefinition;
}

/** The loss of outputs a (pre-activations z) against t, from the dense kernel's loss head. */
function lossOfBatch(loss: LossDefinition, fused: FusedDelta | null, z: Tensor, a: Tensor, t: Tensor): number {
  return lossValue(loss, lossTermSum(loss, fused, z.data, a.data, t.data, a.rows, a.cols), loss.count(a.rows, a.cols));
}

/** g·∂L/∂(input) from the kernel's gradient; g is 1 at the root of the backward pass, where this is exact. */
function scaled(g: number, gradient: Float64Array): Float64Array {
  if (g !== 1) for (let k = 0; k < gradient.length; k++) gradient[k] = g * gradient[k];
  return gradient;
}

function countSymbol(loss: LossDefinition, a: Tensor): Expr {
  return sym("n", undefined, undefined, loss.count(a.rows, a.cols));
}

function explainValue(node: TapeNode<LossAttributes>, a: Tensor, t: Tensor): Step[] {
  const { loss } = node.attributes;
  const terms: Expr[] = [];
  for (let k = 0; k < a.size; k++) {
    if (loss.zeroTargetTermsVanish && t.data[k] === 0) continue;
    terms.push(loss.termFormula(valueSymbol(t, k), valueSymbol(a, k)));
  }
  const coefficient = loss.coefficient(loss.count(a.rows, a.cols)).expr(countSymbol(loss, a));
  const value = node.output.data[0];
  const note = loss.zeroTargetTermsVanish ? "terms whose target is 0 vanish and are left out" : undefined;
  return [{ lhs: valueSymbol(node.output, 0), formula: mul(coefficient, add(...terms)), value, ...(note ? { note } : {}) }];
}

function checkShapes(a: Tensor, t: Tensor): void {
  if (a.rows !== t.rows || a.cols !== t.cols)
    throw new RangeError(`loss: outputs are ${a.rows}×${a.cols}, targets ${t.rows}×${t.cols}`);
}

export const lossOperation: Operation<LossAttributes> = {
  name: "loss",

  forward([a, t], { loss }) {
    checkShapes(a, t);
    return { data: Float64Array.of(lossOfBatch(loss, null, a, a, t)), shape: [] };
  },

  backward(node, g) {
    const [a, t] = node.inputs;
    const { loss } = node.attributes;
    const da = new Float64Array(a.size);
    lossGradient(loss, a.data, t.data, da, loss.count(a.rows, a.cols), a.size);
    return [scaled(g[0], da), null];
  },

  explainForward(node) {
    return explainValue(node, node.inputs[0], node.inputs[1]);
  },

  explainBackward(node, inputIndex, gradient) {
    if (inputIndex !== 0) return [];
    const [a, t] = node.inputs;
    const { loss } = node.attributes;
    const steps: Step[] = [];
    for (let k = 0; k < a.size; k++) {
      steps.push({
        lhs: gradientSymbol(a, k, gradient[k]),
        formula: loss.gradientFormula(valueSymbol(a, k), valueSymbol(t, k), countSymbol(loss, a)),
        value: gradient[k],
      });
    }
    return steps;
  },
};

/** Inputs: Z (pre-activations, differentiated), A (outputs, for the value), T (targets). */
export const fusedLossOperation: Operation<LossAttributes> = {
  name: "fused-loss",

  forward([z, a, t], { loss }) {
    checkShapes(a, t);
    if (z.size !== a.size) throw new RangeError("fused loss: pre-activations and outputs differ in shape");
    if (loss.fused === undefined) throw new Error(`${loss.name} has no fused form`);
    // From the logits, as training computes it: exact where a = f(z) rounds to 0 or 1.
    return { data: Float64Array.of(lossOfBatch(loss, loss.fused, z, a, t)), shape: [] };
  },

  backward(node, g) {
    const [z, a, t] = node.inputs;
    const { loss } = node.attributes;
    const dz = new Float64Array(z.size);
    fusedDelta(loss.fused!, a.data, t.data, dz, loss.count(a.rows, a.cols), z.size);
    return [scaled(g[0], dz), null, null];
  },

  explainForward(node) {
    const [, a] = node.inputs;
    const steps = explainValue(node, a, node.inputs[2]);
    if (!a.data.every((y) => y > 0 && y < 1)) {
      const note = "an output rounds to 0 or 1, so the value is computed from z, which stays exact: t·ln σ(z) + (1 - t)·ln(1 - σ(z)) = t·z - max(z, 0) - ln(1 + e^(-|z|))";
      const softmaxNote = "an output rounds to 0 or 1, so the value is computed from z, which stays exact: ln softmax(z)_k = z_k - m - ln Σ_j e^(z_j - m), m = max_j z_j";
      return steps.map((s) => ({ ...s, note: [s.note, node.attributes.loss.name === "bce" ? note : softmaxNote].filter(Boolean).join("; ") }));
    }
    return steps;
  },

  explainBackward(node, inputIndex, gradient) {
    if (inputIndex !== 0) return [];
    const [z, a, t] = node.inputs;
    const { loss } = node.attributes;
    const fused = loss.fused!;
    const steps: Step[] = [];
    for (let k = 0; k < z.size; k++) {
      steps.push({
        lhs: gradientSymbol(z, k, gradient[k]),
        formula: fused.deltaFormula(valueSymbol(a, k), valueSymbol(t, k), countSymbol(loss, a)),
        value: gradient[k],
        ...(k === 0 ? { note: `${fused.activation} and ${loss.name} combined: ${fused.why}` } : {}),
      });
    }
    return steps;
  },
};

/** Records the loss of outputs `a` against targets `t`. */
export function lossOf(tape: Tape, loss: LossDefinition, a: Tensor, t: Tensor, label?: TensorLabel): Tensor {
  return tape.apply(lossOperation, [a, t], { loss }, label);
}

/** Records the loss of outputs `a = f(z)` against `t`, differentiated with the fused δ of `losses.ts`. */
export function fusedLossOf(tape: Tape, loss: LossDefinition, z: Tensor, a: Tensor, t: Tensor, label?: TensorLabel): Tensor {
  return tape.apply(fusedLossOperation, [z, a, t], { loss }, label);
}
