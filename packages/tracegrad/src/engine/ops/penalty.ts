/**
 * The L2 penalty on weights: P = λ Σ w² over every weight of every layer (biases excluded).
 * Backward: ∂P/∂w = 2λw.
 *
 * @module
 */
import { l2Gradient, l2PenaltyValue } from "../dense/l2.js";
import type { Expr } from "../expr.js";
import { add, mul, pow, sym } from "../expr.js";
import { gradientSymbol, valueSymbol } from "../labels.js";
import type { Operation, Step } from "../operation.js";
import type { Tape } from "../tape.js";
import type { Tensor, TensorLabel } from "../tensor.js";

export interface PenaltyAttributes {
  /** λ. */
  readonly lambda: number;
}

function lambdaSymbol(lambda: number): Expr {
  return sym("lambda", undefined, undefined, lambda);
}

export const l2PenaltyOperation: Operation<PenaltyAttributes> = {
  name: "l2-penalty",

  forward(weights, { lambda }) {
    return { data: Float64Array.of(l2PenaltyValue(lambda, weights.map((w) => w.data))), shape: [] };
  },

  backward(node, g) {
    const { lambda } = node.attributes;
    return node.inputs.map((w) => {
      const dw = new Float64Array(w.size);
      for (let k = 0; k < w.size; k++) dw[k] = g[0] * l2Gradient(lambda, w.data[k]);
      return dw;
    });
  },

  explainForward(node) {
    const squares: Expr[] = [];
    for (const w of node.inputs) for (let k = 0; k < w.size; k++) squares.push(pow(valueSymbol(w, k), 2));
    const formula = mul(lambdaSymbol(node.attributes.lambda), add(...squares));
    return [{ lhs: valueSymbol(node.output, 0), formula, value: node.output.data[0] }];
  },

  explainBackward(node, inputIndex, gradient) {
    const w = node.inputs[inputIndex];
    const steps: Step[] = [];
    for (let k = 0; k < w.size; k++) {
      steps.push({
        lhs: gradientSymbol(w, k, gradient[k]),
        formula: mul(2, lambdaSymbol(node.attributes.lambda), valueSymbol(w, k)),
        value: gradient[k],
      });
    }
    return steps;
  },
};

/** Records P = λ Σ w² over the given weight tensors. */
export function l2Penalty(tape: Tape, weights: readonly Tensor[], lambda: number, label?: TensorLabel): Tensor {
  return tape.apply(l2PenaltyOperation, weights, { lambda }, label);
}
