/**
 * Learners with one misconception each, applied consistently through the whole step, their answer
 * files written from the independent reference (test/reference/misconceptions.ts), never from the code
 * under test. On the Laboratory Activity 3, Module 11 activity and Backpropagation Exercise examples:
 * the misconception's code on every wrong value where it is made, follow-through (carried forward) on
 * the values computed right from the learner's own earlier ones, and the points.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadStepSpec } from "../load-spec.js";
import { checkAnswers } from "../../src/exercise/check.js";
import { runStep } from "../../src/step/run-step.js";
import { canBeMade, learnerStep, MISCONCEPTIONS } from "../reference/misconceptions.js";
import type { Misconception } from "../reference/misconceptions.js";
import { codesOf, learnerAnswers, namingProblems, refSpec } from "./misconception-cases.js";
import type { StepSpec } from "../../src/step/spec/step-spec.js";

const EXAMPLES = ["examples/lab-activity-3-relu-3-2-1.yaml", "examples/module11-2-2-2.yaml", "examples/backprop-exercise-linear-relu-linear.yaml"];

/** The learner's points as the reference counts them: 1 per value within 0.5% (and showing its step), F per value carried forward. */
function expectedPoints(spec: StepSpec, m: Misconception, credit: number): { points: number; maxPoints: number; right: number; carried: number } {
  const { answers, made, values } = learnerAnswers(spec, m);
  const report = checkAnswers(runStep(spec), answers, { followThroughCredit: credit });
  const exact = learnerStep(refSpec(spec), null).values;
  const before = (path: string): number | null => {
    const w = /^layers\[(\d+)\]\.weights\[(\d+)\]\[(\d+)\]$/.exec(path);
    if (w) return spec.layers[+w[1]].weights[+w[2]][+w[3]];
    const b = /^layers\[(\d+)\]\.bias\[(\d+)\]$/.exec(path);
    return b ? spec.layers[+b[1]].bias![+b[2]] : null;
  };
  let right = 0;
  let carried = 0;
  for (const item of report.items) {
    const e = exact.get(item.path)!;
    const old = before(item.path);
    // Right (as the README says): within 0.5% of the exact value; a new value also with its step from the
    // old one right to 0.5% of the step or to the digits written, and nearer the new value than the old.
    const [mantissa, exponent] = Math.abs(item.given).toExponential().split("e");
    const halfUnit = item.given === 0 ? 0 : 0.5 * Math.pow(10, Number(exponent) - (mantissa.replace(".", "").length - 1));
    const stepRight = old === null || e === old || (Math.abs(item.given - e) <= Math.max(0.005 * Math.abs(e - old), halfUnit) + 1e-12 && Math.abs(item.given - old) > Math.abs(item.given - e));
    const close = Math.abs(item.given - e) <= 0.005 * Math.abs(e) + 1e-12 && stepRight;
    if (close) right++;
    else if (!made.has(item.path) && !codesOf(item).includes(m)) carried++;
  }
  // Every quantity of the answers template: all but the loss after the update.
  const maxPoints = [...values.keys()].filter((p) => p !== "lossAfter").length;
  return { points: right + credit * carried, maxPoints, right, carried };
}

for (const file of EXAMPLES) {
  test(`${file}: each misconception named where it is made, carried forward after, and the points`, () => {
    const spec = loadStepSpec(file);
    let cases = 0;
    for (const m of MISCONCEPTIONS) {
      if (!canBeMade(refSpec(spec), m)) continue;
      cases++;
      assert.deepEqual(namingProblems(spec, m), [], `${file}, ${m}`);
      for (const credit of [1, 0.5]) {
        const { answers } = learnerAnswers(spec, m);
        const score = checkAnswers(runStep(spec), answers, { followThroughCredit: credit }).score;
        const expected = expectedPoints(spec, m, credit);
        assert.equal(score.right, expected.right, `${file}, ${m}: right`);
        assert.equal(score.followThrough, expected.carried, `${file}, ${m}: carried forward`);
        assert.equal(score.points, expected.points, `${file}, ${m}: points with credit ${credit}`);
        assert.equal(score.maxPoints, expected.maxPoints, `${file}, ${m}: maxPoints`);
      }
    }
    assert.ok(cases >= 6, `${file}: only ${cases} misconceptions apply`);
  });
}

test("the Module 11 activity with ∂L/∂a = t - a: δ of the outputs sign-flipped, every later value carried forward, new weights not called not-updated", () => {
  const spec = loadStepSpec("examples/module11-2-2-2.yaml");
  const { answers, made } = learnerAnswers(spec, "sign-flipped");
  const report = checkAnswers(runStep(spec), answers);
  const wrong = report.items.filter((i) => !i.ok);
  assert.deepEqual(wrong.filter((i) => made.has(i.path)).map((i) => [i.key, i.diagnosis]), [
    ["delta_o1", "sign-flipped"],
    ["delta_o2", "sign-flipped"],
  ]);
  for (const item of wrong.filter((i) => !made.has(i.path))) {
    assert.equal(item.status, "carried-forward", item.key);
    assert.notEqual(item.diagnosis, "not-updated", item.key);
  }
  // Every gradient and new weight follows from the flipped δ: 2 wrong, the rest of the backward pass and update carried.
  assert.equal(report.score.followThrough, wrong.length - 2);
  assert.equal(report.score.points, report.score.right + report.score.followThrough);
});
