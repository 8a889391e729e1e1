/** The relative tolerance: 0.5% by default, so that rounding to 3 or 4 significant digits passes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadStepSpec } from "../load-spec.js";
import { InputError } from "../../src/common/input-error.js";
import { gradeAnswers } from "../../src/grade/grade.js";
import { listQuantities, resultValue } from "../../src/step/quantities.js";
import { halfUnit, parseTolerance, significantDigits } from "../../src/grade/tolerance.js";
import type { StepSpec } from "../../src/step/spec/step-spec.js";
import { exactResults, gradePaths, itemAt } from "./grading.js";
import { sigmoidNetwork } from "./random-network.js";

function roundedAnswers(spec: StepSpec, digits: number): Record<string, number> {
  const r = exactResults(spec);
  const out: Record<string, number> = {};
  for (const q of listQuantities(spec)) out[q.path] = Number(resultValue(r, q).toPrecision(digits));
  return out;
}

/** The value before the update, for what the update changes (null for the rest). */
function valueBefore(spec: StepSpec, path: string): number | null {
  const weight = /^layers\[(\d+)\]\.weights\[(\d+)\]\[(\d+)\]$/.exec(path);
  if (weight) return spec.layers[Number(weight[1])].weights[Number(weight[2])][Number(weight[3])];
  const bias = /^layers\[(\d+)\]\.bias\[(\d+)\]$/.exec(path);
  if (bias) return spec.layers[Number(bias[1])].bias![Number(bias[2])];
  return path === "lossAfter" ? exactResults(spec).loss : null;
}

/** Whether a rounded new value no longer shows the update: it is no nearer the new value than the old. */
function roundedBack(given: number, expected: number, before: number | null): boolean {
  return before !== null && expected !== before && Math.abs(given - before) <= Math.abs(given - expected);
}

test("every value of every seed example rounded to 4, or to 3, significant digits is right, unless the rounding takes a new value back to the one before the update", () => {
  let backToOld = 0;
  for (const file of readdirSync("examples").filter((f) => f.endsWith(".yaml"))) {
    const spec = loadStepSpec(join("examples", file));
    for (const digits of [4, 3]) {
      const report = gradePaths(spec, roundedAnswers(spec, digits));
      assert.equal(report.score.answered, listQuantities(spec).length);
      for (const item of report.items) {
        const notUpdated = roundedBack(item.given, item.expected, valueBefore(spec, item.path));
        if (notUpdated) backToOld++;
        assert.equal(item.ok, !notUpdated, `${file}, ${digits} digits: ${item.path} ${item.given} vs ${item.expected}`);
        // The loss after the update from the learner's own weights, rounded back to the old ones, is the
        // loss before it: carried forward from them, and not updated.
        if (notUpdated && item.path === "lossAfter") assert.deepEqual([item.diagnosis, ...item.alternatives], ["propagated-error", "not-updated"], `${file}: ${item.path}`);
        else if (notUpdated) assert.equal(item.diagnosis, "not-updated", `${file}: ${item.path}`);
      }
    }
  }
  // Seed 001's η = 0.001 moves w1..w4 by less than 3e-5 and w5..w8 by 4e-5 to 8e-5. To 4 digits w1..w4,
  // w7 (0.8000) and w8 (0.1000) are back at their old values, while w5 (0.5999), w6 (0.8999) and the loss
  // after, 0.2606 (0.26059384, from 0.26060897), still lie nearer the new values: 6. To 3 digits all 8
  // weights are back, and so is the loss (0.261 is nearer 0.26060897): 9. The other examples' steps show.
  assert.equal(backToOld, 15);
});

test("on random networks too, 4 significant digits pass wherever they show the update", () => {
  fc.assert(
    fc.property(sigmoidNetwork, (spec) => {
      for (const item of gradePaths(spec, roundedAnswers(spec, 4)).items) {
        const notUpdated = roundedBack(item.given, item.expected, valueBefore(spec, item.path));
        assert.equal(item.ok, !notUpdated, `${item.path} ${item.given} vs ${item.expected}`);
      }
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
