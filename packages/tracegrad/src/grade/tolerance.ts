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

import { significantDigits } from "../common/digits.js";

export { halfUnit, significantDigits } from "../common/digits.js";

/**
 * One unit in the last digit of a number as written, counting at least `minDigits` significant digits:
 * 0.0001 for 0.1234, and 0.00001 (not 0.01) for -0.01, which a learner who writes -0.01 most likely
 * means exactly.
 */
export function lastDigitUnit(x: number, minDigits = 4): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  const exponent = Number(Math.abs(x).toExponential().split("e")[1]);
  return Math.pow(10, exponent - (Math.max(significantDigits(x), minDigits) - 1));
}

/** The decimal places of a number as written at its shortest: 3 for -0.058, 0 for 12, 7 for 0.0002747. */
export function decimalPlaces(x: number): number {
  if (!Number.isFinite(x) || Number.isInteger(x)) return 0;
  const [mantissa, exponent] = Math.abs(x).toExponential().split("e");
  const fraction = mantissa.split(".")[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

/** Half a unit of the `digits`-th significant digit of x: 0.0005 for 0.1234 at 3 digits. */
export function halfUnitAt(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  const exponent = Number(Math.abs(x).toExponential().split("e")[1]);
  return 0.5 * Math.pow(10, exponent - (digits - 1));
}

/**
 * How a learner writes their numbers, read from all their answers: a fixed number of decimal places
 * (as many as 4: 3 for answers such as 0.281, -0.058 and 0), and the significant digits most of their
 * answers have (so that -0.003 from one who writes 4 digits is read as -0.003000). Null where their
 * answers do not show it (fewer than 3 that are not 0, or more than 4 decimals).
 */
export interface WritingStyle {
  readonly decimals: number | null;
  readonly digits: number | null;
}

/** The writing style of a learner's answers. */
export function writingStyle(answers: readonly number[]): WritingStyle {
  const nonzero = answers.filter((x) => x !== 0 && Number.isFinite(x));
  if (nonzero.length < 3) return { decimals: null, digits: null };
  const most = Math.max(...nonzero.map(decimalPlaces));
  const counts = new Map<number, number>();
  for (const x of nonzero) counts.set(significantDigits(x), (counts.get(significantDigits(x)) ?? 0) + 1);
  const digits = [...counts].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0][0];
  return { decimals: most <= 4 ? most : null, digits };
}

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
