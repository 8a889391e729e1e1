/**
 * A grade report as text for the learner (each answer, and for a wrong one what went wrong and the
 * correct working), and as the JSON object `tracegrad check --json` prints.
 *
 * @module
 */
import { formatNumber } from "../common/format-number.js";
import type { GradeReport, GradedItem } from "./grade.js";
import { formatTolerance } from "./tolerance.js";

/** How a grade report is printed. */
export interface GradeTextOptions {
  /** Significant digits of the numbers (8 by default). */
  readonly precision?: number;
  /** The first line, e.g. `Grading answers.yaml against net.yaml`. */
  readonly heading?: string;
  /** Leave the right answers out. */
  readonly onlyWrong?: boolean;
}

function itemLines(item: GradedItem, precision: number): string[] {
  const f = (x: number) => formatNumber(x, precision);
  if (item.ok) return [`  ✓ ${item.quantity} = ${f(item.given)}`];
  const what = item.diagnosis === null ? "wrong" : item.consistent ? `${item.diagnosis}, consistent` : item.diagnosis;
  const lines = [`  ✗ ${item.quantity} = ${f(item.given)}, expected ${f(item.expected)}: ${what}`];
  if (item.explanation !== null) lines.push(`      ${item.explanation}`);
  if (item.working !== null) lines.push(`      Correct working: ${item.working}`);
  return lines;
}

/** The wrong answers grouped by diagnosis: `∂E/∂w2, ∂E/∂w3 (swapped); E (factor-of-two)`. */
export function wrongByDiagnosis(report: GradeReport, maxNames = Infinity): string {
  const groups = new Map<string, string[]>();
  for (const item of report.items) {
    if (item.ok) continue;
    const code = item.diagnosis ?? "unexplained";
    groups.set(code, [...(groups.get(code) ?? []), item.quantity]);
  }
  return [...groups]
    .map(([code, names]) => `${names.length > maxNames ? `${names.length} values` : names.join(", ")} (${code})`)
    .join("; ");
}

/** The last line: how many are right, and which are wrong. */
export function gradeSummary(report: GradeReport): string {
  const { right, answered, consistent } = report.score;
  if (answered === 0) return "No values were answered.";
  if (report.correct) return `All ${answered} answered value${answered === 1 ? " is" : "s are"} right.`;
  const carried = consistent > 0 ? ` ${consistent} of the wrong ${consistent === 1 ? "one is" : "ones are"} consistent with an earlier mistake.` : "";
  return `${right} of ${answered} answered values are right. Wrong: ${wrongByDiagnosis(report)}.${carried}`;
}

/** The report as text. */
export function renderGradeText(report: GradeReport, options: GradeTextOptions = {}): string {
  const precision = options.precision ?? 8;
  const out: string[] = [];
  if (options.heading !== undefined) out.push(`${options.heading} (relative tolerance ${formatTolerance(report.tolerance)})`, "");
  for (const item of report.items) if (!(options.onlyWrong && item.ok)) out.push(...itemLines(item, precision));
  if (out.length > 0 && out[out.length - 1] !== "") out.push("");
  out.push(gradeSummary(report));
  return out.join("\n") + "\n";
}

/** The report as the JSON object of `tracegrad check --json`. */
export function gradeToJson(report: GradeReport): object {
  return {
    correct: report.correct,
    score: report.score,
    tolerance: report.tolerance,
    items: report.items.map((i) => ({
      path: i.path,
      name: i.name,
      quantity: i.quantity,
      key: i.key,
      expected: i.expected,
      given: i.given,
      ok: i.ok,
      diagnosis: i.diagnosis,
      explanation: i.explanation,
      working: i.working,
      ...(i.consistent !== undefined ? { consistent: i.consistent } : {}),
      ...(i.causedBy !== undefined ? { causedBy: i.causedBy } : {}),
      ...(i.swappedWith !== undefined ? { swappedWith: i.swappedWith } : {}),
    })),
  };
}
