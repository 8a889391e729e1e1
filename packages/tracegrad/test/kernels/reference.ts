/** A naive reference product and the checks the kernel tests share. */
import assert from "node:assert/strict";
import type { FloatArray } from "../../src/kernels/index.js";
import { nodeThreads } from "../../src/kernels/node-threads.js";
import { ThreadedWasmKernel } from "../../src/kernels/threads.js";
import { gemmModule } from "../../src/kernels/wasm-module.js";

/** A deterministic array of values in [-1, 1) (a 32-bit LCG, so that every run draws the same). */
export function randomArray(type: "f32" | "f64", length: number, seed: number): FloatArray {
  const array = type === "f32" ? new Float32Array(length) : new Float64Array(length);
  let x = (seed * 2654435761) >>> 0;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    array[i] = x / 2147483648 - 1;
  }
  return array;
}

/** op(A)·op(B) [+ C] in float64 by a triple loop, and Σ|op(A)||op(B)| [+ |C|] per element. */
export function reference(
  c: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
): { value: Float64Array; scale: Float64Array } {
  const value = new Float64Array(m * n);
  const scale = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let size = 0;
      for (let p = 0; p < k; p++) {
        const product = (transA ? a[p * m + i] : a[i * k + p]) * (transB ? b[j * k + p] : b[p * n + j]);
        s += product;
        size += Math.abs(product);
      }
      value[i * n + j] = accumulate ? c[i * n + j] + s : s;
      scale[i * n + j] = accumulate ? Math.abs(c[i * n + j]) + size : size;
    }
  }
  return { value, scale };
}

/**
 * Every element within `tolerance`·Σ|a||b| (+|C| when accumulating) of the reference: the bound a
 * reordered sum can promise, where an element-wise relative error cannot (sums that cancel).
 */
export function assertMatchesReference(got: FloatArray, expected: { value: Float64Array; scale: Float64Array }, tolerance: number, what: string): void {
  for (let i = 0; i < expected.value.length; i++) {
    const error = Math.abs(got[i] - expected.value[i]);
    const allowed = tolerance * expected.scale[i] + 1e-300;
    if (!(error <= allowed)) {
      assert.fail(`${what}: element ${i} is ${got[i]}, the reference ${expected.value[i]} (error ${error}, allowed ${allowed})`);
    }
  }
}

/** Whether two arrays hold the same bits. */
export function sameBits(x: FloatArray, y: FloatArray): boolean {
  if (x.length !== y.length || x.constructor !== y.constructor) return false;
  const bx = new Uint8Array(x.buffer, x.byteOffset, x.byteLength);
  const by = new Uint8Array(y.buffer, y.byteOffset, y.byteLength);
  for (let i = 0; i < bx.length; i++) if (bx[i] !== by[i]) return false;
  return true;
}

/** A threaded kernel of its own on two threads (its worker starts with its first split job). */
export function kernelOnTwoThreads(): ThreadedWasmKernel {
  const module = gemmModule("shared");
  const node = nodeThreads();
  assert.ok(module !== null && node !== null, "Node with WebAssembly SIMD and shared memory");
  const kernel = new ThreadedWasmKernel(module, node);
  kernel.setThreads(2);
  return kernel;
}
