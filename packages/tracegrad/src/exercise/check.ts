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
import { gradeClass, gradeSet } from "../grade/gradebook.js";
import type { StudentGrade, Submission } from "../grade/gradebook.js";
import type { StepRecord } from "../step/run-step.js";

/**
 * Grading options with the correct working of each wrong answer, and the formula of its hint, taken
 * from the step's worked solution.
 */
export function withWorking(record: StepRecord, options: GradeOptions = {}): GradeOptions {
  const working = workingOf(record, options.precision ?? DEFAULT_PRECISION);
  return { ...options, working: (q) => working.line(q), formula: (q, own) => working.formula(q, own) };
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
 * Grades answers files to the exercises of a set (by exercise name: `07`), each against its own
 * exercise's step; each wrong answer carries its correct working.
 */
export function checkSet(exercises: ReadonlyMap<string, StepRecord>, submissions: readonly Submission[], options: GradeOptions = {}): StudentGrade[] {
  const byExercise = new Map<string, Submission[]>();
  for (const s of submissions) byExercise.set(s.exercise, [...(byExercise.get(s.exercise) ?? []), s]);
  const graded = new Map<Submission, StudentGrade>();
  for (const [exercise, list] of byExercise) {
    const record = exercises.get(exercise);
    // gradeSet reports an exercise the set does not have; each exercise's working is built once.
    const grades = record === undefined ? gradeSet(exercises, list, options) : gradeClass(record, list, withWorking(record, options));
    list.forEach((s, k) => graded.set(s, grades[k]));
  }
  return submissions.map((s) => graded.get(s)!);
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
