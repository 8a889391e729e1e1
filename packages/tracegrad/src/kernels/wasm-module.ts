/**
 * The compiled WebAssembly kernels: decoding the embedded binaries, telling whether the engine runs
 * them, and compiling them once.
 *
 * `new WebAssembly.Module` compiles synchronously, which every engine allows for a module of this size
 * (Chrome before version 114 refused modules over 4 KB on a page's main thread). Where it is refused,
 * an asynchronous compilation starts instead and the module is there from when it ends.
 *
 * @module
 */
import { GEMM_WASM, SIMD_PROBE_BASE64 } from "./gemm-wasm.generated.js";
import { inflateRaw } from "./inflate.js";

/** The functions gemm.wat exports; pointers are byte addresses, flags 0 or 1. */
export interface GemmExports {
  pack_b_f32(dst: number, b: number, k: number, n: number, trans: number, kc: number): void;
  pack_b_f64(dst: number, b: number, k: number, n: number, trans: number, kc: number): void;
  gemm_f32: GemmRows;
  gemm_f64: GemmRows;
  /** The optimizer's updates (see gemm.wat and wasm-update.ts): each returns the largest change, or -1 after a NaN. */
  update_sgd(w: number, g: number, count: number, f32: number, eta: number, lambda: number): number;
  update_momentum(w: number, g: number, v: number, count: number, f32: number, eta: number, lambda: number, mu: number, nesterov: number): number;
  update_rmsprop(w: number, g: number, s: number, count: number, f32: number, eta: number, lambda: number, rho: number, epsilon: number): number;
  update_adam(w: number, g: number, m: number, v: number, count: number, f32: number, eta: number, lambda: number, beta1: number, beta2: number, epsilon: number, c1: number, c2: number): number;
}

/** Computes rows r0 .. r1 of C from op(A) and the packed op(B); see gemm.wat. */
export type GemmRows = (
  c: number,
  a: number,
  packedB: number,
  packedA: number,
  scratch: number,
  m: number,
  n: number,
  k: number,
  transA: number,
  accumulate: number,
  r0: number,
  r1: number,
  kc: number,
  mc: number,
) => void;

/** The bytes of base64 text. */
export function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** An embedded binary's bytes: `size` bytes compressed with raw DEFLATE, in base64 (scripts/build-wasm.mjs). */
export function decodeEmbedded(binary: { readonly size: number; readonly deflated: string }): Uint8Array<ArrayBuffer> {
  return inflateRaw(decodeBase64(binary.deflated), binary.size);
}

let gemmBytes: Uint8Array<ArrayBuffer> | undefined;

let simd: boolean | undefined;

/** Whether the engine has WebAssembly with SIMD (checked once, by validating a tiny SIMD module). */
export function simdSupported(): boolean {
  if (simd === undefined) {
    try {
      simd = typeof WebAssembly === "object" && WebAssembly.validate(decodeBase64(SIMD_PROBE_BASE64));
    } catch {
      simd = false;
    }
  }
  return simd;
}

/** Whether shared memory can be made: SharedArrayBuffer exists (a page must be cross-origin isolated). */
export function sharedMemorySupported(): boolean {
  if (typeof SharedArrayBuffer !== "function") return false;
  try {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return memory.buffer instanceof SharedArrayBuffer;
  } catch {
    return false;
  }
}

interface Compiled {
  module: WebAssembly.Module | null;
  failed: boolean;
  pending: boolean;
}

const compiled: Record<"plain" | "shared", Compiled> = {
  plain: { module: null, failed: false, pending: false },
  shared: { module: null, failed: false, pending: false },
};

/**
 * The kernels' module, with an ordinary or a shared memory; null while it is being compiled
 * asynchronously or where it cannot be compiled. `onReady` is called if it becomes available later.
 */
export function gemmModule(kind: "plain" | "shared", onReady?: () => void): WebAssembly.Module | null {
  const entry = compiled[kind];
  if (entry.module !== null || entry.failed || entry.pending) return entry.module;
  if (!simdSupported()) {
    entry.failed = true;
    return null;
  }
  gemmBytes ??= decodeEmbedded(GEMM_WASM);
  const bytes = kind === "plain" ? gemmBytes.slice(0, GEMM_WASM.plain) : gemmBytes.slice(GEMM_WASM.plain);
  if (!WebAssembly.validate(bytes)) {
    entry.failed = true;
    return null;
  }
  try {
    entry.module = new WebAssembly.Module(bytes);
  } catch {
    // Synchronous compilation refused (an old browser's main thread): compile in the background.
    entry.pending = true;
    WebAssembly.compile(bytes).then(
      (module) => {
        entry.module = module;
        entry.pending = false;
        onReady?.();
      },
      () => {
        entry.failed = true;
        entry.pending = false;
      },
    );
  }
  return entry.module;
}
