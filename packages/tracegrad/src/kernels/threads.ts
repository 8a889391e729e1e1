/**
 * The threaded WebAssembly backend (Node only): the kernels over a shared memory, with worker threads
 * that run the same module on the same memory and split the rows of C with the main thread.
 *
 * Rows are cut into blocks by m alone (between 16 and {@link MC} rows, about eight blocks), never by the
 * thread count, and each element of C is summed in the order `blocking.ts` describes whoever computes
 * it, so one thread and several give the same bits. Products under {@link THREADED_PRODUCT}
 * multiply-adds (by element type), or with a single block, run on the main thread alone.
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
import type { Layout } from "./wasm-backend.js";
import { MAX_PAGES, MAX_THREADS, SCRATCH_BYTES, SCRATCH_OFFSET, WasmKernel } from "./wasm-backend.js";
import { Control, SPIN_MILLISECONDS, workerSource } from "./worker-source.js";

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

/** The WebAssembly kernels over a shared memory, on the calling thread and `threads - 1` workers. */
export class ThreadedWasmKernel extends WasmKernel {
  private readonly control: Int32Array;
  private readonly workers: WorkerHandle[] = [];
  private threads = 1;
  private broken = false;
  /** Blocks of C the workers have computed, over every product so far (the main thread did the rest). */
  workerBlocks = 0;

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly node: NodeThreads,
  ) {
    super(new WebAssembly.Memory({ initial: 16, maximum: MAX_PAGES, shared: true }), module);
    this.control = new Int32Array(this.memory.buffer, 0, 64);
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
    control[Control.BLOCKS] = blocks;
    control[Control.KC] = KC;
    control[Control.MC] = MC;
    control[Control.PARTICIPANTS] = this.threads;
    Atomics.store(control, Control.DONE, 0);
    Atomics.store(control, Control.FAILED, 0);
    const seq = (Atomics.load(control, Control.SEQ) + 1) | 0;
    const tag = seq & 0x7fff;
    Atomics.store(control, Control.CLAIM, (tag << 16) | blocks);
    Atomics.store(control, Control.SEQ, seq);
    Atomics.notify(control, Control.SEQ);

    const gemm = f64 ? this.exports.gemm_f64 : this.exports.gemm_f32;
    let own = 0;
    for (;;) {
      const claim = Atomics.load(control, Control.CLAIM);
      if (claim >>> 16 !== tag || (claim & 0xffff) === 0) break;
      if (Atomics.compareExchange(control, Control.CLAIM, claim, claim - 1) !== claim) continue;
      const r0 = ((claim & 0xffff) - 1) * rows;
      gemm(layout.c, layout.a, layout.packedB, layout.packedA, SCRATCH_OFFSET, m, n, k, transA ? 1 : 0, accumulate ? 1 : 0, r0, Math.min(m, r0 + rows), KC, MC);
      Atomics.add(control, Control.DONE, 1);
      own++;
    }
    // The workers' last blocks: spin a while, then sleep.
    const until = performance.now() + SPIN_MILLISECONDS;
    let spinning = true;
    for (let i = 1; ; i++) {
      const done = Atomics.load(control, Control.DONE);
      if (done >= blocks) break;
      if (spinning && (i & 255) === 0) spinning = performance.now() <= until;
      if (!spinning) Atomics.wait(control, Control.DONE, done);
    }
    this.workerBlocks += blocks - own;
    if (Atomics.load(control, Control.FAILED) !== 0) {
      this.broken = true;
      throw new Error("matmul: a worker thread of the wasm-threads backend failed");
    }
  }

  /** Starts the workers still missing for the thread count; on failure, stays on the main thread. */
  private startWorkers(): void {
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
