/**
 * The matrix product the layers use: C (m × n) = op(A)·op(B) [+ C], row-major, from the kernels of
 * `engine/kernels` (the WebAssembly SIMD kernel where the runtime has one, on both cores in Node for
 * large products, the blocked TypeScript kernel otherwise).
 *
 * @module
 */
export { matmul, multiply } from "../kernels/index.js";
export type { MatmulOptions } from "../kernels/index.js";
