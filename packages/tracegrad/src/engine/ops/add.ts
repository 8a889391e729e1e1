/**
 * The sum of scalars, as the total loss L = L_data + P. Backward passes the gradient to every term.
 *
 * @module
 */
import { add as addExpr } from "../expr.js";
import { valueSymbol } from "../labels.js";
import type { Operation } from "../operation.js";
import type { Tape } from "../tape.js";
import type { Tensor, TensorLabel } from "../tensor.js";

export const addScalarsOperation: Operation<Record<string, never>> = {
  name: "add",

  forward(terms) {
    let total = 0;
    for (const t of terms) {
      if (t.size !== 1) throw new RangeError("add: every term must be a scalar");
      total += t.data[0];
    }
    return { data: Float64Array.of(total), shape: [] };
  },

  backward(node, g) {
    return node.inputs.map(() => Float64Array.of(g[0]));
  },

  explainForward(node) {
    const formula = addExpr(...node.inputs.map((t) => valueSymbol(t, 0)));
    return [{ lhs: valueSymbol(node.output, 0), formula, value: node.output.data[0] }];
  },

  explainBackward() {
    // ∂L/∂term = 1 for every term: nothing worth a line.
    return [];
  },
};

/** Records the sum of scalar tensors. */
export function addScalars(tape: Tape, terms: readonly Tensor[], label?: TensorLabel): Tensor {
  return tape.apply(addScalarsOperation, terms, {}, label);
}
