/**
 * How many significant digits an exercise's answers need. Within the tolerance (0.5% by default) 4
 * significant digits are plenty for a value; but a weight's value after a small step can be the same
 * as before to 4 digits (new w3 = -0.77996706 from -0.78), and an answer that does not show the step
 * is graded as the weight left un-updated. So the advice is found by the grading itself: the fewest
 * digits, 4 or more, at which every value asked, written with that many, is graded right.
 *
 * @module
 */
import type { Computation } from "../grade/computation.js";
import { gradeComputation } from "../grade/grade.js";
import { DEFAULT_TOLERANCE } from "../grade/tolerance.js";

/** The digits advised where nothing needs more. */
export const ADVISED_DIGITS = 4;

/** The exact value of every asked quantity written with `digits` significant digits, nested under its answers-file name. */
function roundedAnswers(computation: Computation, digits: number): Record<string, unknown> {
  const answers: Record<string, unknown> = {};
  const asked = new Set(computation.asked);
  for (const q of computation.quantities) {
    if (!asked.has(q.path)) continue;
    const exact = computation.exact(q.path);
    if (!Number.isFinite(exact)) continue;
    const parts = q.key.split(".");
    let at = answers;
    for (const part of parts.slice(0, -1)) at = (at[part] ??= {}) as Record<string, unknown>;
    at[parts[parts.length - 1]] = Number(exact.toPrecision(digits));
  }
  return answers;
}

/** The fewest significant digits, {@link ADVISED_DIGITS} or more, at which every value asked is graded right (17 at most). */
export function significantDigitsNeeded(computation: Computation, tolerance: number = DEFAULT_TOLERANCE): number {
  for (let digits = ADVISED_DIGITS; digits < 17; digits++) {
    const report = gradeComputation(computation, roundedAnswers(computation, digits), { tolerance });
    if (report.items.every((item) => item.ok)) return digits;
  }
  return 17;
}

/** The advice in words: "4 significant digits are plenty", or how many more this exercise needs, and why. */
export function digitsAdvice(digits: number): string {
  return digits <= ADVISED_DIGITS
    ? `${ADVISED_DIGITS} significant digits are plenty`
    : `write ${digits} significant digits here, not ${ADVISED_DIGITS}: a step changes a value by less than ${ADVISED_DIGITS} digits show, and an answer that does not show the change reads as a value left un-updated`;
}
