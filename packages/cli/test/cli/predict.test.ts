import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expectUserError, runCli } from "./run-cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "tracegrad-predict-"));

test("evaluate MODEL mnist uses the model's training seed, so it scores the test split the model was held out from", () => {
  const dir = tmp();
  const r = runCli(["train", "--data", "mnist", "--layers", "784-10", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.01", "--batch", "256", "--epochs", "2", "--seed", "5", "--out", dir, "--quiet"]);
  assert.equal(r.status, 0, r.stderr);
  const trained = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")).final;
  const model = join(dir, "model.json");
  const byDefault = JSON.parse(runCli(["evaluate", model, "mnist", "--json"]).stdout);
  assert.equal(byDefault.samples, 2000);
  assert.ok(Math.abs(byDefault.loss - trained.testLoss) < 1e-12, `${byDefault.loss} vs the run's test loss ${trained.testLoss}`);
  assert.equal(byDefault.accuracy, trained.testAccuracy);
  // Seed 1 shuffles the digits otherwise: its "test" split holds digits this model trained on.
  const seedOne = JSON.parse(runCli(["evaluate", model, "mnist", "--json", "--seed", "1"]).stdout);
  assert.notEqual(seedOne.loss, byDefault.loss);
});

test("predict and evaluate: --points and --seed must be whole numbers in range", () => {
  const dir = tmp();
  assert.equal(runCli(["train", "--data", "moons", "--epochs", "5", "--out", dir, "--quiet"]).status, 0);
  const model = join(dir, "model.json");
  for (const [args, pattern] of [
    [["--points", "abc"], /^tracegrad: --points must be a whole number from 1 to 1000000, got "abc"$/],
    [["--points", "2.5"], /--points must be a whole number from 1 to 1000000, got "2\.5"$/],
    [["--points", "0"], /--points must be a whole number from 1 to 1000000, got "0"$/],
    [["--points", "1e9"], /--points must be a whole number from 1 to 1000000, got "1e9"$/],
    [["--seed", "x"], /^tracegrad: --seed must be a whole number, got "x"$/],
    [["--seed", "1.5"], /--seed must be a whole number, got "1\.5"$/],
  ] as const) {
    expectUserError(["predict", model, "moons", ...args], pattern);
    expectUserError(["evaluate", model, "moons", ...args], pattern);
  }
  const three = runCli(["predict", model, "moons", "--points", "3", "--seed", "-4"]);
  assert.equal(three.status, 0, three.stderr);
  assert.equal(three.stdout.trim().split("\n").length, 1 + 3);
  expectUserError(["train", "--data", "moons", "--points", "2000000"], /^tracegrad: --points: must be a whole number from 1 to 1000000, got 2000000$/);
});

test("evaluate counts samples with NaN outputs as wrong, outside the confusion matrix, and says how many", () => {
  const dir = tmp();
  // η = 10⁶ on a linear network: by epoch 4 every output overflows to NaN (train's own test checks this independently).
  assert.equal(runCli(["train", "--data", "xor-easy", "--activation", "identity", "--lr", "1000000", "--epochs", "50", "--out", dir, "--quiet"]).status, 1);
  const model = join(dir, "model.json");
  const json = JSON.parse(runCli(["evaluate", model, "xor-easy", "--json"]).stdout);
  assert.equal(json.samples, 21);
  assert.equal(json.unpredicted, 21);
  assert.equal(json.accuracy, 0);
  assert.deepEqual(json.confusionMatrix, [[0, 0], [0, 0]]);
  assert.deepEqual(json.perClass.map((c: { support: number }) => c.support), [11, 10]);
  const text = runCli(["evaluate", model, "xor-easy"]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^accuracy: 0%$/m);
  assert.match(text.stdout, /^21 samples have NaN outputs: no class, counted wrong, not in the matrix$/m);
  assert.match(runCli(["predict", model, "xor-easy"]).stdout, /^class,output\nnone,NaN\n/);
});
