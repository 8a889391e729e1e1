/**
 * Matrix multiplication for the training fast path: C = op(A)·op(B) [+ C] over Float32Array or
 * Float64Array, row-major, with three backends behind one function.
 *
 * - `ts`: cache-blocked, register-tiled TypeScript (`gemm-ts.ts`); runs anywhere. Float64 arithmetic,
 *   a Float32Array C rounded once when stored.
 * - `wasm`: WebAssembly SIMD (`gemm.wat`), f32x4 for Float32 (float32 arithmetic) and f64x2 for
 *   Float64, on the calling thread. Needs an engine with WebAssembly SIMD; falls back to `ts` without.
 * - `wasm-threads`: the same kernels on a shared memory, the rows of C of large products split between
 *   the calling thread and worker threads. Node only; falls back to `wasm` (one thread) elsewhere,
 *   including in browser pages.
 *
 * Products of at most {@link TINY_PRODUCT} multiply-adds take a naive loop on every backend (the `ts`
 * backend up to {@link TS_NAIVE_PRODUCT}). Every
 * backend gives the same bits for the same inputs on every call, `wasm-threads` the same bits whatever
 * its thread count, and in Float64 every backend gives the same bits as every other (see
 * `blocking.ts` for the order of the sums). C must not overlap A or B.
 *
 * @module
 */
import { fillRows } from "./bias-rows.js";
import { THREADED_PRODUCT, TINY_PRODUCT, TS_NAIVE_PRODUCT } from "./blocking.js";
import { matmulBlocked } from "./gemm-ts.js";
import { matmulNaive } from "./naive.js";
import type { ThreadedWasmKernel } from "./threads.js";
import { threadedKernel as makeThreadedKernel, threadsAvailable } from "./threaded.js";
import type { BackendName, FloatArray, MatmulOptions, Multiply } from "./types.js";
import { MAX_PAGES, MAX_THREADS, WasmKernel } from "./wasm-backend.js";
import { gemmModule, sharedMemorySupported } from "./wasm-module.js";

export type { BackendName, FloatArray, MatmulOptions } from "./types.js";

interface Backend {
  readonly name: BackendName;
  readonly threads: number;
  readonly simd: boolean;
  readonly multiply: Multiply;
}

const tsBackend: Backend = {
  name: "ts",
  threads: 1,
  simd: false,
  multiply: (c, a, b, m, n, k, transA, transB, accumulate, bias) => {
    if (bias) fillRows(c, bias, m, n);
    const onto = accumulate || Boolean(bias);
    if (m * n * k <= TS_NAIVE_PRODUCT) matmulNaive(c, a, b, m, n, k, transA, transB, onto);
    else matmulBlocked(c, a, b, m, n, k, transA, transB, onto);
  },
};

let wasmKernel: WasmKernel | null = null;
let threadedKernel: { kernel: ThreadedWasmKernel; cores: number } | null = null;
let requested: { name: BackendName | "auto"; threads: number | undefined } = { name: "auto", threads: undefined };
let active: Backend | null = null;

function wasmBackend(kernel: WasmKernel, name: BackendName, threads: number): Backend {
  return {
    name,
    threads,
    simd: true,
    multiply: (c, a, b, m, n, k, transA, transB, accumulate, bias) => {
      if (kernel.multiply(c, a, b, m, n, k, transA, transB, accumulate, bias)) return;
      if (bias) fillRows(c, bias, m, n);
      matmulBlocked(c, a, b, m, n, k, transA, transB, accumulate || Boolean(bias));
    },
  };
}

/** The kernel on an ordinary memory, made once, or null where the engine cannot run it (yet). */
function plainKernel(): WasmKernel | null {
  if (wasmKernel === null) {
    const module = gemmModule("plain", reresolve);
    if (module === null) return null;
    wasmKernel = new WasmKernel(new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES }), module);
  }
  return wasmKernel;
}

/** Makes the single-threaded WebAssembly backend, or null where the engine cannot run it (yet). */
function makeWasm(): Backend | null {
  const kernel = plainKernel();
  return kernel === null ? null : wasmBackend(kernel, "wasm", 1);
}

/**
 * The threaded backend: products it splits between threads on the shared memory, the others (under
 * {@link THREADED_PRODUCT}) on the ordinary memory of the single-threaded kernel where it can, since
 * V8 copies into and out of a shared memory about three times slower (with relaxed atomics). Both
 * kernels are the same code summing in the same order: the same bits either way.
 */
function threadedBackend(threaded: ThreadedWasmKernel, threads: number): Backend {
  const split = wasmBackend(threaded, "wasm-threads", threads);
  const plain = plainKernel();
  if (plain === null || threads === 1) return split;
  const single = wasmBackend(plain, "wasm", 1);
  return {
    ...split,
    multiply: (c, a, b, m, n, k, transA, transB, accumulate, bias) => {
      const small = m * n * k < THREADED_PRODUCT[c instanceof Float64Array ? "f64" : "f32"];
      (small ? single : split).multiply(c, a, b, m, n, k, transA, transB, accumulate, bias);
    },
  };
}

/** Whether this thread may block in Atomics.wait (Node's main thread may; a page's may not). */
function canBlock(): boolean {
  try {
    // A value that does not match returns at once, after the check that this thread may wait.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** Makes the threaded WebAssembly backend, or null outside Node or without shared memory. */
function makeThreaded(threads: number | undefined): Backend | null {
  if (!threadsAvailable()) return null;
  if (threadedKernel === null) {
    if (!sharedMemorySupported() || !canBlock()) return null;
    const module = gemmModule("shared");
    if (module === null) return null;
    try {
      threadedKernel = makeThreadedKernel(module);
    } catch {
      return null;
    }
    if (threadedKernel === null) return null;
  }
  const count = Math.max(1, Math.min(MAX_THREADS, Math.floor(threads ?? threadedKernel.cores)));
  threadedKernel.kernel.setThreads(count);
  return threadedBackend(threadedKernel.kernel, count);
}

function resolve(name: BackendName | "auto", threads: number | undefined): Backend {
  if (name === "ts") return tsBackend;
  if (name === "wasm-threads" || name === "auto") {
    const threaded = makeThreaded(threads);
    if (threaded !== null && (name === "wasm-threads" || threaded.threads > 1)) return threaded;
  }
  return makeWasm() ?? tsBackend;
}

/** Chooses again once an asynchronously compiled module arrives. */
function reresolve(): void {
  if (active !== null) active = resolve(requested.name, requested.threads);
}

/**
 * Chooses a backend; "auto" (the default) takes the fastest the runtime supports: `wasm-threads` in
 * Node on a machine with more than one core, else `wasm` where WebAssembly SIMD runs, else `ts`. A
 * backend the runtime cannot run falls back the same way; {@link activeBackend} tells which one runs.
 * `threads` (wasm-threads only) counts the calling thread; the default is every core.
 */
export function useBackend(name: BackendName | "auto", options: { threads?: number } = {}): void {
  if (name !== "auto" && name !== "ts" && name !== "wasm" && name !== "wasm-threads") throw new RangeError(`useBackend: unknown backend ${String(name)}`);
  if (options.threads !== undefined && !(options.threads >= 1)) throw new RangeError(`useBackend: threads must be at least 1, got ${options.threads}`);
  requested = { name, threads: options.threads };
  active = resolve(name, options.threads);
}

/** The backend {@link matmul} uses: its name, its thread count and whether its kernels use SIMD. */
export function activeBackend(): { name: BackendName; threads: number; simd: boolean } {
  active ??= resolve(requested.name, requested.threads);
  return { name: active.name, threads: active.threads, simd: active.simd };
}

/** C (m × n, row-major, contiguous) = op(A)·op(B) [+ C]. A, B, C have the same element type. */
export function matmul(c: FloatArray, a: FloatArray, b: FloatArray, m: number, n: number, k: number, options?: MatmulOptions): void {
  const transA = options?.transA === true;
  const transB = options?.transB === true;
  const accumulate = options?.accumulate === true;
  if (!(m >= 0 && n >= 0 && k >= 0 && Number.isInteger(m) && Number.isInteger(n) && Number.isInteger(k))) {
    throw new RangeError(`matmul: sizes must be whole numbers ≥ 0, got m = ${m}, n = ${n}, k = ${k}`);
  }
  if (c.length < m * n || a.length < m * k || b.length < k * n) {
    throw new RangeError(`matmul: arrays too short for ${m} × ${k} times ${k} × ${n} (C ${c.length}, A ${a.length}, B ${b.length})`);
  }
  const f64 = c instanceof Float64Array;
  if (a instanceof Float64Array !== f64 || b instanceof Float64Array !== f64) {
    throw new TypeError("matmul: A, B and C must have the same element type");
  }
  multiply(c, a, b, m, n, k, transA, transB, accumulate);
}

/**
 * {@link matmul} without its argument checks and options object, for callers that size their own
 * buffers (the layers of `nn/`, many thousands of times a second on tiny products). With `bias` (n
 * values; `accumulate` is then ignored), C = op(A)·op(B) + 1·biasᵀ, summed as accumulating into C
 * filled with the bias row by row, to the bit, but with the rows set where the kernel sums (in the
 * WebAssembly memory) rather than in C and copied there.
 */
export function multiply(
  c: FloatArray,
  a: FloatArray,
  b: FloatArray,
  m: number,
  n: number,
  k: number,
  transA: boolean,
  transB: boolean,
  accumulate: boolean,
  bias: FloatArray | null = null,
): void {
  if (m === 0 || n === 0) return;
  if (bias !== null && (k === 0 || m * n * k <= TINY_PRODUCT)) {
    fillRows(c, bias, m, n);
    accumulate = true;
    bias = null;
  }
  if (k === 0) {
    if (!accumulate) c.fill(0, 0, m * n);
    return;
  }
  if (m * n * k <= TINY_PRODUCT) {
    matmulNaive(c, a, b, m, n, k, transA, transB, accumulate);
    return;
  }
  active ??= resolve(requested.name, requested.threads);
  active.multiply(c, a, b, m, n, k, transA, transB, accumulate, bias);
}

/**
 * The threaded backend's kernel, where it has been made (the optimizer's update in WebAssembly runs
 * there for parameters whose arrays live in its memory: see `wasm-update.ts`), else null.
 */
export function threadedKernelIfMade(): ThreadedWasmKernel | null {
  return threadedKernel?.kernel ?? null;
}

/**
 * An array of `length` values in the threaded kernel's shared memory, given out for good (never taken
 * back; see `ThreadedWasmKernel.allocate`), where the active backend is `wasm-threads` on several
 * threads; else null. Products read such an array where it is instead of copying it in (and write a
 * C there), and an optimizer updates such a parameter where it is, on every thread. Its `buffer` is the
 * whole kernel memory. For a process's few large arrays (the CLI asks for a large layer's weights and
 * gradient and a training's batch): bytes given out are never reused.
 */
export function residentArray(f64: boolean, length: number): FloatArray | null {
  active ??= resolve(requested.name, requested.threads);
  if (active.name !== "wasm-threads" || active.threads < 2 || threadedKernel === null) return null;
  const kernel = threadedKernel.kernel;
  // One element more than asked: an odd count's update writes one past the end.
  const at = kernel.allocate((length + 1) * (f64 ? 8 : 4));
  if (at === null) return null;
  return f64 ? new Float64Array(kernel.buffer, at, length) : new Float32Array(kernel.buffer, at, length);
}
