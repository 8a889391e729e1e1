import { test } from "node:test";
import assert from "node:assert/strict";
import { generate } from "../../src/data/generators.js";
import { Sequential } from "../../src/nn/model.js";
import type { LayerConfig } from "../../src/nn/model.js";
import { Trainer } from "../../src/nn/trainer.js";
import type { TrainingOptions } from "../../src/nn/trainer.js";
import { Schedule } from "../../src/nn/schedules.js";
import { assertClose } from "../helpers.js";

const lab: LayerConfig[] = [
  { type: "dense", units: 4, activation: "sigmoid" },
  { type: "dense", units: 4, activation: "sigmoid" },
  { type: "dense", units: 1, activation: "sigmoid" },
];
const labOptions: TrainingOptions = { loss: "mse", optimizer: { name: "sgd" }, learningRate: 1, epochs: 10000 };

test("seed 003's lab: xor-easy reaches 100% and linear at least 99% (2-4-4-1 sigmoid, MSE, η = 1)", () => {
  for (const [name, target] of [["xor-easy", 1], ["linear", 0.99]] as const) {
    const data = generate(name, { seed: 1 });
    const trainer = new Trainer(Sequential.create(2, lab, { seed: 1 }), data, labOptions);
    trainer.run();
    const final = trainer.evaluate(data);
    assert.ok(final.accuracy! >= target, `${name}: accuracy ${final.accuracy}`);
    assert.equal(trainer.stopReason, "epochs");
    assert.ok(trainer.history[trainer.history.length - 1].loss < trainer.history[0].loss / 10);
  }
});

test("the same seed gives bit-identical histories and weights, in Float64 and Float32, minibatches with dropout", () => {
  for (const dtype of ["float64", "float32"] as const) {
    const run = () => {
      const layers: LayerConfig[] = [{ type: "dense", units: 8, activation: "relu" }, { type: "dropout", rate: 0.2 }, { type: "dense", units: 3, activation: "softmax" }];
      const model = Sequential.create(2, layers, { seed: 5, dtype });
      const t = new Trainer(model, generate("spiral", { classes: 3, seed: 2 }), { loss: "cross-entropy", optimizer: { name: "adam" }, learningRate: 0.01, epochs: 30, batchSize: 16, seed: 9 });
      t.run();
      return { history: JSON.stringify(t.history), weights: JSON.stringify(model.toJSON()) };
    };
    assert.deepEqual(run(), run());
  }
});

test("a checkpoint taken mid-run and restored continues bit-identically", () => {
  const layers: LayerConfig[] = [{ type: "dense", units: 6, activation: "tanh" }, { type: "batch-norm" }, { type: "dropout", rate: 0.1 }, { type: "dense", units: 1, activation: "sigmoid" }];
  const options: TrainingOptions = { loss: "bce", optimizer: { name: "adam" }, learningRate: 0.02, epochs: 40, batchSize: 10, seed: 3, schedule: { type: "plateau", factor: 0.5, patience: 2 }, l2: 0.001 };
  const data = generate("moons", { seed: 4 });
  const straight = new Trainer(Sequential.create(2, layers, { seed: 8 }), data, options);
  straight.run();

  const first = new Trainer(Sequential.create(2, layers, { seed: 8 }), data, options);
  for (let e = 0; e < 17; e++) first.runEpoch();
  const saved = JSON.parse(JSON.stringify(first.checkpoint()));
  const resumed = new Trainer(Sequential.fromJSON(2, saved.layers), data, options);
  resumed.restore(saved);
  resumed.run();
  assert.equal(JSON.stringify(resumed.history), JSON.stringify(straight.history));
  assert.equal(JSON.stringify(resumed.model.toJSON()), JSON.stringify(straight.model.toJSON()));
});

test("early stopping stops at the first epoch where its convergence criterion holds, and says which", () => {
  const data = generate("linear", { seed: 1 });
  const make = (earlyStopping: TrainingOptions["earlyStopping"]) => {
    const t = new Trainer(Sequential.create(2, lab, { seed: 1 }), data, { ...labOptions, epochs: 5000, earlyStopping });
    t.run();
    return t;
  };
  const lossChange = make({ lossChange: 1e-5 });
  assert.equal(lossChange.stopReason, "loss-change");
  const h = lossChange.history;
  const changes = h.slice(1).map((r, i) => Math.abs(r.loss - h[i].loss));
  assert.ok(changes[changes.length - 1] < 1e-5, "the criterion holds at the last epoch");
  assert.ok(changes.slice(0, -1).every((c) => c >= 1e-5), "and at no epoch before");
  assert.ok(h.length < 5000);
  const gradient = make({ gradientNorm: 1e-2 });
  assert.equal(gradient.stopReason, "gradient-norm");
  const weights = make({ weightChange: 1e-3 });
  assert.equal(weights.stopReason, "weight-change");
  // A tighter threshold is reached later.
  assert.ok(make({ weightChange: 5e-4 }).epoch > weights.epoch);
  const split = { x: data.x.slice(0, 140), y: data.y.slice(0, 70), n: 70, features: 2, outputs: 1, labels: data.labels!.slice(0, 70), classes: 2 };
  const validation = { x: data.x.slice(140), y: data.y.slice(70), n: 30, features: 2, outputs: 1, labels: data.labels!.slice(70), classes: 2 };
  const patient = new Trainer(Sequential.create(2, lab, { seed: 1 }), split, { ...labOptions, epochs: 20000, learningRate: 5, earlyStopping: { patience: 50, minDelta: 1e-4 } }, validation);
  patient.run();
  assert.equal(patient.stopReason, "validation-patience");
  const best = Math.min(...patient.history.map((r) => r.valLoss!));
  const last50 = patient.history.slice(-50).map((r) => r.valLoss!);
  assert.ok(last50.every((v) => v > best - 1e-4), "no improvement over the last 50 epochs");
});

test("divergence stops training at once with the epoch, the layer and a hint", () => {
  const data = generate("xor-easy");
  const linear: LayerConfig[] = [{ type: "dense", units: 4, activation: "identity", init: "normal" }, { type: "dense", units: 4, activation: "identity", init: "normal" }, { type: "dense", units: 1, activation: "identity", init: "normal" }];
  const t = new Trainer(Sequential.create(2, linear, { seed: 1 }), data, { ...labOptions, learningRate: 10 });
  t.run();
  assert.equal(t.stopReason, "diverged");
  assert.ok(t.divergence !== null);
  assert.ok(t.epoch < 100, `stopped at epoch ${t.epoch}`);
  assert.match(t.divergence!.hint, /linear \(no activation\)/);
  const relu: LayerConfig[] = [{ type: "dense", units: 8, activation: "relu" }, { type: "dense", units: 1, activation: "identity" }];
  const high = new Trainer(Sequential.create(2, relu, { seed: 1 }), generate("linear"), { ...labOptions, learningRate: 100 });
  high.run();
  assert.equal(high.stopReason, "diverged");
  assert.match(high.divergence!.hint, /learning rate η = 100 is too high/);
  assert.ok(Number.isNaN(high.history[high.history.length - 1].loss) || !Number.isFinite(high.history[high.history.length - 1].loss));
  assert.ok(high.history.slice(0, -1).every((r) => Number.isFinite(r.loss)), "it stops at the first non-finite epoch");
});

test("schedules follow their closed forms", () => {
  const step = new Schedule({ type: "step", every: 10, factor: 0.5 }, 0.8, 100);
  assert.equal(step.learningRate(1), 0.8);
  assert.equal(step.learningRate(10), 0.8);
  assert.equal(step.learningRate(11), 0.4);
  assert.equal(step.learningRate(25), 0.2);
  assertClose(new Schedule({ type: "exponential", factor: 0.9 }, 1, 10).learningRate(3), 0.81, 1e-15);
  const cosine = new Schedule({ type: "cosine", minimum: 0.1 }, 1.1, 11);
  assertClose(cosine.learningRate(1), 1.1, 1e-15);
  assertClose(cosine.learningRate(6), 0.1 + 0.5 * (1.1 - 0.1) * (1 + Math.cos(Math.PI * 5 / 11)), 1e-15);
  const warm = new Schedule({ type: "constant" }, 1, 10, 4);
  assert.deepEqual([1, 2, 3, 4, 5].map((e) => warm.learningRate(e)), [0.25, 0.5, 0.75, 1, 1]);
  const plateau = new Schedule({ type: "plateau", factor: 0.5, patience: 2 }, 1, 10);
  for (const loss of [1, 0.5, 0.5, 0.5]) plateau.observe(loss);
  assert.equal(plateau.learningRate(5), 0.5);
});

test("L1 adds λ·sign(w) and L2 adds 2λw to the gradient: one SGD step from known weights", () => {
  const model = Sequential.fromJSON(1, [{ type: "dense", units: 1, activation: "identity", weights: [[2]], bias: null }]);
  // x = 1, t = 2: the data gradient of ½(w - 2)² at w = 2 is 0, so only the penalties move w.
  const data = { x: Float64Array.of(1), y: Float64Array.of(2), n: 1, features: 1, outputs: 1 };
  new Trainer(model, data, { loss: "half-sse", optimizer: { name: "sgd" }, learningRate: 0.1, epochs: 1, l1: 0.3, l2: 0.5 }).runEpoch();
  assertClose(model.parameters()[0].value[0], 2 - 0.1 * (0.3 * 1 + 2 * 0.5 * 2), 1e-15);
});

test("a weight that overflows is caught in the epoch it happens, with its layer", () => {
  const model = Sequential.fromJSON(1, [
    { type: "dense", units: 1, activation: "identity", weights: [[1e5]], bias: null },
    { type: "dense", units: 1, activation: "identity", weights: [[1e-5]], bias: null },
  ]);
  const data = { x: Float64Array.of(1), y: Float64Array.of(0), n: 1, features: 1, outputs: 1 };
  // The output is w2·w1·x = 1 against t = 0: ∂L/∂w1 = w2 = 1e-5 and ∂L/∂w2 = w1 = 1e5. With η = 1e304
  // only w2 - 1e304·1e5 overflows (to -Infinity), in epoch 1: the second layer, layers[1].
  const t = new Trainer(model, data, { loss: "half-sse", optimizer: { name: "sgd" }, learningRate: 1e304, epochs: 10 });
  t.run();
  assert.equal(t.stopReason, "diverged");
  assert.deepEqual({ epoch: t.divergence!.epoch, quantity: t.divergence!.quantity, layer: t.divergence!.layer }, { epoch: 1, quantity: "weights", layer: 1 });
});

test("evaluate computes a fused loss from the logits, as training does: exact where σ(z) rounds to 1", () => {
  for (const dtype of ["float64", "float32"] as const) {
    const model = Sequential.fromJSON(1, [{ type: "dense", units: 1, activation: "sigmoid", weights: [[1000]], bias: [0] }], dtype);
    const data = { x: Float64Array.of(1), y: Float64Array.of(0), n: 1, features: 1, outputs: 1 };
    const trainer = new Trainer(model, data, { loss: "bce", optimizer: { name: "sgd" }, learningRate: 0, epochs: 1 });
    // -ln(1 - σ(1000)) = 1000 + ln(1 + e^-1000) = 1000.
    assertClose(trainer.evaluate(data).loss, 1000, 1e-12, 0, dtype);
    assertClose(trainer.runEpoch()!.loss, 1000, 1e-12, 0, dtype);
  }
});

test("the trainer refuses batch sizes that are not whole numbers ≥ 1, data that is not finite, and batch norm over a batch of 1", () => {
  const data = generate("xor-easy", { seed: 1 });
  const options: TrainingOptions = { loss: "mse", optimizer: { name: "sgd" }, learningRate: 1, epochs: 1 };
  const make = (o: Partial<TrainingOptions>, layers: LayerConfig[] = lab, d = data) => () => new Trainer(Sequential.create(2, layers, { seed: 1 }), d, { ...options, ...o });
  assert.throws(make({ batchSize: 0 }), { code: "InvalidArgument", message: "options.batchSize: expected a whole number, 1 or more, got 0" });
  assert.throws(make({ batchSize: 2.5 }), { code: "InvalidArgument", message: "options.batchSize: expected a whole number, 1 or more, got 2.5" });
  const x = Float64Array.from(data.x);
  x[7] = Number.NaN;
  assert.throws(make({}, lab, { ...data, x }), /data\.x: has NaN at sample 3, input 1 \(0-based\)/);
  const withBatchNorm: LayerConfig[] = [{ type: "dense", units: 4, activation: "tanh" }, { type: "batch-norm" }, { type: "dense", units: 1, activation: "sigmoid" }];
  assert.throws(make({ batchSize: 1 }, withBatchNorm), /batch norm needs at least 2 samples in every batch .* a batch has 1/);
  // 21 samples in batches of 10 leave a last batch of 1.
  assert.throws(make({ batchSize: 10 }, withBatchNorm), /21 samples in batches of 10 a batch has 1/);
  assert.doesNotThrow(make({ batchSize: 7 }, withBatchNorm));
});
