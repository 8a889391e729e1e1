/**
 * The public entry of ONNX export ({@link exportOnnx}), checking its arguments before the exporter
 * runs.
 *
 * @module
 */
import { checkName, checkObject, expected, isPlainObject } from "../common/check-argument.js";
import { Sequential } from "../nn/model.js";
import { readModelFile } from "../nn/model-file.js";
import type { ModelFile } from "../nn/model-file.js";
import { exportOnnx as exportModelFile } from "../onnx/onnx-export.js";

/**
 * The options of {@link exportOnnx}.
 *
 * @category ONNX
 */
export interface OnnxExportOptions {
  /** The element type of the graph's tensors: the model's own (`float64` unless it was built as `float32`) by default. */
  readonly dtype?: "float32" | "float64";
}

/**
 * A trained model as the bytes of an ONNX file (opset 13), for any ONNX runtime (onnxruntime, in
 * Node, Python or a browser). The graph takes `input` (batch × features: the raw features, scaled
 * inside the graph with the model's scaler) and gives `output` (batch × outputs). Dense layers become
 * Gemm and their activation, batch normalisation BatchNormalization with its running statistics;
 * dropout leaves no node.
 *
 * `model` is a {@link Sequential} or a saved model (its `save()`, perhaps through `JSON.stringify` and
 * `JSON.parse`); a malformed saved model is an `InputError` (code `InvalidSpec`) naming the field,
 * and so is, in float32, a value beyond float32's range (which would be written as an infinity).
 *
 * @example
 * ```ts
 * import { exportOnnx } from "tracegrad/onnx";
 *
 * const bytes = exportOnnx(model, { dtype: "float32" });
 * // Node: writeFileSync("model.onnx", bytes); a browser: new Blob([bytes]) for a download link
 * ```
 *
 * @category ONNX
 */
export function exportOnnx(model: Sequential | ModelFile, options: OnnxExportOptions = {}): Uint8Array {
  const checked = checkObject(options, "options", ["dtype"]);
  const dtype = checked.dtype === undefined ? undefined : checkName(checked.dtype, ["float32", "float64"] as const, "options.dtype", "element type");
  let file: ModelFile;
  if (model instanceof Sequential) file = model.save();
  else if (isPlainObject(model)) file = readModelFile(model);
  else throw expected("model", "a Sequential model or a saved model (from model.save())", model);
  return exportModelFile(file, dtype === undefined ? {} : { dtype });
}
