/**
 * The products of a dense layer, over typed arrays, row-major: the forward product Z = X·Wᵀ + b and
 * the three products of the backward pass, ∂L/∂W = δᵀ·X, ∂L/∂b = Σ_n δ and ∂L/∂X = δ·W.
 *
 * X is batch × inputs, W is units × inputs (row j holds the weights into unit j), b has one entry per
 * unit, Z and δ = ∂L/∂Z are batch × units.
 *
 * Without a {@link MatrixProduct}, every sum runs over its index in order and the bias comes last, as
 * the printed formula `z_j = w_j1·a_1 + w_j2·a_2 + … + b_j` reads: this is the exact Float64 kernel
 * that the recording engine and the grading simulator share, bit for bit. The training fast path
 * passes a GEMM (the WebAssembly or blocked TypeScript kernel), which may reorder the sums and adds
 * the bias first; it agrees with the ordered form to about 1e-10 relative.
 *
 * @module
 */
import type { FloatArray, Multiply } from "../../kernels/types.js";

/** A matrix product C (m × n) = op(A)·op(B) [+ C], as the kernels of `kernels/` compute it. */
export type MatrixProduct = Multiply;

/** The sizes of one dense layer on one batch. */
export interface DenseSizes {
  readonly batch: number;
  readonly inputs: number;
  readonly units: number;
}

/** Z = X·Wᵀ + b (b may be null: no bias). */
export function denseForward(x: ArrayLike<number>, w: ArrayLike<number>, b: ArrayLike<number> | null, z: FloatArray, sizes: DenseSizes, product?: MatrixProduct): void {
  const { batch, inputs, units } = sizes;
  if (product !== undefined) {
    // The bias first (each row of Z starts as b), then the product added onto it.
    const bias = b === null ? null : ArrayBuffer.isView(b) ? (b as FloatArray) : Float64Array.from(b);
    product(z, x as FloatArray, w as FloatArray, batch, units, inputs, false, true, false, bias);
    return;
  }
  for (let n = 0; n < batch; n++) {
    for (let j = 0; j < units; j++) {
      let s = 0;
      for (let i = 0; i < inputs; i++) s += w[j * inputs + i] * x[n * inputs + i];
      z[n * units + j] = b === null ? s : s + b[j];
    }
  }
}

/** ∂L/∂W = δᵀ·X: dw[j][i] = Σ_n δ[n][j]·x[n][i], summed over the batch. */
export function weightGradient(delta: ArrayLike<number>, x: ArrayLike<number>, dw: FloatArray, sizes: DenseSizes, product?: MatrixProduct): void {
  const { batch, inputs, units } = sizes;
  if (product !== undefined) {
    product(dw, delta as FloatArray, x as FloatArray, units, inputs, batch, true, false, false);
    return;
  }
  for (let j = 0; j < units; j++) {
    for (let i = 0; i < inputs; i++) {
      let s = 0;
      for (let n = 0; n < batch; n++) s += delta[n * units + j] * x[n * inputs + i];
      dw[j * inputs + i] = s;
    }
  }
}

/** ∂L/∂b = Σ_n δ[n]: db[j] = Σ_n δ[n][j]. */
export function biasGradient(delta: ArrayLike<number>, db: FloatArray, sizes: DenseSizes): void {
  const { batch, units } = sizes;
  for (let j = 0; j < units; j++) {
    let s = 0;
    for (let n = 0; n < batch; n++) s += delta[n * units + j];
    db[j] = s;
  }
}

/** ∂L/∂X = δ·W: dx[n][i] = Σ_j w[j][i]·δ[n][j]. */
export function inputGradient(delta: ArrayLike<number>, w: ArrayLike<number>, dx: FloatArray, sizes: DenseSizes, product?: MatrixProduct): void {
  const { batch, inputs, units } = sizes;
  if (product !== undefined) {
    product(dx, delta as FloatArray, w as FloatArray, batch, inputs, units, false, false, false);
    return;
  }
  for (let n = 0; n < batch; n++) {
    for (let i = 0; i < inputs; i++) {
      let s = 0;
      for (let j = 0; j < units; j++) s += w[j * inputs + i] * delta[n * units + j];
      dx[n * inputs + i] = s;
    }
  }
}
