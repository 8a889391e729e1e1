/**
 * The digits a number is written with: how many are significant, and half a unit in the last one, the
 * precision a printed value (a published answer, a learner's) is held to.
 *
 * @module
 */

/** The significant digits of a number as it is written at its shortest: 0.28 has 2, 0.00287383 has 6. */
export function significantDigits(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 1;
  const mantissa = Math.abs(x).toExponential().split("e")[0];
  return mantissa.replace(".", "").length;
}

/** Half a unit in the last digit of a number as written at its shortest: 0.005 for 0.28; 0 for 0. */
export function halfUnit(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return 0;
  const exponent = Number(Math.abs(x).toExponential().split("e")[1]);
  return 0.5 * Math.pow(10, exponent - (significantDigits(x) - 1));
}
