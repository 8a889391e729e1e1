/**
 * The numbers of a step, as `tracegrad step --json` prints them and `tracegrad check` grades them:
 * z, a and δ as batch × units; ∂L/∂W and the new weights as units × inputs; ∂L/∂b and the new biases
 * per unit (null where a layer has no bias).
 *
 * @module
 */
import type { StepRecord } from "./run-step.js";

/** @category Worked solutions */
export interface LayerResults {
  readonly z: number[][];
  readonly a: number[][];
  /** δ = ∂L/∂z, or null for a forward pass only. */
  readonly delta: number[][] | null;
  readonly dW: number[][] | null;
  readonly db: number[] | null;
  /** The weights after the update (null when there is no update). */
  readonly weights: number[][] | null;
  readonly bias: number[] | null;
}

/** @category Worked solutions */
export interface StepResults {
  /** The loss that is differentiated (with the L2 penalty when there is one); null for a forward pass only. */
  readonly loss: number | null;
  /** The loss of the data alone. */
  readonly dataLoss: number | null;
  /** λΣW², or null without L2. */
  readonly penalty: number | null;
  /** The loss after the update. */
  readonly lossAfter: number | null;
  readonly layers: readonly LayerResults[];
}

/** The numbers of a recorded step. */
export function stepResults(record: StepRecord): StepResults {
  const f = record.forward;
  return {
    loss: f.loss?.item() ?? null,
    dataLoss: f.dataLoss?.item() ?? null,
    penalty: f.penalty?.item() ?? null,
    lossAfter: record.after?.loss?.item() ?? null,
    layers: f.layers.map((layer, l) => {
      const updated = record.update?.layers[l];
      return {
        z: layer.z.toRows(),
        a: layer.a.toRows(),
        delta: layer.z.gradRows(),
        dW: layer.weights.gradRows(),
        db: layer.bias === null ? null : layer.bias.grad === null ? null : Array.from(layer.bias.grad),
        weights: updated === undefined ? null : updated.weights.toRows(),
        bias: updated === undefined || updated.bias === null ? null : Array.from(updated.bias.data),
      };
    }),
  };
}
