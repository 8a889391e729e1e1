/**
 * Applies an activation of the table in `activations.ts`: A = f(Z).
 *
 * Backward, element by element: δ = ∂L/∂a · f'(z). For softmax, whose outputs share one row,
 * ∂L/∂z_j = a_j (∂L/∂a_j - Σ_k ∂L/∂a_k · a_k). The numbers come from the dense kernel (`engine/dense/`).
 *
 * @module
 */
import type { Activation } from "../activations.js";
import { activationBackward, activationForward } from "../dense/activation.js";
import type { Expr } from "../expr.js";
import { add, call, callPrime, div, exp, mul, num, sub, sym } from "../expr.js";
import { gradientSymbol, valueSymbol } from "../labels.js";
import type { Operation, Step } from "../operation.js";
import type { Tape, TapeNode } from "../tape.js";
import type { Tensor, TensorLabel } from "../tensor.js";

export interface ActivateAttributes {
  readonly activation: Activation;
  /** The slope of leaky ReLU below 0 (ignored by the others). */
  readonly alpha: number;
}

function alphaSymbol(alpha: number): Expr {
  return sym("alpha", undefined, undefined, alpha);
}

export const activateOperation: Operation<ActivateAttributes> = {
  name: "activate",

  forward([z], { activation: act, alpha }) {
    const out = new Float64Array(z.size);
    activationForward(act, alpha, z.data, out, z.rows, z.cols);
    return { data: out, shape: z.shape };
  },

  backward(node, g) {
    const { activation: act, alpha } = node.attributes;
    const z = node.inputs[0];
    const dz = new Float64Array(z.size);
    activationBackward(act, alpha, z.data, node.output.data, g, dz, z.rows, z.cols);
    return [dz];
  },

  explainForward(node) {
    const { activation: act, alpha } = node.attributes;
    const z = node.inputs[0];
    const out = node.output;
    const steps: Step[] = [];
    // Softmax: one row's sum Σ_c e^z_c, made once and shared by the row's steps (memory linear in the row, not its square).
    let rowSum: { row: number; sum: Expr } | null = null;
    for (let k = 0; k < out.size; k++) {
      const zk = valueSymbol(z, k);
      const value = out.data[k];
      if (act.kind === "softmax") {
        const cols = z.cols;
        const row = Math.floor(k / cols);
        if (rowSum === null || rowSum.row !== row) {
          const terms: Expr[] = [];
          for (let c = 0; c < cols; c++) terms.push(exp(valueSymbol(z, row * cols + c)));
          rowSum = { row, sum: add(...terms) };
        }
        steps.push({ lhs: valueSymbol(out, k), call: call(act.fn, zk), formula: div(exp(zk), rowSum.sum), value });
        continue;
      }
      const args = act.hasAlpha ? [zk, alphaSymbol(alpha)] : [zk];
      const note = act.forwardNote?.(z.data[k], value);
      steps.push({
        lhs: valueSymbol(out, k),
        call: act.name === "identity" ? undefined : call(act.fn, ...args),
        formula: act.formula(zk, alphaSymbol(alpha)),
        value,
        ...(note === undefined ? {} : { note }),
      });
    }
    return steps;
  },

  explainBackward(node, _inputIndex, gradient) {
    const { activation: act, alpha } = node.attributes;
    const z = node.inputs[0];
    const out = node.output;
    const g = out.grad;
    if (g === null) return [];
    const steps: Step[] = [];
    for (let k = 0; k < z.size; k++) {
      const upstream = gradientSymbol(out, k, g[k]);
      const lhs = gradientSymbol(z, k, gradient[k]);
      if (act.kind === "softmax") {
        const cols = z.cols;
        const row = Math.floor(k / cols);
        const dots: Expr[] = [];
        for (let c = 0; c < cols; c++) dots.push(mul(gradientSymbol(out, row * cols + c, g[row * cols + c]), valueSymbol(out, row * cols + c)));
        steps.push({ lhs, formula: mul(valueSymbol(out, k), sub(upstream, add(...dots))), value: gradient[k] });
        continue;
      }
      const zk = valueSymbol(z, k);
      const args = act.hasAlpha ? [zk, alphaSymbol(alpha)] : [zk];
      const derivative = act.derivativeFormula(zk, valueSymbol(out, k), alphaSymbol(alpha));
      const note = act.backwardNote?.(z.data[k]);
      steps.push({
        lhs,
        call: mul(upstream, act.name === "identity" ? num(1) : callPrime(act.fn, ...args)),
        formula: mul(upstream, derivative),
        value: gradient[k],
        ...(note === undefined ? {} : { note }),
      });
    }
    return steps;
  },
};

/** Records A = f(Z) on a tape. */
export function activate(tape: Tape, z: Tensor, activation: Activation, alpha: number, label?: TensorLabel): Tensor {
  return tape.apply(activateOperation, [z], { activation, alpha }, label);
}

export type ActivateNode = TapeNode<ActivateAttributes>;
