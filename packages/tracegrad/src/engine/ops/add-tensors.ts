/**
 * The element-by-element sum of tensors of one shape, as the gradient of a loss with a penalty,
 * ∂L/∂w = ∂L_data/∂w + ∂P/∂w. Backward passes the gradient to every term.
 *
 * @module
 */
import { add as addExpr } from "../expr.js";
import { valueSymbol } from "../labels.js";
import type { Operation, Step } from "../operation.js";
import type { Tape } from "../tape.js";
import type { Tensor, TensorLabel } from "../tensor.js";

export const addTensorsOperation: Operation<Record<string, never>> = {
  name: "add-tensors",

  forward(terms) {
    const size = terms[0].size;
    const out = new Float64Array(size);
    for (const t of terms) {
      if (t.size !== size) throw new RangeError(`add-tensors: every term must have ${size} values, got ${t.size}`);
      for (let k = 0; k < size; k++) out[k] += t.data[k];
    }
    return { data: out, shape: terms[0].shape };
  },

  backward(node, g) {
    return node.inputs.map(() => Float64Array.from(g));
  },

  explainForward(node) {
    const steps: Step[] = [];
    for (let k = 0; k < node.output.size; k++) {
      steps.push({ lhs: valueSymbol(node.output, k), formula: addExpr(...node.inputs.map((t) => valueSymbol(t, k))), value: node.output.data[k] });
    }
    return steps;
  },

  explainBackward() {
    // ∂(sum)/∂term = 1 for every term: nothing worth a line.
    return [];
  },
};

/** Records the element-by-element sum of tensors of one shape. */
export function addTensors(tape: Tape, terms: readonly Tensor[], label?: TensorLabel): Tensor {
  return tape.apply(addTensorsOperation, terms, {}, label);
}
