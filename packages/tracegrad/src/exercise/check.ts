/**
 * Checking answers against a step, with the correct working beside each wrong one: the grading of
 * `grade/` (which judges) composed with the worked solution of `explain/` (which renders). Neither of
 * those two imports the other; this module and the command line put them together.
 *
 * @module
 */
import { DEFAULT_PRECISION, formatNumber } from "../common/format-number.js";
import { workingOf } from "../explain/working.js";
import { gradeRecord } from "../grade/grade.js";
import type { GradeOptions, GradeReport } from "../grade/grade.js";
import { gradeClass } from "../grade/gradebook.js";
import type { StudentGrade, Submission } from "../grade/gradebook.js";
import type { StepRecord } from "../step/run-step.js";

/** Grading options with the correct working of each wrong answer taken from the step's worked solution. */
export function withWorking(record: StepRecord, options: GradeOptions = {}): GradeOptions {
  const working = workingOf(record, options.precision ?? DEFAULT_PRECISION);
  return { ...options, working: (q) => working.line(q) };
}

/** Grades answers to a recorded step; each wrong answer carries its correct working. */
export function checkAnswers(record: StepRecord, answers: unknown, options: GradeOptions = {}): GradeReport {
  return gradeRecord(record, answers, withWorking(record, options));
}

/** Grades a class's answers files against one recorded step; each wrong answer carries its correct working. */
export function checkClass(record: StepRecord, submissions: readonly Submission[], options: GradeOptions = {}): StudentGrade[] {
  return gradeClass(record, submissions, withWorking(record, options));
}

/**
 * Where the answers a spec's source published (its `published:` field, in the answers format of
 * `tracegrad check`) differ from the engine's values by more than their own rounding, each with its
 * diagnosis, as notes for the worked solution (`explainStep(record, { notes })`). A published value is
 * held to the digits it prints, not to the 0.5% a learner gets.
 */
export function publishedNotes(record: StepRecord, precision: number = DEFAULT_PRECISION): string[] {
  const published = record.spec.published;
  if (published === undefined || published === null || typeof published !== "object") return [];
  // Read from the document they came from, for the line and column of a mistake in them (a copy of
  // the spec, perhaps with other answers, has no document: see withOrigin).
  const where = record.spec.publishedAt;
  const [answers, at] = where !== undefined ? [where.source, where.path] : [{ published }, ["published"]];
  const report = gradeRecord(record, answers, { precision, at, printedPrecision: true, answeredBy: "source" });
  const source = record.spec.source ?? "the source";
  return report.items
    .filter((item) => !item.ok)
    .map(
      (item) =>
        `Where ${source} differs: it publishes ${item.quantity} = ${formatNumber(item.given, precision)}; the value is ${formatNumber(item.expected, precision)}` +
        `${item.diagnosis !== null ? ` (${item.diagnosis})` : ""}.${item.explanation !== null ? ` ${item.explanation}` : ""}`,
    );
}
