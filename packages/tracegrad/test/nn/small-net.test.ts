/**
 * The Trainer's WebAssembly path for small networks (nn/small-net-path.ts, kernels/small-net.*)
 * against the TypeScript fast path, the recording engine of the worked solutions, and itself across
 * checkpoints.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { generate } from "../../src/data/generators.js";
import type { Dataset } from "../../src/data/dataset.js";
import { activation } from "../../src/engine/activations.js";
import { Random } from "../../src/engine/random.js";
import type { ElementwiseActivation } from "../../src/engine/activations.js";
import { smallNetFunction } from "../../src/kernels/small-net.js";
import { parseStepSpec } from "../../src/step/spec/index.js";
import { runStep } from "../../src/step/run-step.js";
import { stepResults } from "../../src/step/results.js";
import { Sequential } from "../../src/nn/model.js";
import type { LayerConfig } from "../../src/nn/model.js";
import { SMALL_NET_LIMITS } from "../../src/nn/small-net-path.js";
import { Trainer } from "../../src/nn/trainer.js";
import type { TrainingOptions } from "../../src/nn/trainer.js";
import { randomSpec } from "../reference/random-spec.js";
import { assertAllClose, assertClose } from "../helpers.js";

// Softmax only as the output layer (a model refuses it in a hidden layer).
const HIDDEN = ["identity", "sigmoid", "tanh", "relu", "leaky-relu", "gaussian"] as const;
const OUTPUT = [...HIDDEN, "softmax"] as const;
const RULES = ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"] as const;

interface Case {
  readonly data: Dataset;
  readonly layers: LayerConfig[];
  readonly options: TrainingOptions;
  readonly validation: Dataset | null;
  readonly seed: number;
}

/** A random small network, data set and set of training options, over everything the path supports. */
const trainingCase: fc.Arbitrary<Case> = fc
  .record({
    loss: fc.constantFrom("half-sse", "mse", "bce", "cross-entropy"),
    data: fc.constantFrom("xor", "circle", "moons", "spiral", "blobs"),
    classes: fc.integer({ min: 2, max: 4 }),
    // over 256 rows, the sums over a batch run in two blocks of KC
    points: fc.oneof(fc.integer({ min: 2, max: 60 }), fc.constant(300)),
    hidden: fc.array(fc.record({ units: fc.integer({ min: 1, max: 9 }), activation: fc.constantFrom(...HIDDEN), bias: fc.boolean(), alpha: fc.constantFrom(0.01, 0.2) }), { minLength: 0, maxLength: 3 }),
    output: fc.constantFrom(...OUTPUT),
    fusedOutput: fc.boolean(),
    rule: fc.constantFrom(...RULES),
    learningRate: fc.constantFrom(0.01, 0.1, 0.5, 3),
    weightDecay: fc.constantFrom(0, 0.01),
    batch: fc.constantFrom(undefined, 1, 7, 16, 1000),
    shuffle: fc.constantFrom(undefined, true, false),
    l1: fc.constantFrom(0, 0.001),
    l2: fc.constantFrom(0, 0.01),
    clipValue: fc.constantFrom(undefined, 0.05),
    clipNorm: fc.constantFrom(undefined, 0.1),
    schedule: fc.constantFrom(undefined, { type: "cosine" } as const, { type: "step", every: 2, factor: 0.5 } as const, { type: "plateau", factor: 0.5, patience: 1 } as const),
    warmup: fc.constantFrom(0, 2),
    early: fc.constantFrom(undefined, { lossChange: 1e-4 }, { gradientNorm: 1e-3 }, { weightChange: 1e-4 }, { patience: 2, restoreBest: true }),
    validation: fc.boolean(),
    epochs: fc.integer({ min: 1, max: 12 }),
    seed: fc.integer({ min: 1, max: 1000 }),
  })
  .map((r) => {
    const name = r.loss === "cross-entropy" ? (r.data === "spiral" ? "spiral" : "blobs") : r.data === "spiral" || r.data === "blobs" ? "moons" : r.data;
    const all = generate(name, { seed: r.seed, classes: r.classes, n: r.points + 10 });
    const take = (from: number, to: number): Dataset => ({ ...all, x: all.x.slice(from * all.features, to * all.features), y: all.y.slice(from * all.outputs, to * all.outputs), labels: all.labels!.slice(from, to), n: to - from });
    const data = take(0, r.points);
    const validation = r.validation ? take(r.points, r.points + 10) : null;
    const fused = r.loss === "cross-entropy" ? "softmax" : r.loss === "bce" ? "sigmoid" : r.output;
    // The Trainer refuses cross-entropy without a softmax output and bce without outputs in (0, 1):
    // bce's output that is not fused with it is softmax.
    const unfused = r.loss === "cross-entropy" || r.loss === "bce" ? "softmax" : r.output;
    const layers: LayerConfig[] = [
      ...r.hidden.map((h) => ({ type: "dense" as const, units: h.units, activation: h.activation, useBias: h.bias, ...(h.activation === "leaky-relu" ? { alpha: h.alpha } : {}) })),
      { type: "dense", units: data.outputs, activation: r.fusedOutput ? fused : unfused },
    ];
    const early = r.early !== undefined && "patience" in r.early && validation === null ? undefined : r.early;
    const options: TrainingOptions = {
      loss: r.loss,
      optimizer: { name: r.rule, ...(r.weightDecay ? { weightDecay: r.weightDecay } : {}) },
      learningRate: r.learningRate,
      epochs: r.epochs,
      seed: r.seed,
      ...(r.batch !== undefined ? { batchSize: r.batch } : {}),
      ...(r.shuffle !== undefined ? { shuffle: r.shuffle } : {}),
      ...(r.l1 ? { l1: r.l1 } : {}),
      ...(r.l2 ? { l2: r.l2 } : {}),
      ...(r.clipValue !== undefined ? { clipValue: r.clipValue } : {}),
      ...(r.clipNorm !== undefined ? { clipNorm: r.clipNorm } : {}),
      ...(r.schedule !== undefined ? { schedule: r.schedule } : {}),
      ...(r.warmup ? { warmup: r.warmup } : {}),
      ...(early !== undefined ? { earlyStopping: early } : {}),
    };
    return { data, layers, options, validation, seed: r.seed };
  });

/** Trains a case to its end on one path; `callback` trains epoch by epoch through run's callback. */
function train(c: Case, smallNet: boolean, how: "ahead" | "callback" | "epochs" = "ahead") {
  const model = Sequential.create(c.data.features, c.layers, { seed: c.seed });
  const trainer = new Trainer(model, c.data, { ...c.options, smallNet }, c.validation);
  if (how === "ahead") trainer.run();
  else if (how === "callback") trainer.run(() => undefined);
  else while (!trainer.finished) trainer.runEpoch();
  return {
    trainer,
    history: JSON.stringify(trainer.history),
    model: JSON.stringify(model.toJSON()),
    checkpoint: JSON.stringify(trainer.checkpoint()),
    divergence: JSON.stringify(trainer.divergence),
  };
}

/**
 * Runs `body` with the TypeScript path's tanh replaced by the kernel's (Math.tanh is up to 1.8 ulp off,
 * the kernel's within 0.51 ulp), so that every bit can be compared.
 */
function withKernelTanh(body: () => void): void {
  const tanh = activation("tanh") as ElementwiseActivation;
  const original = tanh.forwardArray;
  tanh.forwardArray = (z, a, n) => a.set(smallNetFunction("tanh", Float64Array.from(z.subarray(0, n)), false));
  try {
    body();
  } finally {
    tanh.forwardArray = original;
  }
}

test("the WebAssembly path gives the TypeScript path's bits: history, weights, checkpoint and divergence, any way it is run", () => {
  withKernelTanh(() => {
    fc.assert(
      fc.property(trainingCase, (c) => {
        const typescript = train(c, false);
        const ahead = train(c, true, "ahead");
        assert.equal(typescript.trainer.webAssembly, false);
        assert.equal(ahead.trainer.webAssembly, true);
        for (const other of [ahead, train(c, true, "callback"), train(c, true, "epochs")]) {
          assert.equal(other.history, typescript.history);
          assert.equal(other.model, typescript.model);
          assert.equal(other.checkpoint, typescript.checkpoint);
          assert.equal(other.divergence, typescript.divergence);
        }
      }),
      { seed: 160, numRuns: 120 },
    );
  });
});

test("with Math.tanh on the TypeScript path, tanh networks still agree to 1e-12 after an epoch", () => {
  fc.assert(
    fc.property(trainingCase, (c) => {
      const layers = c.layers.map((l, i) => (l.type === "dense" && i < c.layers.length - 1 ? { ...l, activation: "tanh" as const } : l));
      const once = { ...c, layers, options: { ...c.options, epochs: 1, learningRate: 0.01 } };
      const [typescript, wasm] = [train(once, false).trainer, train(once, true).trainer];
      if (!Number.isFinite(typescript.history[0].loss)) {
        // a loss that is not finite (an output rounded to 0 or 1 under bce): so on both paths
        assert.equal(Number.isFinite(wasm.history[0].loss), false);
        return;
      }
      assertClose(wasm.history[0].loss, typescript.history[0].loss, 1e-12, 1e-300, "loss");
      const w = wasm.model.parameters();
      typescript.model.parameters().forEach((p, i) => assertAllClose(Array.from(w[i].value), Array.from(p.value), 1e-12, 1e-15, p.name));
    }),
    { seed: 161, numRuns: 40 },
  );
});

test("one full-batch epoch on the WebAssembly path gives the recording engine's loss and new weights to 1e-10", () => {
  const trainable = randomSpec.map((s) => ({ ...s, layers: s.layers.map((l) => ({ ...l, trainBias: undefined })) }));
  fc.assert(
    fc.property(trainable, (spec) => {
      const ref = stepResults(runStep(parseStepSpec(JSON.stringify(spec), "random.json")));
      const model = Sequential.fromJSON(
        spec.inputs[0].length,
        spec.layers.map((l) => ({ type: "dense" as const, units: l.weights.length, activation: l.activation, ...(l.alpha !== undefined ? { alpha: l.alpha } : {}), weights: l.weights, bias: l.bias })),
      );
      const data = { x: Float64Array.from(spec.inputs.flat()), y: Float64Array.from(spec.targets.flat()), n: spec.inputs.length, features: spec.inputs[0].length, outputs: spec.targets[0].length };
      const trainer = new Trainer(model, data, { loss: spec.loss, optimizer: { name: "sgd", weightDecay: spec.weightDecay ?? 0 }, learningRate: spec.learningRate, epochs: 1, ...(spec.l2 ? { l2: spec.l2 } : {}) });
      assert.equal(trainer.webAssembly, true);
      const record = trainer.runEpoch()!;
      assertClose(record.loss, ref.loss!, 1e-10, 1e-13, "epoch loss");
      model.parameters().forEach((p) => {
        const l = p.layer;
        if (p.kind === "weights") assertAllClose(Array.from({ length: p.shape[0] }, (_, j) => Array.from(p.value.subarray(j * p.shape[1], (j + 1) * p.shape[1]))), ref.layers[l].weights, 1e-10, 1e-13, `W[${l}]`);
        else assertAllClose(Array.from(p.value), ref.layers[l].bias, 1e-10, 1e-13, `b[${l}]`);
      });
    }),
    { seed: 162, numRuns: 300 },
  );
});

test("a checkpoint taken mid-run on the WebAssembly path and restored continues bit-identically, on either path", () => {
  const layers: LayerConfig[] = [{ type: "dense", units: 6, activation: "tanh" }, { type: "dense", units: 5, activation: "relu" }, { type: "dense", units: 3, activation: "softmax" }];
  const options: TrainingOptions = { loss: "cross-entropy", optimizer: { name: "adam" }, learningRate: 0.02, epochs: 40, batchSize: 10, seed: 3, schedule: { type: "cosine" }, l2: 0.001 };
  const data = generate("spiral", { classes: 3, seed: 4, n: 90 });
  const straight = new Trainer(Sequential.create(2, layers, { seed: 8 }), data, options);
  straight.run();
  assert.equal(straight.webAssembly, true);

  const first = new Trainer(Sequential.create(2, layers, { seed: 8 }), data, options);
  for (let e = 0; e < 17; e++) first.runEpoch();
  const saved = JSON.parse(JSON.stringify(first.checkpoint()));
  const resumed = new Trainer(Sequential.fromJSON(2, saved.layers), data, options);
  resumed.restore(saved);
  resumed.run();
  assert.equal(JSON.stringify(resumed.history), JSON.stringify(straight.history));
  assert.equal(JSON.stringify(resumed.model.toJSON()), JSON.stringify(straight.model.toJSON()));

  // the same checkpoint resumed on the TypeScript path (a runtime without SIMD), with the kernel's tanh there
  withKernelTanh(() => {
    const elsewhere = new Trainer(Sequential.fromJSON(2, saved.layers), data, { ...options, smallNet: false });
    elsewhere.restore(saved);
    elsewhere.run();
    const again = new Trainer(Sequential.create(2, layers, { seed: 8 }), data, options);
    again.run();
    assert.equal(JSON.stringify(elsewhere.model.toJSON()), JSON.stringify(again.model.toJSON()));
  });
});

test("run's callback: every record in order, the weights exact at multiples of exactEvery", () => {
  const layers: LayerConfig[] = [{ type: "dense", units: 4, activation: "sigmoid" }, { type: "dense", units: 1, activation: "sigmoid" }];
  const options: TrainingOptions = { loss: "mse", optimizer: { name: "momentum" }, learningRate: 0.5, epochs: 50, batchSize: 5, seed: 2 };
  const data = generate("xor", { seed: 3, n: 40 });
  const exact = new Map<number, string>();
  const byEpoch = new Trainer(Sequential.create(2, layers, { seed: 1 }), data, options);
  byEpoch.run((record, t) => void exact.set(record.epoch, JSON.stringify(t.checkpoint())));
  const seen: number[] = [];
  const finished: boolean[] = [];
  const ahead = new Trainer(Sequential.create(2, layers, { seed: 1 }), data, options);
  ahead.run(
    (record, t) => {
      seen.push(record.epoch);
      finished.push(t.finished);
      assert.equal(t.epoch, record.epoch);
      if (record.epoch % 7 === 0) assert.equal(JSON.stringify(t.checkpoint()), exact.get(record.epoch), `epoch ${record.epoch}`);
    },
    { exactEvery: 7 },
  );
  assert.deepEqual(seen, Array.from({ length: 50 }, (_, i) => i + 1));
  assert.deepEqual(finished, Array.from({ length: 50 }, (_, i) => i === 49));
  assert.equal(JSON.stringify(ahead.checkpoint()), exact.get(50));
});

test("divergence on the WebAssembly path: the epoch, batch, quantity and layer of the TypeScript path, and its weights", () => {
  const cases: [LayerConfig[], TrainingOptions, Dataset][] = [
    // the loss: a linear network at η = 10
    [[4, 4, 1].map((units) => ({ type: "dense" as const, units, activation: "identity" as const, init: "normal" as const })), { loss: "mse", optimizer: { name: "sgd" }, learningRate: 10, epochs: 1000 }, generate("xor-easy")],
    // minibatches, the loss in a later batch
    [[{ type: "dense", units: 8, activation: "relu" }, { type: "dense", units: 1, activation: "identity" }], { loss: "half-sse", optimizer: { name: "sgd" }, learningRate: 3, epochs: 100, batchSize: 4, seed: 5 }, generate("linear", { n: 30 })],
  ];
  for (const [layers, options, data] of cases) {
    const run = (smallNet: boolean) => {
      const model = Sequential.create(2, layers, { seed: 1 });
      const t = new Trainer(model, data, { ...options, smallNet });
      t.run();
      return { stop: t.stopReason, divergence: t.divergence, history: JSON.stringify(t.history), weights: JSON.stringify(model.toJSON()) };
    };
    const wasm = run(true);
    assert.equal(wasm.stop, "diverged");
    assert.deepEqual(wasm, run(false));
  }
  // the weights: one that overflows to -Infinity in the second layer
  const model = () => Sequential.fromJSON(1, [
    { type: "dense", units: 1, activation: "identity", weights: [[1e5]], bias: null },
    { type: "dense", units: 1, activation: "identity", weights: [[1e-5]], bias: null },
  ]);
  const data = { x: Float64Array.of(1), y: Float64Array.of(0), n: 1, features: 1, outputs: 1 };
  const t = new Trainer(model(), data, { loss: "half-sse", optimizer: { name: "sgd" }, learningRate: 1e304, epochs: 10 });
  assert.equal(t.webAssembly, true);
  t.run();
  // The output layer's weight: ∂L/∂w₂ = (1e5·1e-5 - 0)·1e5 = 1e5, times η = 1e304, overflows; layer
  // 0's moves by 1e304·1e-5 only. Layers and batches count from 0.
  assert.deepEqual({ epoch: t.divergence!.epoch, batch: t.divergence!.batch, quantity: t.divergence!.quantity, layer: t.divergence!.layer, parameter: t.divergence!.parameter }, { epoch: 1, batch: 0, quantity: "weights", layer: 1, parameter: "layers[1].weights" });
});

test("the TypeScript path keeps what the WebAssembly path does not do: float32, dropout, batch norm, large networks, smallNet: false", () => {
  const data = generate("moons", { seed: 1, n: 50 });
  const options: TrainingOptions = { loss: "bce", optimizer: { name: "adam" }, learningRate: 0.01, epochs: 1, batchSize: 10 };
  const path = (layers: LayerConfig[], modelOptions = {}, extra: Partial<TrainingOptions> = {}, d: Dataset = data) =>
    new Trainer(Sequential.create(d.features, layers, modelOptions), d, { ...options, ...extra }).webAssembly;
  const dense: LayerConfig[] = [{ type: "dense", units: 8, activation: "relu" }, { type: "dense", units: 1, activation: "sigmoid" }];
  assert.equal(path(dense), true);
  assert.equal(path(dense, { dtype: "float32" }), false);
  assert.equal(path([dense[0], { type: "dropout", rate: 0.2 }, dense[1]]), false);
  assert.equal(path([dense[0], { type: "batch-norm" }, dense[1]]), false);
  assert.equal(path(dense, {}, { smallNet: false }), false);
  assert.equal(path([{ type: "dense", units: SMALL_NET_LIMITS.units + 1, activation: "relu" }, dense[1]]), false);
  const wide = generate("moons", { seed: 1, n: 600 });
  assert.equal(path([{ type: "dense", units: 128, activation: "relu" }, { type: "dense", units: 128, activation: "relu" }, dense[1]], {}, { batchSize: 600 }, wide), false);
});

test("the products' blocks (eight, four, two and one columns; four, two and one units by four, two and one inputs; an odd last row; sums over two blocks of rows) give the TypeScript path's bits", () => {
  // widths that leave every remainder after blocks of eight and four: 1 .. 7, 9 .. 13, 17
  const widths = [[1, 7, 3], [13, 9, 2], [12, 11, 5], [17, 6, 4], [8, 10, 1], [5, 2, 6]];
  const random = new Random(77);
  for (const [features, hidden, outputs] of widths) {
    for (const n of [21, 8, 300]) {
      // points of a random function of their features, classified by their largest output
      const x = Float64Array.from({ length: n * features }, () => random.uniform(-2, 2));
      const classes = Math.max(2, outputs);
      const labels = Int32Array.from({ length: n }, (_, i) => Math.floor(Math.abs(x[i * features] * 7919 + x[i * features + features - 1] * 104729)) % classes);
      // one output: the label itself; several: one-hot
      const y = Float64Array.from({ length: n * outputs }, (_, i) => (outputs === 1 ? labels[i] : labels[Math.floor(i / outputs)] === i % outputs ? 1 : 0));
      const data: Dataset = { x, y, n, features, outputs, labels, classes };
      const layers: LayerConfig[] = [
        { type: "dense", units: hidden, activation: "sigmoid" },
        { type: "dense", units: hidden + 3, activation: "relu" },
        { type: "dense", units: outputs, activation: outputs === 1 ? "sigmoid" : "softmax" },
      ];
      const options: TrainingOptions = { loss: outputs === 1 ? "mse" : "cross-entropy", optimizer: { name: "momentum" }, learningRate: 0.5, epochs: 6, seed: 5 };
      const c: Case = { data, layers, options, validation: null, seed: 9 };
      const typescript = train(c, false);
      const wasm = train(c, true);
      assert.equal(wasm.trainer.webAssembly, true);
      assert.equal(wasm.history, typescript.history, `${features}-${hidden}-${hidden + 3}-${outputs}, ${n} rows`);
      assert.equal(wasm.model, typescript.model, `${features}-${hidden}-${hidden + 3}-${outputs}, ${n} rows`);
    }
  }
});
