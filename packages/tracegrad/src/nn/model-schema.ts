/**
 * The structure of a model's saved layers and of a model.json file, checked with zod, and the shapes
 * the layers must have for the inputs they take (checked after the structure): every weight row as
 * long as the layer's inputs, every bias and batch-norm vector as long as its units.
 *
 * @module
 */
import * as z from "zod/mini";
import { activationNames, isActivationName } from "../engine/activations.js";
import { isLossName, lossNames } from "../engine/losses.js";
import { describeValue } from "../common/describe-value.js";
import { FEATURE_INPUTS, FEATURE_NAMES } from "../data/feature-names.js";
import type { ParsedSource } from "../common/source.js";
import type { InputError } from "../common/input-error.js";

// zod's mini build: the same checks and issues as the full one, in a few kilobytes of a browser bundle
// (a model is loaded by apps that train and predict, whose bundles should stay small).
const finite = z.number();
const nonNegative = z.number().check(z.gte(0));
const vector = z.array(finite);
const whole = (min: number) => z.int().check(z.gte(min));

/** The message of a name outside a registry, as zod words an enumeration's: `expected one of "a", "b", got "c"`. */
function oneOfMessage(names: readonly string[], input: unknown): string {
  return `expected one of ${names.map((n) => JSON.stringify(n)).join(", ")}, got ${describeValue(input)}`;
}

export const layerJsonSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("dense"),
    units: whole(1),
    activation: z.string().check(z.refine(isActivationName, { error: (i) => oneOfMessage(activationNames(), i.input) })),
    alpha: z.optional(nonNegative),
    weights: z.array(vector),
    bias: z.nullable(vector),
  }),
  z.strictObject({ type: z.literal("dropout"), rate: z.number().check(z.gte(0), z.lt(1)) }),
  z.strictObject({
    type: z.literal("batch-norm"),
    momentum: z.number().check(z.gte(0), z.lte(1)),
    epsilon: z.number().check(z.gt(0)),
    gamma: vector,
    beta: vector,
    runningMean: vector,
    runningVariance: z.array(nonNegative),
  }),
]);

const scalerSchema = z.discriminatedUnion("method", [
  z.strictObject({ method: z.literal("minmax"), min: vector, max: vector }),
  z.strictObject({ method: z.literal("standardize"), deviation: z.enum(["population", "sample"]), mean: vector, std: z.array(nonNegative) }),
]);

export const modelFileSchema = z.strictObject({
  format: z.literal("tracegrad-model"),
  version: z.literal(1),
  inputs: whole(1),
  outputs: whole(1),
  dtype: z.enum(["float64", "float32"]),
  layers: z.array(layerJsonSchema).check(z.minLength(1)),
  loss: z.optional(z.string().check(z.refine(isLossName, { error: (i) => oneOfMessage(lossNames(), i.input) }))),
  task: z.strictObject({ kind: z.enum(["classification", "regression"]), classes: z.optional(whole(2)), classNames: z.optional(z.array(z.string())) }),
  featureNames: z.optional(z.array(z.string())),
  features: z.optional(z.array(z.enum(FEATURE_NAMES)).check(z.minLength(1))),
  scaler: z.nullable(scalerSchema),
  // The options of the run, as a record; the seed is read back (predict and evaluate draw data with it).
  training: z.looseObject({ seed: z.optional(z.int()) }),
});

type LayerJsonShape = z.output<typeof layerJsonSchema>;

function entries(n: number): string {
  return `${n} ${n === 1 ? "entry" : "entries"}`;
}

/** The first of `vectors` (by key) whose length is not `expected`, as an error at `path`.key. */
function lengthError(source: ParsedSource, path: PropertyKey[], vectors: Record<string, readonly unknown[] | null>, expected: number, reason: string): InputError | null {
  for (const [key, values] of Object.entries(vectors)) {
    if (values !== null && values.length !== expected) return source.error([...path, key], `has ${entries(values.length)}, not ${expected} (${reason})`);
  }
  return null;
}

/**
 * Checks that saved layers fit together, the first taking `inputs` values; returns the width of the
 * last (its outputs). `path` is where the layers are in `source`.
 */
export function checkLayerShapes(source: ParsedSource, layers: readonly LayerJsonShape[], inputs: number, path: PropertyKey[]): number {
  let width = inputs;
  layers.forEach((layer, l) => {
    const at = [...path, l];
    if (layer.type === "dense") {
      if (layer.weights.length !== layer.units) throw source.error([...at, "weights"], `has ${layer.weights.length} rows, not ${layer.units} (one per unit)`);
      layer.weights.forEach((row, u) => {
        if (row.length !== width) throw source.error([...at, "weights", u], `has ${row.length} weights, not ${width} (one per input of the layer)`);
      });
      const problem = lengthError(source, at, { bias: layer.bias }, layer.units, "one per unit");
      if (problem !== null) throw problem;
      width = layer.units;
    } else if (layer.type === "batch-norm") {
      const problem = lengthError(source, at, { gamma: layer.gamma, beta: layer.beta, runningMean: layer.runningMean, runningVariance: layer.runningVariance }, width, "one per input of the layer");
      if (problem !== null) throw problem;
    }
  });
  return width;
}

/** Checks a model file's shapes: its layers, outputs, feature names, scaler and classes agree. */
export function checkModelShapes(source: ParsedSource, m: z.output<typeof modelFileSchema>): void {
  const width = checkLayerShapes(source, m.layers, m.inputs, ["layers"]);
  if (width !== m.outputs) throw source.error(["outputs"], `is ${m.outputs}, but the last layer has ${width} units`);
  if (m.features !== undefined) {
    if (m.features.length !== m.inputs) throw source.error(["features"], `has ${m.features.length} features, but the model takes ${m.inputs} inputs`);
    const twice = m.features.find((f, i) => m.features!.indexOf(f) !== i);
    if (twice !== undefined) throw source.error(["features"], `names ${twice} twice`);
    if (m.featureNames !== undefined && m.featureNames.length !== FEATURE_INPUTS) throw source.error(["featureNames"], `has ${m.featureNames.length} names, but the features are computed from ${FEATURE_INPUTS} columns`);
  } else if (m.featureNames !== undefined && m.featureNames.length !== m.inputs) throw source.error(["featureNames"], `has ${m.featureNames.length} names, but the model takes ${m.inputs} inputs`);
  if (m.scaler !== null) {
    const vectors: Record<string, number[]> = m.scaler.method === "minmax" ? { min: m.scaler.min, max: m.scaler.max } : { mean: m.scaler.mean, std: m.scaler.std };
    const problem = lengthError(source, ["scaler"], vectors, m.inputs, "one per input of the model");
    if (problem !== null) throw problem;
  }
  const { kind, classes, classNames } = m.task;
  if (kind === "classification") {
    if (classes === undefined) throw source.error(["task"], "a classification model needs classes");
    if (classNames !== undefined && classNames.length !== classes) throw source.error(["task", "classNames"], `has ${classNames.length} names, but the model has ${classes} classes`);
    if (m.outputs !== classes && !(classes === 2 && m.outputs === 1)) throw source.error(["task", "classes"], `is ${classes}, but the model has ${m.outputs} outputs`);
  }
}
