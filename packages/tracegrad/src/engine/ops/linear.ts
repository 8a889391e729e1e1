/**
 * The dense (fully connected) layer's linear part: Z = A·Wᵀ + b.
 *
 * A is batch × inputs, W is units × inputs (row j holds the weights into unit j), b has one entry per
 * unit, Z is batch × units. Sums run over the inputs in order and the bias comes last, as the
 * printed formula `z_j = w_j1·a_1 + w_j2·a_2 + … + b_j` reads.
 *
 * Backward: ∂L/∂A = δ·W, ∂L/∂W = δᵀ·A (summed over the batch), ∂L/∂b = Σ_n δ, where δ = ∂L/∂Z.
 * The numbers come from the dense kernel (`engine/dense/`), in its exact ordered form.
 *
 * @module
 */
import { biasGradient, denseForward, inputGradient, weightGradient } from "../dense/product.js";
import type { DenseSizes } from "../dense/product.js";
import type { Expr } from "../expr.js";
import { add, mul } from "../expr.js";
import { gradientSymbol, valueSymbol } from "../labels.js";
import type { Operation, Step } from "../operation.js";
import type { TapeNode } from "../tape.js";
import type { Tape } from "../tape.js";
import type { Tensor } from "../tensor.js";
import type { TensorLabel } from "../tensor.js";

type Node = TapeNode<Record<string, never>>;

function layerSizes(node: Node): DenseSizes {
  const [a, w] = node.inputs;
  return { batch: a.rows, inputs: a.cols, units: w.rows };
}

export const linearOperation: Operation<Record<string, never>> = {
  name: "linear",

  forward([a, w, b]) {
    const batch = a.rows;
    const inputs = a.cols;
    const units = w.rows;
    if (w.cols !== inputs) throw new RangeError(`linear: weights have ${w.cols} columns for ${inputs} inputs`);
    if (b !== undefined && b.size !== units) throw new RangeError(`linear: ${b.size} biases for ${units} units`);
    const z = new Float64Array(batch * units);
    denseForward(a.data, w.data, b === undefined ? null : b.data, z, { batch, inputs, units });
    return { data: z, shape: [batch, units] };
  },

  backward(node, delta) {
    const [a, w, b] = node.inputs;
    const sizes = layerSizes(node);
    const da = new Float64Array(sizes.batch * sizes.inputs);
    inputGradient(delta, w.data, da, sizes);
    const dw = new Float64Array(sizes.units * sizes.inputs);
    weightGradient(delta, a.data, dw, sizes);
    const grads: (Float64Array | null)[] = [a.requiresGrad ? da : null, dw];
    if (b !== undefined) {
      const db = new Float64Array(sizes.units);
      biasGradient(delta, db, sizes);
      grads.push(db);
    }
    return grads;
  },

  explainForward(node) {
    const [a, w, b] = node.inputs;
    const { batch, inputs, units } = layerSizes(node);
    const steps: Step[] = [];
    for (let n = 0; n < batch; n++) {
      for (let j = 0; j < units; j++) {
        const terms: Expr[] = [];
        for (let i = 0; i < inputs; i++) terms.push(mul(valueSymbol(w, j * inputs + i), valueSymbol(a, n * inputs + i)));
        if (b !== undefined) terms.push(valueSymbol(b, j));
        const index = n * units + j;
        steps.push({ lhs: valueSymbol(node.output, index), formula: add(...terms), value: node.output.data[index] });
      }
    }
    return steps;
  },

  explainBackward(node, inputIndex, gradient) {
    const [a, w] = node.inputs;
    const z = node.output;
    const delta = z.grad;
    if (delta === null) return [];
    const { batch, inputs, units } = layerSizes(node);
    const d = (n: number, j: number) => gradientSymbol(z, n * units + j, delta[n * units + j]);
    const steps: Step[] = [];
    if (inputIndex === 0) {
      // ∂L/∂a_i = Σ_j w_ji δ_j, for each sample.
      for (let n = 0; n < batch; n++) {
        for (let i = 0; i < inputs; i++) {
          const terms: Expr[] = [];
          for (let j = 0; j < units; j++) terms.push(mul(valueSymbol(w, j * inputs + i), d(n, j)));
          const index = n * inputs + i;
          steps.push({ lhs: gradientSymbol(a, index, gradient[index]), formula: add(...terms), value: gradient[index] });
        }
      }
    } else if (inputIndex === 1) {
      // ∂L/∂w_ji = Σ_n δ_j a_i.
      for (let j = 0; j < units; j++) {
        for (let i = 0; i < inputs; i++) {
          const terms: Expr[] = [];
          for (let n = 0; n < batch; n++) terms.push(mul(d(n, j), valueSymbol(a, n * inputs + i)));
          const index = j * inputs + i;
          steps.push({ lhs: gradientSymbol(w, index, gradient[index]), formula: add(...terms), value: gradient[index] });
        }
      }
    } else {
      // ∂L/∂b_j = Σ_n δ_j.
      const b = node.inputs[2];
      for (let j = 0; j < units; j++) {
        const terms: Expr[] = [];
        for (let n = 0; n < batch; n++) terms.push(d(n, j));
        steps.push({ lhs: gradientSymbol(b, j, gradient[j]), formula: add(...terms), value: gradient[j] });
      }
    }
    return steps;
  },
};

/** Records Z = A·Wᵀ + b on a tape. */
export function linear(tape: Tape, a: Tensor, w: Tensor, b: Tensor | null, label?: TensorLabel): Tensor {
  return tape.apply(linearOperation, b === null ? [a, w] : [a, w, b], {}, label);
}
