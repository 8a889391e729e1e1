/**
 * Where seed 004's published answer to exercise 3 differs from the recomputed scaling, said when the
 * data is the seed's matrix [[5, 20, 10], [15, 5, 25], [10, 30, 15]].
 *
 * @module
 */
import { formatNumber } from "../../common/format-number.js";
import type { ScaleRecord } from "./explain-scale.js";

/** Seed 004, exercise 3: X, one row per sample. */
export const SEED_004_EXERCISE_3 = [
  [5, 20, 10],
  [15, 5, 25],
  [10, 30, 15],
] as const;

/** Whether the data is seed 004's exercise 3 matrix. */
export function isSeed004Exercise3(values: readonly (readonly number[])[]): boolean {
  return values.length === 3 && values.every((row, r) => row.length === 3 && row.every((v, j) => v === SEED_004_EXERCISE_3[r][j]));
}

/** The notes comparing a scaling of seed 004's matrix with the seed's published answers. */
export function seed004ScalingNotes(record: ScaleRecord, precision: number): string[] {
  if (!isSeed004Exercise3(record.data.values)) return [];
  const f = (x: number) => formatNumber(x, precision);
  const three = (x: number) => formatNumber(Math.round(x * 1000) / 1000, 8);
  const scaler = record.scaler;
  const at = (r: number, j: number) => record.scaled[r * 3 + j];
  if (scaler.method === "minmax") {
    return [`Seed 004, exercise 3: the published min-max answer [[0, 0.6, 0], [1, 0, 1], [0.5, 1, 0.333]] agrees (x̂₃⁽³⁾ = ${f(at(2, 2))}, which the seed rounds to 0.333).`];
  }
  if (scaler.deviation === "sample") {
    return ["Seed 004, exercise 3 standardizes with the population standard deviation (dividing by n = 3); this solution divides by n - 1 = 2, so its numbers differ from the seed's (run with --std population to compare)."];
  }
  return [
    `Seed 004, exercise 3 prints σ₂ ≈ 10.28; it is ${f(scaler.std[1])} (√(${f(3 * scaler.std[1] ** 2)}/3) = √${f(scaler.std[1] ** 2)}). Its σ₁ ≈ 4.08 (${f(scaler.std[0])}) and σ₃ ≈ 6.24 (${f(scaler.std[2])}) are right to 3 figures.`,
    `Row 2, feature 2: the seed prints -1.297; it is ${f(at(1, 1))} (${three(at(1, 1))} to 3 decimals).`,
    `Row 3, feature 2: the seed prints 1.297; it is ${f(at(2, 1))}: (30 - 18.33)/10.28 = 1.135, so the seed's 1.297 repeats the magnitude of row 2's value instead.`,
  ];
}
