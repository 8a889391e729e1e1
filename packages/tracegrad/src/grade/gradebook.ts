/**
 * Grading a whole class: answers files of many students, each graded against the step of its
 * exercise (one spec for the class, or one exercise each from a set made by `exercise --count`),
 * summarised one line per student and exercise, and written as a gradebook: one row per student and
 * exercise (`student, exercise, points, maxPoints, right, carriedForward, wrong, answered`), which
 * imports into the common LMS gradebooks, and a long form with one row per answered value.
 *
 * @module
 */
import { InputError } from "../common/input-error.js";
import { parseSource } from "../common/source.js";
import type { StepRecord } from "../step/run-step.js";
import type { GradeOptions, GradeReport } from "./grade.js";
import { formatPoints, gradeRecord } from "./grade.js";
import { csvText } from "./csv-cell.js";
import { scoreLine, wrongByDiagnosis } from "./render-grade.js";
import { formatTolerance } from "./tolerance.js";

/** One student's answers file. */
export interface Submission {
  /** The student's name. */
  readonly student: string;
  /** The exercise it answers (`07` in a set; the spec's name for a class with one spec). */
  readonly exercise: string;
  readonly file: string;
  readonly text: string;
}

/** One student's grade on one exercise, or the mistake in their file that kept it from being graded. */
export interface StudentGrade {
  readonly student: string;
  readonly exercise: string;
  readonly file: string;
  readonly report: GradeReport | null;
  /** The one-line error, when the file could not be read. */
  readonly error: string | null;
}

/** Grades one submission; a malformed file is reported in the grade, not thrown. */
function gradeOne(record: StepRecord, submission: Submission, options: GradeOptions): StudentGrade {
  const { student, exercise, file, text } = submission;
  try {
    return { student, exercise, file, report: gradeRecord(record, parseSource(text, file), options), error: null };
  } catch (error) {
    if (error instanceof InputError) return { student, exercise, file, report: null, error: error.message };
    throw error;
  }
}

/** Grades every submission against the same recorded step; a malformed file is reported, not fatal. */
export function gradeClass(record: StepRecord, submissions: readonly Submission[], options: GradeOptions = {}): StudentGrade[] {
  return submissions.map((s) => gradeOne(record, s, options));
}

/**
 * Grades submissions to the exercises of a set, each against the step of its own exercise (by the
 * exercise's name); a submission to an exercise the set does not have is an {@link InputError}.
 */
export function gradeSet(exercises: ReadonlyMap<string, StepRecord>, submissions: readonly Submission[], options: GradeOptions = {}): StudentGrade[] {
  return submissions.map((s) => {
    const record = exercises.get(s.exercise);
    if (record === undefined) throw new InputError(`answers exercise ${s.exercise}, which the set does not have (it has ${[...exercises.keys()].join(", ")})`, { file: s.file });
    return gradeOne(record, s, options);
  });
}

/** The counts of a grade: right, carried forward, wrong. */
function counts(report: GradeReport): { right: number; carriedForward: number; wrong: number } {
  const { right, answered, followThrough } = report.score;
  return { right, carriedForward: followThrough, wrong: answered - right - followThrough };
}

/** The columns of the gradebook, one row per student and exercise. */
export const GRADEBOOK_COLUMNS = ["student", "exercise", "points", "maxPoints", "right", "carriedForward", "wrong", "answered"] as const;

/** The gradebook as CSV: one row per student and exercise, and an `error` column when a file could not be graded. */
export function gradebookCsv(grades: readonly StudentGrade[]): string {
  const errors = grades.some((g) => g.error !== null);
  const rows: string[][] = [[...GRADEBOOK_COLUMNS, ...(errors ? ["error"] : [])]];
  for (const g of grades) {
    if (g.report === null) {
      rows.push([g.student, g.exercise, "", "", "", "", "", "", g.error ?? ""]);
      continue;
    }
    const { right, carriedForward, wrong } = counts(g.report);
    const { points, maxPoints, answered } = g.report.score;
    rows.push([g.student, g.exercise, formatPoints(points), String(maxPoints), String(right), String(carriedForward), String(wrong), String(answered), ...(errors ? [""] : [])]);
  }
  return csvText(rows);
}

/** The columns of the long gradebook, one row per answered value. */
export const GRADEBOOK_LONG_COLUMNS = ["student", "exercise", "quantity", "given", "expected", "status", "diagnosis", "alternatives"] as const;

/** The long gradebook as CSV: one row per answered value (quantities under their answers-file names). */
export function gradebookLongCsv(grades: readonly StudentGrade[]): string {
  const rows: string[][] = [[...GRADEBOOK_LONG_COLUMNS]];
  for (const g of grades) {
    for (const item of g.report?.items ?? []) {
      const diagnosis = item.diagnosis === null ? "" : item.combinedWith === undefined ? item.diagnosis : `${item.diagnosis}+${item.combinedWith}`;
      rows.push([g.student, g.exercise, item.key, String(item.given), String(item.expected), item.status, diagnosis, item.alternatives.join(" ")]);
    }
  }
  return csvText(rows);
}

/** One line per student (and exercise, when there are several). */
export function renderClassText(grades: readonly StudentGrade[], options: { heading?: string; tolerance: number }): string {
  const width = Math.max(7, ...grades.map((g) => g.student.length));
  const exercises = new Set(grades.map((g) => g.exercise)).size > 1;
  const exerciseWidth = Math.max(...grades.map((g) => g.exercise.length), 0);
  const out: string[] = [];
  if (options.heading !== undefined) out.push(`${options.heading} (relative tolerance ${formatTolerance(options.tolerance)})`, "");
  for (const g of grades) {
    const name = g.student.padEnd(width) + (exercises ? `  ${g.exercise.padEnd(exerciseWidth)}` : "");
    if (g.report === null) {
      out.push(`  ${name}  not graded: ${g.error}`);
      continue;
    }
    const wrong = wrongByDiagnosis(g.report, 3);
    out.push(`  ${name}  ${scoreLine(g.report)}${wrong === "" ? "" : `  wrong: ${wrong}`}`);
  }
  const graded = grades.filter((g) => g.report !== null);
  const perfect = graded.filter((g) => g.report!.correct).length;
  const what = exercises ? "answers file" : "student";
  const plural = (n: number) => (n === 1 ? "" : "s");
  out.push("", `${grades.length} ${what}${plural(grades.length)}: ${perfect} with every answer right, ${graded.length - perfect} with a mistake${grades.length > graded.length ? `, ${grades.length - graded.length} not graded` : ""}.`);
  return out.join("\n") + "\n";
}
