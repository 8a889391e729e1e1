/**
 * Batch normalisation, declared once for the fast path (nn/layers/batch-norm.ts) and for worked
 * solutions: per feature j over the N rows of a batch,
 *
 *   μ_j = (1/N) Σ_n x_nj,   σ²_j = (1/N) Σ_n (x_nj - μ_j)²   (the population variance),
 *   x̂_nj = (x_nj - μ_j) / √(σ²_j + ε),   y_nj = γ_j·x̂_nj + β_j.
 *
 * Backward, with g = ∂L/∂y: ∂L/∂γ_j = Σ_n g_nj x̂_nj, ∂L/∂β_j = Σ_n g_nj, and
 *   ∂L/∂x_nj = γ_j / (N √(σ²_j + ε)) · (N g_nj - Σ_m g_mj - x̂_nj Σ_m g_mj x̂_mj).
 *
 * @module
 */
import type { FloatArray } from "./activations.js";
import type { Expr, Operand } from "./expr.js";
import { add, div, mul, partial, pow, sqrt, sub, sumOver, sym } from "./expr.js";

/** Per-feature mean and population variance of `batch` rows. */
export function batchStatistics(x: FloatArray, batch: number, features: number, mean: FloatArray, variance: FloatArray): void {
  for (let j = 0; j < features; j++) {
    let s = 0;
    for (let n = 0; n < batch; n++) s += x[n * features + j];
    const m = s / batch;
    let v = 0;
    for (let n = 0; n < batch; n++) {
      const d = x[n * features + j] - m;
      v += d * d;
    }
    mean[j] = m;
    variance[j] = v / batch;
  }
}

/** x̂ = (x - μ)/√(σ² + ε) and y = γx̂ + β, given the statistics to use. */
export function normalize(
  x: FloatArray,
  batch: number,
  features: number,
  mean: FloatArray,
  variance: FloatArray,
  epsilon: number,
  gamma: FloatArray,
  beta: FloatArray,
  xHat: FloatArray,
  y: FloatArray,
): void {
  for (let j = 0; j < features; j++) {
    const inverse = 1 / Math.sqrt(variance[j] + epsilon);
    for (let n = 0; n < batch; n++) {
      const k = n * features + j;
      const h = (x[k] - mean[j]) * inverse;
      xHat[k] = h;
      y[k] = gamma[j] * h + beta[j];
    }
  }
}

/** The gradients of batch normalisation with batch statistics. */
export function normalizeBackward(
  g: FloatArray,
  xHat: FloatArray,
  batch: number,
  features: number,
  variance: FloatArray,
  epsilon: number,
  gamma: FloatArray,
  dx: FloatArray,
  dGamma: FloatArray,
  dBeta: FloatArray,
): void {
  for (let j = 0; j < features; j++) {
    let sumG = 0;
    let sumGX = 0;
    for (let n = 0; n < batch; n++) {
      const k = n * features + j;
      sumG += g[k];
      sumGX += g[k] * xHat[k];
    }
    dBeta[j] = sumG;
    dGamma[j] = sumGX;
    const scale = gamma[j] / (batch * Math.sqrt(variance[j] + epsilon));
    for (let n = 0; n < batch; n++) {
      const k = n * features + j;
      dx[k] = scale * (batch * g[k] - sumG - xHat[k] * sumGX);
    }
  }
}

/** The printed formula of μ_j as {@link batchStatistics} computes it: (x_j⁽¹⁾ + ... + x_j⁽ᴺ⁾)/N. */
export function batchMeanFormula(column: readonly Expr[]): Expr {
  return div(add(...column), column.length);
}

/** The printed formula of σ²_j as {@link batchStatistics} computes it: ((x_j⁽¹⁾ - μ_j)² + ...)/N. */
export function batchVarianceFormula(column: readonly Expr[], mean: Expr): Expr {
  return div(add(...column.map((x) => pow(sub(x, mean), 2))), column.length);
}

/** The printed formula of x̂ in {@link normalize}: (x - μ)/√(σ² + ε). */
export function normalizedFormula(x: Expr, mean: Expr, variance: Expr, epsilon: Expr): Expr {
  return div(sub(x, mean), sqrt(add(variance, epsilon)));
}

/** The printed formula of y in {@link normalize}: γ·x̂ + β. */
export function scaleShiftFormula(xHat: Expr, gamma: Expr, beta: Expr): Expr {
  return add(mul(gamma, xHat), beta);
}

/** The printed formula of ∂L/∂β_j in {@link normalizeBackward}: Σ_n g_nj. */
export function betaGradientFormula(gradients: readonly Expr[]): Expr {
  return add(...gradients);
}

/** The printed formula of ∂L/∂γ_j in {@link normalizeBackward}: Σ_n g_nj·x̂_nj. */
export function gammaGradientFormula(gradients: readonly Expr[], xHats: readonly Expr[]): Expr {
  return add(...gradients.map((g, n) => mul(g, xHats[n])));
}

/**
 * The printed formula of ∂L/∂x_nj in {@link normalizeBackward}, written with ∂L/∂β_j and ∂L/∂γ_j (the
 * two sums): γ_j/(N·√(σ²_j + ε))·(N·g_nj - ∂L/∂β_j - x̂_nj·∂L/∂γ_j).
 */
export function inputGradientFormula(gamma: Expr, batch: Operand, variance: Expr, epsilon: Expr, g: Expr, dBeta: Expr, xHat: Expr, dGamma: Expr): Expr {
  return mul(div(gamma, mul(batch, sqrt(add(variance, epsilon)))), sub(sub(mul(batch, g), dBeta), mul(xHat, dGamma)));
}

/** The general formulas of the forward computation, per feature j over the samples n: μ_j, σ²_j, x̂, y. */
export function batchNormFormulas(): { lhs: Expr; rhs: Expr }[] {
  const N = sym("N");
  const x = sym("x", "j", "(n)");
  const mean = sym("mu", "j");
  const variance = sym("sigma", "j", "2");
  const xHat = sym("xhat", "j", "(n)");
  return [
    { lhs: mean, rhs: mul(div(1, N), sumOver("n", x)) },
    { lhs: variance, rhs: mul(div(1, N), sumOver("n", pow(sub(x, mean), 2))) },
    { lhs: xHat, rhs: normalizedFormula(x, mean, variance, sym("epsilon")) },
    { lhs: sym("y", "j", "(n)"), rhs: scaleShiftFormula(xHat, sym("gamma", "j"), sym("beta", "j")) },
  ];
}

/** The general formulas of the backward computation, with g = ∂L/∂y. */
export function batchNormBackwardFormulas(): { lhs: Expr; rhs: Expr }[] {
  const L = sym("L");
  const g = partial(L, sym("y", "j", "(n)"));
  const xHat = sym("xhat", "j", "(n)");
  const dBeta = partial(L, sym("beta", "j"));
  const dGamma = partial(L, sym("gamma", "j"));
  return [
    { lhs: dBeta, rhs: sumOver("n", g) },
    { lhs: dGamma, rhs: sumOver("n", mul(g, xHat)) },
    { lhs: partial(L, sym("x", "j", "(n)")), rhs: inputGradientFormula(sym("gamma", "j"), sym("N"), sym("sigma", "j", "2"), sym("epsilon"), g, dBeta, xHat, dGamma) },
  ];
}
