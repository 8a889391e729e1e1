/**
 * Data sets held in Float32Arrays: a float32 model trains on them without a copy (its minibatches
 * gathered from them), with the bits it has from the same data in Float64Arrays.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { asFloat64, classificationDataset, subset } from "../../src/data/dataset.js";
import type { AnyDataset, Dataset } from "../../src/data/dataset.js";
import { generate } from "../../src/data/generators.js";
import { Sequential } from "../../src/nn/model.js";
import { Trainer } from "../../src/nn/trainer.js";

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

test("a Float32Array data set through classificationDataset and subset (whose parts are Float64Arrays of the same values), and asFloat64 gives its values exactly", () => {
  const x = Float32Array.from([0.1, 0.2, 0.3, 0.4, 0.5, 0.6]);
  const data = classificationDataset(x, 2, Int32Array.from([0, 2, 1]), 3);
  assert.equal(data.x, x);
  assert.deepEqual(Array.from(data.y), [1, 0, 0, 0, 0, 1, 0, 1, 0]);
  const picked = subset(data, [2, 0]);
  assert.ok(picked.x instanceof Float64Array);
  assert.deepEqual(Array.from(picked.x), [x[4], x[5], x[0], x[1]]);
  assert.deepEqual(Array.from(picked.y), [0, 1, 0, 1, 0, 0]);
  const wide = asFloat64(x);
  assert.ok(wide instanceof Float64Array);
  assert.deepEqual(Array.from(wide), Array.from(x));
  assert.equal(asFloat64(wide), wide);
});
