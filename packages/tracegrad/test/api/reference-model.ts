/**
 * A model's saved layers as the independent reference's layers (test/reference shares no code with
 * src): the reference then computes the outputs and a step of the same network by textbook formulas.
 */
import type { ModelFile } from "../../src/nn/model-file.js";
import type { RefActivation, RefLayer } from "../reference/dense-network.js";

/** The dense layers of a saved model, for `referenceStep`. */
export function referenceLayers(saved: ModelFile): RefLayer[] {
  return saved.layers.map((layer) => {
    if (layer.type !== "dense") throw new Error("the reference has dense layers only");
    return { activation: layer.activation as RefActivation, ...(layer.alpha !== undefined ? { alpha: layer.alpha } : {}), weights: layer.weights, bias: layer.bias };
  });
}
