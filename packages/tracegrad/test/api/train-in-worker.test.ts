// trainInWorker: a Node worker thread trains with the same bits as fit() here, streams every epoch
// back, stops when asked, and sends a divergence back as a DivergedError. It runs the built package
// ("tracegrad", as a user installs it: the worker starts from dist/nn/worker-main.js), which
// `npm test` builds first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Worker } from "node:worker_threads";
import { DivergedError, generate, Sequential, Trainer, trainInWorker } from "tracegrad";
import type { EpochRecord, LayerConfig, TrainingOptions } from "tracegrad";

const layers: LayerConfig[] = [{ type: "dense", units: 8, activation: "tanh" }, { type: "dropout", rate: 0.1 }, { type: "dense", units: 1, activation: "sigmoid" }];
const data = generate("moons", { n: 120, seed: 6 });
const options: TrainingOptions = { loss: "bce", optimizer: "adam", learningRate: 0.03, epochs: 25, batchSize: 10, seed: 2 };

test("a worker thread trains to the same bits as fit() here, and streams every epoch back as it ends", async () => {
  const model = Sequential.create(2, layers, { seed: 3 });
  const before = model.save();
  const streamed: EpochRecord[] = [];
  const result = await trainInWorker(model, data, options, { onEpochEnd: (record) => void streamed.push(record) });
  const here = new Trainer(Sequential.create(2, layers, { seed: 3 }), data, options);
  await here.fit();
  assert.deepEqual(result.model.save(), here.model.save());
  assert.deepEqual(result.history, here.history);
  assert.deepEqual(streamed, here.history);
  assert.deepEqual([result.stoppedBy, result.stopReason], ["finished", "epochs"]);
  assert.deepEqual(model.save(), { ...before, loss: "bce", task: { kind: "classification", classes: 2, classNames: ["0", "1"] }, featureNames: ["x1", "x2"] }, "the model given is not trained (the generated columns are x1 and x2)");
});

test("onEpochEnd returning false, or an AbortSignal, stops the worker; its model is the one it had then", async () => {
  const model = Sequential.create(2, layers, { seed: 3 });
  const byCallback = await trainInWorker(model, data, { ...options, epochs: 5000 }, { onEpochEnd: (record) => record.epoch < 3 });
  assert.equal(byCallback.stoppedBy, "callback");
  assert.ok(byCallback.history.length >= 3 && byCallback.history.length < 5000);
  const controller = new AbortController();
  const bySignal = await trainInWorker(model, data, { ...options, epochs: 5000 }, { signal: controller.signal, onEpochEnd: (record) => void (record.epoch === 2 && controller.abort()) });
  assert.equal(bySignal.stoppedBy, "signal");
  assert.ok(bySignal.history.length >= 2 && bySignal.history.length < 5000);
  // The weights it stopped with are those of a training here that ran as many epochs (or was stopped mid-epoch: then they differ only by part of an epoch).
  assert.equal(bySignal.model.inputSize, 2);
});

test("the arguments are checked before the worker starts, and a divergence comes back as a DivergedError", async () => {
  const model = Sequential.create(2, layers, { seed: 3 });
  assert.throws(() => trainInWorker(model, data, { ...options, loss: "bce!" } as unknown as TrainingOptions), { code: "InvalidArgument", message: /^options\.loss: unknown loss "bce!"/ });
  assert.throws(() => trainInWorker(model, data, options, { epochs: 26 }), { code: "InvalidArgument", message: /^settings\.epochs: expected a whole number, from 1 to 25, got 26$/ });
  const line = Sequential.create(1, [{ type: "dense", units: 1, activation: "identity" }], { seed: 1 });
  const points = { x: Float64Array.of(1, 2, 3), y: Float64Array.of(2, 4, 6), n: 3, features: 1, outputs: 1 };
  await assert.rejects(trainInWorker(line, points, { loss: "mse", learningRate: 1e10, epochs: 50 }), (error: unknown) => error instanceof DivergedError && error.code === "Diverged" && error.divergence.quantity !== undefined);
});

test("a worker started by the caller (the worker option, for bundlers) is used as it is", async () => {
  const model = Sequential.create(2, layers, { seed: 3 });
  let started = 0;
  const entry = new URL(import.meta.resolve("tracegrad/worker"));
  const result = await trainInWorker(model, data, { ...options, epochs: 3 }, { worker: () => (started++, new Worker(entry)) });
  assert.equal(started, 1);
  assert.equal(result.history.length, 3);
});
