/** The relative tolerance: 0.5% by default, so that rounding to 3 or 4 significant digits passes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadStepSpec } from "../../src/spec/load.js";
import { InputError } from "../../src/spec/input-error.js";
import { gradeAnswers } from "../../src/explain/grade/grade.js";
import { listQuantities, resultValue } from "../../src/explain/grade/quantities.js";
import { halfUnit, parseTolerance, significantDigits } from "../../src/explain/grade/tolerance.js";
import type { StepSpec } from "../../src/spec/step-spec.js";
import { exactResults, gradePaths, itemAt } from "./grading.js";
import { sigmoidNetwork } from "./random-network.js";

function roundedAnswers(spec: StepSpec, digits: number): Record<string, number> {
  const r = exactResults(spec);
  const out: Record<string, number> = {};
  for (const q of listQuantities(spec)) out[q.path] = Number(resultValue(r, q).toPrecision(digits));
  return out;
}

test("every value of every seed example rounded to 4, or to 3, significant digits is right", () => {
  for (const file of readdirSync("examples").filter((f) => f.endsWith(".yaml"))) {
    const spec = loadStepSpec(join("examples", file));
    for (const digits of [4, 3]) {
      const report = gradePaths(spec, roundedAnswers(spec, digits));
      assert.ok(report.correct, `${file}, ${digits} digits: ${report.items.filter((i) => !i.ok).map((i) => `${i.path} ${i.given} vs ${i.expected}`).join("; ")}`);
      assert.equal(report.score.answered, listQuantities(spec).length);
    }
  }
});

test("on random networks too, 4 significant digits always pass", () => {
  fc.assert(
    fc.property(sigmoidNetwork, (spec) => {
      assert.ok(gradePaths(spec, roundedAnswers(spec, 4)).correct);
    }),
    { seed: 11, numRuns: 40 },
  );
});

test("0.4% off passes, 0.6% off fails; --tolerance changes the bound; 0 asks for exact values", () => {
  const spec = loadStepSpec("examples/module11-2-2-2.yaml");
  const e = exactResults(spec).loss!;
  assert.equal(itemAt(gradePaths(spec, { loss: e * 1.004 }), "loss").ok, true);
  assert.equal(itemAt(gradePaths(spec, { loss: e * 1.006 }), "loss").ok, false);
  assert.equal(itemAt(gradePaths(spec, { loss: e * 1.006 }, 0.01), "loss").ok, true);
  assert.equal(itemAt(gradePaths(spec, { loss: 0.26060897 }, 0), "loss").ok, false);
  assert.equal(itemAt(gradePaths(spec, { loss: e }, 0), "loss").ok, true);
  assert.equal(gradeAnswers(spec, {}).correct, true, "nothing answered, nothing wrong");
});

test("parseTolerance reads 0.5% and 0.005, and refuses what is not a tolerance", () => {
  assert.equal(parseTolerance("0.5%"), 0.005);
  assert.equal(parseTolerance("2 %"), 0.02);
  assert.equal(parseTolerance("0.005"), 0.005);
  assert.equal(parseTolerance("0"), 0);
  for (const bad of ["", "%", "abc", "-1%", "100%", "1.5"]) assert.throws(() => parseTolerance(bad), InputError, bad);
});

test("the digits a learner wrote", () => {
  assert.equal(significantDigits(0.28), 2);
  assert.equal(significantDigits(0.00287383), 6);
  assert.equal(significantDigits(-1400), 2);
  assert.equal(halfUnit(0.28), 0.005);
  assert.ok(Math.abs(halfUnit(0.00287383) - 5e-9) < 1e-20);
  assert.equal(halfUnit(0), 0);
});
