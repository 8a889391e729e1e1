/**
 * Strict bounds say so: a value must be "greater than" or "less than" a bound it may not equal (a
 * dropout rate below 1, a batch norm ε above 0), never "at least" or "at most" it, which the value at
 * the bound is. For each strict bound, the bound itself is refused with the strict wording and the
 * nearest value inside it is accepted; the inclusive bounds beside them keep "at least" and "at most".
 * The messages expected here are written out by hand.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as zm from "zod/mini";
import { z } from "zod";
import { issueMessage } from "../../src/common/zod-issue.js";
import { checkNumber } from "../../src/common/check-argument.js";
import { layerJsonSchema } from "../../src/nn/model-schema.js";
import { parseModelFile, readModelFile } from "../../src/nn/model-file.js";
import { Sequential } from "../../src/nn/model.js";
import { checkRunOptions } from "../../src/run/run-config.js";

/** The nearest doubles inside 0 (from above) and 1 (from below). */
const JUST_ABOVE_0 = Number.MIN_VALUE;
const JUST_BELOW_1 = 1 - 2 ** -53;

/** zod's first issue for `value`, in the words common/zod-issue.ts gives it; null where it passes. */
function zodWords(schema: { safeParse(value: unknown, params?: { reportInput?: boolean }): { success: boolean; error?: { issues: readonly unknown[] } } }, value: unknown): string | null {
  const result = schema.safeParse(value, { reportInput: true });
  return result.success ? null : issueMessage(result.error!.issues[0] as Parameters<typeof issueMessage>[0]);
}

test("zod's strict bounds (gt, lt, positive, negative) are worded 'greater than' and 'less than'; the inclusive ones 'at least' and 'at most'", () => {
  for (const [name, gt0, lt1, gte0, lte1] of [
    ["zod/mini", zm.number().check(zm.gt(0)), zm.number().check(zm.lt(1)), zm.number().check(zm.gte(0)), zm.number().check(zm.lte(1))],
    ["zod", z.number().gt(0), z.number().lt(1), z.number().gte(0), z.number().lte(1)],
  ] as const) {
    assert.equal(zodWords(gt0, 0), "must be greater than 0, got 0", name);
    assert.equal(zodWords(gt0, -2), "must be greater than 0, got -2", name);
    assert.equal(zodWords(gt0, JUST_ABOVE_0), null, name);
    assert.equal(zodWords(lt1, 1), "must be less than 1, got 1", name);
    assert.equal(zodWords(lt1, 3), "must be less than 1, got 3", name);
    assert.equal(zodWords(lt1, JUST_BELOW_1), null, name);
    assert.equal(zodWords(gte0, 0), null, name);
    assert.equal(zodWords(gte0, -1), "must be at least 0, got -1", name);
    assert.equal(zodWords(lte1, 1), null, name);
    assert.equal(zodWords(lte1, 1.5), "must be at most 1, got 1.5", name);
  }
  assert.equal(zodWords(z.number().positive(), 0), "must be greater than 0, got 0");
  assert.equal(zodWords(z.number().positive(), JUST_ABOVE_0), null);
  assert.equal(zodWords(z.number().negative(), 0), "must be less than 0, got 0");
  assert.equal(zodWords(z.number().negative(), -JUST_ABOVE_0), null);
  assert.equal(zodWords(z.int().min(1), 0), "must be at least 1, got 0");
  // Lists keep their own words.
  assert.equal(zodWords(z.array(z.number()).min(1), []), "needs at least 1 entries, got 0");
});

test("a saved layer (the checkpoint's zod schema): a dropout rate of 1 and a batch norm ε of 0 are refused as strict bounds; the values just inside load", () => {
  const dropout = (rate: number) => ({ type: "dropout", rate });
  const batchNorm = (momentum: number, epsilon: number) => ({ type: "batch-norm", momentum, epsilon, gamma: [1], beta: [0], runningMean: [0], runningVariance: [1] });
  assert.equal(zodWords(layerJsonSchema, dropout(1)), "must be less than 1, got 1");
  assert.equal(zodWords(layerJsonSchema, dropout(JUST_BELOW_1)), null);
  assert.equal(zodWords(layerJsonSchema, dropout(0)), null);
  assert.equal(zodWords(layerJsonSchema, dropout(-0.5)), "must be at least 0, got -0.5");
  assert.equal(zodWords(layerJsonSchema, batchNorm(0.9, 0)), "must be greater than 0, got 0");
  assert.equal(zodWords(layerJsonSchema, batchNorm(0.9, JUST_ABOVE_0)), null);
  assert.equal(zodWords(layerJsonSchema, batchNorm(1, 1e-5)), null);
  assert.equal(zodWords(layerJsonSchema, batchNorm(1.5, 1e-5)), "must be at most 1, got 1.5");
});

/** A 2-3-1 model file with a batch norm and a dropout layer, as tracegrad writes it (two-space JSON). */
function modelText(change: (layers: Record<string, unknown>[]) => void): string {
  const layers: Record<string, unknown>[] = [
    { type: "dense", units: 3, activation: "tanh", weights: [[1, 0], [0, 1], [1, 1]], bias: [0, 0, 0] },
    { type: "batch-norm", momentum: 0.9, epsilon: 1e-5, gamma: [1, 1, 1], beta: [0, 0, 0], runningMean: [0, 0, 0], runningVariance: [1, 1, 1] },
    { type: "dropout", rate: 0.5 },
    { type: "dense", units: 1, activation: "sigmoid", weights: [[1, -1, 0.5]], bias: [0] },
  ];
  change(layers);
  const file = { format: "tracegrad-model", version: 1, inputs: 2, outputs: 1, dtype: "float64", layers, loss: "bce", task: { kind: "classification", classes: 2 }, scaler: null, training: {} };
  return JSON.stringify(file, null, 2);
}

/** The message reading a model file's text gives, or null where it loads. */
function modelFileWords(text: string): string | null {
  try {
    parseModelFile(text, "model.json");
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Line and column (from 1) of the first `needle` in `text`. */
function where(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

test("a model file (the hand-written check): a dropout rate of 1 and a batch norm ε of 0 are refused with the strict wording, at their line and column; the values just inside load", () => {
  const rateOne = modelText((l) => (l[2].rate = 1));
  // "rate": 1 is on its own line; the value's column is after `"rate": `.
  const [rateLine, rateKey] = where(rateOne, '"rate": 1').split(":").map(Number);
  assert.equal(modelFileWords(rateOne), `model.json:${rateLine}:${rateKey + '"rate": '.length}: layers[2].rate: must be less than 1, got 1`);
  const epsilonZero = modelText((l) => (l[1].epsilon = 0));
  const [epsilonLine, epsilonKey] = where(epsilonZero, '"epsilon": 0').split(":").map(Number);
  assert.equal(modelFileWords(epsilonZero), `model.json:${epsilonLine}:${epsilonKey + '"epsilon": '.length}: layers[1].epsilon: must be greater than 0, got 0`);
  // Below and above: the same words, with the value given.
  assert.match(modelFileWords(modelText((l) => (l[2].rate = 2)))!, /: layers\[2\]\.rate: must be less than 1, got 2$/);
  assert.match(modelFileWords(modelText((l) => (l[1].epsilon = -1e-5)))!, /: layers\[1\]\.epsilon: must be greater than 0, got -0\.00001$/);
  // The values just inside load, and read back as written.
  const inside = parseModelFile(modelText((l) => ((l[2].rate = JUST_BELOW_1), (l[1].epsilon = JUST_ABOVE_0))), "model.json");
  assert.equal((inside.layers[2] as { rate: number }).rate, JUST_BELOW_1);
  assert.equal((inside.layers[1] as { epsilon: number }).epsilon, JUST_ABOVE_0);
  // The inclusive bounds beside them: a rate of 0 and a momentum of 1 load; past them, "at least" and "at most".
  assert.equal(modelFileWords(modelText((l) => ((l[2].rate = 0), (l[1].momentum = 1)))), null);
  assert.match(modelFileWords(modelText((l) => (l[2].rate = -0.5)))!, /: layers\[2\]\.rate: must be at least 0, got -0\.5$/);
  assert.match(modelFileWords(modelText((l) => (l[1].momentum = 1.5)))!, /: layers\[1\]\.momentum: must be at most 1, got 1\.5$/);
  // A model file given as a value (Sequential.load's path): the same words.
  assert.throws(() => readModelFile(JSON.parse(rateOne) as object, "model.json"), { message: /layers\[2\]\.rate: must be less than 1, got 1$/ });
});

test("the library's arguments and the run options: each strict bound refuses its bound in words that exclude it, and takes the value just inside", () => {
  // check-argument: interval notation, the open end with a parenthesis, or "greater than" / "less than".
  assert.throws(() => checkNumber(1, "layers[1].rate", { min: 0, max: 1, maxOpen: true }), { message: "layers[1].rate: expected a number in [0, 1), got 1" });
  assert.equal(checkNumber(JUST_BELOW_1, "layers[1].rate", { min: 0, max: 1, maxOpen: true }), JUST_BELOW_1);
  assert.throws(() => checkNumber(0, "options.epsilon", { min: 0, minOpen: true }), { message: "options.epsilon: expected a number greater than 0, got 0" });
  assert.equal(checkNumber(JUST_ABOVE_0, "options.epsilon", { min: 0, minOpen: true }), JUST_ABOVE_0);
  assert.throws(() => checkNumber(1, "x", { max: 1, maxOpen: true }), { message: "x: expected a number less than 1, got 1" });
  assert.equal(checkNumber(JUST_BELOW_1, "x", { max: 1, maxOpen: true }), JUST_BELOW_1);
  // A model's layers, as Sequential.create checks them.
  assert.throws(() => Sequential.create(2, [{ type: "dense", units: 2, activation: "tanh" }, { type: "dropout", rate: 1 }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 1 }), { message: /rate: expected a number in \[0, 1\), got 1$/ });
  assert.ok(Sequential.create(2, [{ type: "dense", units: 2, activation: "tanh" }, { type: "dropout", rate: JUST_BELOW_1 }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 1 }));
  assert.throws(() => Sequential.create(2, [{ type: "dense", units: 2, activation: "tanh" }, { type: "batch-norm", epsilon: 0 }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 1 }), { message: /epsilon: expected a number greater than 0, got 0$/ });
  assert.ok(Sequential.create(2, [{ type: "dense", units: 2, activation: "tanh" }, { type: "batch-norm", epsilon: JUST_ABOVE_0 }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 1 }));
  // The run options (tracegrad train, the playground's settings).
  for (const key of ["lr", "epsilon", "clipNorm", "clipValue", "stopLossChange"] as const) {
    assert.throws(() => checkRunOptions({ [key]: 0 }), { message: `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: must be greater than 0, got 0` }, key);
    assert.doesNotThrow(() => checkRunOptions({ [key]: JUST_ABOVE_0 }), key);
  }
  for (const key of ["dropout", "beta1", "beta2", "rho", "validation", "test"] as const) {
    assert.throws(() => checkRunOptions({ [key]: 1 }), { message: `--${key}: must be a fraction in [0, 1), got 1` }, key);
    assert.doesNotThrow(() => checkRunOptions({ [key]: JUST_BELOW_1 }), key);
  }
});
