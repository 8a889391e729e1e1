/**
 * tracegrad/onnx: a trained model as an ONNX file, for any ONNX runtime. It is a subpath of its own so
 * that an app that does not export models does not carry the exporter.
 *
 * @example
 * ```ts
 * import { Sequential, Trainer, generate } from "tracegrad";
 * import { exportOnnx } from "tracegrad/onnx";
 *
 * const model = Sequential.create(2, [{ type: "dense", units: 4, activation: "tanh" }, { type: "dense", units: 1, activation: "sigmoid" }]);
 * new Trainer(model, generate("xor"), { loss: "bce", optimizer: "adam", learningRate: 0.05 }).run();
 * const bytes: Uint8Array = exportOnnx(model);
 * ```
 *
 * @module tracegrad/onnx
 */
export { exportOnnx } from "./api/onnx.js";
export type { OnnxExportOptions } from "./api/onnx.js";
export { ONNX_OPSET } from "./onnx/onnx-export.js";
