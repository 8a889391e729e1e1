// Grading a class: what depends only on the exercise (the worked working of each quantity, the step
// recomputed under each mistake from the exact values) is made once for the class, not once per
// student: a roster of 20,000 answers files spent most of its time redoing it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { checkClass, stepCheckable } from "../../src/exercise/check.js";
import type { Checkable } from "../../src/exercise/check.js";
import type { Computation } from "../../src/grade/computation.js";
import { runStep } from "../../src/step/run-step.js";
import { loadStepSpec } from "../load-spec.js";

/** The Module 11 step, its published answers (some of them wrong) given by `students` students, graded as a class; what was computed. */
function gradeClassOf(students: number): { fromExact: number; workingLines: number; report: string } {
  const base = stepCheckable(runStep(loadStepSpec("examples/module11-2-2-2.yaml")));
  const counts = { fromExact: 0, workingLines: 0 };
  const computation: Computation = {
    ...base.computation,
    simulate(mistakes, settings) {
      if (settings.carry === undefined) counts.fromExact++;
      return base.computation.simulate(mistakes, settings);
    },
  };
  const checkable: Checkable = {
    computation,
    working(precision) {
      const working = base.working(precision);
      return {
        line: (q) => {
          counts.workingLines++;
          return working.line(q);
        },
        formula: working.formula,
      };
    },
  };
  const text = readFileSync("examples/answers/module11-published.yaml", "utf8");
  const submissions = Array.from({ length: students }, (_, i) => ({ student: `s${i}`, exercise: "module11", file: `s${i}.yaml`, text }));
  const grades = checkClass(checkable, submissions, { requireAnswers: true });
  return { ...counts, report: JSON.stringify(grades.map((g) => g.report?.items)) };
}

test("a class of 5 students costs the exercise's recomputations from the exact values and its working lines once, and grades each student as one alone", () => {
  const one = gradeClassOf(1);
  const five = gradeClassOf(5);
  assert.ok(one.fromExact > 0 && one.workingLines > 0, "the published answers have wrong values to diagnose");
  assert.equal(five.fromExact, one.fromExact, "recomputations from the exact values");
  assert.equal(five.workingLines, one.workingLines, "working lines rendered");
  const items = JSON.parse(five.report) as unknown[];
  for (const student of items) assert.deepEqual(student, (JSON.parse(one.report) as unknown[])[0]);
});
