/**
 * The worker thread of the threaded backend, as the text of a script, and the control words it shares
 * with the main thread at the start of the kernels' shared memory.
 *
 * The threads share jobs of two kinds: a product (its blocks are blocks of rows of C) and an
 * optimizer's update (its blocks are ranges of a parameter's elements; see wasm-update.ts). The main
 * thread writes the job's kind and parameters, sets CLAIM to (job tag << 16) | number of blocks, bumps
 * SEQ and wakes the workers. Every thread, the main one included, then takes the highest unclaimed
 * block with a compare-and-swap that also checks the tag, so a worker that wakes late, after its job
 * is over, can never take a block of the next one; it runs the kernel on the block and counts it in
 * DONE. The main thread waits (spinning, then in Atomics.wait) until DONE reaches the number of
 * blocks. A job of no blocks is a wake-up call: the workers wake, find nothing to take, and spin for
 * the product that follows. Which thread takes which block varies from run to run; the blocks, and the
 * sums inside each element of C, do not, so the result is the same bits whatever the thread count. (An
 * update's elements are independent of each other.)
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
  /** The job's kind: {@link JobKind}. */
  KIND: 20,
  // An update's job (the rule's numbers are the f64 values at UPDATE_CONSTANTS_OFFSET):
  /** The rule: {@link UpdateRuleCode}. */
  RULE: 21,
  /** Byte addresses of the parameter's values, its gradient and its two state arrays (0 where the rule has fewer). */
  W: 22,
  G: 23,
  S0: 24,
  S1: 25,
  /** Elements of the parameter. */
  COUNT: 26,
  /** Elements per block (even, so that only the last block may be odd). */
  BLOCK_ELEMENTS: 27,
  /** 1 for nesterov (momentum's flag). */
  NESTEROV: 28,
} as const;

/** The kinds of job. */
export const JobKind = { PRODUCT: 0, UPDATE: 1 } as const;

/** The update rules of gemm.wat's `update_*`, by code. */
export const UpdateRuleCode = { sgd: 0, momentum: 1, rmsprop: 2, adam: 3 } as const;

/**
 * Where an update's f64 numbers lie (byte offset, past the control words and the threads' scratch
 * tiles): η, λ, then the rule's (μ; ρ, ε; β₁, β₂, ε, 1 - β₁ᵗ, 1 - β₂ᵗ).
 */
export const UPDATE_CONSTANTS_OFFSET = 4352;
/** How many f64 numbers an update's job has. */
export const UPDATE_CONSTANTS = 8;
/** Where each block of an update writes its largest change (or -1 after a NaN), one f64 a block. */
export const UPDATE_RESULTS_OFFSET = UPDATE_CONSTANTS_OFFSET + 8 * UPDATE_CONSTANTS;
/** The most blocks an update is cut into (their results fill the header up to 8192 bytes). */
export const MAX_UPDATE_BLOCKS = 256;

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
  const rule = UpdateRuleCode;
  return `"use strict";
const { workerData } = require("node:worker_threads");
const { module, memory, thread, scratch } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const control = new Int32Array(memory.buffer, 0, 64);
const constants = new Float64Array(memory.buffer, ${UPDATE_CONSTANTS_OFFSET}, ${UPDATE_CONSTANTS});
const results = new Float64Array(memory.buffer, ${UPDATE_RESULTS_OFFSET}, ${MAX_UPDATE_BLOCKS});

/** The block function of the job just published: (block index) => void. */
function productBlocks() {
  const gemm = control[${w.F64}] === 1 ? kernels.gemm_f64 : kernels.gemm_f32;
  const c = control[${w.C}], a = control[${w.A}], packedB = control[${w.PACKED_B}];
  const packedA = control[${w.PACKED_A}] + thread * control[${w.PACKED_A_STRIDE}];
  const m = control[${w.M}], n = control[${w.N}], k = control[${w.K}];
  const transA = control[${w.TRANS_A}], accumulate = control[${w.ACCUMULATE}];
  const rowsPerBlock = control[${w.ROWS_PER_BLOCK}];
  const kc = control[${w.KC}], mc = control[${w.MC}];
  return (block) => {
    const r0 = block * rowsPerBlock;
    gemm(c, a, packedB, packedA, scratch, m, n, k, transA, accumulate, r0, Math.min(m, r0 + rowsPerBlock), kc, mc);
  };
}

function updateBlocks() {
  const code = control[${w.RULE}], f32 = control[${w.F64}] === 1 ? 0 : 1, shift = f32 === 1 ? 2 : 3;
  const w = control[${w.W}], g = control[${w.G}], s0 = control[${w.S0}], s1 = control[${w.S1}];
  const count = control[${w.COUNT}], size = control[${w.BLOCK_ELEMENTS}], nesterov = control[${w.NESTEROV}];
  const [eta, lambda, c0, c1, c2, c3, c4] = constants;
  return (block) => {
    const from = block * size, o = from << shift, n = Math.min(size, count - from);
    results[block] =
      code === ${rule.sgd} ? kernels.update_sgd(w + o, g + o, n, f32, eta, lambda) :
      code === ${rule.momentum} ? kernels.update_momentum(w + o, g + o, s0 + o, n, f32, eta, lambda, c0, nesterov) :
      code === ${rule.rmsprop} ? kernels.update_rmsprop(w + o, g + o, s0 + o, n, f32, eta, lambda, c0, c1) :
      kernels.update_adam(w + o, g + o, s0 + o, s1 + o, n, f32, eta, lambda, c0, c1, c2, c3, c4);
  };
}

let seen = Atomics.load(control, ${w.SEQ});
for (;;) {
  // Spin a while before sleeping: the next job often comes within it, and a sleeping thread
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
  const claim0 = Atomics.load(control, ${w.CLAIM});
  if (claim0 >>> 16 !== tag || (claim0 & 0xffff) === 0) continue; // a wake-up call, or a job already done
  const blocks = control[${w.BLOCKS}];
  const run = control[${w.KIND}] === ${JobKind.UPDATE} ? updateBlocks() : productBlocks();
  for (;;) {
    const claim = Atomics.load(control, ${w.CLAIM});
    if (claim >>> 16 !== tag || (claim & 0xffff) === 0) break;
    if (Atomics.compareExchange(control, ${w.CLAIM}, claim, claim - 1) !== claim) continue;
    try {
      run((claim & 0xffff) - 1);
    } catch {
      Atomics.store(control, ${w.FAILED}, 1);
    }
    if (Atomics.add(control, ${w.DONE}, 1) + 1 === blocks) Atomics.notify(control, ${w.DONE});
  }
}
`;
}
