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
