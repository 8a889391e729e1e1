/**
 * The optimizer's update in WebAssembly, for the built-in update rules (sgd, momentum, nesterov,
 * rmsprop, adam, adamw): the functions `update_*` of gemm.wat, which compute every element with the
 * same f64 operations in the same order as the rules' TypeScript `step` (engine/update-rules.ts), so
 * with the same bits, in Float64 and in Float32.
 *
 * The kernel has a memory of its own, sized once for the parameters it updates and never grown: the
 * rule's state (velocities, moments) lives there for good, as typed-array views the optimizer keeps,
 * and each step copies a parameter's values and gradient in and its new values out.
 *
 * @module
 */
import type { Hyperparameters } from "../common/hyperparameters.js";
import type { FloatArray } from "./types.js";
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

/** One parameter's place in the kernel's memory. */
interface Slot {
  readonly count: number;
  readonly w: number;
  readonly g: number;
  /** The state arrays' byte offsets, one per state name of the rule. */
  readonly state: readonly number[];
}

/** The update of a fixed list of parameters of one element type, with the rule's state in WebAssembly memory. */
export class WasmUpdate {
  /** For each parameter, the rule's state arrays: views of the kernel's memory, zero at the start. */
  readonly state: FloatArray[][];
  private readonly exports: GemmExports;
  private readonly slots: Slot[];
  private readonly view: FloatArray;
  private readonly f32: number;
  private readonly shift: number;

  private constructor(module: WebAssembly.Module, readonly kind: UpdateKind, sizes: readonly number[], stateCount: number, f64: boolean) {
    const size = f64 ? 8 : 4;
    let offset = 0;
    this.slots = sizes.map((count) => {
      const bytes = align(count * size);
      const w = offset;
      const g = w + bytes;
      const state = Array.from({ length: stateCount }, (_, s) => g + bytes * (s + 1));
      offset = g + bytes * (stateCount + 1);
      return { count, w, g, state };
    });
    const memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil(offset / PAGE)) });
    this.exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as GemmExports;
    this.view = f64 ? new Float64Array(memory.buffer) : new Float32Array(memory.buffer);
    this.f32 = f64 ? 0 : 1;
    this.shift = f64 ? 3 : 2;
    this.state = this.slots.map((slot) => slot.state.map((at) => this.view.subarray(at >> this.shift, (at >> this.shift) + slot.count)));
  }

  /**
   * The kernel for parameters of the given sizes, with `stateCount` state arrays each, or null where
   * the engine runs no WebAssembly SIMD (the module needs it) or the memory cannot be had.
   */
  static create(kind: UpdateKind, sizes: readonly number[], stateCount: number, f64: boolean): WasmUpdate | null {
    const module = gemmModule("plain");
    if (module === null) return null;
    try {
      return new WasmUpdate(module, kind, sizes, stateCount, f64);
    } catch {
      return null;
    }
  }

  /**
   * Updates parameter `index` (values `w`, gradient `g`, of its size) in place. Returns the largest
   * |w_new - w_old|, or -1 when a change was NaN.
   */
  step(index: number, w: FloatArray, g: FloatArray, c: UpdateConstants): number {
    const slot = this.slots[index];
    const view = this.view;
    const shift = this.shift;
    view.set(w, slot.w >> shift);
    view.set(g, slot.g >> shift);
    const result = this.run(slot, c);
    w.set(view.subarray(slot.w >> shift, (slot.w >> shift) + slot.count));
    return result;
  }

  private run(slot: Slot, c: UpdateConstants): number {
    const e = this.exports;
    const { count, w, g, state } = slot;
    const f32 = this.f32;
    switch (this.kind) {
      case "sgd":
        return e.update_sgd(w, g, count, f32, c.learningRate, c.weightDecay);
      case "momentum":
      case "nesterov":
        return e.update_momentum(w, g, state[0], count, f32, c.learningRate, c.weightDecay, c.momentum, this.kind === "nesterov" ? 1 : 0);
      case "rmsprop":
        return e.update_rmsprop(w, g, state[0], count, f32, c.learningRate, c.weightDecay, c.rho, c.epsilon);
      case "adam":
        return e.update_adam(w, g, state[0], state[1], count, f32, c.learningRate, c.weightDecay, c.beta1, c.beta2, c.epsilon, c.firstCorrection, c.secondCorrection);
    }
  }
}
