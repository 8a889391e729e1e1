/**
 * What makes an exercise degenerate, so that the generator draws again: what each activation's
 * registry entry says (a ReLU layer whose outputs are all zero for a sample, so that nothing flows
 * back through it; a sigmoid output outside [0.01, 0.99], saturated), or a weight gradient below 1e-9
 * (an update that does nothing) in a layer whose activation does not make zero gradients its nature.
 *
 * @module
 */
import { activation, SATURATION } from "../engine/activations.js";
import type { StepResults } from "../step/results.js";
import type { StepSpec } from "../step/spec/step-spec.js";

/** The sigmoid outputs an exercise keeps to. */
export const SIGMOID_RANGE: readonly [number, number] = [SATURATION, 1 - SATURATION];

/** The smallest weight gradient of a layer whose activation does not make zero gradients its nature. */
export const MIN_GRADIENT = 1e-9;

/** Why a step makes a degenerate exercise, or null when it does not. */
export function degeneracy(spec: StepSpec, results: StepResults): string | null {
  for (let l = 0; l < spec.layers.length; l++) {
    const { exercise } = activation(spec.layers[l].activation);
    const a = results.layers[l].a;
    for (let n = 0; n < a.length; n++) {
      const reason = exercise.degenerate?.(a[n]) ?? null;
      if (reason !== null) return `layer ${l + 1}, sample ${n + 1}: ${reason}`;
    }
    const dW = results.layers[l].dW;
    if (!exercise.zeroGradients && dW !== null) {
      for (const row of dW) for (const g of row) if (Math.abs(g) < MIN_GRADIENT) return `a weight of layer ${l + 1} has the gradient ${g}, below ${MIN_GRADIENT} in size`;
    }
  }
  return null;
}
