/**
 * Every diagnosis code, made on purpose on the seed examples: each test computes the learner's wrong
 * number itself from the exact results (or with plain math written here), and gets the code back.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadStepSpec } from "../load-spec.js";
import { DIAGNOSIS_CODES } from "../../src/grade/mistake-table.js";
import { clearlyWrong, exactResults, expectDiagnosis, gradePaths, itemAt, sigma } from "./grading.js";

const seed001 = loadStepSpec("examples/module11-2-2-2.yaml");
const r001 = exactResults(seed001);
const seed002 = loadStepSpec("examples/backprop-exercise-linear-relu-linear.yaml");
const r002 = exactResults(seed002);
const seed000 = loadStepSpec("examples/lab-activity-3-relu-3-2-1.yaml");
const r000 = exactResults(seed000);

const t001 = seed001.targets![0];
const eta001 = seed001.learningRate!;

test("the codes, in their order of precedence", () => {
  assert.deepEqual(DIAGNOSIS_CODES, [
    "propagated-error",
    "rounding",
    "not-updated",
    "swapped",
    "sign-flipped",
    "wrong-direction",
    "no-learning-rate",
    "gradient-not-update",
    "update-not-gradient",
    "missing-mean",
    "mean-over-samples-only",
    "factor-of-two",
    "dead-relu-derivative",
    "missing-activation-derivative",
    "derivative-of-wrong-argument",
    "transposed-weights",
    "used-updated-weights",
    "used-output-for-input",
    "bias-gradient-one-sample",
  ]);
});

test("swapped: the gradients of w5 and w6 exchanged are both marked swapped, each naming the other", () => {
  const [g5, g6] = r001.layers[1].dW![0];
  const a = expectDiagnosis(seed001, { "layers[1].dW[0][0]": g6, "layers[1].dW[0][1]": g5 }, "layers[1].dW[0][0]", "swapped");
  const b = expectDiagnosis(seed001, { "layers[1].dW[0][0]": g6, "layers[1].dW[0][1]": g5 }, "layers[1].dW[0][1]", "swapped");
  assert.equal(a.swappedWith, "layers[1].dW[0][1]");
  assert.equal(b.swappedWith, "layers[1].dW[0][0]");
  assert.match(a.explanation!, /the two are swapped/);
});

test("swapped: the activations of h1 and h2 exchanged, and new weights exchanged (seed 002's η = 0.1 makes the update visible)", () => {
  const [a1, a2] = r001.layers[0].a[0];
  expectDiagnosis(seed001, { "layers[0].a[0][0]": a2, "layers[0].a[0][1]": a1 }, "layers[0].a[0][0]", "swapped");
  // w_1^2 and w_2^2: one weight into each unit of layer 2.
  const [[w12], [w22]] = r002.layers[1].weights!;
  expectDiagnosis(seed002, { "layers[1].weights[1][0]": w12 }, "layers[1].weights[1][0]", "swapped");
  assert.ok(Math.abs(w12 - w22) > 0.005 * Math.abs(w22), "outside the tolerance");
});

test("not-updated: a new weight or the loss after the update written as the value before, however small the step", () => {
  // Seed 001's η = 0.001 moves w1 by 5e-7, far inside 0.5% of its value: the old 0.8 must still be wrong.
  const w1 = seed001.layers[0].weights[0][0];
  const item = expectDiagnosis(seed001, { "layers[0].weights[0][0]": w1 }, "layers[0].weights[0][0]", "not-updated");
  assert.match(item.explanation!, /This is w1 before the update, which changes it by -5\.1\d*e-7/);
  expectDiagnosis(seed001, { lossAfter: r001.loss! }, "lossAfter", "not-updated");
  // Written to 7 significant digits, the new value is right: 0.7999995 is within half a unit of 0.79999949.
  assert.equal(itemAt(gradePaths(seed001, { "layers[0].weights[0][0]": 0.7999995 }), "layers[0].weights[0][0]").ok, true);
  // ... but 0.7999 moved 200 times too far, although it is within 0.5% of the value.
  assert.equal(itemAt(gradePaths(seed001, { "layers[0].weights[0][0]": 0.7999 }), "layers[0].weights[0][0]").ok, false);
});

test("sign-flipped: a negated gradient, t - a for a - t in δ, and an update that adds the gradient", () => {
  const g5 = r001.layers[1].dW![0][0];
  expectDiagnosis(seed001, { "layers[1].dW[0][0]": -g5 }, "layers[1].dW[0][0]", "sign-flipped");
  const [a1] = r001.layers[1].a[0];
  const delta = (t001[0] - a1) * a1 * (1 - a1);
  expectDiagnosis(seed001, { "layers[1].delta[0][0]": delta }, "layers[1].delta[0][0]", "sign-flipped");
  const w = seed002.layers[2].weights[0][1];
  const ascent = w + seed002.learningRate! * r002.layers[2].dW![0][1];
  const item = expectDiagnosis(seed002, { "layers[2].weights[0][1]": ascent }, "layers[2].weights[0][1]", "sign-flipped");
  assert.match(item.explanation!, /adds η/);
});

test("no-learning-rate: the new weight is w - ∂E/∂w", () => {
  const w5 = seed001.layers[1].weights[0][0] - r001.layers[1].dW![0][0];
  const item = expectDiagnosis(seed001, { "layers[1].weights[0][0]": w5 }, "layers[1].weights[0][0]", "no-learning-rate");
  assert.match(item.explanation!, /η = 0\.001/);
  assert.match(item.working!, /^w5 ← w5 - η·∂E\/∂w5 = 0\.6 - 0\.001·0\.077883111 = 0\.59992212$/);
});

test("gradient-not-update and update-not-gradient: the gradient given as the new weight, and the reverse", () => {
  const g7 = r001.layers[1].dW![1][0];
  const w7 = r001.layers[1].weights![1][0];
  expectDiagnosis(seed001, { "layers[1].weights[1][0]": g7 }, "layers[1].weights[1][0]", "gradient-not-update");
  expectDiagnosis(seed001, { "layers[1].dW[1][0]": w7 }, "layers[1].dW[1][0]", "update-not-gradient");
});

test("factor-of-two: the sum of squared errors for half of it, and 2(a - t) for a - t", () => {
  const [a1, a2] = r001.layers[1].a[0];
  const sse = (t001[0] - a1) ** 2 + (t001[1] - a2) ** 2;
  assert.match(expectDiagnosis(seed001, { loss: sse }, "loss", "factor-of-two").explanation!, /^This is twice the loss: the factor ½ in front of the sum was left out\.$/);
  const delta = 2 * (a1 - t001[0]) * a1 * (1 - a1);
  expectDiagnosis(seed001, { "layers[1].delta[0][0]": delta }, "layers[1].delta[0][0]", "factor-of-two");
  const g5 = delta * r001.layers[0].a[0][0];
  expectDiagnosis(seed001, { "layers[1].dW[0][0]": g5 }, "layers[1].dW[0][0]", "factor-of-two");
});

test("missing-activation-derivative: δ of an output and of a hidden unit without σ'(z)", () => {
  const [a1] = r001.layers[1].a[0];
  const item = expectDiagnosis(seed001, { "layers[1].delta[0][0]": a1 - t001[0] }, "layers[1].delta[0][0]", "missing-activation-derivative");
  assert.match(item.explanation!, /σ'\(z_o1\)/);
  const [d1, d2] = r001.layers[1].delta![0];
  const w = seed001.layers[1].weights;
  const upstream = w[0][0] * d1 + w[1][0] * d2; // ∂E/∂a_h1, without σ'(z_h1)
  expectDiagnosis(seed001, { "layers[0].delta[0][0]": upstream }, "layers[0].delta[0][0]", "missing-activation-derivative");
  // Seed 000: the dead ReLU units' δ taken without ReLU'(z) = 0. For a ReLU layer, leaving f' out and
  // taking ReLU'(z ≤ 0) as 1 are the same number: the more particular one first, the other beside it.
  const through = seed000.layers[1].weights[0][0] * r000.layers[1].delta![0][0];
  const dead = expectDiagnosis(seed000, { "layers[0].delta[0][0]": through }, "layers[0].delta[0][0]", "dead-relu-derivative");
  assert.deepEqual(dead.alternatives, ["missing-activation-derivative"]);
});

test("derivative-of-wrong-argument: σ'(a) for σ'(z), and a(1 - a) applied to z", () => {
  const [a1] = r001.layers[1].a[0];
  const [z1] = r001.layers[1].z[0];
  const atA = (a1 - t001[0]) * sigma(a1) * (1 - sigma(a1));
  const item = expectDiagnosis(seed001, { "layers[1].delta[0][0]": atA }, "layers[1].delta[0][0]", "derivative-of-wrong-argument");
  assert.match(item.explanation!, /σ'\(a_o1\)/);
  const onZ = (a1 - t001[0]) * z1 * (1 - z1);
  expectDiagnosis(seed001, { "layers[1].delta[0][0]": onZ }, "layers[1].delta[0][0]", "derivative-of-wrong-argument");
});

test("used-updated-weights: seed 002's hidden δ backpropagated through the updated output weights", () => {
  // δ of h_2^2 = w_2^3·δ_yhat · ReLU'(z); with the new w_2^3 = 0.5045 instead of 0.5.
  const deltaOut = r002.layers[2].delta![0][0];
  const newW = r002.layers[2].weights![0][1];
  const z = r002.layers[1].z[0][1];
  const wrong = newW * deltaOut * (z > 0 ? 1 : 0);
  assert.ok(Math.abs(wrong - r002.layers[1].delta![0][1]) > 0.005 * Math.abs(wrong), "outside the tolerance");
  expectDiagnosis(seed002, { "layers[1].delta[0][1]": wrong }, "layers[1].delta[0][1]", "used-updated-weights");
});

test("propagated-error: ∂E/∂w5 computed right from a wrong δ_o1 is consistent, and names the earlier mistake", () => {
  const wrongDelta = 1.3 * r001.layers[1].delta![0][0];
  const g5 = wrongDelta * r001.layers[0].a[0][0];
  const report = gradePaths(seed001, { "layers[1].delta[0][0]": wrongDelta, "layers[1].dW[0][0]": g5 });
  assert.equal(itemAt(report, "layers[1].delta[0][0]").diagnosis, null, "1.3·δ is no known mistake");
  const item = itemAt(report, "layers[1].dW[0][0]");
  assert.equal(item.diagnosis, "propagated-error");
  assert.equal(item.consistent, true);
  assert.deepEqual(item.causedBy, ["layers[1].delta[0][0]"]);
  assert.match(item.explanation!, /Consistent with your δ_o1 = /);
  assert.equal(report.score.followThrough, 1);
  assert.equal(item.status, "carried-forward");
});

test("propagated-error through a chain: a new weight from a wrong gradient names the root mistake", () => {
  // Seed 001's η = 0.001 hides an update inside 0.5%; seed 002 has η = 0.1.
  const gWrong = 5 * r002.layers[2].dW![0][1];
  const w = seed002.layers[2].weights[0][1] - seed002.learningRate! * gWrong;
  const report = gradePaths(seed002, { "layers[2].dW[0][1]": gWrong, "layers[2].weights[0][1]": w });
  assert.equal(itemAt(report, "layers[2].dW[0][1]").diagnosis, null);
  const item = itemAt(report, "layers[2].weights[0][1]");
  assert.equal(item.diagnosis, "propagated-error");
  assert.match(item.explanation!, /Consistent with your ∂L\/∂w_2\^3 = -0\.225 \(unexplained\)/);
});

test("rounding: a gradient off by more than 0.5% only because every intermediate value was rounded to 2 digits", () => {
  const r2 = (x: number) => Number(x.toPrecision(2));
  const [x1, x2] = seed001.inputs[0];
  const [w1, w2, w3, w4] = seed001.layers[0].weights.flat();
  const [w5, w6, w7, w8] = seed001.layers[1].weights.flat();
  const ah1 = r2(sigma(r2(w1 * x1 + w2 * x2)));
  const ah2 = r2(sigma(r2(w3 * x1 + w4 * x2)));
  const ao1 = r2(sigma(r2(w5 * ah1 + w6 * ah2)));
  const ao2 = r2(sigma(r2(w7 * ah1 + w8 * ah2)));
  const do1 = r2(r2(ao1 - t001[0]) * r2(ao1 * (1 - ao1)));
  const do2 = r2(r2(ao2 - t001[1]) * r2(ao2 * (1 - ao2)));
  const dh1 = r2(r2(w5 * do1 + w7 * do2) * r2(ah1 * (1 - ah1)));
  const g1 = r2(dh1 * x1);
  assert.ok(clearlyWrong(g1, r001.layers[0].dW![0][0]), `${g1} is outside the tolerance`);
  const item = expectDiagnosis(seed001, { "layers[0].dW[0][0]": g1 }, "layers[0].dW[0][0]", "rounding");
  assert.match(item.explanation!, /rounding intermediate values to 2 significant digits/);
  assert.ok(eta001 > 0);
});

test("rounding: the exact value written with too few digits is named as such, not as rounding of intermediate values", () => {
  // E = 0.26060897; 0.3 is that to one significant digit, 15% off.
  const item = expectDiagnosis(seed001, { loss: 0.3 }, "loss", "rounding");
  assert.match(item.explanation!, /This is E = 0\.26060897 rounded to 1 significant digit, too few to be right/);
  // 0.2 is no rounding of it: nothing explains it.
  expectDiagnosis(seed001, { loss: 0.2 }, "loss", null);
});

test("a wrong value that no mistake explains has no diagnosis, an explanation and the correct working", () => {
  const item = expectDiagnosis(seed001, { "layers[0].z[0][0]": 0.31 }, "layers[0].z[0][0]", null);
  assert.match(item.explanation!, /does not match/);
  assert.equal(item.working, "z_h1 = w1·i1 + w2·i2 = 0.8·0.1 + 0.4·0.5 = 0.28");
});

test("the words of a diagnosis follow the loss: no factor ½ in bce, ∂L/∂a of mse is 2(a - t)/n", () => {
  const bce = loadStepSpec("examples/nn-exercises-ex2-relu-sigmoid-bce.yaml");
  const rb = exactResults(bce);
  const doubled = expectDiagnosis(bce, { loss: 2 * rb.loss! }, "loss", "factor-of-two");
  assert.equal(doubled.explanation, "This is twice the loss.");
  const mse = { ...seed001, loss: "mse" as const };
  const rm = exactResults(mse);
  const flipped = expectDiagnosis(mse, { "layers[1].dW[0][0]": -rm.layers[1].dW![0][0] }, "layers[1].dW[0][0]", "sign-flipped");
  // In the loss's own notation (the Module 11 activity writes E), and for mse's ∂E/∂a.
  assert.match(flipped.explanation!, /∂E\/∂a taken with the wrong sign \(it is 2·\(a - t\)\/n\)/);
});
