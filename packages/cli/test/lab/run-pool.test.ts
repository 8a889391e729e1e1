// The lab's training threads (src/lab/run-pool.ts): a run trained on a worker thread is the run
// trained here, bit for bit (its per-epoch losses and accuracies, its final metrics, its weights, the
// files it writes); a run that fails fails alone; the threads stop when the pool closes.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkRunOptions, resolveRunConfig } from "tracegrad/internal/run/run-config";
import type { RunOptions } from "tracegrad/internal/run/run-config";
import { RunPool } from "../../src/lab/run-pool.js";
import type { TrainedRun } from "../../src/lab/run-pool.js";

const work = mkdtempSync(join(tmpdir(), "tracegrad-run-pool-"));
after(() => rmSync(work, { recursive: true, force: true }));

const config = (options: RunOptions) => resolveRunConfig({}, checkRunOptions({ layers: "2-4-4-1", activation: "sigmoid", loss: "mse", optimizer: "sgd", lr: 1, epochs: 300, seed: 3, ...options }));
const weights = (run: TrainedRun) => run.model.save().layers.map((l) => ("weights" in l ? [l.weights, l.bias] : []));

test("a run trained on a worker thread is the run trained on the main thread, bit for bit", async () => {
  const runs: RunOptions[] = [{ data: "xor-easy" }, { data: "linear", bias: false, init: "normal" }, { data: "xor-easy", layers: "2-8-8-1", activation: "relu", outputActivation: "sigmoid", lr: 0.1 }];
  const threaded = new RunPool(2);
  const here = new RunPool(0);
  try {
    const [a, b] = await Promise.all([
      Promise.all(runs.map((r, i) => threaded.train(config(r), join(work, "threads", String(i))))),
      Promise.all(runs.map((r, i) => here.train(config(r), join(work, "here", String(i))))),
    ]);
    runs.forEach((_, i) => {
      assert.equal(a[i].losses.length, 300);
      assert.deepEqual(Array.from(a[i].losses), Array.from(b[i].losses));
      assert.deepEqual(a[i].accuracies && Array.from(a[i].accuracies), b[i].accuracies && Array.from(b[i].accuracies));
      const { trainSeconds: _a, ...finalA } = a[i].metrics;
      const { trainSeconds: _b, ...finalB } = b[i].metrics;
      assert.deepEqual(finalA, finalB);
      assert.deepEqual(weights(a[i]), weights(b[i]));
      assert.equal(readFileSync(join(work, "threads", String(i), "model.json"), "utf8"), readFileSync(join(work, "here", String(i), "model.json"), "utf8"));
      // The curves are the metrics.json's history.
      const history = (JSON.parse(readFileSync(join(work, "threads", String(i), "metrics.json"), "utf8")) as { history: { loss: number }[] }).history;
      assert.deepEqual(history.map((r) => r.loss), Array.from(a[i].losses));
    });
  } finally {
    await Promise.all([threaded.close(), here.close()]);
  }
});

test("a run that fails on a worker thread fails alone, with its message; the others train", async () => {
  const pool = new RunPool(1);
  try {
    const missing = join(work, "no-such-file.csv");
    const failing = pool.train(config({ data: missing }), join(work, "failing"));
    const fine = pool.train(config({ data: "xor-easy", epochs: 10 }), join(work, "fine"));
    await assert.rejects(failing, (error: Error) => error.message.includes("no-such-file.csv"));
    assert.equal((await fine).losses.length, 10);
  } finally {
    await pool.close();
  }
});
