/** Exported ONNX models run in onnxruntime (onnxruntime-web, in Node) with the same predictions. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as ort from "onnxruntime-web";
import { Sequential } from "../../src/nn/model.js";
import type { LayerConfig } from "../../src/nn/model.js";
import { modelFile } from "../../src/nn/model-file.js";
import { exportOnnx } from "../../src/onnx/onnx-export.js";
import { fitScaler } from "../../src/data/scalers.js";
import { Random } from "../../src/engine/random.js";
import { Trainer } from "../../src/nn/trainer.js";
import { generate } from "../../src/data/generators.js";

ort.env.wasm.numThreads = 1;

const architectures: { name: string; layers: LayerConfig[] }[] = [
  { name: "sigmoid and tanh", layers: [{ type: "dense", units: 5, activation: "sigmoid" }, { type: "dense", units: 3, activation: "tanh" }, { type: "dense", units: 1, activation: "sigmoid" }] },
  { name: "relu, leaky-relu, softmax", layers: [{ type: "dense", units: 6, activation: "relu" }, { type: "dense", units: 4, activation: "leaky-relu", alpha: 0.2 }, { type: "dense", units: 3, activation: "softmax" }] },
  { name: "gaussian, batch-norm, dropout, no bias", layers: [{ type: "dense", units: 4, activation: "gaussian", useBias: false }, { type: "batch-norm" }, { type: "dropout", rate: 0.5 }, { type: "dense", units: 2, activation: "identity" }] },
];

for (const { name, layers } of architectures) {
  test(`ONNX export (${name}): onnxruntime predicts what tracegrad predicts`, async () => {
    const model = Sequential.create(3, layers, { seed: 4 });
    // A few epochs so that batch-norm's running statistics are not the initial ones.
    const train = { x: Float64Array.from({ length: 60 }, (_, i) => Math.sin(i)), y: new Float64Array(20 * model.outputSize).fill(0.5), n: 20, features: 3, outputs: model.outputSize };
    new Trainer(model, train, { loss: "mse", optimizer: { name: "adam" }, learningRate: 0.01, epochs: 5, batchSize: 5 }).run();
    const raw = Float64Array.from({ length: 8 * 3 }, (_, i) => new Random(i).normal(2, 3));
    const scaler = fitScaler(raw, 8, 3, "standardize");
    assert.ok(scaler.method === "standardize");
    const file = modelFile(model, { loss: "mse", task: { kind: "regression" }, scaler, training: {} });
    const scaled = raw.map((v, i) => (v - scaler.mean[i % 3]) / scaler.std[i % 3]);
    const expected = model.predictFlat(scaled, 8);
    for (const dtype of ["float64", "float32"] as const) {
      const session = await ort.InferenceSession.create(exportOnnx(file, { dtype }));
      const input = dtype === "float64" ? new ort.Tensor("float64", Float64Array.from(raw), [8, 3]) : new ort.Tensor("float32", Float32Array.from(raw), [8, 3]);
      const out = (await session.run({ input })).output.data as Float64Array | Float32Array;
      assert.equal(out.length, expected.length);
      const tolerance = dtype === "float64" ? 1e-12 : 1e-6;
      for (let i = 0; i < out.length; i++) assert.ok(Math.abs(out[i] - expected[i]) <= tolerance * Math.max(1, Math.abs(expected[i])), `${dtype} output ${i}: ${out[i]} vs ${expected[i]}`);
    }
  });
}

test("a trained XOR classifier exported with min-max scaling classifies the same in onnxruntime", async () => {
  const data = generate("xor-easy");
  const model = Sequential.create(2, [{ type: "dense", units: 4, activation: "tanh" }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 2 });
  new Trainer(model, data, { loss: "bce", optimizer: { name: "adam" }, learningRate: 0.05, epochs: 300 }).run();
  const scaler = fitScaler(data.x, data.n, 2, "minmax");
  assert.ok(scaler.method === "minmax");
  const file = modelFile(model, { loss: "bce", task: { kind: "classification", classes: 2 }, scaler, training: {} });
  const session = await ort.InferenceSession.create(exportOnnx(file));
  const out = (await session.run({ input: new ort.Tensor("float64", Float64Array.from(data.x), [21, 2]) })).output.data as Float64Array;
  const expected = model.predictFlat(data.x.map((v, i) => (v - scaler.min[i % 2]) / (scaler.max[i % 2] - scaler.min[i % 2])), 21);
  for (let i = 0; i < 21; i++) assert.ok(Math.abs(out[i] - expected[i]) < 1e-12);
});
