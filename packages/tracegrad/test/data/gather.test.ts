/**
 * The minibatch gather (data/dataset.ts gatherRows) and data sets held in Float32Arrays: a float32
 * model trains on them without a copy, with the bits it has from the same data in Float64Arrays.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { asFloat64, classificationDataset, gatherRows, subset } from "../../src/data/dataset.js";
import type { AnyDataset, Dataset } from "../../src/data/dataset.js";
import { generate } from "../../src/data/generators.js";
import { Sequential } from "../../src/nn/model.js";
import { Trainer } from "../../src/nn/trainer.js";

test("gatherRows copies the rows an order names (or the rows in turn) into the first rows of the target, rounding to float32 into a Float32Array", () => {
  // Row i of the source is [10i, 10i + 1, 10i + 2] + 0.1.
  const width = 3;
  const source = Float64Array.from({ length: 6 * width }, (_, k) => 10 * Math.floor(k / width) + (k % width) + 0.1);
  const target = new Float64Array(4 * width).fill(-1);
  gatherRows(source, width, [5, 0, 3, 3, 1], 1, 3, target);
  assert.deepEqual(Array.from(target), [0.1, 1.1, 2.1, 30.1, 31.1, 32.1, 30.1, 31.1, 32.1, -1, -1, -1]);
  gatherRows(source, width, null, 4, 2, target);
  assert.deepEqual(Array.from(target.subarray(0, 2 * width)), [40.1, 41.1, 42.1, 50.1, 51.1, 52.1]);
  const single = new Float32Array(width);
  gatherRows(source, width, [2], 0, 1, single);
  assert.deepEqual(Array.from(single), [20.1, 21.1, 22.1].map(Math.fround));
  assert.notEqual(single[0], 20.1);
  // Rows of 20 (copied a row at a time), Float32 to Float32 and Float64 to Float32.
  const wide = 20;
  const value = (i: number, j: number) => 100 * i + j + 0.3;
  const source64 = Float64Array.from({ length: 5 * wide }, (_, k) => value(Math.floor(k / wide), k % wide));
  for (const from of [new Float32Array(source64), source64]) {
    const into = new Float32Array(3 * wide);
    gatherRows(from, wide, [4, 1, 4], 0, 3, into);
    assert.deepEqual(Array.from(into), [4, 1, 4].flatMap((i) => Array.from({ length: wide }, (_, j) => Math.fround(value(i, j)))));
  }
});

/** The data set with its arrays in Float32Arrays (its values rounded to float32). */
function inFloat32(data: Dataset): Dataset<Float32Array> {
  return { ...data, x: new Float32Array(data.x), y: new Float32Array(data.y) };
}

test("a float32 model trains on Float32Array data with the bits it has on the same data in Float64Arrays, minibatches shuffled", () => {
  const data = generate("moons", { n: 300, seed: 2 });
  const layers = [
    { type: "dense" as const, units: 16, activation: "relu" as const },
    { type: "dense" as const, units: 1, activation: "sigmoid" as const },
  ];
  const options = { loss: "bce" as const, optimizer: { name: "adam" as const }, learningRate: 0.01, epochs: 4, batchSize: 32, seed: 3 };
  const run = (d: AnyDataset) => {
    const model = Sequential.create(2, layers, { seed: 4, dtype: "float32" });
    const trainer = new Trainer(model, d, options, inFloat32(subset(data, [0, 1, 2, 3, 4])));
    trainer.run();
    return { history: trainer.history, weights: model.layersJson(), evaluation: trainer.evaluate(d) };
  };
  const single = inFloat32(data);
  // Moons' coordinates are not float32 numbers, so the two data sets differ only by the rounding the model does anyway.
  assert.ok(Array.from(data.x).some((v, i) => v !== single.x[i]));
  assert.deepEqual(run(single), run(data));
});

test("a Float32Array data set stays Float32 through subset and classificationDataset, and asFloat64 gives its values exactly", () => {
  const x = Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  const data = classificationDataset(x, 2, Int32Array.from([0, 2, 1]), 3);
  assert.ok(data.y instanceof Float32Array);
  assert.deepEqual(Array.from(data.y), [1, 0, 0, 0, 0, 1, 0, 1, 0]);
  const picked = subset(data, [2, 0]);
  assert.ok(picked.x instanceof Float32Array && picked.y instanceof Float32Array);
  assert.deepEqual(Array.from(picked.x), [x[4], x[5], x[0], x[1]]);
  const wide = asFloat64(x);
  assert.ok(wide instanceof Float64Array);
  assert.deepEqual(Array.from(wide), Array.from(x));
  assert.equal(asFloat64(wide), wide);
});
