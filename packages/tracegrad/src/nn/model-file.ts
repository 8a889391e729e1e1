/**
 * The saved form of a trained model: architecture, weights, the features and the scaler its inputs need, what its
 * outputs mean, and the training options that produced it. Of paths it holds only the data's, as the
 * run's --data gave it (training.data); no timestamps, durations or output paths, so equal runs give
 * byte-equal files.
 *
 * @module
 */
import type { LossName } from "../engine/losses.js";
import type { ScalerJson } from "../data/scalers.js";
import type { FeatureName } from "../data/feature-names.js";
import { parseSource } from "../common/source.js";
import { sourceOfValue } from "../common/value-source.js";
import { InputError } from "../common/input-error.js";
import type { ParsedSource } from "../common/source.js";
import type { DType, LayerJson } from "./layers/layer.js";
import type { Sequential } from "./model.js";
import { modelFileProblem } from "./model-file-check.js";
import { checkModelShapes } from "./model-shapes.js";

/**
 * What a model's outputs mean: classes (how many, and their names) or values.
 *
 * @category Models
 */
export interface ModelTask {
  readonly kind: "classification" | "regression";
  readonly classes?: number;
  readonly classNames?: readonly string[];
}

/**
 * A saved model ({@link Sequential.save}), and the `model.json` that `tracegrad train --out` writes:
 * plain JSON.
 *
 * @category Models
 */
export interface ModelFile {
  readonly format: "tracegrad-model";
  readonly version: 1;
  readonly inputs: number;
  readonly outputs: number;
  readonly dtype: DType;
  readonly layers: LayerJson[];
  /** The loss the model was trained with (absent when it was saved before any training). */
  readonly loss?: LossName;
  readonly task: ModelTask;
  /** The names of the raw input columns (the data's, or a CSV file's header). */
  readonly featureNames?: readonly string[];
  /** The features computed from the two raw columns, which the first layer takes; absent when it takes the raw columns. */
  readonly features?: readonly FeatureName[];
  /** The scaling of the first layer's inputs (after the features). */
  readonly scaler: ScalerJson | null;
  /** The options the model was trained with (data, architecture, optimizer, seed, ...). */
  readonly training: Readonly<Record<string, unknown>>;
}

/** The file of a model, with what a training run tells about it. */
export function modelFile(model: Sequential, info: Omit<ModelFile, "format" | "version" | "inputs" | "outputs" | "dtype" | "layers">): ModelFile {
  return { format: "tracegrad-model", version: 1, inputs: model.inputSize, outputs: model.outputSize, dtype: model.dtype, layers: model.layersJson(), ...info };
}

/** JSON with two-space indentation, arrays of numbers kept on one line. */
export function stringifyCompact(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.replace(/\[\s+(-?[\d.eE+-]+(?:,\s+-?[\d.eE+-]+)*)\s+\]/g, (_m, inner: string) => `[${inner.replace(/,\s+/g, ", ")}]`) + "\n";
}

/**
 * Reads a model file's text. Anything malformed (its JSON, a field, a shape that does not fit) is an
 * {@link InputError} naming the file, the line and column, and the field.
 */
export function parseModelFile(text: string, file?: string): ModelFile {
  return checkModelFile(parseSource(text, file, "json"));
}

/**
 * Checks a model file already parsed (with positions): for a caller that needs the document too, to
 * say where in the file a later check of the model finds a mistake.
 */
export function modelFileOfSource(source: ParsedSource): ModelFile {
  return checkModelFile(source);
}

/** Checks a model file given as an object (a saved model, perhaps through JSON.stringify and JSON.parse). */
export function readModelFile(value: object, file?: string): ModelFile {
  return checkModelFile(sourceOfValue(value, file));
}

/**
 * Reads a model file's JSON text with `JSON.parse` and checks it as {@link readModelFile} does: the
 * errors name the field but not its line (what {@link parseModelFile} gives, with a parser that keeps
 * positions, at the price of the YAML and JSON parsers in a browser bundle).
 */
export function readModelText(text: string, file?: string): ModelFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`malformed JSON: ${(error as Error).message}`, file !== undefined ? { file } : {});
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new InputError('not a model file: "format" must be "tracegrad-model" (write one with model.save() or tracegrad train --out DIR)', file !== undefined ? { file } : {});
  return readModelFile(value, file);
}

function checkModelFile(source: ParsedSource): ModelFile {
  const value = source.value as { format?: unknown } | null;
  if (value === null || typeof value !== "object" || value.format !== "tracegrad-model") {
    throw source.error(value !== null && typeof value === "object" && "format" in value ? ["format"] : [], 'not a model file: "format" must be "tracegrad-model" (write one with model.save() or tracegrad train --out DIR)');
  }
  const problem = modelFileProblem(value);
  if (problem !== null) throw source.error(problem.path, problem.message, problem.key === true ? { key: true } : {});
  const file = value as ModelFile;
  checkModelShapes(source, file);
  return file;
}
