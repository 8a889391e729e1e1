/**
 * A dense layer's activation over a batch, forward and backward, for every activation of the table in
 * `engine/activations.ts`: element by element, or row by row for softmax, whose outputs share a row.
 *
 * @module
 */
import type { Activation } from "../activations.js";
import type { FloatArray } from "../../kernels/types.js";

/** A = f(Z), batch × units. */
export function activationForward(act: Activation, alpha: number, z: FloatArray, a: FloatArray, batch: number, units: number): void {
  if (act.kind === "softmax") {
    for (let n = 0; n < batch; n++) act.forwardRow(z.subarray(n * units, (n + 1) * units), a, n * units);
  } else {
    act.forwardArray(z, a, batch * units, alpha);
  }
}

/** δ = ∂L/∂Z from ∂L/∂A: da ⊙ f'(z), or the softmax Jacobian row by row (dz may be da). */
export function activationBackward(act: Activation, alpha: number, z: FloatArray, a: FloatArray, da: FloatArray, dz: FloatArray, batch: number, units: number): void {
  if (act.kind === "softmax") {
    for (let n = 0; n < batch; n++) act.backwardRow(a, da, dz, n * units, units);
  } else {
    act.backwardArray(z, a, da, dz, batch * units, alpha);
  }
}
