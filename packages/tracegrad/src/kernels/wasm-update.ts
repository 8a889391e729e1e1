/**
 * The optimizer's update in WebAssembly, for the built-in update rules (sgd, momentum, nesterov,
 * rmsprop, adam, adamw): the functions `update_*` of gemm.wat, which compute every element with the
 * same f64 operations in the same order as the rules' TypeScript `step` (engine/update-rules.ts), so
 * with the same bits, in Float64 and in Float32.
 *
 * The rule's state (velocities, moments) lives in WebAssembly memory for good, as typed-array views the
 * optimizer keeps. Usually the memory is the update's own, sized once for its parameters and never
 * grown, on the calling thread, and each step copies a parameter's values and gradient in and its new
 * values out. Where a parameter's arrays already live in the threaded kernel's shared memory (the CLI
 * puts a large layer's there: `residentArray` in index.ts), the update works in that memory: such a
 * parameter is updated where it is, with no copy, and a large one by the worker threads with the
 * calling thread, block by block (`ThreadedWasmKernel.update`). Either way the bits are the rule's.
 *
 * @module
 */
import type { Hyperparameters } from "../common/hyperparameters.js";
import type { FloatArray } from "./types.js";
import type { ThreadedWasmKernel } from "./threads.js";
import type { UpdateJob } from "./update-job.js";
import { updateRange } from "./update-job.js";
import { gemmModule } from "./wasm-module.js";
import type { GemmExports } from "./wasm-module.js";

/** The built-in rules the kernel runs, by the name of their family. */
export type UpdateKind = "sgd" | "momentum" | "nesterov" | "rmsprop" | "adam";

/**
 * The numbers a step of a rule needs: the rule's hyperparameters (λ is 0 for biases; those a rule does
 * not use are ignored), and Adam's bias corrections.
 */
export interface UpdateConstants extends Hyperparameters {
  /** Adam's bias corrections 1 - β₁ᵗ and 1 - β₂ᵗ. */
  readonly firstCorrection: number;
  readonly secondCorrection: number;
}

const PAGE = 65536;

function align(bytes: number): number {
  return Math.ceil(bytes / 64) * 64;
}

/** One parameter's place in the kernel's memory (byte addresses). */
interface Slot {
  /** Whether the parameter's own arrays are these bytes (no copy in or out). */
  readonly inPlace: boolean;
  readonly count: number;
  readonly w: number;
  readonly g: number;
  /** The state arrays' byte offsets, one per state name of the rule. */
  readonly state: readonly number[];
}

/** The slots of parameters of the given sizes from byte `start` on, and the first byte past them. */
function slotsFor(sizes: readonly number[], stateCount: number, size: number, start: number): { slots: Slot[]; end: number } {
  let offset = start;
  const slots = sizes.map((count) => {
    const bytes = align(count * size);
    const w = offset;
    const g = w + bytes;
    const state = Array.from({ length: stateCount }, (_, s) => g + bytes * (s + 1));
    offset = g + bytes * (stateCount + 1);
    return { inPlace: false, count, w, g, state };
  });
  return { slots, end: offset };
}

/** Where an update runs: its own memory on the calling thread, or the threaded kernel's. */
type Runner = { readonly exports: GemmExports } | { readonly threaded: ThreadedWasmKernel };

/** The update of a fixed list of parameters of one element type, with the rule's state in WebAssembly memory. */
export class WasmUpdate {
  /** For each parameter, the rule's state arrays: views of the kernel's memory, zero at the start. */
  readonly state: FloatArray[][];
  private readonly view: FloatArray;
  private readonly f64: boolean;
  private readonly shift: number;

  private constructor(
    readonly kind: UpdateKind,
    private readonly slots: readonly Slot[],
    buffer: ArrayBufferLike,
    f64: boolean,
    private readonly runner: Runner,
  ) {
    this.f64 = f64;
    this.view = f64 ? new Float64Array(buffer) : new Float32Array(buffer);
    this.shift = f64 ? 3 : 2;
    this.state = slots.map((slot) => slot.state.map((at) => this.view.subarray(at >> this.shift, (at >> this.shift) + slot.count).fill(0)));
  }

  /**
   * The kernel for parameters of the given sizes, with `stateCount` state arrays each, in a memory of
   * its own, or null where the engine runs no WebAssembly SIMD (the module needs it) or the memory
   * cannot be had.
   */
  static create(kind: UpdateKind, sizes: readonly number[], stateCount: number, f64: boolean): WasmUpdate | null {
    const module = gemmModule("plain");
    if (module === null) return null;
    try {
      const { slots, end } = slotsFor(sizes, stateCount, f64 ? 8 : 4, 0);
      const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(end / PAGE)) });
      const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GemmExports;
      return new WasmUpdate(kind, slots, memory.buffer, f64, { exports });
    } catch {
      return null;
    }
  }

  /**
   * The kernel for parameters some of whose arrays live in the threaded kernel's memory (made by
   * `residentArray`): those are updated where they are, with no copy, their state beside them, and a
   * large one on every thread; the others get slots there and are copied in and out as usual. Null
   * where the kernel cannot give out the bytes.
   */
  static onThreads(threaded: ThreadedWasmKernel, kind: UpdateKind, parameters: readonly { readonly value: FloatArray; readonly gradient: FloatArray }[], stateCount: number, f64: boolean): WasmUpdate | null {
    const size = f64 ? 8 : 4;
    const slots: Slot[] = [];
    for (const { value, gradient } of parameters) {
      const count = value.length;
      const bytes = align(count * size);
      const here = threaded.holds(value) && threaded.holds(gradient);
      // An odd count's update computes one element past the end: resident arrays have room for it
      // (residentArray rounds their bytes up), and so do these slots.
      const at = threaded.allocate(bytes * (here ? stateCount : stateCount + 2));
      if (at === null) return null;
      const state = Array.from({ length: stateCount }, (_, i) => at + (here ? i : i + 2) * bytes);
      slots.push(here ? { inPlace: true, count, w: value.byteOffset, g: gradient.byteOffset, state } : { inPlace: false, count, w: at, g: at + bytes, state });
    }
    return new WasmUpdate(kind, slots, threaded.buffer, f64, { threaded });
  }

  /**
   * Updates parameter `index` (values `w`, gradient `g`, of its size) in place. Returns the largest
   * |w_new - w_old|, or -1 when a change was NaN.
   */
  step(index: number, w: FloatArray, g: FloatArray, c: UpdateConstants): number {
    const slot = this.slots[index];
    if (slot.inPlace) return this.run(slot, c);
    const view = this.view;
    const shift = this.shift;
    view.set(w, slot.w >> shift);
    view.set(g, slot.g >> shift);
    const result = this.run(slot, c);
    w.set(view.subarray(slot.w >> shift, (slot.w >> shift) + slot.count));
    return result;
  }

  private run(slot: Slot, c: UpdateConstants): number {
    const job = this.job(slot, c);
    return "threaded" in this.runner ? this.runner.threaded.update(job) : updateRange(this.runner.exports, job, 0, job.count);
  }

  /** The step of one slot as a job: one call of the rule's function over its elements (the threaded kernel cuts it into blocks). */
  private job(slot: Slot, c: UpdateConstants): UpdateJob {
    const base = { f64: this.f64, w: slot.w, g: slot.g, s0: slot.state[0] ?? 0, s1: slot.state[1] ?? 0, count: slot.count, nesterov: this.kind === "nesterov" };
    switch (this.kind) {
      case "sgd":
        return { ...base, rule: "sgd", constants: [c.learningRate, c.weightDecay] };
      case "momentum":
      case "nesterov":
        return { ...base, rule: "momentum", constants: [c.learningRate, c.weightDecay, c.momentum] };
      case "rmsprop":
        return { ...base, rule: "rmsprop", constants: [c.learningRate, c.weightDecay, c.rho, c.epsilon] };
      case "adam":
        return { ...base, rule: "adam", constants: [c.learningRate, c.weightDecay, c.beta1, c.beta2, c.epsilon, c.firstCorrection, c.secondCorrection] };
    }
  }
}
