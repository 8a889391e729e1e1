/**
 * A matrix's rows set to one vector: how a product with a bias starts, C[r][j] = b[j], before the
 * product is accumulated into it (the bias first, then the sums of `blocking.ts`).
 *
 * @module
 */
import type { FloatArray } from "./types.js";

/** Sets each of the m rows of C (row-major, n columns, from element `offset`) to b's first n values. */
export function fillRows(c: FloatArray, b: FloatArray, m: number, n: number, offset = 0): void {
  const row = b.length === n ? b : b.subarray(0, n);
  for (let r = 0; r < m; r++) c.set(row, offset + r * n);
}
