/**
 * The worker thread of the threaded backend, as the text of a script, and the control words it shares
 * with the main thread at the start of the kernels' shared memory.
 *
 * A product is one job. The main thread writes the job's parameters, sets CLAIM to
 * (job tag << 16) | number of row blocks, bumps SEQ and wakes the workers. Every thread, the main one
 * included, then takes the highest unclaimed block with a compare-and-swap that also checks the tag, so
 * a worker that wakes late, after its job is over, can never take a block of the next one; it runs the
 * kernel on the block's rows and counts it in DONE. The main thread waits (Atomics.wait) until DONE
 * reaches the number of blocks. Which thread takes which block varies from run to run; the blocks and
 * the sums inside each element of C do not, so the result is the same bits whatever the thread count.
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
  /** The job: {@link Job}. */
  JOB: 20,
  /** An update job: the id of the memory it updates (the worker has received it as a message). */
  UPDATE_MEMORY: 21,
  /** An update job: the rule's family, an {@link UpdateCode}. */
  UPDATE_RULE: 22,
  /** An update job: 1 for f32 arrays, 0 for f64; then the byte offsets of w, g and the two state arrays. */
  UPDATE_F32: 23,
  UPDATE_W: 24,
  UPDATE_G: 25,
  UPDATE_S0: 26,
  UPDATE_S1: 27,
  /** An update job: the elements, and how many one block takes (even, so that only the last may be odd). */
  UPDATE_COUNT: 28,
  UPDATE_CHUNK: 29,
  /** An update job: 1 for Nesterov's momentum. */
  UPDATE_NESTEROV: 30,
} as const;

/** What a job computes: rows of a product, or a range of an optimizer's update. */
export const Job = { GEMM: 0, UPDATE: 1 } as const;

/** The update rules' families, as an update job names them. */
export const UpdateCode = { sgd: 0, momentum: 1, rmsprop: 2, adam: 3 } as const;

/**
 * Where an update job's numbers lie, in bytes (16 Float64 values after the 32 control words): η, λ,
 * then the rule's own (μ; ρ, ε; β₁, β₂, ε, 1 - β₁ᵗ, 1 - β₂ᵗ).
 */
export const UPDATE_CONSTANTS = 128;

/** Where each thread's result of an update job lies (a Float64 per thread), in bytes. */
export const UPDATE_RESULTS = 4352;

/** The worker's script. workerData: { module, memory, thread, scratch } (thread ≥ 1). */
export function workerSource(): string {
  const w = Control;
  return `"use strict";
const { workerData, parentPort, receiveMessageOnPort } = require("node:worker_threads");
const { module, memory, thread, scratch } = workerData;
const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports;
const control = new Int32Array(memory.buffer, 0, 64);
const constants = new Float64Array(memory.buffer, ${UPDATE_CONSTANTS}, 16);
const results = new Float64Array(memory.buffer, ${UPDATE_RESULTS}, 64);
// The memory of the update jobs (one at a time: the last one the main thread sent).
let update = null, updateId = -1;
function updateJob(tag) {
  const id = control[${w.UPDATE_MEMORY}];
  while (updateId !== id) {
    const got = receiveMessageOnPort(parentPort);
    if (got === undefined) return;
    updateId = got.message.id;
    update = new WebAssembly.Instance(module, { env: { memory: got.message.memory } }).exports;
  }
  const rule = control[${w.UPDATE_RULE}], f32 = control[${w.UPDATE_F32}], size = f32 === 1 ? 4 : 8;
  const w = control[${w.UPDATE_W}], g = control[${w.UPDATE_G}], s0 = control[${w.UPDATE_S0}], s1 = control[${w.UPDATE_S1}];
  const count = control[${w.UPDATE_COUNT}], chunk = control[${w.UPDATE_CHUNK}], blocks = control[${w.BLOCKS}];
  const c = constants;
  let result = 0;
  for (;;) {
    const claim = Atomics.load(control, ${w.CLAIM});
    if (claim >>> 16 !== tag || (claim & 0xffff) === 0) break;
    if (Atomics.compareExchange(control, ${w.CLAIM}, claim, claim - 1) !== claim) continue;
    const start = ((claim & 0xffff) - 1) * chunk, at = start * size, n = Math.min(count, start + chunk) - start;
    let r = -1;
    try {
      if (rule === ${UpdateCode.sgd}) r = update.update_sgd(w + at, g + at, n, f32, c[0], c[1]);
      else if (rule === ${UpdateCode.momentum}) r = update.update_momentum(w + at, g + at, s0 + at, n, f32, c[0], c[1], c[2], control[${w.UPDATE_NESTEROV}]);
      else if (rule === ${UpdateCode.rmsprop}) r = update.update_rmsprop(w + at, g + at, s0 + at, n, f32, c[0], c[1], c[2], c[3]);
      else r = update.update_adam(w + at, g + at, s0 + at, s1 + at, n, f32, c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
    } catch {
      Atomics.store(control, ${w.FAILED}, 1);
    }
    result = result < 0 || r < 0 ? -1 : Math.max(result, r);
    results[thread] = result;
    if (Atomics.add(control, ${w.DONE}, 1) + 1 === blocks) Atomics.notify(control, ${w.DONE});
  }
}
let seen = Atomics.load(control, ${w.SEQ});
for (;;) {
  Atomics.wait(control, ${w.SEQ}, seen);
  seen = Atomics.load(control, ${w.SEQ});
  if (thread >= control[${w.PARTICIPANTS}]) continue;
  const tag = seen & 0x7fff;
  if (control[${w.JOB}] === ${Job.UPDATE}) {
    updateJob(tag);
    continue;
  }
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
