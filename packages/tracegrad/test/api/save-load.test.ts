// Sequential.load(model.save()) round-trips the input size, layers, weights, scaler, classes and loss:
// as the object, through JSON.stringify and JSON.parse, and through a file.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dataset, generate, InputError, scaleDataset, Sequential, Trainer } from "../../src/index.js";
import type { ModelFile } from "../../src/index.js";
import { referenceStep } from "../reference/dense-network.js";
import { referenceLayers } from "./reference-model.js";

function trained(): { model: Sequential; raw: number[][] } {
  const blobs = generate("blobs", { n: 90, classes: 3, seed: 2 });
  const raw = Array.from({ length: blobs.n }, (_, i) => [blobs.x[2 * i] * 40 + 100, blobs.x[2 * i + 1] * 3 - 7]);
  const labels = Array.from(blobs.labels!);
  const { data, scaler } = scaleDataset(dataset(raw, labels, { classes: ["red", "green", "blue"], featureNames: ["mass", "charge"] }), "standardize");
  const model = Sequential.create(2, [{ type: "dense", units: 5, activation: "leaky-relu", alpha: 0.05 }, { type: "dense", units: 3, activation: "softmax" }], { seed: 3, scaler });
  new Trainer(model, data, { loss: "cross-entropy", optimizer: "adam", learningRate: 0.02, epochs: 40 }).run();
  return { model, raw };
}

function assertSameModel(loaded: Sequential, model: Sequential, raw: number[][]): void {
  assert.equal(loaded.inputSize, 2);
  assert.deepEqual(loaded.scaler, model.scaler);
  assert.equal(loaded.classes, 3);
  assert.deepEqual(loaded.classNames, ["red", "green", "blue"]);
  assert.deepEqual(loaded.featureNames, ["mass", "charge"]);
  assert.equal(loaded.loss, "cross-entropy");
  assert.deepEqual(loaded.predict(raw), model.predict(raw));
  assert.deepEqual(loaded.save(), model.save());
}

test("save/load round-trips: the object, JSON.stringify/parse (of save() or of the model), and a file", () => {
  const { model, raw } = trained();
  const saved = model.save();
  assert.equal(saved.inputs, 2);
  assertSameModel(Sequential.load(saved), model, raw);
  assertSameModel(Sequential.load(JSON.parse(JSON.stringify(saved)) as ModelFile), model, raw);
  assertSameModel(Sequential.load(JSON.parse(JSON.stringify(model)) as ModelFile), model, raw);
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-save-"));
  try {
    writeFileSync(join(dir, "model.json"), JSON.stringify(saved));
    assertSameModel(Sequential.load(readFileSync(join(dir, "model.json"), "utf8")), model, raw);
  } finally {
    rmSync(dir, { recursive: true });
  }
});

test("predict applies the model's scaler to raw rows: the same outputs as the reference on rows scaled by hand", () => {
  const { model, raw } = trained();
  const scaler = model.scaler!;
  assert.equal(scaler.method, "standardize");
  if (scaler.method !== "standardize") return;
  // Population mean and σ by hand, as the Neural Networks Exercises define standardization.
  for (let j = 0; j < 2; j++) {
    const column = raw.map((r) => r[j]);
    const mean = column.reduce((s, v) => s + v, 0) / column.length;
    const sigma = Math.sqrt(column.reduce((s, v) => s + (v - mean) ** 2, 0) / column.length);
    assert.ok(Math.abs(scaler.mean[j] - mean) < 1e-12 * Math.abs(mean) && Math.abs(scaler.std[j] - sigma) < 1e-12 * sigma);
  }
  const rows = raw.slice(0, 5);
  const scaled = rows.map((r) => r.map((v, j) => (v - scaler.mean[j]) / scaler.std[j]));
  const reference = referenceStep({ inputs: scaled, targets: scaled.map(() => [1, 0, 0]), loss: "cross-entropy", learningRate: 0, layers: referenceLayers(model.save()) });
  model.predict(rows).forEach((row, n) => row.forEach((p, k) => assert.ok(Math.abs(p - reference.a[1][n][k]) < 1e-12, `${p} vs ${reference.a[1][n][k]}`)));
  const matrix = model.predict({ rows: 5, columns: 2, data: Float64Array.from(rows.flat()) });
  assert.ok(matrix.data instanceof Float64Array);
  assert.deepEqual([matrix.rows, matrix.columns], [5, 3]);
  assert.deepEqual(Array.from(matrix.data), model.predict(rows).flat());
});

test("a malformed saved model is an InputError (code InvalidSpec) naming the field (and the file, when named)", () => {
  const { model } = trained();
  const saved = model.save();
  const shortRow = { ...saved, layers: [{ ...saved.layers[0], weights: [[1]] }, saved.layers[1]] } as ModelFile;
  assert.throws(() => Sequential.load(shortRow), (e: unknown) => e instanceof InputError && e.code === "InvalidSpec" && /^layers\[0\]\.weights: has 1 rows, not 5/.test(e.message));
  assert.throws(() => Sequential.load({ ...saved, scaler: { method: "minmax", min: [0], max: [1] } } as ModelFile), { code: "InvalidSpec", message: /^scaler\.min: has 1 entry, not 2/ });
  assert.throws(() => Sequential.load('{"format": "tracegrad-model",\n "version": 2}'), { code: "InvalidSpec", message: "version: expected 1, got 2" });
  assert.throws(() => Sequential.load('{"format": "tracegrad-model",\n "version": 2}', "model.json"), { code: "InvalidSpec", message: "model.json: version: expected 1, got 2" });
  assert.throws(() => Sequential.load('{"format": "tracegrad-model",', "model.json"), { code: "InvalidSpec", message: /^model\.json: malformed JSON: / });
  assert.throws(() => Sequential.load("[1, 2]"), { code: "InvalidSpec", message: /^not a model file/ });
  assert.throws(() => Sequential.load(7 as unknown as string), { code: "InvalidArgument", message: /^saved: expected a saved model/ });
});

test("a model saved before training has no loss and a regression task; it loads and predicts the same", () => {
  const model = Sequential.create(3, [{ type: "dense", units: 2, activation: "identity", useBias: false }], { seed: 7, dtype: "float32" });
  const saved = model.save();
  assert.equal(saved.loss, undefined);
  assert.deepEqual(saved.task, { kind: "regression" });
  const loaded = Sequential.load(JSON.parse(JSON.stringify(saved)) as ModelFile);
  assert.equal(loaded.dtype, "float32");
  assert.deepEqual(loaded.predict([[1, 2, 3]]), model.predict([[1, 2, 3]]));
});
