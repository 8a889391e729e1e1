/**
 * The threaded WebAssembly backend (Node only): the kernels over a shared memory, with worker threads
 * that run the same module on the same memory and split the rows of C (and an optimizer's update of a
 * large parameter) with the main thread.
 *
 * Rows are cut into blocks by m alone (between 16 and {@link MC} rows, about eight blocks), never by the
 * thread count, and each element of C is summed in the order `blocking.ts` describes whoever computes
 * it, so one thread and several give the same bits. Products under {@link THREADED_PRODUCT}
 * multiply-adds (by element type), or with a single block, run on the main thread alone.
 *
 * The threads also share an optimizer's update of a parameter of {@link THREADED_UPDATE} elements or
 * more whose arrays live in this memory (`wasm-update.ts`): its elements cut into blocks, each updated
 * by the same function as one call over all of them would, so with the same bits. Arrays live here
 * when {@link ThreadedWasmKernel.allocate} gave out their bytes, for good (`residentArray` in index.ts):
 * a product reads such an operand where it is, and writes such a C there, instead of copying.
 *
 * Waiting: a worker spins for {@link SPIN_MILLISECONDS} after a product before it sleeps in
 * Atomics.wait, and a threaded product wakes the workers before its operands are copied in and op(B)
 * packed, so that they are up when its blocks come (a sleeping thread took a tenth of a millisecond or
 * more to wake here). The main thread likewise spins, then blocks in Atomics.wait (which Node allows),
 * until the workers' blocks are done.
 *
 * Workers start with the first product that needs them, and take a few tens of milliseconds to: until
 * then the main thread takes every block itself. They are unref'd, so they never keep the process
 * alive.
 *
 * @module
 */
import { KC, MC, THREADED_PRODUCT } from "./blocking.js";
import type { NodeThreads, WorkerHandle } from "./node-threads.js";
import type { UpdateJob } from "./update-job.js";
import { updateRange } from "./update-job.js";
import type { Layout } from "./wasm-backend.js";
import { HEADER_BYTES, MAX_PAGES, MAX_THREADS, SCRATCH_BYTES, SCRATCH_OFFSET, WasmKernel } from "./wasm-backend.js";
import { Control, JobKind, MAX_UPDATE_BLOCKS, SPIN_MILLISECONDS, UPDATE_CONSTANTS, UPDATE_CONSTANTS_OFFSET, UPDATE_RESULTS_OFFSET, UpdateRuleCode, workerSource } from "./worker-source.js";

/**
 * The most blocks one product is cut into: the threads claim blocks by counting down a 16-bit field of
 * one 32-bit word (the other 16 bits tag the product), so a count past it would read as another
 * product's, and nobody would take the blocks.
 */
export const MAX_BLOCKS = 0xffff;

/**
 * Rows per block of C for an m-row product: a function of m alone. Past {@link MAX_BLOCKS} blocks of
 * {@link MC} rows (m over about 4.2 million), blocks grow to fit; the kernel still works through each
 * MC rows at a time, and which thread computes a row changes no bit of it.
 */
export function rowsPerBlock(m: number): number {
  return Math.max(Math.min(MC, Math.max(16, Math.ceil(m / 8 / 4) * 4)), Math.ceil(m / MAX_BLOCKS));
}

/**
 * The most bytes {@link ThreadedWasmKernel.allocate} gives out in a process: the arrays of a few
 * large models (a 784-128-64-10 network's in float64 take about 3 MB).
 */
export const RESIDENT_LIMIT = 256 * 2 ** 20;

/** Parameters (elements) from which an optimizer's update is split between the threads. */
export const THREADED_UPDATE = 16384;

/** Elements per block of a split update (even: only a parameter's last block may be odd). */
const UPDATE_BLOCK_ELEMENTS = 8192;

/** The WebAssembly kernels over a shared memory, on the calling thread and `threads - 1` workers. */
export class ThreadedWasmKernel extends WasmKernel {
  private readonly control: Int32Array;
  private readonly updateConstants: Float64Array;
  private readonly updateResults: Float64Array;
  private readonly workers: WorkerHandle[] = [];
  private threads = 1;
  private broken = false;
  /** Bytes after the header given out for good by {@link ThreadedWasmKernel.allocate}. */
  private residentBytes = 0;
  /** Blocks the workers have computed, over every job so far (the main thread did the rest). */
  workerBlocks = 0;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly node: NodeThreads,
  ) {
    super(new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true }), module);
    this.control = new Int32Array(this.memory.buffer, 0, 64);
    this.updateConstants = new Float64Array(this.memory.buffer, UPDATE_CONSTANTS_OFFSET, UPDATE_CONSTANTS);
    this.updateResults = new Float64Array(this.memory.buffer, UPDATE_RESULTS_OFFSET, MAX_UPDATE_BLOCKS);
  }

  /**
   * `bytes` of the memory for good, before every product's operands: their byte address (64-byte
   * aligned), or null past {@link RESIDENT_LIMIT} bytes in all or when the memory cannot grow. Nothing
   * given out is ever taken back, so a view of these bytes can never read another's; see
   * `residentArray` in index.ts for who asks for them.
   */
  allocate(bytes: number): number | null {
    const needed = this.residentBytes + Math.ceil(bytes / 64) * 64;
    if (needed > RESIDENT_LIMIT || !this.reserve(HEADER_BYTES + needed)) return null;
    const at = HEADER_BYTES + this.residentBytes;
    this.residentBytes = needed;
    return at;
  }

  /** Whether a typed array is a view of this kernel's memory. */
  holds(values: { readonly buffer: ArrayBufferLike }): boolean {
    return this.isOwnBuffer(values.buffer);
  }

  /** The memory as a buffer (views over it stay valid as it grows: it is shared). */
  get buffer(): SharedArrayBuffer {
    return this.memory.buffer as unknown as SharedArrayBuffer;
  }

  protected override operandsStart(): number {
    return HEADER_BYTES + this.residentBytes;
  }

  /**
   * Runs an update, split into blocks of elements between the threads from {@link THREADED_UPDATE}
   * elements; returns the largest change, or -1 when a change was NaN (as one call of the kernel over
   * every element would: the elements are independent, and each block reports its own).
   */
  update(job: UpdateJob): number {
    const range = (from: number, n: number): number => updateRange(this.exports, job, from, n);
    const blocks = Math.min(MAX_UPDATE_BLOCKS, Math.ceil(job.count / UPDATE_BLOCK_ELEMENTS));
    if (this.threads === 1 || this.broken || job.count < THREADED_UPDATE || blocks < 2) return range(0, job.count);
    const size = Math.ceil(job.count / blocks / 2) * 2;
    const control = this.control;
    control[Control.RULE] = UpdateRuleCode[job.rule];
    control[Control.F64] = job.f64 ? 1 : 0;
    control[Control.W] = job.w;
    control[Control.G] = job.g;
    control[Control.S0] = job.s0;
    control[Control.S1] = job.s1;
    control[Control.COUNT] = job.count;
    control[Control.BLOCK_ELEMENTS] = size;
    control[Control.NESTEROV] = job.nesterov ? 1 : 0;
    this.updateConstants.fill(0);
    this.updateConstants.set(job.constants.slice(0, UPDATE_CONSTANTS));
    const results = this.updateResults;
    const done = this.runJob(JobKind.UPDATE, blocks, (block) => {
      const from = block * size;
      results[block] = range(from, Math.min(size, job.count - from));
    });
    if (!done) {
      this.broken = true;
      throw new Error("optimizer update: a worker thread of the wasm-threads backend failed");
    }
    let largest = 0;
    for (let b = 0; b < blocks; b++) {
      const change = results[b];
      if (change < 0) return -1;
      if (change > largest) largest = change;
    }
    return largest;
  }

  /** Sets how many threads (the calling one included) products use: 1 to {@link MAX_THREADS}. */
  setThreads(threads: number): void {
    this.threads = Math.max(1, Math.min(MAX_THREADS, Math.floor(threads)));
  }

  /** How many threads products use. */
  override threadCount(): number {
    return this.threads;
  }

  /** Whether an m × n × k product is split between the threads. */
  private threaded(f64: boolean, m: number, n: number, k: number): boolean {
    return this.threads > 1 && !this.broken && Math.ceil(m / rowsPerBlock(m)) >= 2 && m * n * k >= THREADED_PRODUCT[f64 ? "f64" : "f32"];
  }

  /**
   * Before a threaded product's operands are copied in and op(B) packed, wakes the workers with a job
   * of no blocks, so that they are up (spinning, see {@link SPIN_MILLISECONDS}) when its blocks come.
   */
  protected override prepare(f64: boolean, m: number, n: number, k: number): void {
    if (!this.threaded(f64, m, n, k)) return;
    this.startWorkers();
    if (this.broken) return;
    const control = this.control;
    const seq = (Atomics.load(control, Control.SEQ) + 1) | 0;
    Atomics.store(control, Control.CLAIM, (seq & 0x7fff) << 16);
    Atomics.store(control, Control.SEQ, seq);
    Atomics.notify(control, Control.SEQ);
  }

  protected override computeRows(f64: boolean, layout: Layout, m: number, n: number, k: number, transA: boolean, accumulate: boolean): void {
    if (!this.threaded(f64, m, n, k)) {
      super.computeRows(f64, layout, m, n, k, transA, accumulate);
      return;
    }
    const rows = rowsPerBlock(m);
    const blocks = Math.ceil(m / rows);
    this.startWorkers();
    if (this.broken) {
      super.computeRows(f64, layout, m, n, k, transA, accumulate);
      return;
    }
    const control = this.control;
    control[Control.F64] = f64 ? 1 : 0;
    control[Control.C] = layout.c;
    control[Control.A] = layout.a;
    control[Control.PACKED_B] = layout.packedB;
    control[Control.PACKED_A] = layout.packedA;
    control[Control.PACKED_A_STRIDE] = layout.packedAStride;
    control[Control.M] = m;
    control[Control.N] = n;
    control[Control.K] = k;
    control[Control.TRANS_A] = transA ? 1 : 0;
    control[Control.ACCUMULATE] = accumulate ? 1 : 0;
    control[Control.ROWS_PER_BLOCK] = rows;
    control[Control.KC] = KC;
    control[Control.MC] = MC;
    const gemm = f64 ? this.exports.gemm_f64 : this.exports.gemm_f32;
    const done = this.runJob(JobKind.PRODUCT, blocks, (block) => {
      const r0 = block * rows;
      gemm(layout.c, layout.a, layout.packedB, layout.packedA, SCRATCH_OFFSET, m, n, k, transA ? 1 : 0, accumulate ? 1 : 0, r0, Math.min(m, r0 + rows), KC, MC);
    });
    if (!done) {
      this.broken = true;
      throw new Error("matmul: a worker thread of the wasm-threads backend failed");
    }
  }

  /**
   * Publishes a job of `blocks` blocks (its parameters already in the control words), takes blocks
   * on this thread with `runBlock` until none is left, and waits for the workers' last ones: spinning
   * a while, then sleeping. False when a worker's kernel failed.
   */
  private runJob(kind: number, blocks: number, runBlock: (block: number) => void): boolean {
    this.startWorkers();
    const control = this.control;
    control[Control.KIND] = kind;
    control[Control.BLOCKS] = blocks;
    control[Control.PARTICIPANTS] = this.broken ? 1 : this.threads;
    Atomics.store(control, Control.DONE, 0);
    Atomics.store(control, Control.FAILED, 0);
    const seq = (Atomics.load(control, Control.SEQ) + 1) | 0;
    const tag = seq & 0x7fff;
    Atomics.store(control, Control.CLAIM, (tag << 16) | blocks);
    Atomics.store(control, Control.SEQ, seq);
    Atomics.notify(control, Control.SEQ);

    let own = 0;
    for (;;) {
      const claim = Atomics.load(control, Control.CLAIM);
      if (claim >>> 16 !== tag || (claim & 0xffff) === 0) break;
      if (Atomics.compareExchange(control, Control.CLAIM, claim, claim - 1) !== claim) continue;
      runBlock((claim & 0xffff) - 1);
      Atomics.add(control, Control.DONE, 1);
      own++;
    }
    const until = performance.now() + SPIN_MILLISECONDS;
    let spinning = true;
    for (let i = 1; ; i++) {
      const done = Atomics.load(control, Control.DONE);
      if (done >= blocks) break;
      if (spinning && (i & 255) === 0) spinning = performance.now() <= until;
      if (!spinning) Atomics.wait(control, Control.DONE, done);
    }
    this.workerBlocks += blocks - own;
    return Atomics.load(control, Control.FAILED) === 0;
  }

  /**
   * Starts the workers still missing for the thread count; on failure, stays on the main thread. Called
   * before every threaded job: with every worker up it returns at once, before it writes out the
   * workers' script (about 9 µs).
   */
  private startWorkers(): void {
    if (this.workers.length >= this.threads - 1 || this.broken) return;
    const source = workerSource();
    while (this.workers.length < this.threads - 1 && !this.broken) {
      const thread = this.workers.length + 1;
      try {
        const worker = this.node.startWorker(source, {
          module: this.module,
          memory: this.memory,
          thread,
          scratch: SCRATCH_OFFSET + thread * SCRATCH_BYTES,
        });
        worker.unref();
        // A worker that fails to start takes no block; the main thread then does them all.
        worker.on("error", () => undefined);
        this.workers.push(worker);
      } catch {
        this.broken = true;
      }
    }
  }
}
