/**
 * Checking answers against a worked computation, with the correct working beside each wrong one: the
 * grading of `grade/` (which judges) composed with the worked solution of `explain/` (which renders).
 * Neither of those two imports the other; this module and the command line put them together.
 *
 * @module
 */
import { DEFAULT_PRECISION, formatNumber } from "../common/format-number.js";
import { workingOf } from "../explain/working.js";
import type { Computation, GradedQuantity } from "../grade/computation.js";
import { gradeComputation, gradeRecord } from "../grade/grade.js";
import type { GradeOptions, GradeReport } from "../grade/grade.js";
import { gradeClass, gradeSet } from "../grade/gradebook.js";
import type { StudentGrade, Submission } from "../grade/gradebook.js";
import { stepComputation } from "../grade/step-computation.js";
import { stepsComputation } from "../grade/steps-computation.js";
import type { StepRecord } from "../step/run-step.js";

/** The correct working of the quantities of a computation, read off its worked solution. */
export interface WorkingLines {
  /** The worked solution's step that computes `q`, as one line. */
  line(q: GradedQuantity): string | undefined;
  /** That step's formula with the learner's own values put in (by path), without its result. */
  formula(q: GradedQuantity, own: (path: string) => number | undefined): string | undefined;
}

/** A computation to check answers against, and how to find the working of its quantities. */
export interface Checkable {
  readonly computation: Computation;
  /** The working lines at a precision (built once per grading). */
  working(precision: number): WorkingLines;
}

/** A recorded step as something to check answers against. */
export function stepCheckable(record: StepRecord): Checkable {
  const computation = stepComputation(record);
  return {
    computation,
    working(precision) {
      const working = workingOf(record, precision);
      return {
        line: (q) => working.line(computation.quantity(q.path)),
        formula: (q, own) => working.formula(computation.quantity(q.path), own),
      };
    },
  };
}

/** Steps in a row (`tracegrad step --steps N`) as something to check answers against: `step2.w1`, or a bare `w1` for the first step. */
export function stepsCheckable(records: readonly StepRecord[]): Checkable {
  const computation = stepsComputation(records);
  return {
    computation,
    working(precision) {
      const parts = records.map((r) => stepCheckable(r).working(precision));
      return {
        line: (q) => {
          const { step, quantity } = computation.partOf(q.path);
          return parts[step].line(quantity);
        },
        formula: (q, own) => {
          const { step, quantity } = computation.partOf(q.path);
          return parts[step].formula(quantity, (p) => own(`steps[${step}].${p}`));
        },
      };
    },
  };
}

/** Whether a value is a {@link Checkable} rather than a step record. */
function isCheckable(x: StepRecord | Checkable): x is Checkable {
  return "computation" in x;
}

function checkableOf(x: StepRecord | Checkable): Checkable {
  return isCheckable(x) ? x : stepCheckable(x);
}

/**
 * Grading options with the correct working of each wrong answer, and the formula of its hint, taken
 * from the worked solution.
 */
export function withWorking(checkable: StepRecord | Checkable, options: GradeOptions = {}): GradeOptions {
  const working = checkableOf(checkable).working(options.precision ?? DEFAULT_PRECISION);
  // A quantity's working is the same for every learner: rendered once, and one string shared by a class's reports.
  const lines = new Map<string, string | undefined>();
  const line = (q: GradedQuantity) => {
    if (!lines.has(q.path)) lines.set(q.path, working.line(q));
    return lines.get(q.path);
  };
  return { ...options, working: line, formula: (q, own) => working.formula(q, own) };
}

/** Grades answers to a recorded step or another worked computation; each wrong answer carries its correct working. */
export function checkAnswers(checkable: StepRecord | Checkable, answers: unknown, options: GradeOptions = {}): GradeReport {
  const c = checkableOf(checkable);
  return gradeComputation(c.computation, answers, withWorking(c, options));
}

/** Grades a class's answers files against one exercise; each wrong answer carries its correct working. */
export function checkClass(checkable: StepRecord | Checkable, submissions: readonly Submission[], options: GradeOptions = {}): StudentGrade[] {
  const c = checkableOf(checkable);
  return gradeClass(c.computation, submissions, withWorking(c, options));
}

/**
 * Grades answers files to the exercises of a set (by exercise name: `07`), each against its own
 * exercise; each wrong answer carries its correct working.
 */
export function checkSet(exercises: ReadonlyMap<string, StepRecord | Checkable>, submissions: readonly Submission[], options: GradeOptions = {}): StudentGrade[] {
  const byExercise = new Map<string, Submission[]>();
  for (const s of submissions) {
    const list = byExercise.get(s.exercise);
    if (list === undefined) byExercise.set(s.exercise, [s]);
    else list.push(s);
  }
  const graded = new Map<Submission, StudentGrade>();
  for (const [exercise, list] of byExercise) {
    const found = exercises.get(exercise);
    // gradeSet reports an exercise the set does not have; each exercise's working is built once.
    const grades =
      found === undefined
        ? gradeSet(new Map([...exercises].map(([name, x]) => [name, checkableOf(x).computation])), list, options)
        : gradeClass(checkableOf(found).computation, list, withWorking(found, options));
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
