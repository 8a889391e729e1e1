/**
 * The inverted-dropout mask, drawn once for the recording engine (`ops/dropout.ts`) and the training
 * layer (`nn/layers/dropout.ts`) alike: each value is kept with probability 1 - p and scaled by
 * 1/(1 - p), so that evaluation (which keeps everything, unscaled) sees the same expected activation.
 *
 * @module
 */
import type { FloatArray } from "../kernels/types.js";
import type { Random } from "./random.js";

/** Draws an inverted-dropout mask: 1/(1 - p) with probability 1 - p, else 0. */
export function drawDropoutMask(mask: FloatArray, length: number, rate: number, random: Random): void {
  const keep = 1 / (1 - rate);
  for (let i = 0; i < length; i++) mask[i] = random.next() < rate ? 0 : keep;
}
