/**
 * The WebAssembly backend on one thread: copies A and B into the module's memory, packs op(B) there,
 * runs the kernel over the rows of C and copies C back out.
 *
 * The memory grows as products need it (never shrinks) and the typed-array views over it are made anew
 * after every growth. The copies cost O(mk + kn + mn) against the product's O(mnk), a few percent at
 * the sizes that come here (tiny products never do; see `blocking.ts`).
 *
 * Memory layout (bytes): a header of {@link HEADER_BYTES} (the threaded backend's control words, then
 * one scratch tile per thread, then an update's numbers and results), in the threaded kernel the bytes
 * it has given out for good (arrays that live there: see threads.ts), then A, B, C, packed op(B), and
 * one packed-A buffer per thread. An operand that is one of those arrays is used where it is.
 *
 * @module
 */
import { fillRows } from "./bias-rows.js";
import { KC, MC } from "./blocking.js";
import type { GemmExports } from "./wasm-module.js";
import type { FloatArray } from "./types.js";

/** Bytes before the operands: control words (first 256 bytes), then scratch tiles. */
export const HEADER_BYTES = 8192;
/** Where thread t's scratch tile (one edge tile of C) starts: SCRATCH_OFFSET + t·SCRATCH_BYTES. */
export const SCRATCH_OFFSET = 256;
/** Bytes of one scratch tile (4 × 12 f32 or 4 × 6 f64 take 192). */
export const SCRATCH_BYTES = 256;
/** The most threads one product can use. */
export const MAX_THREADS = 16;
/** The most pages a kernel memory may have: 2 GiB, so that every address is a positive i32. */
export const MAX_PAGES = 32768;

const PAGE = 65536;

/** Where one product's operands and buffers lie in the memory, in bytes. */
export interface Layout {
  /** Bytes of one element: 4 or 8. */
  readonly size: number;
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly packedB: number;
  /** Thread t's packed-A buffer starts at packedA + t·packedAStride. */
  readonly packedA: number;
  readonly packedAStride: number;
  /** The first byte past the last buffer. */
  readonly end: number;
}

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** The layout of an m × n × k product of elements of `size` bytes, for `threads` threads, from byte `start` on. */
export function layoutFor(size: number, m: number, n: number, k: number, threads: number, start = HEADER_BYTES): Layout {
  const panelWidth = size === 4 ? 12 : 6;
  const a = start;
  const b = align(a + m * k * size);
  const c = align(b + k * n * size);
  const packedB = align(c + m * n * size);
  const packedA = align(packedB + k * Math.ceil(n / panelWidth) * panelWidth * size);
  const packedAStride = align(MC * KC * size);
  return { size, a, b, c, packedB, packedA, packedAStride, end: packedA + threads * packedAStride };
}

/** The WebAssembly kernels over one memory, on the calling thread. */
export class WasmKernel {
  protected readonly exports: GemmExports;
  private f32 = new Float32Array(0);
  private f64 = new Float64Array(0);

  constructor(
    readonly memory: WebAssembly.Memory,
    module: WebAssembly.Module,
  ) {
    this.exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GemmExports;
  }

  /**
   * C (m × n) = op(A)·op(B) [+ C]; m, n, k ≥ 1. With `bias`, C's rows start as the bias in the
   * module's memory and the product is accumulated onto them. Returns false, having done nothing, when
   * the product does not fit in the memory the module can address.
   */
  multiply(
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
  ): boolean {
    const f64 = c instanceof Float64Array;
    this.prepare(f64, m, n, k);
    const layout = layoutFor(f64 ? 8 : 4, m, n, k, this.threadCount(), this.operandsStart());
    if (!this.reserve(layout.end)) return false;
    const view = f64 ? this.f64 : this.f32;
    const shift = f64 ? 3 : 2;
    // An operand that is already a view of this memory is read (C written) where it is, not copied.
    const aHere = this.isOwnBuffer(a.buffer);
    const bHere = this.isOwnBuffer(b.buffer);
    const cHere = this.isOwnBuffer(c.buffer);
    const at: Layout = aHere || bHere || cHere ? { ...layout, a: aHere ? a.byteOffset : layout.a, b: bHere ? b.byteOffset : layout.b, c: cHere ? c.byteOffset : layout.c } : layout;
    if (!aHere) view.set(a.length === m * k ? a : a.subarray(0, m * k), at.a >> shift);
    if (!bHere) view.set(b.length === k * n ? b : b.subarray(0, k * n), at.b >> shift);
    if (bias) fillRows(view, bias, m, n, at.c >> shift);
    else if (accumulate && !cHere) view.set(c.length === m * n ? c : c.subarray(0, m * n), at.c >> shift);
    if (f64) this.exports.pack_b_f64(at.packedB, at.b, k, n, transB ? 1 : 0, KC);
    else this.exports.pack_b_f32(at.packedB, at.b, k, n, transB ? 1 : 0, KC);
    this.computeRows(f64, at, m, n, k, transA, accumulate || bias !== null);
    if (!cHere) c.set(view.subarray(at.c >> shift, (at.c >> shift) + m * n));
    return true;
  }

  /** Every buffer object this memory has had (a shared memory's views of before a growth stay valid). */
  private readonly ownBuffers = new WeakSet<object>();

  /** Whether a buffer is this kernel's memory. */
  protected isOwnBuffer(buffer: ArrayBufferLike): boolean {
    return this.ownBuffers.has(buffer);
  }

  /** Called before a product's operands are copied in (the threaded kernel wakes its workers here). */
  protected prepare(_f64: boolean, _m: number, _n: number, _k: number): void {}

  /** Where a product's operands start (the threaded kernel gives out bytes before them for good: see its `allocate`). */
  protected operandsStart(): number {
    return HEADER_BYTES;
  }

  /** How many threads' buffers a layout needs. */
  protected threadCount(): number {
    return 1;
  }

  /** Runs the kernel over every row of C, with the operands in place and op(B) packed. */
  protected computeRows(f64: boolean, layout: Layout, m: number, n: number, k: number, transA: boolean, accumulate: boolean): void {
    const gemm = f64 ? this.exports.gemm_f64 : this.exports.gemm_f32;
    gemm(layout.c, layout.a, layout.packedB, layout.packedA, SCRATCH_OFFSET, m, n, k, transA ? 1 : 0, accumulate ? 1 : 0, 0, m, KC, MC);
  }

  /** Grows the memory to at least `bytes`; false if that is more than it may have. */
  protected reserve(bytes: number): boolean {
    const pages = Math.ceil(bytes / PAGE);
    if (pages > MAX_PAGES) return false;
    const have = this.memory.buffer.byteLength / PAGE;
    if (pages > have) {
      try {
        this.memory.grow(pages - have);
      } catch {
        return false;
      }
    }
    if (this.f32.byteLength !== this.memory.buffer.byteLength) {
      // A new buffer object (the first, or one after a growth): the kernel's own from now on too.
      this.ownBuffers.add(this.memory.buffer);
      this.f32 = new Float32Array(this.memory.buffer);
      this.f64 = new Float64Array(this.memory.buffer);
    }
    return true;
  }
}
