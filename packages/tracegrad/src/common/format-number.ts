/**
 * How numbers print in worked solutions, gradient checks and grading: `precision` significant digits
 * (8 by default), trailing zeros trimmed, plain decimal notation for magnitudes from 1e-6 to 1e9 and
 * scientific notation outside, an ASCII `-` for negatives (LaTeX typesets its own minus).
 *
 * @module
 */

export const DEFAULT_PRECISION = 8;

/** The smallest magnitude printed in plain decimal notation. */
const PLAIN_MIN = 1e-6;
/** Magnitudes from here up are printed in scientific notation. */
const PLAIN_MAX = 1e9;

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** The parts of a number rounded to `precision` significant digits. */
function parts(x: number, precision: number): { sign: string; mantissa: string; exponent: number | null } {
  const sign = x < 0 ? "-" : "";
  const m = Math.abs(x);
  const rounded = Number(m.toPrecision(precision));
  if (rounded >= PLAIN_MIN && rounded < PLAIN_MAX) {
    const magnitude = Math.floor(Math.log10(rounded));
    const decimals = Math.max(0, precision - 1 - magnitude);
    return { sign, mantissa: trimZeros(rounded.toFixed(Math.min(decimals, 100))), exponent: null };
  }
  const [mantissa, exponent] = m.toExponential(precision - 1).split("e");
  return { sign, mantissa: trimZeros(mantissa), exponent: Number(exponent) };
}

/**
 * Formats a number for text, Markdown and JSON-facing output: `0.26060897`, `-1.4`, `2.5e-7`.
 * Zero prints as `0` (never `-0`); NaN and infinities print as `NaN`, `Infinity`, `-Infinity`.
 */
export function formatNumber(x: number, precision: number = DEFAULT_PRECISION): string {
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "Infinity" : "-Infinity";
  if (x === 0) return "0";
  const { sign, mantissa, exponent } = parts(x, precision);
  return exponent === null ? sign + mantissa : `${sign}${mantissa}e${exponent}`;
}

/** Formats a number for LaTeX: `-0.5`, `2.5 \times 10^{-7}`. */
export function formatNumberLatex(x: number, precision: number = DEFAULT_PRECISION): string {
  if (Number.isNaN(x)) return "\\mathrm{NaN}";
  if (!Number.isFinite(x)) return x > 0 ? "\\infty" : "-\\infty";
  if (x === 0) return "0";
  const { sign, mantissa, exponent } = parts(x, precision);
  return exponent === null ? sign + mantissa : `${sign}${mantissa} \\times 10^{${exponent}}`;
}

/** Rounds to `precision` significant digits, as printed. */
export function roundTo(x: number, precision: number = DEFAULT_PRECISION): number {
  return Number(formatNumber(x, precision));
}
