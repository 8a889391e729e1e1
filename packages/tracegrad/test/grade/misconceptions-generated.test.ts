/**
 * Learners with one misconception each on generated exercises: sigmoid, tanh and ReLU hidden layers;
 * half-sse, mse, bce and cross-entropy; batches of 1 and 2; with and without biases. The answer files
 * come from the independent reference (test/reference/misconceptions.ts). Every wrong value where the
 * misconception is made is named with its code; every other wrong value is carried forward; where two
 * mistakes give the same numbers, both are named.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkAnswers } from "../../src/exercise/check.js";
import { runStep } from "../../src/step/run-step.js";
import { stepResults } from "../../src/step/results.js";
import { canBeMade, MISCONCEPTIONS } from "../reference/misconceptions.js";
import { codesOf, EXERCISE_KINDS, exerciseSpec, learnerAnswers, namingProblems, refSpec, written } from "./misconception-cases.js";

/** The tests draw exercises from seeds below 1000; scripts/measure-grading.ts from 9000 up. */
const SEED = 1;

for (const activation of ["sigmoid", "tanh", "relu"] as const) {
  test(`generated exercises with ${activation} hidden layers, every loss, batch 1 and 2: each misconception named where it is made and carried forward after`, () => {
    let cases = 0;
    for (const kind of EXERCISE_KINDS.filter((k) => k.activation === activation)) {
      const spec = exerciseSpec(kind, SEED);
      for (const m of MISCONCEPTIONS) {
        if (!canBeMade(refSpec(spec), m)) continue;
        cases++;
        assert.deepEqual(namingProblems(spec, m), [], `${m} on ${JSON.stringify(kind)}`);
      }
    }
    assert.ok(cases >= 140, `only ${cases} cases`);
  });
}

test("where two mistakes give the same numbers, the grade names both: ReLU'(z ≤ 0) = 1 is leaving ReLU' out", () => {
  const spec = exerciseSpec({ activation: "relu", loss: "half-sse", batch: 1, bias: true }, 2);
  const { answers, made } = learnerAnswers(spec, "dead-relu-derivative");
  const report = checkAnswers(runStep(spec), answers);
  const hidden = report.items.filter((i) => made.has(i.path) && !i.ok);
  assert.ok(hidden.length > 0);
  for (const item of hidden) assert.deepEqual([item.diagnosis, ...item.alternatives], ["dead-relu-derivative", "missing-activation-derivative"], item.key);
});

test("where two mistakes give the same numbers: ½ left out of half-sse at η = 0.5 is η left out, on the new weights alone", () => {
  const exercise = exerciseSpec({ activation: "sigmoid", loss: "half-sse", batch: 1, bias: false }, 3);
  const spec = { ...exercise, learningRate: 0.5 };
  const exact = stepResults(runStep(spec));
  // w - η·(2g) = w - g: the new weights of both learners, and nothing else answered.
  const answers = { layers: spec.layers.map((layer, l) => ({ weights: layer.weights.map((row, j) => row.map((w, i) => written(w - exact.layers[l].dW![j][i], 6))) })) };
  const report = checkAnswers(runStep(spec), answers);
  for (const item of report.items) {
    assert.equal(item.ok, false, item.key);
    assert.ok(codesOf(item).includes("factor-of-two") && codesOf(item).includes("no-learning-rate"), `${item.key}: ${codesOf(item)}`);
    assert.match(item.explanation!, /^Either /);
  }
});

test("where two mistakes give the same numbers: with one sample, mse without its 1/n is mse over the samples only", () => {
  const spec = exerciseSpec({ activation: "sigmoid", loss: "mse", batch: 1, bias: false }, 4);
  const { answers, made } = learnerAnswers(spec, "missing-mean");
  const report = checkAnswers(runStep(spec), answers);
  const named = report.items.filter((i) => made.has(i.path) && !i.ok);
  assert.ok(named.length >= 3, "the loss and both δ of the outputs");
  for (const item of named) assert.ok(codesOf(item).includes("missing-mean") && codesOf(item).includes("mean-over-samples-only"), `${item.key}: ${codesOf(item)}`);
});

test("two mistakes together, where neither alone gives the number: ½ and η both left out", () => {
  const exercise = exerciseSpec({ activation: "sigmoid", loss: "half-sse", batch: 1, bias: false }, 3);
  const spec = { ...exercise, learningRate: 0.2 };
  const exact = stepResults(runStep(spec));
  const last = spec.layers.length - 1;
  const w = spec.layers[last].weights[0][0] - 2 * exact.layers[last].dW![0][0]; // w - (2g): no ½, no η
  const item = checkAnswers(runStep(spec), { layers: spec.layers.map((_, l) => (l === last ? { weights: [[written(w, 6), null], [null, null]] } : {})) }).items[0];
  assert.equal(item.diagnosis, "factor-of-two");
  assert.equal(item.combinedWith, "no-learning-rate");
  assert.match(item.explanation!, /two slips together: the loss taken without its factor ½, and an update without the learning rate η = 0\.2/);
});
