// toStepSpec turns a trained model and a batch into a step spec that runStep takes as it is: its
// step agrees with the independent reference, and with one full-batch SGD epoch of the Trainer.
import { test } from "node:test";
import assert from "node:assert/strict";
import { explainStep, generate, runStep, scaleDataset, Sequential, stepResults, toStepSpec, Trainer } from "../../src/index.js";
import { referenceStep } from "../reference/dense-network.js";
import { referenceLayers } from "./reference-model.js";

const close = (a: number, b: number, tolerance = 1e-12) => Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b));

test("a trained model's step: the reference's loss, deltas and updated weights, and the Trainer's next SGD epoch", () => {
  const { data, scaler } = scaleDataset(generate("xor", { n: 6, seed: 8 }), "minmax");
  const model = Sequential.create(2, [{ type: "dense", units: 3, activation: "tanh" }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 5, scaler });
  new Trainer(model, data, { loss: "bce", optimizer: "adam", learningRate: 0.05, epochs: 30 }).run();
  // The raw rows: toStepSpec scales them with the model's scaler, as predict does.
  const raw = [[-0.5, 0.25], [0.75, 0.5], [0.1, -0.9]];
  const targets = [[1], [0], [1]];
  const spec = toStepSpec(model, raw, targets, { learningRate: 0.5 });
  const scaled = raw.map((r) => r.map((v, j) => (scaler.method === "minmax" ? (v - scaler.min[j]) / (scaler.max[j] - scaler.min[j]) : Number.NaN)));
  spec.inputs.forEach((row, n) => row.forEach((v, j) => assert.ok(close(v, scaled[n][j], 1e-15))));
  assert.equal(spec.loss, "bce");
  const results = stepResults(runStep(spec));
  const reference = referenceStep({ inputs: scaled, targets, loss: "bce", learningRate: 0.5, layers: referenceLayers(model.save()) });
  assert.ok(close(results.loss!, reference.loss), `loss ${results.loss} vs ${reference.loss}`);
  results.layers.forEach((layer, l) => {
    layer.delta!.flat().forEach((d, i) => assert.ok(close(d, reference.delta[l].flat()[i]), `layer ${l} δ ${i}`));
    layer.weights!.flat().forEach((w, i) => assert.ok(close(w, reference.weights[l].flat()[i]), `layer ${l} weight ${i}`));
  });
  // The Trainer's own next epoch on the same batch, full-batch SGD at η = 0.5, moves the weights the same way.
  const batch = { x: Float64Array.from(scaled.flat()), y: Float64Array.from(targets.flat()), n: 3, features: 2, outputs: 1 };
  const copy = Sequential.load(model.save());
  new Trainer(copy, batch, { loss: "bce", learningRate: 0.5, epochs: 1 }).run();
  copy.save().layers.forEach((layer, l) => {
    assert.ok(layer.type === "dense");
    layer.weights.flat().forEach((w, i) => assert.ok(close(w, results.layers[l].weights!.flat()[i]), `trainer layer ${l} weight ${i}`));
  });
  // The worked solution reads as a course writes it: layers numbered from 1.
  assert.match(explainStep(runStep(spec)), /Layer 1 \(hidden/);
});

test("toStepSpec refuses layers a spec cannot hold and targets that do not fit", () => {
  const withDropout = Sequential.create(2, [{ type: "dense", units: 3, activation: "relu" }, { type: "dropout", rate: 0.5 }, { type: "dense", units: 1, activation: "identity" }], { loss: "mse" });
  assert.throws(() => toStepSpec(withDropout, [[1, 2]], [[1]]), { code: "InvalidArgument", message: "model.layers[1]: is a dropout layer; a step spec holds dense layers only" });
  const plain = Sequential.create(2, [{ type: "dense", units: 1, activation: "identity" }], { loss: "mse" });
  assert.throws(() => toStepSpec(plain, [[1, 2]], [[1], [2]]), { code: "InvalidArgument", message: "targets: has 2 rows, but inputs has 1" });
  const forward = runStep(toStepSpec(plain, [[1, 2]]));
  assert.equal(forward.update, null);
  assert.equal(stepResults(forward).loss, null);
});
