/**
 * The optimizer's update in WebAssembly for the built-in rules (kernels/wasm-update.ts), opt-in:
 * `useWasmUpdates()` makes every optimizer made afterwards of a built-in rule, on at least
 * {@link WASM_UPDATE_ELEMENTS} parameters of one element type, update in WebAssembly where the engine
 * has SIMD, with the bits of the rule's TypeScript step. The CLI turns it on; an app that never calls
 * it carries none of it.
 *
 * @module
 */
import { BUILTIN_OPTIMIZER_NAMES } from "../engine/update-rules.js";
import type { Hyperparameters, UpdateRule } from "../engine/update-rules.js";
import { threadedKernelIfMade } from "../kernels/index.js";
import { WasmUpdate } from "../kernels/wasm-update.js";
import type { UpdateKind } from "../kernels/wasm-update.js";
import type { Parameter } from "./layers/layer.js";
import { setFastUpdates } from "./optimizer.js";
import type { FastUpdate, StepReport } from "./optimizer.js";

/**
 * Parameters (all elements together) from which a built-in rule's update runs in WebAssembly: below,
 * the calls cost more than they save. Either way the bits are the rule's own.
 */
export const WASM_UPDATE_ELEMENTS = 4096;

/** Optimizers made from now on update in WebAssembly where they can; `false` turns it off again. */
export function useWasmUpdates(on = true): void {
  setFastUpdates(on ? wasmUpdate : null);
}

/** The kernel's family of a built-in rule (adamw is adam with its default λ). */
function updateKind(name: string): UpdateKind | null {
  if (!(BUILTIN_OPTIMIZER_NAMES as readonly string[]).includes(name)) return null;
  return name === "adamw" ? "adam" : (name as UpdateKind);
}

/**
 * The kernel of an optimizer's update: in the threaded kernel's memory, on every thread, where some of
 * the parameters' arrays live there (`residentArray`, see nn/resident-arrays.ts); else on the calling
 * thread, in a memory of its own. Null where the engine runs no WebAssembly SIMD.
 */
function optimizerUpdate(kind: UpdateKind, parameters: readonly Parameter[], stateCount: number, f64: boolean): WasmUpdate | null {
  const threaded = threadedKernelIfMade();
  if (threaded !== null && parameters.some((p) => threaded.holds(p.value))) {
    const update = WasmUpdate.onThreads(threaded, kind, parameters, stateCount, f64);
    if (update !== null) return update;
  }
  return WasmUpdate.create(kind, parameters.map((p) => p.value.length), stateCount, f64);
}

/** The WebAssembly update of an optimizer's parameters, or null where it does not apply. */
function wasmUpdate(rule: UpdateRule, parameters: readonly Parameter[], h: Omit<Hyperparameters, "learningRate">): FastUpdate | null {
  const kind = updateKind(rule.name);
  if (kind === null || parameters.length === 0) return null;
  const f64 = parameters[0].value instanceof Float64Array;
  if (parameters.some((p) => p.value instanceof Float64Array !== f64 || p.gradient instanceof Float64Array !== f64 || p.gradient.length !== p.value.length)) return null;
  if (parameters.reduce((sum, p) => sum + p.value.length, 0) < WASM_UPDATE_ELEMENTS) return null;
  const kernel = optimizerUpdate(kind, parameters, rule.stateNames.length, f64);
  if (kernel === null) return null;
  return {
    state: kernel.state,
    /** The optimizer's step: the same values and the same report as the rule's TypeScript step. */
    step(learningRate: number, t: number): StepReport {
      const [firstCorrection, secondCorrection] = rule.prepare?.({ ...h, learningRate }, t) ?? [Number.NaN, Number.NaN];
      const constants = { ...h, learningRate, firstCorrection, secondCorrection };
      const withoutDecay = { ...constants, weightDecay: 0 };
      let maxChange = 0;
      let nonFinite: Parameter | null = null;
      for (let index = 0; index < parameters.length; index++) {
        const p = parameters[index];
        const change = kernel.step(index, p.value, p.gradient, p.regularized ? constants : withoutDecay);
        if (change > maxChange) maxChange = change;
        if (nonFinite === null && (change < 0 || change === Number.POSITIVE_INFINITY)) nonFinite = p;
      }
      return { maxChange, nonFinite };
    },
  };
}
