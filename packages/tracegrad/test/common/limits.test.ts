import { test } from "node:test";
import assert from "node:assert/strict";
import { checkNetworkSize, LIMITS, networkParameters, trainingBytes } from "../../src/common/limits.js";
import { Sequential } from "../../src/nn/model.js";
import { generate } from "../../src/data/generators.js";
import { checkRunOptions, resolveRunConfig } from "../../src/run/run-config.js";
import { prepareLoaded } from "../../src/run/run-setup.js";
import { parseStepSpec } from "../../src/step/spec/index.js";
import { activationsWorked, runActivations } from "../../src/explain/activations/explain-activations.js";
import { dropoutWorked, runDropout } from "../../src/explain/dropout/explain-dropout.js";
import { drawInitialWeights } from "../../src/explain/init/draw-weights.js";
import { parseDataMatrix } from "../../src/explain/worked/read-matrix.js";
import { tableLines } from "../../src/explain/worked/render-table.js";

test("a network's parameters: each layer's units times its inputs plus one bias each", () => {
  assert.equal(networkParameters([2, 4, 4, 1]), 4 * 3 + 4 * 5 + 1 * 5);
  assert.equal(networkParameters([784, 128, 64, 10], false), 784 * 128 + 128 * 64 + 64 * 10);
  // Adam keeps two arrays per parameter: value, gradient, m and v; 6 arrays of a batch's activations per unit and input.
  assert.equal(trainingBytes([2, 3, 1], { batch: 10, optimizerStates: 2 }), 8 * (13 * 4 + 10 * (3 + 1 + 2) * 6));
});

test("sizes past the budget are one InputError with the size asked for and the limit, before anything is allocated", () => {
  assert.throws(() => checkNetworkSize([2, 4294967296, 1]), {
    name: "InputError",
    message: `2-4294967296-1 has 17,179,869,185 weights and biases; the limit is 10,000,000 (76.3 MB of Float64 weights, before their gradients and the optimizer's state)`,
  });
  assert.throws(() => Sequential.create(2, [{ type: "dense", units: 100_000_000, activation: "relu" }, { type: "dense", units: 1, activation: "sigmoid" }]), { name: "InvalidArgumentError", message: /^layers: 2-100000000-1 has 400,000,001 weights and biases; the limit is 10,000,000/ });
  assert.throws(() => generate("spiral", { n: 1_000_001 }), { message: "1,000,001 points; the limit is 1,000,000" });
  assert.throws(() => generate("blobs", { classes: 4294967296 }), { message: "4,294,967,296 classes; the limit is 10,000" });
  assert.throws(() => checkRunOptions({ classes: 1_000_000_000 }), { message: "--classes: must be at most 10,000 (the limit of classes), got 1000000000" });
  assert.throws(() => checkRunOptions({ layers: "2-4294967296-1" }), { message: /^--layers: 2-4294967296-1 has 17,179,869,185 weights and biases; the limit is 10,000,000/ });
});

test("the memory of a batch is checked once the data is known: a smaller --batch fits", () => {
  const config = resolveRunConfig({}, checkRunOptions({ data: "xor", points: 1_000_000, layers: "2-3000-1", optimizer: "adam" }));
  const loaded = { data: generate("xor", { n: 1_000_000 }), test: null, title: "xor" };
  // 1,000,000 samples × (2 + 3,001 units) × 6 arrays × 8 bytes = 144,144,000,000 bytes, about 134 GiB.
  assert.throws(() => prepareLoaded(config, loaded), { message: /^--batch: training 2-3000-1 in batches of 1,000,000 takes about 134 GB of arrays .*; the limit is 2 GB \(give a smaller --batch\)$/ });
  assert.doesNotThrow(() => prepareLoaded({ ...config, batch: 1000 }, loaded));
});

test("a step spec past the budget of terms is refused at the top of the file", () => {
  // 2-2-2 without biases: per sample 2·(2+0+1) + 2·(2+0+1) = 12 terms; 1,667 samples pass 20,000.
  const rows = (n: number) => JSON.stringify(Array.from({ length: n }, () => [0.1, 0.5]));
  const spec = (n: number) => `{"inputs": ${rows(n)}, "layers": [{"activation": "sigmoid", "weights": [[0.8, 0.4], [0.3, 0.2]], "bias": null}, {"activation": "sigmoid", "weights": [[0.6, 0.9], [0.8, 0.1]], "bias": null}]}`;
  assert.doesNotThrow(() => parseStepSpec(spec(1666), "ok.json"));
  assert.throws(() => parseStepSpec(spec(1667), "big.json"), { message: "big.json:1:1: the worked solution of 1667 samples through this network has 20,004 terms; the limit is 20,000 (the batch times the weights, biases and units; train networks this size with tracegrad train)" });
});

test("worked solutions of smaller computations refuse sizes past their budgets", () => {
  assert.throws(() => runActivations({ points: new Array<number>(LIMITS.activationPoints + 1).fill(0) }), { message: /^10,001 points; the limit is 10,000/ });
  assert.throws(() => drawInitialWeights({ layers: [100_000, 100_000] }), { message: /^100000-100000 has 10,000,100,000 weights and biases; the limit is 10,000,000/ });
  assert.throws(() => drawInitialWeights({ layers: [1000, 101] }), { message: /^1000-101 has 101,101 weights and biases; the limit is 100,000/ });
  const csv = "a,b,c\n" + "1,2,3\n".repeat(33_334);
  assert.throws(() => parseDataMatrix(csv, "big.csv"), { message: "big.csv:33335:1: 100,002 numbers by this row; the limit is 100,000 (a worked solution works every one of them)" });
  assert.throws(() => runDropout({ input: [new Array<number>(1_000_001).fill(1)], rate: 0.5 }), { message: /^1,000,001 elements in the input; the limit is 1,000,000/ });
});

test("the softmax of n points is written whole up to 100 points (10,000 terms), then its first 3 lines stand for the rest", () => {
  const section = (n: number) => activationsWorked(runActivations({ points: Array.from({ length: n }, (_, i) => i / n) }), { precision: 8 }).sections.find((s) => s.id === "softmax")!;
  assert.equal(section(100).groups[0].steps.length, 100);
  const summarised = section(101).groups[0];
  assert.equal(summarised.steps.length, 3);
  assert.match(summarised.title, /^the first 3 of 101 points: each line sums e\^z over all 101 points \(10,201 terms in all/);
});

test("dropout of more than 10,000 elements works the first 10 and shows the corner of its tables; the note counts every element", () => {
  const worked = (rows: number, cols: number) => dropoutWorked(runDropout({ input: Array.from({ length: rows }, () => new Array<number>(cols).fill(1)), rate: 0.5, seed: 1 }), { precision: 8 });
  const whole = worked(100, 100);
  assert.equal(whole.sections[1].groups.length, 100);
  const big = worked(1000, 1000);
  const mask = big.sections[1];
  assert.equal(mask.groups.length, 1);
  assert.match(mask.groups[0].title, /^Row 1, the first 10 of 1,000,000 elements/);
  assert.equal(mask.tables[0].rows.length, 10);
  assert.equal(mask.tables[0].columns.length, 11);
  assert.match(mask.tables[0].title, /the first 10 rows and 10 columns of 1,000 × 1,000/);
  // Kept elements are those whose mask is 2 = 1/(1 - 0.5): counted here from the record's own mask.
  const kept = /^(\d+) of 1000000 elements kept/.exec(big.notes[0]);
  assert.ok(kept !== null);
});

test("a table of 200,000 rows is laid out without overflowing the stack", () => {
  const lines = tableLines({ title: "", columns: ["x"], rows: Array.from({ length: 200_000 }, (_, i) => [i]) }, "unicode", 8);
  assert.equal(lines.length, 200_001);
  assert.equal(lines[200_000], "199999");
});
