/**
 * The naive triple loop, for tiny products: no packing and no set-up, so the call costs little more
 * than the multiply-adds themselves.
 *
 * Sums run over k in blocks of {@link KC} the way every kernel sums (see `blocking.ts`), in float64;
 * a Float32Array C receives the float64 total rounded once, when it is stored.
 *
 * @module
 */
import { KC } from "./blocking.js";
import type { FloatArray } from "./types.js";

/** C (m × n) = op(A)·op(B) [+ C] by a triple loop. */
export function matmulNaive(
  c: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): void {
  // op(A)[i, p] = a[i·rowA + p·colA], op(B)[p, j] = b[p·rowB + j·colB]
  const rowA = transA ? 1 : k;
  const colA = transA ? m : 1;
  const rowB = transB ? 1 : n;
  const colB = transB ? k : 1;
  if (k <= KC) {
    // One block of k, the common case. Four (then two, then one) elements of a row of C at a time,
    // sharing the loads of A: the loop overhead is what a tiny product costs.
    const n4 = n - (n & 3);
    for (let i = 0; i < m; i++) {
      const rowStart = i * rowA;
      const at = i * n;
      let j = 0;
      for (; j < n4; j += 4) {
        let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        let ia = rowStart;
        let ib = j * colB;
        for (let p = 0; p < k; p++) {
          const x = a[ia];
          s0 += x * b[ib];
          s1 += x * b[ib + colB];
          s2 += x * b[ib + 2 * colB];
          s3 += x * b[ib + 3 * colB];
          ia += colA;
          ib += rowB;
        }
        if (accumulate) {
          c[at + j] += s0;
          c[at + j + 1] += s1;
          c[at + j + 2] += s2;
          c[at + j + 3] += s3;
        } else {
          c[at + j] = s0;
          c[at + j + 1] = s1;
          c[at + j + 2] = s2;
          c[at + j + 3] = s3;
        }
      }
      if (j + 2 <= n) {
        let s0 = 0, s1 = 0;
        let ia = rowStart;
        let ib = j * colB;
        for (let p = 0; p < k; p++) {
          const x = a[ia];
          s0 += x * b[ib];
          s1 += x * b[ib + colB];
          ia += colA;
          ib += rowB;
        }
        if (accumulate) {
          c[at + j] += s0;
          c[at + j + 1] += s1;
        } else {
          c[at + j] = s0;
          c[at + j + 1] = s1;
        }
        j += 2;
      }
      if (j < n) {
        let s = 0;
        let ia = rowStart;
        let ib = j * colB;
        for (let p = 0; p < k; p++) {
          s += a[ia] * b[ib];
          ia += colA;
          ib += rowB;
        }
        c[at + j] = accumulate ? c[at + j] + s : s;
      }
    }
    return;
  }
  // Several blocks of k: one element at a time, block by block.
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let total = 0;
      for (let p0 = 0; p0 < k; p0 += KC) {
        const end = p0 + KC < k ? p0 + KC : k;
        let s = 0;
        let ia = i * rowA + p0 * colA;
        let ib = p0 * rowB + j * colB;
        for (let p = p0; p < end; p++) {
          s += a[ia] * b[ib];
          ia += colA;
          ib += rowB;
        }
        total = p0 === 0 ? (accumulate ? c[i * n + j] + s : s) : total + s;
      }
      c[i * n + j] = total;
    }
  }
}
