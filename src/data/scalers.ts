/**
 * Feature scaling, fitted on the training split only and then applied to every split:
 *
 * - min-max: x' = (x - min)/(max - min), each feature into [0, 1] on the training data;
 * - standardization: x' = (x - μ)/σ, with σ the population standard deviation √((1/n) Σ (x - μ)²)
 *   by default (as seed 004 uses) or the sample one √((1/(n - 1)) Σ (x - μ)²).
 *
 * A feature that is constant on the training data maps to 0.
 *
 * @module
 */
import type { Expr } from "../engine/expr.js";
import { add, div, max, min, mul, num, pow, sqrt, sub, sumOver, sym } from "../engine/expr.js";

export type ScalerMethod = "minmax" | "standardize";
export type Deviation = "population" | "sample";

export type ScalerJson =
  | { readonly method: "minmax"; readonly min: number[]; readonly max: number[] }
  | { readonly method: "standardize"; readonly deviation: Deviation; readonly mean: number[]; readonly std: number[] };

/** The offset and scale each feature is mapped with: x' = (x - offset)/scale. */
function parameters(scaler: ScalerJson): { offset: number[]; scale: number[] } {
  return scaler.method === "minmax"
    ? { offset: scaler.min, scale: scaler.max.map((m, j) => m - scaler.min[j]) }
    : { offset: scaler.mean, scale: scaler.std };
}

/** Fits a scaler to rows × features values. */
export function fitScaler(x: ArrayLike<number>, rows: number, features: number, method: ScalerMethod, deviation: Deviation = "population"): ScalerJson {
  const column = (j: number) => Array.from({ length: rows }, (_, r) => x[r * features + j]);
  if (method === "minmax") {
    return {
      method,
      min: Array.from({ length: features }, (_, j) => Math.min(...column(j))),
      max: Array.from({ length: features }, (_, j) => Math.max(...column(j))),
    };
  }
  const mean = Array.from({ length: features }, (_, j) => column(j).reduce((s, v) => s + v, 0) / rows);
  const std = mean.map((m, j) => {
    const squares = column(j).reduce((s, v) => s + (v - m) * (v - m), 0);
    return Math.sqrt(squares / (deviation === "sample" ? rows - 1 : rows));
  });
  return { method, deviation, mean, std };
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
