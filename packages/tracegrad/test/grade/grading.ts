/** Helpers of the grading tests: answers by path, graded, and the item of one path. */
import assert from "node:assert/strict";
import { checkAnswers } from "../../src/exercise/check.js";
import type { GradedItem, GradeReport } from "../../src/grade/grade.js";
import { listQuantities } from "../../src/step/quantities.js";
import type { DiagnosisCode } from "../../src/grade/mistake-table.js";
import { runStep } from "../../src/step/run-step.js";
import { stepResults } from "../../src/step/results.js";
import type { StepResults } from "../../src/step/results.js";
import type { StepSpec } from "../../src/step/spec/step-spec.js";

/** Answers under the learner names, from values by path (`layers[1].dW[0][0]`). */
export function namedAnswers(spec: StepSpec, byPath: Record<string, number>): Record<string, number> {
  const quantities = listQuantities(spec);
  const out: Record<string, number> = {};
  for (const [path, value] of Object.entries(byPath)) {
    const q = quantities.find((x) => x.path === path);
    assert.ok(q !== undefined, `no quantity at ${path}`);
    out[q.key] = value;
  }
  return out;
}

/** Grades values given by path, each wrong one with its correct working. */
export function gradePaths(spec: StepSpec, byPath: Record<string, number>, tolerance?: number): GradeReport {
  return checkAnswers(runStep(spec), namedAnswers(spec, byPath), tolerance === undefined ? {} : { tolerance });
}

/** The graded item of a path. */
export function itemAt(report: GradeReport, path: string): GradedItem {
  const item = report.items.find((i) => i.path === path);
  assert.ok(item !== undefined, `no graded item at ${path}`);
  return item;
}

/** Grades the answers and checks the diagnosis of `path`. */
export function expectDiagnosis(spec: StepSpec, byPath: Record<string, number>, path: string, code: DiagnosisCode | null): GradedItem {
  const report = gradePaths(spec, byPath);
  const item = itemAt(report, path);
  assert.equal(item.ok, false, `${path} = ${byPath[path]} should be wrong (expected ${item.expected})`);
  assert.equal(item.diagnosis, code, `${path}: ${item.explanation}`);
  assert.ok(item.working !== null && item.working.length > 0, "a wrong answer comes with the correct working");
  return item;
}

/** The exact numbers of a spec's step. */
export function exactResults(spec: StepSpec): StepResults {
  return stepResults(runStep(spec));
}

/** The logistic function, written out here rather than taken from the engine. */
export function sigma(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Whether a mistaken value is far enough from the right one to be graded wrong with room to spare. */
export function clearlyWrong(value: number, expected: number): boolean {
  return Math.abs(value - expected) > 0.02 * Math.abs(expected) + 1e-9;
}
