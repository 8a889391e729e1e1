/**
 * When a learner's number counts as right: within a relative tolerance of the exact value (0.5% by
 * default, so that an answer rounded to 3 or 4 significant digits passes), and how many digits a
 * learner wrote.
 *
 * @module
 */
import { InputError } from "../common/input-error.js";

/** The default relative tolerance: 0.5%. */
export const DEFAULT_TOLERANCE = 0.005;

/** Differences below this count as none: a value that is 0 in exact arithmetic may come out as 1e-17. */
export const ABSOLUTE_FLOOR = 1e-12;

/** Whether `given` is within the relative `tolerance` of `expected`. */
export function isClose(given: number, expected: number, tolerance: number): boolean {
  return Math.abs(given - expected) <= tolerance * Math.abs(expected) + ABSOLUTE_FLOOR;
}

export { halfUnit, significantDigits } from "../common/digits.js";

/**
 * Reads a tolerance as the CLI takes it: `0.5%` or a fraction `0.005`. It must lie in [0, 1)
 * (0 asks for exact answers).
 */
export function parseTolerance(text: string, option = "--tolerance"): number {
  const trimmed = text.trim();
  const percent = trimmed.endsWith("%");
  const number = Number(percent ? trimmed.slice(0, -1).trim() : trimmed);
  if (trimmed === "" || trimmed === "%" || !Number.isFinite(number)) throw new InputError(`${option} must be a number or a percentage such as 0.5%, got "${text}"`);
  const tolerance = percent ? number / 100 : number;
  if (tolerance < 0 || tolerance >= 1) throw new InputError(`${option} must be from 0 up to (not including) 100%, got "${text}"`);
  return tolerance;
}

/** A tolerance for messages: `0.5%`. */
export function formatTolerance(tolerance: number): string {
  return `${Number((tolerance * 100).toPrecision(6))}%`;
}
