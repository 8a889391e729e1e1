/**
 * The saved form of a trained model: architecture, weights, the scaler its inputs need, what its
 * outputs mean, and the training options that produced it. It holds no timestamps, durations or
 * paths, so equal runs give byte-equal files.
 *
 * @module
 */
import type { LossName } from "../engine/losses.js";
import { isLossName } from "../engine/losses.js";
import type { ScalerJson } from "../data/scalers.js";
import { InputError } from "../spec/input-error.js";
import type { DType, LayerJson } from "./layers/layer.js";
import { Sequential } from "./model.js";

export interface ModelTask {
  readonly kind: "classification" | "regression";
  readonly classes?: number;
  readonly classNames?: readonly string[];
}

export interface ModelFile {
  readonly format: "tracegrad-model";
  readonly version: 1;
  readonly inputs: number;
  readonly outputs: number;
  readonly dtype: DType;
  readonly layers: LayerJson[];
  readonly loss: LossName;
  readonly task: ModelTask;
  readonly featureNames?: readonly string[];
  readonly scaler: ScalerJson | null;
  /** The options the model was trained with (data, architecture, optimizer, seed, ...). */
  readonly training: Readonly<Record<string, unknown>>;
}

/** The file of a model. */
export function modelFile(model: Sequential, info: Omit<ModelFile, "format" | "version" | "inputs" | "outputs" | "dtype" | "layers">): ModelFile {
  return { format: "tracegrad-model", version: 1, inputs: model.inputSize, outputs: model.outputSize, dtype: model.dtype, layers: model.toJSON(), ...info };
}

/** JSON with two-space indentation, arrays of numbers kept on one line. */
export function stringifyCompact(value: unknown): string {
  const text = JSON.stringify(value, null, 2);
  return text.replace(/\[\s+(-?[\d.eE+-]+(?:,\s+-?[\d.eE+-]+)*)\s+\]/g, (_m, inner: string) => `[${inner.replace(/,\s+/g, ", ")}]`) + "\n";
}

/** Reads a model file's text; a malformed one is an {@link InputError}. */
export function parseModelFile(text: string, file?: string): ModelFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not a model file: malformed JSON (${(error as Error).message})`, { file });
  }
  const m = value as Partial<ModelFile>;
  if (m === null || typeof m !== "object" || m.format !== "tracegrad-model") throw new InputError('not a model file: "format" must be "tracegrad-model" (write one with tracegrad train --out DIR)', { file });
  if (m.version !== 1) throw new InputError(`unsupported model file version ${String(m.version)}`, { file, field: "version" });
  if (!Number.isInteger(m.inputs) || !Array.isArray(m.layers) || m.layers.length === 0) throw new InputError("a model file needs inputs and layers", { file, field: "layers" });
  if (typeof m.loss !== "string" || !isLossName(m.loss)) throw new InputError(`unknown loss ${JSON.stringify(m.loss)}`, { file, field: "loss" });
  return m as ModelFile;
}

/** The model of a model file. */
export function loadModel(file: ModelFile): Sequential {
  return Sequential.fromJSON(file.inputs, file.layers, file.dtype);
}
