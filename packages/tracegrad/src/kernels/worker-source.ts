/**
 * The worker thread of the threaded backend, as the text of a script, and the control words it shares
 * with the main thread at the start of the kernels' shared memory.
 *
 * A product is one job. The main thread writes the job's parameters, sets CLAIM to
 * (job tag << 16) | number of row blocks, bumps SEQ and wakes the workers. Every thread, the main one
 * included, then takes the highest unclaimed block with a compare-and-swap that also checks the tag, so
 * a worker that wakes late, after its job is over, can never take a block of the next one; it runs the
 * kernel on the block's rows and counts it in DONE. The main thread waits (spinning, then in
 * Atomics.wait) until DONE reaches the number of blocks. A job of no blocks is a wake-up call: the
 * workers wake, find nothing to take, and spin for the product that follows. Which thread takes which
 * block varies from run to run; the blocks and the sums inside each element of C do not, so the result
 * is the same bits whatever the thread count.
 *
 * @module
 */

/** Indices of the control words (Int32Array over bytes 0 .. 255 of the shared memory). */
export const Control = {
  /** Job sequence number; workers wait for it to change. */
  SEQ: 0,
  /** (job tag << 16) | blocks not yet taken; the tag is SEQ & 0x7fff. */
  CLAIM: 1,
  /** Blocks finished. */
  DONE: 2,
  /** Set when a worker's kernel threw; the main thread then throws too. */
  FAILED: 3,
  /** 1 for f64, 0 for f32. */
  F64: 4,
  C: 5,
  A: 6,
  PACKED_B: 7,
  PACKED_A: 8,
  PACKED_A_STRIDE: 9,
  M: 10,
  N: 11,
  K: 12,
  TRANS_A: 13,
  ACCUMULATE: 14,
  ROWS_PER_BLOCK: 15,
  BLOCKS: 16,
  KC: 17,
  MC: 18,
  /** Threads taking part, the main one included: worker t works only if t < this. */
  PARTICIPANTS: 19,
} as const;

/**
 * How long a thread spins, watching a control word, before it sleeps in Atomics.wait: a worker after
 * a product (or a wake-up call), the main thread while the workers finish their last blocks. Short:
 * about two blocks of a W2 product, as fast there as 2 ms (0.444 against 0.460 s, medians of 10
 * alternating runs), and never more than this is burnt where the threads share fewer cores than they
 * think (a container's CPU quota); without any spin W2 took 0.468 against 0.458 s.
 */
export const SPIN_MILLISECONDS = 0.25;

/** The worker's script. workerData: { module, memory, thread, scratch } (thread ≥ 1). */
export function workerSource(): string {
  const w = Control;
  return `"use strict";
const { workerData } = require("node:worker_threads");
const { module, memory, thread, scratch } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const control = new Int32Array(memory.buffer, 0, 64);
let seen = Atomics.load(control, ${w.SEQ});
for (;;) {
  // Spin a while before sleeping: the next product often comes within it, and a sleeping thread
  // takes a tenth of a millisecond or more to wake.
  const until = performance.now() + ${SPIN_MILLISECONDS};
  for (let i = 1; Atomics.load(control, ${w.SEQ}) === seen; i++) {
    if ((i & 255) === 0 && performance.now() > until) {
      Atomics.wait(control, ${w.SEQ}, seen);
      break;
    }
  }
  seen = Atomics.load(control, ${w.SEQ});
  if (thread >= control[${w.PARTICIPANTS}]) continue;
  const tag = seen & 0x7fff;
  const gemm = control[${w.F64}] === 1 ? kernels.gemm_f64 : kernels.gemm_f32;
  const c = control[${w.C}], a = control[${w.A}], packedB = control[${w.PACKED_B}];
  const packedA = control[${w.PACKED_A}] + thread * control[${w.PACKED_A_STRIDE}];
  const m = control[${w.M}], n = control[${w.N}], k = control[${w.K}];
  const transA = control[${w.TRANS_A}], accumulate = control[${w.ACCUMULATE}];
  const rowsPerBlock = control[${w.ROWS_PER_BLOCK}], blocks = control[${w.BLOCKS}];
  const kc = control[${w.KC}], mc = control[${w.MC}];
  for (;;) {
    const claim = Atomics.load(control, ${w.CLAIM});
    if (claim >>> 16 !== tag || (claim & 0xffff) === 0) break;
    if (Atomics.compareExchange(control, ${w.CLAIM}, claim, claim - 1) !== claim) continue;
    const r0 = ((claim & 0xffff) - 1) * rowsPerBlock;
    const r1 = Math.min(m, r0 + rowsPerBlock);
    try {
      gemm(c, a, packedB, packedA, scratch, m, n, k, transA, accumulate, r0, r1, kc, mc);
    } catch {
      Atomics.store(control, ${w.FAILED}, 1);
    }
    if (Atomics.add(control, ${w.DONE}, 1) + 1 === blocks) Atomics.notify(control, ${w.DONE});
  }
}
`;
}
