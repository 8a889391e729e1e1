/**
 * A throwaway activation, softplus(z) = ln(1 + e^z) with softplus'(z) = σ(z), written as one registry
 * entry and nothing else: the tests register it and look for it everywhere an activation shows.
 */
import type { ElementwiseActivation } from "../../src/engine/activations.js";
import { add, div, exp, log, neg } from "../../src/engine/expr.js";

const softplus = (z: number) => Math.log(1 + Math.exp(z));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

export const SOFTPLUS: ElementwiseActivation = {
  kind: "elementwise",
  name: "softplus",
  title: "Softplus",
  summary: "softplus(z) = ln(1 + e^z), a smooth ReLU",
  fn: { name: "softplus", text: { ascii: "softplus", unicode: "softplus", latex: "\\operatorname{softplus}" }, evaluate: (a) => softplus(a[0]) },
  hasAlpha: false,
  forward: (z) => softplus(z),
  derivative: (z) => sigmoid(z),
  forwardArray(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = softplus(z[i]);
  },
  backwardArray(z, _a, da, dz, n) {
    for (let i = 0; i < n; i++) dz[i] = da[i] * sigmoid(z[i]);
  },
  formula: (z) => log(add(1, exp(z))),
  derivativeFormula: (z) => div(1, add(1, exp(neg(z)))),
  kinks: [],
  range: [0, Infinity],
  initializer: "he",
  onnx: (graph, z) => graph.node("Softplus", [z]),
  exercise: { hidden: true, output: true },
};
