/**
 * Seed 004, exercise 7's analysis of its weights, checked against the numbers: it says "W2 values
 * are larger than those in W1", but W1 holds 0.8 > 0.7; only the mean magnitude is larger.
 *
 * @module
 */
import { formatNumber } from "../../common/format-number.js";
import type { WeightDiagnosis } from "./diagnose-weights.js";

/** Seed 004, exercise 7: W1 (units × inputs), b1, W2, b2. */
export const SEED_004_EXERCISE_7 = { w1: [[0.5, 0.2], [-0.3, 0.8]], b1: [0.1, -0.1], w2: [[0.7, -0.6]], b2: [0.2] } as const;

function equal(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): boolean {
  return a.length === b.length && a.every((row, r) => row.length === b[r].length && row.every((v, c) => v === b[r][c]));
}

/** Whether a diagnosis is of seed 004's exercise 7 weights. */
export function isSeed004Exercise7(d: WeightDiagnosis): boolean {
  const layers = d.spec.layers;
  return layers.length === 2 && equal(layers[0].weights, SEED_004_EXERCISE_7.w1) && equal(layers[1].weights, SEED_004_EXERCISE_7.w2);
}

/** The notes on the seed's claims, from the diagnosis's numbers. */
export function seed004WeightNotes(d: WeightDiagnosis, precision: number): string[] {
  if (!isSeed004Exercise7(d)) return [];
  const [first, second] = d.layers;
  const f = (x: number) => formatNumber(x, precision);
  return [
    `Seed 004 says "W2 values are larger than those in W1". Not every value is: W1 holds 0.8, larger than any of W2 (max |w| = ${f(first.weightMaxAbs)} in W1, ${f(second.weightMaxAbs)} in W2); only the mean magnitude is larger (mean |w| = ${f(second.weightMeanAbs)} in W2 against ${f(first.weightMeanAbs)} in W1).`,
    "Seed 004 gives no input for exercise 7; the diagnosis uses the inputs of the spec, and whether a ReLU unit is dead depends on them.",
  ];
}
