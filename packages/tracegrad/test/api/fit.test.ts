// Trainer.fit: it yields to the event loop (a timer fires during training), it can be canceled and
// resumed, and it gives the same bits as the synchronous run().
import { test } from "node:test";
import assert from "node:assert/strict";
import { DivergedError, generate, Sequential, Trainer } from "../../src/index.js";
import type { DType, EpochRecord, LayerConfig, TrainingOptions } from "../../src/index.js";

const layers: LayerConfig[] = [
  { type: "dense", units: 32, activation: "relu" },
  { type: "dropout", rate: 0.2 },
  { type: "dense", units: 32, activation: "tanh" },
  { type: "dense", units: 3, activation: "softmax" },
];
const data = generate("spiral", { n: 600, classes: 3, seed: 5 });
const options: TrainingOptions = { loss: "cross-entropy", optimizer: "adam", learningRate: 0.01, epochs: 12, batchSize: 16, seed: 9 };

function trainer(dtype: DType = "float64", overrides: Partial<TrainingOptions> = {}): Trainer {
  return new Trainer(Sequential.create(2, layers, { seed: 4, dtype }), data, { ...options, ...overrides });
}

/** Everything that must be the same bits: the weights and the history. */
function state(t: Trainer): { layers: unknown; history: EpochRecord[] } {
  return { layers: t.model.save().layers, history: t.history };
}

test("fit gives the same bits as run(), in float64 and float32, minibatches with dropout and shuffling", async () => {
  for (const dtype of ["float64", "float32"] as const) {
    const sync = trainer(dtype);
    sync.run();
    const async = trainer(dtype);
    const result = await async.fit({ yieldEvery: 0 });
    assert.equal(result.stoppedBy, "finished");
    assert.equal(result.stopReason, "epochs");
    assert.equal(result.history.length, 12);
    assert.deepEqual(state(async), state(sync));
  }
});

test("fit yields to the event loop between batches: a timer fires during training (run() lets none)", async () => {
  let ticks = 0;
  const timer = setInterval(() => ticks++, 1);
  try {
    await new Promise((resolve) => setTimeout(resolve, 5));
    ticks = 0;
    trainer().run();
    const duringRun = ticks;
    await new Promise((resolve) => setTimeout(resolve, 5));
    ticks = 0;
    let batches = 0;
    let ticksSeenByBatches = 0;
    await trainer().fit({ yieldEvery: 1, onBatchEnd: () => void (batches++, (ticksSeenByBatches = ticks)) });
    assert.equal(duringRun, 0, "run() blocks: no timer can fire while it trains");
    assert.ok(ticksSeenByBatches > 0, `a 1 ms timer fired ${ticksSeenByBatches} times during ${batches} batches of fit`);
  } finally {
    clearInterval(timer);
  }
});

test("an AbortSignal stops fit between batches; a later fit goes on to the same bits as run()", async () => {
  const reference = trainer();
  reference.run();
  const controller = new AbortController();
  const t = trainer();
  let batches = 0;
  const first = await t.fit({ signal: controller.signal, onBatchEnd: () => void (++batches === 50 && controller.abort()) });
  assert.equal(first.stoppedBy, "signal");
  assert.equal(first.stopReason, null);
  // 600 samples in batches of 16: 38 batches an epoch, so the 50th is in the middle of epoch 2.
  assert.equal(t.epoch, 1);
  assert.equal(t.midEpoch, true);
  assert.throws(() => t.checkpoint(), { code: "InvalidState" });
  // An already aborted signal runs nothing at all.
  assert.deepEqual(await t.fit({ signal: controller.signal }), { history: [], stoppedBy: "signal", stopReason: null });
  const rest = await t.fit();
  assert.equal(rest.stoppedBy, "finished");
  assert.deepEqual(state(t), state(reference));
});

test("a callback returning false stops fit; epochs limits one call; both resume to the same bits", async () => {
  const reference = trainer();
  reference.run();
  const t = trainer();
  const byEpoch = await t.fit({ onEpochEnd: (record) => record.epoch !== 3 && undefined });
  assert.deepEqual([byEpoch.stoppedBy, t.epoch], ["callback", 3]);
  const byBatch = await t.fit({ onBatchEnd: (report) => !(report.epoch === 5 && report.batch === 7) });
  assert.deepEqual([byBatch.stoppedBy, t.epoch, t.midEpoch], ["callback", 4, true]);
  const two = await t.fit({ epochs: 2 });
  assert.deepEqual([two.stoppedBy, two.history.map((r) => r.epoch)], ["epochs", [5, 6]]);
  await assert.rejects(t.fit({ epochs: 7 }), { code: "InvalidArgument", message: /^options\.epochs: asks for 7 epochs, but the trainer has 6 left of its 12/ });
  await t.fit({ onEpochEnd: async () => new Promise<void>((resolve) => setTimeout(resolve, 1)) });
  assert.deepEqual(state(t), state(reference));
});

test("a divergence rejects fit with a DivergedError (code Diverged) that says where", async () => {
  const model = Sequential.create(1, [{ type: "dense", units: 1, activation: "identity" }], { seed: 1 });
  const line = { x: Float64Array.of(1, 2, 3), y: Float64Array.of(2, 4, 6), n: 3, features: 1, outputs: 1 };
  const t = new Trainer(model, line, { loss: "mse", learningRate: 1e10, epochs: 50 });
  await assert.rejects(t.fit(), (error: unknown) => {
    assert.ok(error instanceof DivergedError);
    assert.equal(error.code, "Diverged");
    assert.equal(error.divergence.batch, 0);
    assert.match(error.message, /^training diverged at epoch \d+, batch 0: /);
    return true;
  });
  assert.equal(t.stopReason, "diverged");
});

test("run(onEpoch) stops when the callback returns false, and goes on to the same bits", () => {
  const reference = trainer();
  reference.run();
  const t = trainer();
  t.run((record) => record.epoch < 4);
  assert.deepEqual([t.epoch, t.finished], [4, false]);
  t.run();
  assert.deepEqual(state(t), state(reference));
});

test("while a fit runs, another fit, run() or runEpoch() of the same trainer is an InvalidStateError", async () => {
  const t = trainer();
  const running = t.fit({ yieldEvery: 0 });
  await assert.rejects(t.fit(), { code: "InvalidState", message: /^fit\(\): a fit\(\) of this trainer is already running/ });
  assert.throws(() => t.run(), { code: "InvalidState" });
  assert.throws(() => t.runEpoch(), { code: "InvalidState" });
  assert.equal((await running).stoppedBy, "finished");
  assert.equal(t.runEpoch(), null);
});
