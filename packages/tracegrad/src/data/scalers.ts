/**
 * Feature scaling, fitted on the training split only and then applied to every split:
 *
 * - min-max: x' = (x - min)/(max - min), each feature into [0, 1] on the training data;
 * - standardization: x' = (x - μ)/σ, with σ the population standard deviation √((1/n) Σ (x - μ)²)
 *   by default (as the Neural Networks Exercises use) or the sample one √((1/(n - 1)) Σ (x - μ)²).
 *
 * A feature that is constant on the training data maps to 0: its min-max range is 0, and its σ is taken
 * as 0 (and μ as its value) when its min equals its max or σ ≤ 10⁻¹²·max(1, |μ|), which is rounding.
 *
 * @module
 */
import type { Expr } from "../engine/expr.js";
import { add, div, max, min, mul, num, pow, sqrt, sub, sumOver, sym } from "../engine/expr.js";

/** @category Data */
export type ScalerMethod = "minmax" | "standardize";
/** @category Data */
export type Deviation = "population" | "sample";

/** @category Data */
export type ScalerJson =
  | { readonly method: "minmax"; readonly min: number[]; readonly max: number[] }
  | { readonly method: "standardize"; readonly deviation: Deviation; readonly mean: number[]; readonly std: number[] };

/** The offset and scale each feature is mapped with: x' = (x - offset)/scale. */
function parameters(scaler: ScalerJson): { offset: number[]; scale: number[] } {
  return scaler.method === "minmax"
    ? { offset: scaler.min, scale: scaler.max.map((m, j) => m - scaler.min[j]) }
    : { offset: scaler.mean, scale: scaler.std };
}

/**
 * A standard deviation this small next to the mean (σ ≤ 10⁻¹²·max(1, |μ|)) is rounding, not spread:
 * the feature counts as constant.
 */
export const CONSTANT_DEVIATION = 1e-12;

/** The smallest and largest value of column j, by a loop (spreading a long column into Math.min overflows the stack). */
function columnRange(x: ArrayLike<number>, rows: number, features: number, j: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < rows; r++) {
    const v = x[r * features + j];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}

/** The mean and standard deviation of column j; a constant column gets its value exactly and σ = 0. */
function columnMoments(x: ArrayLike<number>, rows: number, features: number, j: number, deviation: Deviation): [number, number] {
  const [lo, hi] = columnRange(x, rows, features, j);
  if (lo === hi) return [lo, 0];
  let sum = 0;
  for (let r = 0; r < rows; r++) sum += x[r * features + j];
  const mean = sum / rows;
  let squares = 0;
  for (let r = 0; r < rows; r++) {
    const d = x[r * features + j] - mean;
    squares += d * d;
  }
  const std = Math.sqrt(squares / (deviation === "sample" ? rows - 1 : rows));
  return [mean, std <= CONSTANT_DEVIATION * Math.max(1, Math.abs(mean)) ? 0 : std];
}

/** Fits a scaler to rows × features values. The sample deviation needs at least 2 rows. */
export function fitScaler(x: ArrayLike<number>, rows: number, features: number, method: ScalerMethod, deviation: Deviation = "population"): ScalerJson {
  if (rows < 1) throw new RangeError("a scaler needs at least one row");
  const columns = Array.from({ length: features }, (_, j) => j);
  if (method === "minmax") {
    const ranges = columns.map((j) => columnRange(x, rows, features, j));
    return { method, min: ranges.map(([lo]) => lo), max: ranges.map(([, hi]) => hi) };
  }
  if (deviation === "sample" && rows < 2) throw new RangeError("the sample standard deviation divides by n - 1: it needs at least 2 rows");
  const moments = columns.map((j) => columnMoments(x, rows, features, j, deviation));
  return { method, deviation, mean: moments.map(([m]) => m), std: moments.map(([, s]) => s) };
}

/** The scaled copy of rows × features values. */
export function applyScaler(scaler: ScalerJson, x: ArrayLike<number>, rows: number, features: number): Float64Array {
  const { offset, scale } = parameters(scaler);
  const out = new Float64Array(rows * features);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < features; j++) {
      const k = r * features + j;
      out[k] = scale[j] === 0 ? 0 : (x[k] - offset[j]) / scale[j];
    }
  }
  return out;
}

/** The printed formula of one scaled value, with symbols carrying the numbers. */
export function scalerFormula(method: ScalerMethod, x: Expr, a: Expr, b: Expr): Expr {
  // min-max: (x - min)/(max - min); standardization: (x - μ)/σ.
  return method === "minmax" ? div(sub(x, a), sub(b, a)) : div(sub(x, a), b);
}

/** The printed formula of a feature's minimum, as {@link fitScaler} takes it: min(x⁽¹⁾, ..., x⁽ⁿ⁾). */
export function scalerMinFormula(column: readonly Expr[]): Expr {
  return min(...column);
}

/** The printed formula of a feature's maximum: max(x⁽¹⁾, ..., x⁽ⁿ⁾). */
export function scalerMaxFormula(column: readonly Expr[]): Expr {
  return max(...column);
}

/** The printed formula of a feature's mean, as {@link fitScaler} computes it: (x⁽¹⁾ + ... + x⁽ⁿ⁾)/n. */
export function scalerMeanFormula(column: readonly Expr[]): Expr {
  return div(add(...column), column.length);
}

/**
 * The printed formula of a feature's standard deviation, as {@link fitScaler} computes it:
 * √(((x⁽¹⁾ - μ)² + ... + (x⁽ⁿ⁾ - μ)²)/n), or /(n - 1) for the sample deviation.
 */
export function scalerDeviationFormula(column: readonly Expr[], mean: Expr, deviation: Deviation): Expr {
  const n = column.length;
  return sqrt(div(add(...column.map((x) => pow(sub(x, mean), 2))), num(deviation === "sample" ? n - 1 : n)));
}

/** The general formulas of a scaler's statistics (over the n rows i), as `lhs = rhs` pairs. */
export function scalerStatisticsFormulas(method: ScalerMethod, deviation: Deviation): { lhs: Expr; rhs: Expr }[] {
  const x = sym("x", "i");
  if (method === "minmax") return [];
  const n = sym("n");
  const divisor = deviation === "sample" ? sub(n, 1) : n;
  return [
    { lhs: sym("mu"), rhs: mul(div(1, n), sumOver("i", x)) },
    { lhs: sym("sigma"), rhs: sqrt(mul(div(1, divisor), sumOver("i", pow(sub(x, sym("mu")), 2)))) },
  ];
}
