/**
 * The types the kernels share with their callers.
 *
 * @module
 */

/** The element types the kernels multiply. */
export type FloatArray = Float32Array | Float64Array;

/** How {@link matmul} reads its operands and treats C. */
export interface MatmulOptions {
  /** Use Aᵀ: A is stored k × m. */
  transA?: boolean;
  /** Use Bᵀ: B is stored n × k. */
  transB?: boolean;
  /** Add into C instead of overwriting it. */
  accumulate?: boolean;
}

/** The kernels: plain TypeScript, WebAssembly SIMD on one thread, WebAssembly SIMD on several threads. */
export type BackendName = "ts" | "wasm" | "wasm-threads";

/**
 * One backend's product, with the arguments already checked: m, n, k ≥ 1 and the arrays long enough.
 * With `bias` (n values), C starts as the bias in every row and the product is added to it: the same
 * bits as filling C's rows with the bias and accumulating, without the pass over C that takes.
 */
export type Multiply = (
  c: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
  bias?: FloatArray | null,
) => void;
