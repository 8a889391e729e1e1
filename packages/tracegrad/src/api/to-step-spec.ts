/**
 * From a trained model and a batch to a step spec: the model's weights and the batch, ready for
 * {@link runStep}, whose worked solution then shows one step of the training by hand.
 *
 * @module
 */
import { checkName, checkNumber, checkObject, expected } from "../common/check-argument.js";
import { InvalidArgumentError } from "../common/errors.js";
import { lossNames } from "../engine/losses.js";
import type { LossName } from "../engine/losses.js";
import { applyScaler } from "../data/scalers.js";
import { readRows, toRowArrays } from "../data/matrix.js";
import type { Rows } from "../data/matrix.js";
import { Dense } from "../nn/layers/dense.js";
import { Sequential } from "../nn/model.js";
import { parseStepSpec } from "../step/spec/index.js";
import type { InterchangeSpec, StepSpec } from "../step/spec/index.js";

/**
 * The settings of the step {@link toStepSpec} writes.
 *
 * @category Worked solutions
 */
export interface ToStepSpecOptions {
  /** The loss (the model's own, {@link Sequential.loss}, by default). */
  readonly loss?: LossName;
  /** η of the update; without it the step stops after the backward pass. */
  readonly learningRate?: number;
  /** A title for the worked solution. */
  readonly title?: string;
}

/**
 * A step spec of a model (its dense layers, weights and biases as they are now) on a batch: `inputs`
 * are raw rows (the model's scaler is applied, as {@link Sequential.predict} does) and `targets` their
 * targets, as the loss sees them (one-hot rows for softmax); leave `targets` out for a forward pass
 * only. {@link runStep} takes the result as it is. A model with dropout or batch-norm layers has no step
 * spec (a spec holds dense layers only): that is an {@link InvalidArgumentError}.
 *
 * @example
 * ```ts
 * const spec = toStepSpec(model, [[0.1, 0.5]], [[1]], { learningRate: 0.5 });
 * console.log(explainStep(runStep(spec)));
 * ```
 *
 * @category Worked solutions
 */
export function toStepSpec(model: Sequential, inputs: Rows, targets?: Rows, options: ToStepSpecOptions = {}): StepSpec {
  if (!(model instanceof Sequential)) throw expected("model", "a Sequential model", model);
  const o = checkObject(options, "options", ["loss", "learningRate", "title"]);
  const layers = model.layers.map((layer, i) => {
    if (!(layer instanceof Dense)) throw new InvalidArgumentError(`model.layers[${i}]`, `is a ${layer.type} layer; a step spec holds dense layers only`);
    return layer;
  });
  const x = readRows(inputs, "inputs", model.inputSize, "inputs");
  if (x.rows === 0) throw expected("inputs", "at least one row", inputs);
  const scaled = model.scaler === null ? x.data : applyScaler(model.scaler, x.data, x.rows, model.inputSize);
  const document: InterchangeSpec & { title?: string } = {
    inputs: toRowArrays(scaled, x.rows, model.inputSize),
    layers: layers.map((layer) => ({
      activation: layer.activation.name,
      weights: toRowArrays(layer.weights, layer.outputSize, layer.inputSize),
      bias: layer.bias === null ? null : Array.from(layer.bias),
      ...(layer.activation.name === "leaky-relu" ? { alpha: layer.alpha } : {}),
    })),
  };
  if (targets !== undefined) {
    const t = readRows(targets, "targets", model.outputSize, "targets");
    if (t.rows !== x.rows) throw new InvalidArgumentError("targets", `has ${t.rows} rows, but inputs has ${x.rows}`);
    document.targets = toRowArrays(t.data, t.rows, model.outputSize);
    const loss = o.loss !== undefined ? checkName(o.loss, lossNames(), "options.loss", "loss") : model.loss;
    if (loss === null) throw expected("options.loss", "the loss of the step (the model has none recorded: it has not been trained)", undefined);
    document.loss = loss;
    if (o.learningRate !== undefined) document.learningRate = checkNumber(o.learningRate, "options.learningRate", { min: 0, minOpen: true });
  } else if (o.learningRate !== undefined || o.loss !== undefined) {
    throw expected("targets", "targets for a step with a loss or a learning rate", targets);
  }
  if (o.title !== undefined) {
    if (typeof o.title !== "string") throw expected("options.title", "a string", o.title);
    document.title = o.title;
  }
  return parseStepSpec(document);
}
