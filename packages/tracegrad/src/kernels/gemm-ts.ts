/**
 * The portable kernel: cache-blocked and register-tiled matrix multiplication in plain TypeScript, for
 * runtimes without WebAssembly SIMD.
 *
 * The layout is Goto's: for each block of {@link KC} values of k, op(B) is packed into panels 4 columns
 * wide; for each block of {@link MC} rows, op(A) is packed into micro-panels 4 rows high; a micro-kernel
 * keeps a 4 × 4 tile of C in 16 local variables while it runs down k. Packed panels are Float64Array
 * scratch, reused from call to call.
 *
 * Arithmetic is float64 whatever the element type. A Float64Array C is summed into directly; for a
 * Float32Array C the sums go into a float64 scratch copy of C that is rounded to float32 once, when it is
 * stored at the end. The order of the sums is the one `blocking.ts` describes.
 *
 * @module
 */
import { KC, MC } from "./blocking.js";
import type { FloatArray } from "./types.js";

const MR = 4;
const NR = 4;

const packedA = new Float64Array(MC * KC);
let packedB = new Float64Array(0);
let wide = new Float64Array(0);
const edge = new Float64Array(MR * NR);

/** C (m × n) = op(A)·op(B) [+ C], blocked and tiled. C must not overlap A or B. */
export function matmulBlocked(
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
  let target: Float64Array;
  if (c instanceof Float64Array) {
    target = c;
  } else {
    if (wide.length < m * n) wide = new Float64Array(m * n);
    target = wide;
    if (accumulate) for (let i = 0; i < m * n; i++) target[i] = c[i];
  }
  const panels = Math.ceil(n / NR);
  if (packedB.length < panels * NR * Math.min(k, KC)) packedB = new Float64Array(panels * NR * Math.min(k, KC));
  for (let p0 = 0; p0 < k; p0 += KC) {
    const kb = Math.min(KC, k - p0);
    packB(packedB, b, n, k, transB, p0, kb);
    const add = accumulate || p0 > 0;
    for (let i0 = 0; i0 < m; i0 += MC) {
      const mb = Math.min(MC, m - i0);
      packA(packedA, a, m, k, transA, i0, mb, p0, kb);
      for (let j0 = 0; j0 < n; j0 += NR) {
        const cols = Math.min(NR, n - j0);
        const panel = (j0 / NR) * NR * kb;
        for (let i = 0; i < mb; i += MR) {
          const rows = Math.min(MR, mb - i);
          kernel(packedA, i * kb, packedB, panel, kb, target, (i0 + i) * n + j0, n, rows, cols, add);
        }
      }
    }
  }
  if (target !== c) c.set(target.length === m * n ? target : target.subarray(0, m * n));
}

/** Packs op(B)[p0 .. p0+kb, all columns] into panels of NR columns (zeros past the last column). */
function packB(dst: Float64Array, b: FloatArray, n: number, k: number, trans: boolean, p0: number, kb: number): void {
  const rowStride = trans ? 1 : n;
  const colStride = trans ? k : 1;
  let d = 0;
  for (let j0 = 0; j0 < n; j0 += NR) {
    const cols = Math.min(NR, n - j0);
    for (let p = 0; p < kb; p++) {
      const from = (p0 + p) * rowStride + j0 * colStride;
      for (let j = 0; j < NR; j++) dst[d++] = j < cols ? b[from + j * colStride] : 0;
    }
  }
}

/** Packs op(A)[i0 .. i0+mb, p0 .. p0+kb] into micro-panels of MR rows (zeros past the last row). */
function packA(
  dst: Float64Array,
  a: FloatArray,
  m: number,
  k: number,
  trans: boolean,
  i0: number,
  mb: number,
  p0: number,
  kb: number,
): void {
  const rowStride = trans ? 1 : k;
  const colStride = trans ? m : 1;
  let d = 0;
  for (let i = 0; i < mb; i += MR) {
    const rows = Math.min(MR, mb - i);
    for (let p = 0; p < kb; p++) {
      const from = (i0 + i) * rowStride + (p0 + p) * colStride;
      for (let t = 0; t < MR; t++) dst[d++] = t < rows ? a[from + t * rowStride] : 0;
    }
  }
}

/**
 * A 4 × 4 tile: rows × cols of it are stored at c[at + r·ldc + j], or added there when `add` is set.
 * `ap` holds kb columns of 4 values from `aFrom`, `bp` kb rows of 4 values from `bFrom`.
 */
function kernel(
  ap: Float64Array,
  aFrom: number,
  bp: Float64Array,
  bFrom: number,
  kb: number,
  c: Float64Array,
  at: number,
  ldc: number,
  rows: number,
  cols: number,
  add: boolean,
): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let ia = aFrom;
  let ib = bFrom;
  for (let p = 0; p < kb; p++, ia += MR, ib += NR) {
    const b0 = bp[ib], b1 = bp[ib + 1], b2 = bp[ib + 2], b3 = bp[ib + 3];
    let x = ap[ia];
    c00 += x * b0; c01 += x * b1; c02 += x * b2; c03 += x * b3;
    x = ap[ia + 1];
    c10 += x * b0; c11 += x * b1; c12 += x * b2; c13 += x * b3;
    x = ap[ia + 2];
    c20 += x * b0; c21 += x * b1; c22 += x * b2; c23 += x * b3;
    x = ap[ia + 3];
    c30 += x * b0; c31 += x * b1; c32 += x * b2; c33 += x * b3;
  }
  if (rows === MR && cols === NR) {
    const r0 = at, r1 = at + ldc, r2 = at + 2 * ldc, r3 = at + 3 * ldc;
    if (add) {
      c[r0] += c00; c[r0 + 1] += c01; c[r0 + 2] += c02; c[r0 + 3] += c03;
      c[r1] += c10; c[r1 + 1] += c11; c[r1 + 2] += c12; c[r1 + 3] += c13;
      c[r2] += c20; c[r2 + 1] += c21; c[r2 + 2] += c22; c[r2 + 3] += c23;
      c[r3] += c30; c[r3 + 1] += c31; c[r3 + 2] += c32; c[r3 + 3] += c33;
    } else {
      c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
      c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
      c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
      c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
    }
    return;
  }
  edge[0] = c00; edge[1] = c01; edge[2] = c02; edge[3] = c03;
  edge[4] = c10; edge[5] = c11; edge[6] = c12; edge[7] = c13;
  edge[8] = c20; edge[9] = c21; edge[10] = c22; edge[11] = c23;
  edge[12] = c30; edge[13] = c31; edge[14] = c32; edge[15] = c33;
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < cols; j++) {
      const to = at + r * ldc + j;
      c[to] = add ? c[to] + edge[r * NR + j] : edge[r * NR + j];
    }
  }
}
