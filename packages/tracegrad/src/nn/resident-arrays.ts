/**
 * A training's large arrays in the threaded kernel's shared memory (kernels/index.ts's
 * `residentArray`), opt-in: after `useResidentArrays()`, a dense layer's weights and their gradient,
 * and a trainer's minibatch, of at least {@link RESIDENT_ELEMENTS} values are made there where the
 * `wasm-threads` backend runs on several threads. The products then read them where they are (and
 * write a gradient there) instead of copying them in and out, and the optimizer updates such weights
 * where they are, on every thread: the same bits, with fewer copies. The bytes are never taken back,
 * so this suits a process that trains a few large models, as the CLI's commands do; the CLI turns it
 * on, and an app that never calls it keeps ordinary arrays.
 *
 * @module
 */
import { residentArray } from "../kernels/index.js";
import type { FloatArray } from "../engine/activations.js";
import { arrayType } from "./layers/layer.js";
import type { DType } from "./layers/layer.js";

/** Arrays of fewer values stay ordinary: their copies cost little, and the bytes are never given back. */
export const RESIDENT_ELEMENTS = 16384;

let resident = false;

/** Large training arrays made from now on live in the threaded kernel's memory where they can; `false` turns it off again. */
export function useResidentArrays(on = true): void {
  resident = on;
}

/** A zeroed array of `length` values for training: in the threaded kernel's memory where {@link useResidentArrays} asks for it and it can be, else an ordinary one. */
export function trainingArray(dtype: DType, length: number): FloatArray {
  if (resident && length >= RESIDENT_ELEMENTS) {
    const array = residentArray(dtype === "float64", length);
    if (array !== null) return array;
  }
  return new (arrayType(dtype))(length);
}
