/**
 * The shapes a model's saved layers must have for the inputs they take, checked after their structure
 * (model-file-check.ts for a model file, the CLI's zod schema for a checkpoint): every weight row as
 * long as the layer's inputs, every bias and batch-norm vector as long as its units; and a model file's
 * outputs, feature names, scaler and classes agreeing with its layers.
 *
 * @module
 */
import { FEATURE_INPUTS } from "../data/feature-names.js";
import type { ParsedSource } from "../common/source.js";
import type { InputError } from "../common/input-error.js";
import type { LayerJson } from "./layers/layer.js";
import type { ModelFile } from "./model-file.js";

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
export function checkLayerShapes(source: ParsedSource, layers: readonly LayerJson[], inputs: number, path: PropertyKey[]): number {
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
export function checkModelShapes(source: ParsedSource, m: ModelFile): void {
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
