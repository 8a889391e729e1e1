/**
 * Several steps in a row (`tracegrad step --steps N`, issue 12 item 4): each step starts from the
 * parameters the one before left, as the reference network iterated here gives them; answers that
 * name a step (`step2.w1`) are graded against that step, a bare `w1` against the first.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseStepSpec } from "../../src/step/spec/index.js";
import { runSteps } from "../../src/step/run-steps.js";
import { stepsCheckable, checkAnswers } from "../../src/exercise/check.js";
import { explainSteps } from "../../src/explain/steps-summary.js";
import { referenceStep } from "../reference/dense-network.js";
import type { RefSpec } from "../reference/dense-network.js";

// The Module 11 activity's network, with η = 0.5 so that the steps move visibly.
const SPEC = `
inputs: [[0.1, 0.5]]
targets: [[0.05, 0.95]]
loss: half-sse
lossSymbol: E
learningRate: 0.5
layers:
  - activation: sigmoid
    weights: [[0.8, 0.4], [0.3, 0.2]]
    bias: null
  - activation: sigmoid
    weights: [[0.6, 0.9], [0.8, 0.1]]
    bias: null
`;

const REF: RefSpec = {
  inputs: [[0.1, 0.5]],
  targets: [[0.05, 0.95]],
  loss: "half-sse",
  learningRate: 0.5,
  layers: [
    { activation: "sigmoid", weights: [[0.8, 0.4], [0.3, 0.2]], bias: null },
    { activation: "sigmoid", weights: [[0.6, 0.9], [0.8, 0.1]], bias: null },
  ],
};

/** The reference network's weights after each of `n` steps, and its loss before each. */
function referenceSteps(n: number): { weights: number[][][]; loss: number }[] {
  const out: { weights: number[][][]; loss: number }[] = [];
  let spec = REF;
  for (let k = 0; k < n; k++) {
    const r = referenceStep(spec);
    out.push({ weights: r.weights, loss: r.loss });
    spec = { ...spec, layers: spec.layers.map((l, i) => ({ ...l, weights: r.weights[i] })) };
  }
  return out;
}

test("three steps in a row: each step's weights are the reference network's after that many updates", () => {
  const records = runSteps(parseStepSpec(SPEC, "spec.yaml"), 3);
  const ref = referenceSteps(3);
  records.forEach((r, k) => {
    assert.ok(Math.abs(r.forward.loss!.item() - ref[k].loss) < 1e-12, `loss before step ${k + 1}`);
    r.update!.layers.forEach((layer, l) => {
      layer.weights.toRows().forEach((row, j) => row.forEach((w, i) => assert.ok(Math.abs(w - ref[k].weights[l][j][i]) < 1e-12, `step ${k + 1} layer ${l + 1} w[${j}][${i}]`)));
    });
  });
  const table = explainSteps(records, { summary: true, format: "json" });
  assert.equal((JSON.parse(table) as { steps: unknown[] }).steps.length, 3);
});

test("check: step2.w1 is w1 after the second update, a bare w1 after the first; a step-2 value from the first step's weights is wrong", () => {
  const records = runSteps(parseStepSpec(SPEC, "spec.yaml"), 2);
  const ref = referenceSteps(2);
  const answers = { w1: ref[0].weights[0][0][0], "step2.w1": ref[1].weights[0][0][0], "step2.w5": ref[1].weights[1][0][0], step2: { E: ref[1].loss } };
  const report = checkAnswers(stepsCheckable(records), answers);
  assert.equal(report.correct, true, report.items.filter((i) => !i.ok).map((i) => `${i.key}: ${i.explanation}`).join("; "));
  assert.deepEqual(report.items.map((i) => i.key).sort(), ["step1.w1", "step2.E", "step2.w1", "step2.w5"]);
  // w5 after step 2 computed as if step 2 started again from the original weights: the first step's value.
  const wrong = checkAnswers(stepsCheckable(records), { "step2.w5": ref[0].weights[1][0][0] });
  assert.equal(wrong.correct, false);
  // A name of a step that is not there says so.
  assert.throws(() => checkAnswers(stepsCheckable(records), { "step3.w1": 0.5 }), /names step 3, but there are 2 steps/);
});
