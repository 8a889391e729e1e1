/**
 * The matrix product the layers use: C (m × n) = op(A)·op(B) [+ C], row-major.
 *
 * @module
 */
import type { FloatArray } from "../engine/activations.js";

export interface MatmulOptions {
  readonly transA?: boolean;
  readonly transB?: boolean;
  readonly accumulate?: boolean;
}

// A plain triple loop until the kernels of engine/kernels are in place.
export function matmul(c: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number, options: MatmulOptions = {}): void {
  const { transA = false, transB = false, accumulate = false } = options;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = accumulate ? c[i * n + j] : 0;
      for (let p = 0; p < k; p++) s += (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
      c[i * n + j] = s;
    }
  }
}
