/**
 * What makes an exercise degenerate, so that the generator draws again: a ReLU layer whose outputs
 * are all zero for a sample (nothing flows back through it), a sigmoid output outside [0.01, 0.99]
 * (saturated: almost nothing flows back), or a weight outside the ReLU layers whose gradient is
 * below 1e-9 (an update that does nothing).
 *
 * @module
 */
import type { StepResults } from "../step/results.js";
import type { StepSpec } from "../step/spec/step-spec.js";

/** The sigmoid outputs an exercise keeps to. */
export const SIGMOID_RANGE: readonly [number, number] = [0.01, 0.99];

/** The smallest weight gradient outside ReLU layers. */
export const MIN_GRADIENT = 1e-9;

/** Why a step makes a degenerate exercise, or null when it does not. */
export function degeneracy(spec: StepSpec, results: StepResults): string | null {
  for (let l = 0; l < spec.layers.length; l++) {
    const activation = spec.layers[l].activation;
    const a = results.layers[l].a;
    if (activation === "relu") {
      const dead = a.findIndex((row) => row.every((x) => x === 0));
      if (dead >= 0) return `every ReLU unit of layer ${l + 1} outputs 0 for sample ${dead + 1}`;
    }
    if (activation === "sigmoid") {
      for (const row of a) for (const x of row) if (x < SIGMOID_RANGE[0] || x > SIGMOID_RANGE[1]) return `a sigmoid unit of layer ${l + 1} outputs ${x}, outside [${SIGMOID_RANGE.join(", ")}]`;
    }
    const dW = results.layers[l].dW;
    if (activation !== "relu" && dW !== null) {
      for (const row of dW) for (const g of row) if (Math.abs(g) < MIN_GRADIENT) return `a weight of layer ${l + 1} has the gradient ${g}, below ${MIN_GRADIENT} in size`;
    }
  }
  return null;
}
