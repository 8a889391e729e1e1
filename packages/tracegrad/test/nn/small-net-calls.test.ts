/**
 * How the Trainer drives the WebAssembly path (nn/small-net-path.ts) through fit() and run()'s
 * callbacks: an epoch is one step of fit (it yields and stops between epochs, and has no batches to
 * report), and run() runs many epochs per call yet stops exactly where a callback says. The reference
 * is always the same trainer run straight through with run(), epoch by epoch.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { DivergedError, generate, InvalidArgumentError, Sequential, Trainer, TracegradError } from "../../src/index.js";
import type { EpochRecord, LayerConfig, TrainingOptions } from "../../src/index.js";

const layers: LayerConfig[] = [
  { type: "dense", units: 8, activation: "tanh" },
  { type: "dense", units: 5, activation: "relu" },
  { type: "dense", units: 3, activation: "softmax" },
];
const data = generate("spiral", { classes: 3, seed: 4, n: 90 });
// 90 samples in batches of 10: 9 batches an epoch, shuffled; a schedule that changes η every epoch.
const options: TrainingOptions = { loss: "cross-entropy", optimizer: "adam", learningRate: 0.02, epochs: 40, batchSize: 10, seed: 3, schedule: { type: "cosine" }, l2: 0.001 };

function trainer(overrides: Partial<TrainingOptions> = {}): Trainer {
  return new Trainer(Sequential.create(2, layers, { seed: 8 }), data, { ...options, ...overrides });
}

/** Everything that must be the same bits: the weights and the history. */
function state(t: Trainer): { layers: unknown; history: EpochRecord[] } {
  return { layers: t.model.save().layers, history: t.history };
}

/** The checkpoint after each epoch of a run that stops after every one (each is exact). */
function checkpointsByEpoch(): Map<number, string> {
  const exact = new Map<number, string>();
  trainer().run((record, t) => void exact.set(record.epoch, JSON.stringify(t.checkpoint())));
  return exact;
}

test("fit on the WebAssembly path gives run()'s bits, one epoch per step, and lets a timer fire between epochs", async () => {
  const reference = trainer();
  reference.run();
  assert.equal(reference.webAssembly, true);

  let ticks = 0;
  const timer = setInterval(() => ticks++, 0);
  const ticksAtEpoch: number[] = [];
  try {
    const t = trainer();
    const result = await t.fit({ yieldEvery: 0, onEpochEnd: () => void ticksAtEpoch.push(ticks) });
    assert.deepEqual([result.stoppedBy, result.stopReason, result.history.length], ["finished", "epochs", 40]);
    assert.deepEqual(state(t), state(reference));
    assert.equal(t.midEpoch, false);
  } finally {
    clearInterval(timer);
  }
  // With yieldEvery 0 it yields after every epoch: the timer fires while the 40 epochs run.
  assert.ok(ticksAtEpoch[39] > ticksAtEpoch[0], `a 0 ms timer fired ${ticksAtEpoch[39] - ticksAtEpoch[0]} times between epochs 1 and 40`);
});

test("fit on the WebAssembly path stops between epochs (signal, callback, epochs) and goes on to run()'s bits", async () => {
  const reference = trainer();
  reference.run();
  const exact = checkpointsByEpoch();
  const t = trainer();
  const controller = new AbortController();
  const aborted = await t.fit({ signal: controller.signal, onEpochEnd: (record) => void (record.epoch === 5 && controller.abort()) });
  assert.deepEqual([aborted.stoppedBy, t.epoch, t.midEpoch], ["signal", 5, false]);
  // Never in the middle of an epoch: the checkpoint is that of a run stopped after epoch 5.
  assert.equal(JSON.stringify(t.checkpoint()), exact.get(5));
  const byCallback = await t.fit({ onEpochEnd: (record) => record.epoch !== 12 && undefined });
  assert.deepEqual([byCallback.stoppedBy, t.epoch], ["callback", 12]);
  assert.equal(JSON.stringify(t.checkpoint()), exact.get(12));
  const three = await t.fit({ epochs: 3 });
  assert.deepEqual(three.history.map((r) => r.epoch), [13, 14, 15]);
  t.run();
  assert.deepEqual(state(t), state(reference));
});

test("onBatchEnd needs the TypeScript path: refused on the WebAssembly path before any training, reported with smallNet: false", async () => {
  const t = trainer();
  await assert.rejects(t.fit({ onBatchEnd: () => undefined }), (error: unknown) => {
    assert.ok(error instanceof InvalidArgumentError);
    assert.equal(error.argument, "options.onBatchEnd");
    assert.match(error.message, /^options\.onBatchEnd: this trainer runs each epoch whole in WebAssembly .*smallNet: false/);
    return true;
  });
  assert.equal(t.epoch, 0);

  const typescript = trainer({ smallNet: false });
  assert.equal(typescript.webAssembly, false);
  const batches: string[] = [];
  await typescript.fit({ epochs: 2, onBatchEnd: (report) => void batches.push(`${report.epoch}.${report.batch}:${report.size}`) });
  // 90 samples in batches of 10: batches 0 to 8 of 10 samples each, in each epoch.
  assert.deepEqual(batches, [1, 2].flatMap((epoch) => Array.from({ length: 9 }, (_, b) => `${epoch}.${b}:10`)));
});

test("run's callback returning false inside a WebAssembly call stops the trainer exactly at its epoch, which resumes bit-identically", () => {
  const reference = trainer();
  reference.run();
  const exact = checkpointsByEpoch();
  for (const exactEvery of [10, Number.POSITIVE_INFINITY]) {
    const t = trainer();
    const seen: number[] = [];
    t.run((record) => (seen.push(record.epoch), record.epoch !== 13), { exactEvery });
    assert.deepEqual(seen, Array.from({ length: 13 }, (_, i) => i + 1));
    assert.deepEqual([t.epoch, t.finished], [13, false]);
    assert.equal(JSON.stringify(t.checkpoint()), exact.get(13), `exactEvery ${exactEvery}`);
    t.run(() => undefined, { exactEvery });
    assert.deepEqual(state(t), state(reference));
  }
});

test("a callback that throws inside a WebAssembly call leaves the trainer at its epoch; checkpoint() between exact epochs is refused", () => {
  const exact = checkpointsByEpoch();
  const t = trainer();
  assert.throws(
    () =>
      t.run(
        (record) => {
          if (record.epoch === 9) throw new Error("stop here");
        },
        { exactEvery: 8 },
      ),
    /stop here/,
  );
  assert.equal(t.epoch, 9);
  assert.equal(JSON.stringify(t.checkpoint()), exact.get(9));

  let refused = 0;
  trainer().run(
    (record, u) => {
      if (record.epoch % 8 === 0) assert.equal(JSON.stringify(u.checkpoint()), exact.get(record.epoch));
      else if (record.epoch < 40) {
        assert.throws(() => u.checkpoint(), { code: "InvalidState", message: /^checkpoint\(\): run\(\) is calling back ahead of the weights/ });
        refused++;
      }
    },
    { exactEvery: 8 },
  );
  // 40 epochs in calls of 8: all but epochs 8, 16, 24, 32 and 40 come ahead of the weights.
  assert.equal(refused, 35);
});

test("a divergence on the WebAssembly path: fit rejects with the TypeScript path's divergence, batches counted from 0", async () => {
  // A ReLU network at η = 3 on 30 samples in batches of 4: the loss blows up in a later batch.
  const diverging: LayerConfig[] = [{ type: "dense", units: 8, activation: "relu" }, { type: "dense", units: 1, activation: "identity" }];
  const line = generate("linear", { n: 30 });
  const make = (smallNet: boolean) => new Trainer(Sequential.create(2, diverging, { seed: 1 }), line, { loss: "half-sse", learningRate: 3, epochs: 100, batchSize: 4, seed: 5, smallNet });
  const typescript = make(false);
  typescript.run();
  assert.equal(typescript.stopReason, "diverged");
  const wasm = make(true);
  assert.equal(wasm.webAssembly, true);
  await assert.rejects(wasm.fit({ yieldEvery: 0 }), (error: unknown) => {
    assert.ok(error instanceof DivergedError);
    assert.deepEqual(error.divergence, typescript.divergence);
    return true;
  });
  assert.ok(typescript.divergence!.batch >= 0 && typescript.divergence!.batch < Math.ceil(30 / 4));
  assert.deepEqual(state(wasm), state(typescript));
});

test("run's exactEvery and the smallNet option are checked like every other argument", () => {
  const refused = (run: () => unknown, message: RegExp) =>
    assert.throws(run, (error: unknown) => error instanceof TracegradError && error.code === "InvalidArgument" && message.test(error.message));
  for (const exactEvery of [0, 2.5, -1, "7", Number.NaN]) {
    refused(() => trainer().run(() => undefined, { exactEvery } as unknown as { exactEvery: number }), /^options\.exactEvery: expected a whole number, 1 or more, or Infinity, got /);
  }
  refused(() => trainer().run(() => undefined, { exact: 3 } as unknown as { exactEvery: number }), /^options\.exact: unknown field/);
  refused(() => trainer({ smallNet: "false" as unknown as boolean }), /^options\.smallNet: expected true or false/);
  const t = trainer({ epochs: 3 });
  t.run(() => undefined, { exactEvery: Number.POSITIVE_INFINITY });
  assert.equal(t.epoch, 3);
});
