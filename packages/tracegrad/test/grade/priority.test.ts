/** When two mistakes give the same number, the one earlier in the order of precedence is reported. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseStepSpec } from "../../src/step/spec/index.js";
import { loadStepSpec } from "../load-spec.js";
import { exactResults, gradePaths, itemAt } from "./grading.js";

test("swapped before sign-flipped: inputs 0.5 and -0.5 make the two gradients of a unit each other's negatives", () => {
  const spec = parseStepSpec("inputs: [0.5, -0.5]\ntargets: [0.2]\nloss: half-sse\nlearningRate: 0.5\nlayers:\n  - activation: sigmoid\n    weights: [[0.3, 0.7]]\n", "twins.yaml");
  const [g1, g2] = exactResults(spec).layers[0].dW![0];
  assert.ok(Math.abs(-g1 - g2) < 1e-15, "-∂L/∂w1 is ∂L/∂w2");
  const item = itemAt(gradePaths(spec, { "layers[0].dW[0][0]": -g1 }), "layers[0].dW[0][0]");
  assert.equal(item.diagnosis, "swapped");
});

test("no-learning-rate before gradient-not-update: with w = 2·∂L/∂w, w - ∂L/∂w is the gradient itself", () => {
  // ŷ = w·x with x = 1, w = 0.8, t = 0.4: ∂L/∂w = ŷ - t = 0.4, and w - ∂L/∂w = 0.4 as well.
  const spec = parseStepSpec("inputs: [1]\ntargets: [0.4]\nloss: half-sse\nlearningRate: 0.1\nlayers:\n  - activation: identity\n    weights: [[0.8]]\n", "double.yaml");
  const r = exactResults(spec);
  const g = r.layers[0].dW![0][0];
  const noLearningRate = spec.layers[0].weights[0][0] - g;
  assert.ok(Math.abs(noLearningRate - g) < 1e-15);
  const item = itemAt(gradePaths(spec, { "layers[0].weights[0][0]": g }), "layers[0].weights[0][0]");
  assert.equal(item.diagnosis, "no-learning-rate");
});

test("factor-of-two before missing-activation-derivative: a leaky ReLU with α = ½ below 0 doubles δ when f' is left out", () => {
  const spec = parseStepSpec("inputs: [1]\ntargets: [0.3]\nloss: half-sse\nlearningRate: 0.1\nlayers:\n  - activation: leaky-relu\n    alpha: 0.5\n    weights: [[-0.4]]\n", "leaky.yaml");
  const r = exactResults(spec);
  const a = r.layers[0].a[0][0];
  const withoutDerivative = a - spec.targets![0][0];
  assert.ok(Math.abs(withoutDerivative - 2 * r.layers[0].delta![0][0]) < 1e-15, "dropping f' = ½ doubles δ");
  const item = itemAt(gradePaths(spec, { "layers[0].delta[0][0]": withoutDerivative }), "layers[0].delta[0][0]");
  assert.equal(item.diagnosis, "factor-of-two");
});

test("propagated-error, not the earlier mistake again: ∂E/∂w5 from a δ_o1 without σ'(z_o1) is carried forward and names that mistake", () => {
  const spec = loadStepSpec("examples/module11-2-2-2.yaml");
  const r = exactResults(spec);
  const delta = r.layers[1].a[0][0] - spec.targets![0][0];
  const g5 = delta * r.layers[0].a[0][0];
  const report = gradePaths(spec, { "layers[1].delta[0][0]": delta, "layers[1].dW[0][0]": g5 });
  assert.equal(itemAt(report, "layers[1].delta[0][0]").diagnosis, "missing-activation-derivative");
  const item = itemAt(report, "layers[1].dW[0][0]");
  assert.equal(item.diagnosis, "propagated-error", "∂E/∂w5 = δ_o1·a_h1 has no f' to leave out: the mistake is not made again here");
  assert.deepEqual(item.alternatives, []);
  assert.equal(item.status, "carried-forward");
  assert.match(item.explanation!, /Consistent with your δ_o1 = 0\.64443512 \(missing-activation-derivative\)/);
});

test("the same mistake without the earlier answer: ∂E/∂w5 alone, from a δ_o1 without σ'(z_o1), names the mistake", () => {
  const spec = loadStepSpec("examples/module11-2-2-2.yaml");
  const r = exactResults(spec);
  const g5 = (r.layers[1].a[0][0] - spec.targets![0][0]) * r.layers[0].a[0][0];
  const item = itemAt(gradePaths(spec, { "layers[1].dW[0][0]": g5 }), "layers[1].dW[0][0]");
  assert.equal(item.diagnosis, "missing-activation-derivative");
  assert.equal(item.status, "wrong");
});

test("propagated-error before rounding: a_o1 = 0.69 follows both from the learner's z_o1 = 0.8 and from rounding to 2 digits", () => {
  const spec = loadStepSpec("examples/module11-2-2-2.yaml");
  const r = exactResults(spec);
  const sigma = (x: number) => 1 / (1 + Math.exp(-x));
  const r2 = (x: number) => Number(x.toPrecision(2));
  const z = 0.8; // z_o1 = 0.82093661, written with one digit
  const a = r2(sigma(z));
  assert.equal(a, r2(sigma(r2(r.layers[1].z[0][0]))), "rounding to 2 digits gives the same number");
  assert.ok(Math.abs(a - r.layers[1].a[0][0]) > 0.005 * r.layers[1].a[0][0], "outside the tolerance");
  const report = gradePaths(spec, { "layers[1].z[0][0]": z, "layers[1].a[0][0]": a });
  const item = itemAt(report, "layers[1].a[0][0]");
  assert.equal(item.diagnosis, "propagated-error");
  assert.deepEqual(item.causedBy, ["layers[1].z[0][0]"]);
  assert.match(item.explanation!, /z_o1 = 0\.8 \(rounding\)/);
});
