/**
 * Every course example under examples/, checked against values recomputed by hand from the course
 * documents (their errata are recomputed here: the Module 11 activity swaps the gradients of w2 and w3)
 * or from closed forms computed here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadStepSpec } from "../load-spec.js";
import { runStep } from "../../src/step/run-step.js";
import { stepResults } from "../../src/step/results.js";
import { gradcheckSpec } from "../../src/explain/gradcheck-spec.js";
import { assertAllClose, assertClose } from "../helpers.js";

const sigma = (z: number) => 1 / (1 + Math.exp(-z));

test("seed 001 (module11-2-2-2): forward pass, E = 0.26060897, the gradients of w2 and w3 unswapped, the new weights", () => {
  const r = stepResults(runStep(loadStepSpec("examples/module11-2-2-2.yaml")));
  // Closed forms: net_h1 = 0.8·0.1 + 0.4·0.5 = 0.28, net_h2 = 0.3·0.1 + 0.2·0.5 = 0.13.
  const h1 = sigma(0.28);
  const h2 = sigma(0.13);
  const o1 = sigma(0.6 * h1 + 0.9 * h2);
  const o2 = sigma(0.8 * h1 + 0.1 * h2);
  assertAllClose(r.layers[0].z, [[0.28, 0.13]], 1e-15);
  assertAllClose(r.layers[0].a, [[h1, h2]], 1e-15);
  assertAllClose(r.layers[1].a, [[o1, o2]], 1e-15);
  assertClose(r.loss!, 0.5 * (0.05 - o1) ** 2 + 0.5 * (0.95 - o2) ** 2, 1e-15);
  // The activity's printed values (8 decimals), where right, and the recomputed w2/w3 it swaps.
  assertClose(r.loss!, 0.26060897, 0, 5e-9);
  assertAllClose(r.layers[1].dW, [[0.07788311, 0.07281094], [-0.04346529, -0.04063459]], 0, 5e-9, "dE/dw5..w8");
  assertAllClose(r.layers[0].dW, [[0.00051472, 0.0025736051], [0.0028738346, 0.01436917]], 0, 5e-9, "dE/dw1..w4");
  assertAllClose(r.layers[0].weights, [[0.79999949, 0.39999743], [0.29999713, 0.19998563]], 0, 5e-9, "new w1..w4");
  assertAllClose(r.layers[1].weights, [[0.59992212, 0.89992719], [0.80004347, 0.10004063]], 0, 5e-9, "new w5..w8");
});

test("seed 000 (lab-activity-3-relu-3-2-1): both ReLU units dead, E = 0.98, only the output bias moves", () => {
  const r = stepResults(runStep(loadStepSpec("examples/lab-activity-3-relu-3-2-1.yaml")));
  assertAllClose(r.layers[0].z, [[-0.3, -0.1]], 1e-12);
  assertAllClose(r.layers[0].a, [[0, 0]], 0);
  assertAllClose(r.layers[1].z, [[-0.4]], 1e-15);
  assertClose(r.loss!, 0.98, 1e-15);
  assertAllClose(r.layers[1].delta, [[-1.4]], 1e-15);
  assertAllClose(r.layers[1].dW, [[0, 0]], 0);
  assertAllClose(r.layers[1].db, [-1.4], 1e-15);
  assertAllClose(r.layers[0].dW, [[0, 0, 0], [0, 0, 0]], 0);
  assertAllClose(r.layers[1].bias, [-0.3986], 1e-15);
  assertAllClose(r.layers[1].weights, [[0.2, 0.1]], 0);
  // The seed's W_hidden (inputs × units) comes back as units × inputs.
  assertAllClose(r.layers[0].weights, [[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]], 0);
});

test("seed 002 (backprop-exercise-linear-relu-linear): L = 0.10125, the gradients, frozen biases, ŷ = 0.0660 after the update", () => {
  const r = stepResults(runStep(loadStepSpec("examples/backprop-exercise-linear-relu-linear.yaml")));
  assertClose(r.loss!, 0.10125, 1e-15);
  assertAllClose(r.layers[2].dW, [[0, -0.045]], 1e-12);
  assertAllClose(r.layers[1].dW, [[0], [0.225]], 1e-12);
  assertAllClose(r.layers[0].dW, [[-0.135]], 1e-12);
  assertAllClose(r.layers[1].db, [0, -0.225], 1e-12);
  assertAllClose(r.layers[1].bias, [-0.5, -0.5], 0, 0, "frozen biases keep their values");
  assertAllClose(r.layers[2].weights, [[0.5, 0.5045]], 1e-12);
  assertAllClose(r.layers[1].weights, [[0.8], [-0.6225]], 1e-12);
  assertAllClose(r.layers[0].weights, [[1.0135]], 1e-12);
  // Second forward pass: h_2^2 = max(0, (-1)(1.0135)(-0.6225) - 0.5), ŷ = 0.5045·h_2^2.
  const yhat = 0.5045 * (1.0135 * 0.6225 - 0.5);
  assertClose(yhat, 0.066, 0, 5e-5);
  assertClose(r.lossAfter!, 0.5 * (yhat - 0.5) ** 2, 1e-12);
});

test("seed 004 exercise 1: Z = W·X + b = [0.7, 0.65], A = ReLU(Z), a forward pass only", () => {
  const record = runStep(loadStepSpec("examples/nn-exercises-ex1-forward.yaml"));
  const r = stepResults(record);
  assertAllClose(r.layers[0].z, [[0.7, 0.65]], 1e-15);
  assertAllClose(r.layers[0].a, [[0.7, 0.65]], 1e-15);
  assert.equal(r.loss, null);
  assert.equal(r.layers[0].delta, null);
  assert.equal(record.update, null);
});

test("seed 004 exercise 2: dead ReLU layer, A2 = 0.5, L = ln 2, δ2 = -0.5, every weight gradient 0", () => {
  const r = stepResults(runStep(loadStepSpec("examples/nn-exercises-ex2-relu-sigmoid-bce.yaml")));
  assertAllClose(r.layers[0].z, [[-0.01, -0.18]], 1e-12);
  assertAllClose(r.layers[0].a, [[0, 0]], 0);
  assertAllClose(r.layers[1].a, [[0.5]], 0);
  assertClose(r.loss!, Math.LN2, 1e-15);
  assertAllClose(r.layers[1].delta, [[-0.5]], 0);
  assertAllClose(r.layers[1].dW, [[0, 0]], 0);
  assertAllClose(r.layers[0].dW, [[0, 0], [0, 0]], 0);
});

test("seed 004 exercise 5: analytic ∂L/∂W = 0.2, central difference with ε = 1e-4 from L(W±ε) = 0.00502002, 0.00498002", () => {
  const spec = loadStepSpec("examples/nn-exercises-ex5-gradient-check.yaml");
  const r = stepResults(runStep(spec));
  assertAllClose(r.layers[0].dW, [[0.2]], 1e-12);
  assertAllClose(r.layers[0].db, [0.1], 1e-12);
  const check = gradcheckSpec(spec, { epsilon: 1e-4 });
  const w = check.parameters.find((p) => p.name === "W")!;
  assertClose(w.lossPlus, 0.5 * (1 - 1.1002) ** 2, 1e-12);
  assertClose(w.lossMinus, 0.5 * (1 - 1.0998) ** 2, 1e-12);
  assertClose(w.numeric, 0.2, 1e-9);
  assert.ok(check.ok);
});

test("seed 004 exercise 7: the binary cross-entropy of ŷ = 0.4 for y = 1 is -ln 0.4 = 0.916", () => {
  const r = stepResults(runStep(loadStepSpec("examples/nn-exercises-ex7-bce.yaml")));
  assertClose(r.loss!, -Math.log(0.4), 1e-15);
  assertClose(r.loss!, 0.916, 0, 5e-4);
  // ∂L/∂ŷ = (ŷ - y)/(ŷ(1 - ŷ)) = -0.6/0.24 = -2.5 through the identity output.
  assertAllClose(r.layers[0].delta, [[-2.5]], 1e-12);
});
