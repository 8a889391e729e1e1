// tracegrad/onnx as a user meets it: exportOnnx takes a Sequential or its saved form and checks its
// arguments; onnxruntime (onnxruntime-web, in Node) predicts from raw rows what model.predict does.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ort from "onnxruntime-web";
import { generate, scaleDataset, Sequential, Trainer, TracegradError } from "../../src/index.js";
import { exportOnnx, ONNX_OPSET } from "../../src/onnx.js";

ort.env.wasm.numThreads = 1;

function throwsCode(run: () => unknown, code: string, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof TracegradError, `expected a TracegradError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

function trainedModel(): Sequential {
  const { data, scaler } = scaleDataset(generate("moons", { n: 60 }), "standardize");
  const model = Sequential.create(2, [{ type: "dense", units: 5, activation: "tanh" }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 3 });
  model.scaler = scaler;
  new Trainer(model, data, { loss: "bce", optimizer: "adam", learningRate: 0.05, epochs: 30 }).run();
  return model;
}

test("tracegrad/onnx: a trained model with its scaler predicts the same in onnxruntime from raw rows, and its saved form (through JSON) exports the same bytes", async () => {
  const model = trainedModel();
  const bytes = exportOnnx(model);
  assert.ok(bytes instanceof Uint8Array);
  assert.equal(ONNX_OPSET, 13);
  assert.deepEqual(exportOnnx(JSON.parse(JSON.stringify(model.save())) as object as ReturnType<Sequential["save"]>), bytes);
  const rows = [[1.5, -0.4], [0, 1], [-1, 0.25], [2, 2]];
  const expected = model.predict(rows);
  const session = await ort.InferenceSession.create(bytes);
  const out = (await session.run({ input: new ort.Tensor("float64", Float64Array.from(rows.flat()), [4, 2]) })).output.data as Float64Array;
  rows.forEach((_, r) => assert.ok(Math.abs(out[r] - expected[r][0]) <= 1e-12, `row ${r}: ${out[r]} vs ${expected[r][0]}`));
  const single = await ort.InferenceSession.create(exportOnnx(model, { dtype: "float32" }));
  const out32 = (await single.run({ input: new ort.Tensor("float32", Float32Array.from(rows.flat()), [4, 2]) })).output.data as Float32Array;
  rows.forEach((_, r) => assert.ok(Math.abs(out32[r] - expected[r][0]) <= 1e-6, `float32 row ${r}: ${out32[r]} vs ${expected[r][0]}`));
});

test("tracegrad/onnx: bad arguments are TracegradErrors that name them", () => {
  const model = trainedModel();
  throwsCode(() => exportOnnx(model, { dtype: "float16" as "float32" }), "InvalidArgument", /^options\.dtype: unknown element type "float16"; expected one of "float32", "float64" \(did you mean "float32"\?\)$/);
  throwsCode(() => exportOnnx(model, { dtyp: "float32" } as object), "InvalidArgument", /^options\.dtyp: unknown field.*\(did you mean "dtype"\?\)$/);
  throwsCode(() => exportOnnx(null as unknown as Sequential), "InvalidArgument", /^model: expected a Sequential model or a saved model \(from model\.save\(\)\), got null$/);
  throwsCode(() => exportOnnx("model.json" as unknown as Sequential), "InvalidArgument", /^model: expected a Sequential model.*got "model\.json"$/);
  const saved = JSON.parse(JSON.stringify(model.save())) as { layers: { weights: number[][] }[] };
  saved.layers[0].weights[1] = [1];
  throwsCode(() => exportOnnx(saved as unknown as Sequential), "InvalidSpec", /layers\[0\]\.weights\[1\]/);
});

test("tracegrad/onnx: in float32, a weight or a scale beyond float32's range is an InputError naming it, not an infinity in the file", () => {
  const model = trainedModel();
  const saved = JSON.parse(JSON.stringify(model.save())) as { layers: { weights: number[][] }[]; scaler: { std: number[] } };
  saved.layers[1].weights[0][3] = -1e308;
  throwsCode(() => exportOnnx(saved as unknown as Sequential, { dtype: "float32" }), "InvalidSpec", /^layers\[1\]\.weights\[0\]\[3\]: -1e\+308 does not fit float32 \(at most 3\.4028235e\+38 in magnitude\); export as float64$/);
  assert.ok(exportOnnx(saved as unknown as Sequential, { dtype: "float64" }) instanceof Uint8Array, "float64 holds it");
  saved.layers[1].weights[0][3] = 0.5;
  saved.scaler.std[1] = 1e-40;
  throwsCode(() => exportOnnx(saved as unknown as Sequential, { dtype: "float32" }), "InvalidSpec", /^scaler\.std\[1\]: the standard deviation 1e-40 is scaled by 1\/1e-40 = 1e\+40, which does not fit float32/);
});
