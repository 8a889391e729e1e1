/**
 * `tracegrad export MODEL --format onnx --out FILE.onnx`: a trained model for any ONNX runtime.
 *
 * @module
 */
import { readTextFile } from "../../files/read-text-file.js";
import { writeFileAtomic } from "../../files/write-file-atomic.js";
import { parseSource } from "tracegrad/internal/common/source";
import { modelFileOfSource } from "tracegrad/internal/nn/model-file";
import { float32Overflow } from "tracegrad/internal/onnx/float32-range";
import { exportOnnx } from "tracegrad/internal/onnx/onnx-export";
import { InputError } from "tracegrad";
import { checkOutputTargets } from "../../files/output-target.js";
import { rawInputCount } from "tracegrad/internal/data/features";

export function exportCommand(modelPath: string, options: { format: string; out: string; dtype?: string }): number {
  checkOutputTargets([{ option: "--out", path: options.out, kind: "file" }], [modelPath]);
  if (options.format !== "onnx") throw new InputError(`--format: unknown format "${options.format}"; tracegrad exports onnx`);
  if (options.dtype !== undefined && options.dtype !== "float32" && options.dtype !== "float64") throw new InputError(`--dtype: expected float32 or float64, got "${options.dtype}"`);
  const source = parseSource(readTextFile(modelPath), modelPath, "json");
  const model = modelFileOfSource(source);
  // A value that float32 cannot hold is said at its place in the file (the exporter would only name its field).
  const overflow = (options.dtype ?? model.dtype) === "float32" ? float32Overflow(model) : null;
  if (overflow !== null) throw source.error(overflow.path, overflow.reason);
  const bytes = exportOnnx(model, options.dtype === undefined ? {} : { dtype: options.dtype });
  writeFileAtomic(options.out, bytes);
  process.stdout.write(`wrote ${options.out} (ONNX opset 13, ${options.dtype ?? model.dtype}, ${bytes.length} bytes): input "input" [batch, ${rawInputCount(model, model.inputs)}], output "output" [batch, ${model.outputs}]\n`);
  return 0;
}
