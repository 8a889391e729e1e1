import { test } from "node:test";
import assert from "node:assert/strict";
import { classificationDataset } from "../../src/data/dataset.js";
import type { AnyDataset } from "../../src/data/dataset.js";
import { lossDefinition } from "../../src/engine/losses.js";
import { Random } from "../../src/engine/random.js";
import { LossHead } from "../../src/nn/loss-head.js";
import { Sequential } from "../../src/nn/model.js";
import type { LayerConfig } from "../../src/nn/model.js";
import { evaluateSplit } from "../../src/nn/split-evaluation.js";
import { Trainer } from "../../src/nn/trainer.js";
import type { DType } from "../../src/nn/layers/layer.js";
import { referenceStep } from "../reference/dense-network.js";
import type { RefActivation, RefLayer } from "../reference/dense-network.js";

/** W2's network: 784-128-64-10, ReLU, softmax with cross-entropy. */
const MNIST_LAYERS: LayerConfig[] = [
  { type: "dense", units: 128, activation: "relu" },
  { type: "dense", units: 64, activation: "relu" },
  { type: "dense", units: 10, activation: "softmax" },
];

/** `n` rows of 784 gray levels k/255 (as MNIST's), each labelled with one of ten classes, from the seed. */
function digitsLike(n: number, seed: number, dtype: DType): AnyDataset {
  const random = new Random(seed);
  const x = new (dtype === "float32" ? Float32Array : Float64Array)(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = random.next() < 0.8 ? 0 : Math.floor(random.next() * 256) / 255;
  const labels = Int32Array.from({ length: n }, () => Math.floor(random.next() * 10));
  return classificationDataset(x, 784, labels, 10);
}

test("a split evaluated 128 rows at a time (or 1, or 333) gives the bits of one forward pass over all its rows, Float32 and Float64", () => {
  for (const dtype of ["float32", "float64"] as const) {
    const model = Sequential.create(784, MNIST_LAYERS, { dtype, seed: 3 });
    const head = new LossHead(lossDefinition("cross-entropy"), model);
    const data = digitsLike(1000, 7, dtype);
    const whole = evaluateSplit(model, head, data, data.n);
    for (const rows of [128, 1, 333, 1024]) {
      const chunked = evaluateSplit(model, head, data, rows);
      assert.ok(Object.is(chunked.termSum, whole.termSum), `${dtype}, ${rows} rows at a time: Σ terms ${chunked.termSum}, all at once ${whole.termSum}`);
      assert.equal(chunked.correct, whole.correct, `${dtype}, ${rows} rows at a time: correct`);
    }
    // The trainer evaluates as many rows at a time as a batch: the loss of the whole split at once.
    const trainer = new Trainer(model, data, { loss: "cross-entropy", optimizer: { name: "adam" }, learningRate: 0.001, epochs: 1, batchSize: 128 });
    const evaluation = trainer.evaluate(data);
    assert.ok(Object.is(evaluation.loss, head.value(whole.termSum, data.n)), `${dtype}: the trainer's loss ${evaluation.loss}`);
    assert.equal(evaluation.accuracy, whole.correct / data.n);
  }
});

test("the loss and accuracy of a split, a batch at a time, are the independent reference's (784-128-64-10, Float64)", () => {
  const model = Sequential.create(784, MNIST_LAYERS, { dtype: "float64", seed: 11 });
  const data = digitsLike(150, 2, "float64");
  const trainer = new Trainer(model, data, { loss: "cross-entropy", optimizer: { name: "sgd" }, learningRate: 0.1, epochs: 1, batchSize: 32 });
  const evaluation = trainer.evaluate(data);
  const layers: RefLayer[] = model.layersJson().map((l) => {
    assert.equal(l.type, "dense");
    const dense = l as { activation: string; weights: number[][]; bias: number[] | null };
    return { activation: dense.activation as RefActivation, weights: dense.weights, bias: dense.bias };
  });
  const inputs = Array.from({ length: data.n }, (_, r) => Array.from(data.x.subarray(r * 784, (r + 1) * 784)));
  const targets = Array.from({ length: data.n }, (_, r) => Array.from(data.y.subarray(r * 10, (r + 1) * 10)));
  const reference = referenceStep({ inputs, targets, loss: "cross-entropy", learningRate: 0, layers });
  assert.ok(Math.abs(evaluation.loss - reference.loss) <= 1e-12 * reference.loss, `loss ${evaluation.loss}, the reference's ${reference.loss}`);
  const outputs = reference.a[layers.length - 1];
  const correct = outputs.filter((p, r) => p.indexOf(Math.max(...p)) === data.labels![r]).length;
  assert.equal(evaluation.accuracy, correct / data.n);
  // Not a trivial check: the untrained network gets some rows right and some wrong.
  assert.ok(correct > 0 && correct < data.n, `correct ${correct}`);
});

test("evaluateSplit refuses a chunk that is not a whole number of rows ≥ 1", () => {
  const model = Sequential.create(784, MNIST_LAYERS, { seed: 1 });
  const head = new LossHead(lossDefinition("cross-entropy"), model);
  assert.throws(() => evaluateSplit(model, head, digitsLike(3, 1, "float64"), 0), /chunkRows must be a whole number, 1 or more, got 0/);
});
