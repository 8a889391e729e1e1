/**
 * Grading a whole class: one answers file per student, graded against the same step, summarised one
 * line per student and written as a gradebook (CSV: student, right, answered, score %, then one
 * column per graded quantity holding `ok`, the diagnosis, or `wrong`).
 *
 * @module
 */
import { InputError } from "../common/input-error.js";
import { parseSource } from "../common/source.js";
import type { StepRecord } from "../step/run-step.js";
import type { GradeOptions, GradeReport } from "./grade.js";
import { gradeRecord } from "./grade.js";
import { listQuantities } from "../step/quantities.js";
import { wrongByDiagnosis } from "./render-grade.js";
import { formatTolerance } from "./tolerance.js";

/** One student's answers file. */
export interface Submission {
  /** The student's name: the file's name without its extension. */
  readonly student: string;
  readonly file: string;
  readonly text: string;
}

/** One student's grade, or the mistake in their file that kept it from being graded. */
export interface StudentGrade {
  readonly student: string;
  readonly file: string;
  readonly report: GradeReport | null;
  /** The one-line error, when the file could not be read. */
  readonly error: string | null;
}

/** Grades every submission against the same recorded step; a malformed file is reported, not fatal. */
export function gradeClass(record: StepRecord, submissions: readonly Submission[], options: GradeOptions = {}): StudentGrade[] {
  return submissions.map(({ student, file, text }) => {
    try {
      return { student, file, report: gradeRecord(record, parseSource(text, file), options), error: null };
    } catch (error) {
      if (error instanceof InputError) return { student, file, report: null, error: error.message };
      throw error;
    }
  });
}

/** A score as a percentage with at most one decimal: `91.7`. */
export function scorePercent(report: GradeReport): string {
  const { right, answered } = report.score;
  return answered === 0 ? "" : String(Math.round((1000 * right) / answered) / 10);
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/** The gradebook as CSV, one row per student, one column per quantity any student answered. */
export function gradebookCsv(record: StepRecord, grades: readonly StudentGrade[]): string {
  const answered = new Set(grades.flatMap((g) => g.report?.items.map((i) => i.path) ?? []));
  const columns = listQuantities(record.spec).filter((q) => answered.has(q.path));
  const errors = grades.some((g) => g.error !== null);
  const header = ["student", "right", "answered", "score %", ...columns.map((q) => q.key), ...(errors ? ["error"] : [])];
  const rows = grades.map((g) => {
    if (g.report === null) return [g.student, "", "", "", ...columns.map(() => ""), g.error ?? ""];
    const byPath = new Map(g.report.items.map((i) => [i.path, i]));
    const cells = columns.map((q) => {
      const item = byPath.get(q.path);
      return item === undefined ? "" : item.ok ? "ok" : (item.diagnosis ?? "wrong");
    });
    return [g.student, String(g.report.score.right), String(g.report.score.answered), scorePercent(g.report), ...cells, ...(errors ? [""] : [])];
  });
  return [header, ...rows].map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

/** One line per student. */
export function renderClassText(grades: readonly StudentGrade[], options: { heading?: string; tolerance: number }): string {
  const width = Math.max(7, ...grades.map((g) => g.student.length));
  const out: string[] = [];
  if (options.heading !== undefined) out.push(`${options.heading} (relative tolerance ${formatTolerance(options.tolerance)})`, "");
  for (const g of grades) {
    const name = g.student.padEnd(width);
    if (g.report === null) {
      out.push(`  ${name}  not graded: ${g.error}`);
      continue;
    }
    const { right, answered } = g.report.score;
    const score = answered === 0 ? "" : ` (${scorePercent(g.report)}%)`;
    out.push(`  ${name}  ${right}/${answered} right${score}  ${g.report.correct ? "" : `wrong: ${wrongByDiagnosis(g.report, 3)}`}`.trimEnd());
  }
  const graded = grades.filter((g) => g.report !== null);
  const perfect = graded.filter((g) => g.report!.correct).length;
  out.push("", `${grades.length} student${grades.length === 1 ? "" : "s"}: ${perfect} with every answer right, ${graded.length - perfect} with a mistake${grades.length > graded.length ? `, ${grades.length - graded.length} not graded` : ""}.`);
  return out.join("\n") + "\n";
}
