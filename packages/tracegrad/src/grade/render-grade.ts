/**
 * A grade report as text for the learner (each answer; for a wrong one what went wrong and the correct
 * working, or with hints the mistake and the formula with the learner's own values but not the
 * answer), and as the JSON object `tracegrad check --json` prints. A mistake made in several values
 * is explained at the first and referred to after.
 *
 * @module
 */
import { formatNumber } from "../common/format-number.js";
import type { GradeReport, GradedItem } from "./grade.js";
import { formatPoints } from "./grade.js";
import { formatTolerance } from "./tolerance.js";

/** How a grade report is printed. */
export interface GradeTextOptions {
  /** Significant digits of the numbers (8 by default). */
  readonly precision?: number;
  /** The first line, e.g. `Grading answers.yaml against net.yaml`. */
  readonly heading?: string;
  /** Leave the right answers out. */
  readonly onlyWrong?: boolean;
  /** Print hints (the items' `hint`) instead of the correct values and working. */
  readonly hints?: boolean;
}

/** The codes of an item: `factor-of-two or no-learning-rate`, `factor-of-two with no-learning-rate`. */
export function itemCodes(item: GradedItem): string {
  if (item.diagnosis === null) return "wrong";
  const first = item.combinedWith === undefined ? item.diagnosis : `${item.diagnosis} with ${item.combinedWith}`;
  return [first, ...item.alternatives].join(" or ");
}

/** What makes two wrong answers the same slip: the same mistake, explained the same way. */
function slipKey(item: GradedItem): string | null {
  if (item.mistake === null || item.status !== "wrong") return null;
  return [item.mistake, ...item.alternatives].join("|");
}

function itemLines(item: GradedItem, precision: number, hints: boolean, seen: Map<string, GradedItem>): string[] {
  const f = (x: number) => formatNumber(x, precision);
  if (item.ok) return [`  ✓ ${item.quantity} = ${f(item.given)}`];
  const carried = item.status === "carried-forward";
  const what = carried ? `carried forward (${itemCodes(item)})` : itemCodes(item);
  const mark = carried ? "↪" : "✗";
  const lines = [hints ? `  ${mark} ${item.quantity} = ${f(item.given)}: ${what}` : `  ${mark} ${item.quantity} = ${f(item.given)}, expected ${f(item.expected)}: ${what}`];
  const key = slipKey(item);
  const earlier = key === null ? undefined : seen.get(key);
  if (key !== null && earlier === undefined) seen.set(key, item);
  const words = hints ? item.hint : item.explanation;
  if (earlier !== undefined) lines.push(`      The same mistake as in ${earlier.quantity} above.`);
  else if (words !== null) lines.push(`      ${words}`);
  if (!hints && item.working !== null) lines.push(`      Correct working: ${item.working}`);
  return lines;
}

/** The wrong answers grouped by diagnosis: `∂E/∂w2, ∂E/∂w3 (swapped); E (factor-of-two)`; carried-forward ones left out. */
export function wrongByDiagnosis(report: GradeReport, maxNames = Infinity): string {
  const groups = new Map<string, string[]>();
  for (const item of report.items) {
    if (item.status !== "wrong") continue;
    const code = item.diagnosis === null ? "unexplained" : itemCodes(item);
    groups.set(code, [...(groups.get(code) ?? []), item.quantity]);
  }
  return [...groups]
    .map(([code, names]) => `${names.length > maxNames ? `${names.length} values` : names.join(", ")} (${code})`)
    .join("; ");
}

/** `right 12, carried forward 9, wrong 3 (points 21/24)`. */
export function scoreLine(report: GradeReport): string {
  const { right, answered, followThrough, points, maxPoints } = report.score;
  return `right ${right}, carried forward ${followThrough}, wrong ${answered - right - followThrough} (points ${formatPoints(points)}/${maxPoints})`;
}

/** The last line: the score, and which values are wrong or carried forward. */
export function gradeSummary(report: GradeReport): string {
  const { answered } = report.score;
  if (answered === 0) return "No values were answered.";
  if (report.correct) return `${scoreLine(report)}. All ${answered} answered value${answered === 1 ? " is" : "s are"} right.`;
  const wrong = wrongByDiagnosis(report);
  const carried = report.items.filter((i) => i.status === "carried-forward").map((i) => i.quantity);
  return `${scoreLine(report)}.${wrong === "" ? "" : ` Wrong: ${wrong}.`}${carried.length > 0 ? ` Carried forward: ${carried.join(", ")}.` : ""}`;
}

/** The report as text. */
export function renderGradeText(report: GradeReport, options: GradeTextOptions = {}): string {
  const precision = options.precision ?? 8;
  const out: string[] = [];
  if (options.heading !== undefined) out.push(`${options.heading} (relative tolerance ${formatTolerance(report.tolerance)})`, "");
  const seen = new Map<string, GradedItem>();
  for (const item of report.items) if (!(options.onlyWrong && item.ok)) out.push(...itemLines(item, precision, options.hints ?? false, seen));
  if (out.length > 0 && out[out.length - 1] !== "") out.push("");
  out.push(gradeSummary(report));
  return out.join("\n") + "\n";
}

/** The report as the JSON object of `tracegrad check --json` (with hints: no expected values or working). */
export function gradeToJson(report: GradeReport, options: { hints?: boolean } = {}): object {
  const hints = options.hints ?? false;
  return {
    correct: report.correct,
    score: report.score,
    tolerance: report.tolerance,
    followThroughCredit: report.followThroughCredit,
    items: report.items.map((i) => ({
      path: i.path,
      name: i.name,
      quantity: i.quantity,
      key: i.key,
      ...(hints && !i.ok ? {} : { expected: i.expected }),
      given: i.given,
      ok: i.ok,
      status: i.status,
      diagnosis: i.diagnosis,
      alternatives: i.alternatives,
      ...(i.combinedWith !== undefined ? { combinedWith: i.combinedWith } : {}),
      mistake: i.mistake,
      explanation: hints ? null : i.explanation,
      ...(hints ? { hint: i.hint } : {}),
      working: hints ? null : i.working,
      ...(i.consistent !== undefined ? { consistent: i.consistent } : {}),
      ...(i.causedBy !== undefined ? { causedBy: i.causedBy } : {}),
      ...(i.swappedWith !== undefined ? { swappedWith: i.swappedWith } : {}),
    })),
  };
}
