/**
 * The layers a {@link Sequential} model is built from, as plain objects, and the check of a list of
 * them: every type, name and number is checked before a layer is built, so a mistake is one
 * {@link InvalidArgumentError} naming the layer (`layers[1].units`), not a failure later on.
 *
 * @module
 */
import { activationNames } from "../engine/activations.js";
import type { ActivationName } from "../engine/activations.js";
import { checkBoolean, checkInteger, checkName, checkNumber, checkObject, expected } from "../common/check-argument.js";
import { INITIALIZER_NAMES } from "./initializers.js";
import type { InitializerName } from "./initializers.js";

/**
 * A dense (fully connected) layer: z = W·a + b, a' = f(z).
 *
 * @category Models
 */
export interface DenseConfig {
  readonly type: "dense";
  /** How many units (outputs): a whole number, 1 or more. */
  readonly units: number;
  /** The activation f: `identity`, `sigmoid`, `tanh`, `relu`, `leaky-relu`, `gaussian` or `softmax`. */
  readonly activation: ActivationName;
  /** The slope of `leaky-relu` below zero (0.01). */
  readonly alpha?: number;
  /** Whether the layer has biases (true). */
  readonly useBias?: boolean;
  /** How the weights are drawn (He for ReLU layers, Xavier otherwise); biases start at 0. */
  readonly init?: InitializerName;
}

/**
 * Inverted dropout: in training, each value is kept with probability 1 - rate and scaled by 1/(1 - rate).
 *
 * @category Models
 */
export interface DropoutConfig {
  readonly type: "dropout";
  /** The fraction dropped, in [0, 1). */
  readonly rate: number;
}

/**
 * Batch normalisation of the previous layer's outputs, with a learnt scale γ and shift β.
 *
 * @category Models
 */
export interface BatchNormConfig {
  readonly type: "batch-norm";
  /** running ← momentum·running + (1 - momentum)·batch statistic (0.9, as Keras). */
  readonly momentum?: number;
  /** Added to the variance before its square root (1e-5). */
  readonly epsilon?: number;
}

/**
 * One layer of a {@link Sequential} model.
 *
 * @category Models
 */
export type LayerConfig = DenseConfig | DropoutConfig | BatchNormConfig;

/**
 * The layer types, as `type` names them.
 *
 * @category Models
 */
export const LAYER_TYPES = ["dense", "dropout", "batch-norm"] as const;

const FIELDS: Readonly<Record<(typeof LAYER_TYPES)[number], readonly string[]>> = {
  dense: ["type", "units", "activation", "alpha", "useBias", "init"],
  dropout: ["type", "rate"],
  "batch-norm": ["type", "momentum", "epsilon"],
};

/** Checks one layer's configuration; `at` names it (`layers[1]`). */
export function checkLayerConfig(value: unknown, at: string): LayerConfig {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw expected(at, `a layer: { type: "dense", units, activation }, { type: "dropout", rate } or { type: "batch-norm" }`, value);
  const type = checkName((value as { type?: unknown }).type, LAYER_TYPES, `${at}.type`, "layer type");
  const o = checkObject(value, at, FIELDS[type]);
  if (type === "dense") {
    checkInteger(o.units, `${at}.units`, 1);
    checkName(o.activation, activationNames(), `${at}.activation`, "activation");
    if (o.alpha !== undefined) checkNumber(o.alpha, `${at}.alpha`, { min: 0 });
    if (o.useBias !== undefined) checkBoolean(o.useBias, `${at}.useBias`);
    if (o.init !== undefined) checkName(o.init, INITIALIZER_NAMES, `${at}.init`, "initializer");
  } else if (type === "dropout") {
    checkNumber(o.rate, `${at}.rate`, { min: 0, max: 1, maxOpen: true });
  } else {
    if (o.momentum !== undefined) checkNumber(o.momentum, `${at}.momentum`, { min: 0, max: 1 });
    if (o.epsilon !== undefined) checkNumber(o.epsilon, `${at}.epsilon`, { min: 0, minOpen: true });
  }
  return o as unknown as LayerConfig;
}

/** Checks a list of layers: an array of at least one layer, with softmax only in the last dense layer. */
export function checkLayerConfigs(value: unknown, argument: string): LayerConfig[] {
  if (!Array.isArray(value)) throw expected(argument, "an array of layers", value);
  if (value.length === 0) throw expected(argument, "at least one layer", value);
  const layers = value.map((layer, i) => checkLayerConfig(layer, `${argument}[${i}]`));
  const lastDense = layers.map((l) => l.type).lastIndexOf("dense");
  if (lastDense < 0) throw expected(argument, "at least one dense layer", value);
  layers.forEach((layer, i) => {
    if (layer.type === "dense" && layer.activation === "softmax" && i !== lastDense) throw expected(`${argument}[${i}].activation`, "softmax only in the last dense layer (it turns the outputs into probabilities)", layer.activation);
  });
  return layers;
}
