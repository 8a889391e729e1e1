/**
 * Seed 001's published solution swaps the gradients of w2 and w3. Graded, its answers show exactly that
 * swap, both values marked swapped, the new w2 and w3 computed from them marked consistent with it, and
 * every other answer right.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { loadStepSpec, readTextFile } from "../load-spec.js";
import { parseSource } from "../../src/common/source.js";
import { gradeAnswers } from "../../src/grade/grade.js";
import { checkAnswers } from "../../src/exercise/check.js";
import { runStep } from "../../src/step/run-step.js";
import { renderGradeText } from "../../src/grade/render-grade.js";

const SPEC = "examples/module11-2-2-2.yaml";
const ANSWERS = "examples/answers/module11-published.yaml";

test("seed 001's published answers: the w2/w3 swap, both marked swapped, the new w2 and w3 consistent with it, everything else right", () => {
  const report = checkAnswers(runStep(loadStepSpec(SPEC)), parseSource(readTextFile(ANSWERS), ANSWERS));
  assert.equal(report.score.answered, 25);
  assert.equal(report.score.right, 21);
  assert.equal(report.score.followThrough, 2);
  // Every quantity of the answers template counts (29: all but the loss after the update), the 4 the
  // published solution leaves out too; the 2 carried forward earn a full point each by default.
  assert.deepEqual(report.score, { right: 21, answered: 25, followThrough: 2, points: 23, maxPoints: 29 });
  assert.deepEqual(report.items.filter((i) => !i.ok).map((i) => i.status), ["wrong", "wrong", "carried-forward", "carried-forward"]);
  const wrong = report.items.filter((i) => !i.ok);
  assert.deepEqual(
    wrong.map((i) => [i.path, i.name, i.diagnosis, i.swappedWith ?? i.causedBy]),
    [
      ["layers[0].dW[0][1]", "w2", "swapped", "layers[0].dW[1][0]"],
      ["layers[0].dW[1][0]", "w3", "swapped", "layers[0].dW[0][1]"],
      // 0.4 - 0.001·0.00287383 = 0.39999713: the update is right for the swapped gradient; the step of
      // the right one, 0.001·0.0025736051, is 11% smaller.
      ["layers[0].weights[0][1]", "w2", "propagated-error", ["layers[0].dW[0][1]"]],
      ["layers[0].weights[1][0]", "w3", "propagated-error", ["layers[0].dW[1][0]"]],
    ],
  );
  assert.equal(wrong[0].given, 0.00287383);
  assert.ok(Math.abs(wrong[0].expected - 0.0025736051) < 5e-11);
  assert.equal(wrong[0].working, "∂E/∂w2 = δ_h1·i2 = 0.0051472103·0.5 = 0.0025736051");
  assert.equal(wrong[1].working, "∂E/∂w3 = δ_h2·i1 = 0.028738346·0.1 = 0.0028738346");
  assert.equal(report.correct, false);
});

test("the published answers file uses the seed's own names for every quantity it gives", () => {
  const names = Object.keys(parse(readFileSync(ANSWERS, "utf8")) as object);
  assert.ok(names.includes("net_h1") && names.includes("E_total") && names.includes("grad_w2") && names.includes("w2"));
});

test("the library call for a spec's published answers: gradeAnswers(spec, spec.published) and the wrong items only", () => {
  const published = parse(readFileSync(ANSWERS, "utf8")) as unknown;
  const spec = { ...loadStepSpec(SPEC), published };
  const report = gradeAnswers(spec, spec.published, { file: SPEC, at: [] });
  const text = renderGradeText(report, { onlyWrong: true });
  assert.doesNotMatch(text, /✓/);
  assert.match(text, /✗ ∂E\/∂w2 = 0\.00287383, expected 0\.0025736051: swapped/);
  assert.match(text, /right 21, carried forward 2, wrong 2 \(points 23\/29\)\. Wrong: ∂E\/∂w2, ∂E\/∂w3 \(swapped\)\. Carried forward: new w2, new w3\.\n$/);
  assert.match(text, /↪ new w2 = 0\.39999713, expected 0\.39999743: carried forward \(propagated-error\)/);
});
