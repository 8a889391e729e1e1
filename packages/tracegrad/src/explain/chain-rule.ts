/**
 * The backward pass in the chain rule's own terms (`tracegrad step --style chain`), as Matt Mazur's
 * step-by-step example writes it: each weight's gradient as the product of the chain's factors,
 * ∂E/∂w5 = ∂E/∂a_o1 · ∂a_o1/∂z_o1 · ∂z_o1/∂w5, and each hidden unit's ∂E/∂a as the sum of its paths to
 * the layer above. Every factor is a number of the engine's record (a gradient on the tape, the
 * activation's own derivative at the recorded z, a recorded input or weight) and every result is the
 * tape's own gradient: nothing is recomputed, the factors are only written out.
 *
 * @module
 */
import { ACTIVATIONS } from "../engine/activations.js";
import type { Expr, SymbolExpr } from "../engine/expr.js";
import { add, mul, partial, sumOver, sym } from "../engine/expr.js";
import { gradientSymbol, valueSymbol } from "../engine/labels.js";
import type { Step } from "../engine/operation.js";
import type { StepRecord } from "../step/run-step.js";
import type { Formula, StepGroup } from "./solution.js";

/** The general formulas of the chain style. */
export function chainFormulas(lossName: string): Formula[] {
  const L = sym(lossName);
  const [aj, zj, ai, w] = [sym("a", "j"), sym("z", "j"), sym("a", "i"), sym("w", "ji")];
  const path = [partial(L, aj), partial(aj, zj)];
  return [
    { lhs: partial(L, w), rhs: mul(...path, partial(zj, w)) },
    { lhs: partial(L, ai), rhs: sumOver("j", mul(...path, partial(zj, ai))) },
  ];
}

/** The backward pass of a recorded step as products of the chain rule's factors, one group per layer from the output down. */
export function chainGroups(record: StepRecord, title: (l: number) => string): StepGroup[] {
  const trace = record.forward;
  const spec = record.spec;
  const L = sym(spec.names.loss);
  const last = trace.layers.length - 1;
  const batch = spec.inputs.length;
  /** ∂L/∂a_j · ∂a_j/∂z_j for sample n, unit j of layer l (∂L/∂z_j alone where the activation is not element-wise or fused with the loss). */
  const factors = (l: number, n: number, j: number): Expr[] => {
    const layer = trace.layers[l];
    const k = n * layer.z.cols + j;
    const z = valueSymbol(layer.z, k);
    const activation = ACTIVATIONS[spec.layers[l].activation];
    if (activation.kind !== "elementwise" || layer.a.grad === null) return [gradientSymbol(layer.z, k, layer.z.grad![k])];
    const a = valueSymbol(layer.a, k);
    return [partial(L, a, layer.a.grad[k]), partial(a, z, activation.derivative(layer.z.data[k], layer.a.data[k], spec.layers[l].alpha))];
  };
  const groups: StepGroup[] = [];
  for (let l = last; l >= 0; l--) {
    const layer = trace.layers[l];
    const units = layer.z.cols;
    const inputs = layer.input.cols;
    const steps: Step[] = [];
    if (l < last) {
      // Each unit's ∂L/∂a: the sum of its paths through the units of the layer above.
      const above = trace.layers[l + 1];
      for (let n = 0; n < batch; n++) {
        for (let h = 0; h < units; h++) {
          const k = n * units + h;
          const a = valueSymbol(layer.a, k);
          const paths = Array.from({ length: above.z.cols }, (_, o) => mul(...factors(l + 1, n, o), partial(valueSymbol(above.z, n * above.z.cols + o), a, above.weights.data[o * units + h])));
          steps.push({ lhs: gradientSymbol(layer.a, k, layer.a.grad![k]), formula: paths.length === 1 ? paths[0] : add(...paths), value: layer.a.grad![k] });
        }
      }
    }
    const grad = layer.weights.grad!;
    for (let j = 0; j < units; j++) {
      for (let i = 0; i < inputs; i++) {
        const index = j * inputs + i;
        const w = valueSymbol(layer.weights, index) as SymbolExpr;
        const terms: Expr[] = Array.from({ length: batch }, (_, n) => mul(...factors(l, n, j), partial(valueSymbol(layer.z, n * units + j), w, layer.input.data[n * inputs + i])));
        // An L2 penalty λΣw² adds 2λw to the data's chain.
        if (spec.l2 > 0) terms.push(mul(2, sym("lambda", undefined, undefined, spec.l2), w));
        steps.push({ lhs: gradientSymbol(layer.weights, index, grad[index]), formula: terms.length === 1 ? terms[0] : add(...terms), value: grad[index] });
      }
    }
    if (layer.bias !== null && layer.bias.grad !== null) {
      for (let j = 0; j < units; j++) {
        const b = valueSymbol(layer.bias, j);
        const terms = Array.from({ length: batch }, (_, n) => mul(...factors(l, n, j), partial(valueSymbol(layer.z, n * units + j), b, 1)));
        steps.push({ lhs: gradientSymbol(layer.bias, j, layer.bias.grad[j]), formula: terms.length === 1 ? terms[0] : add(...terms), value: layer.bias.grad[j] });
      }
    }
    groups.push({ title: title(l), steps });
  }
  return groups;
}
