import { test } from "node:test";
import assert from "node:assert/strict";
import { generate } from "../../src/data/generators.js";
import { classificationMetrics, className, NO_CLASS, predictedClass, predictedClasses } from "../../src/nn/metrics.js";
import { Sequential } from "../../src/nn/model.js";
import { Trainer } from "../../src/nn/trainer.js";

test("a NaN output predicts no class; finite outputs keep their class", () => {
  assert.deepEqual(Array.from(predictedClasses([0.2, 0.5, Number.NaN, 0.9], 4, 1)), [0, 1, NO_CLASS, 1]);
  assert.equal(predictedClass([0.1, 0.7, 0.2, 0.3, Number.NaN, 0.1], 0, 3), 1);
  assert.equal(predictedClass([0.1, 0.7, 0.2, 0.3, Number.NaN, 0.1], 1, 3), NO_CLASS);
  assert.equal(predictedClass([Number.NaN, 0.7, 0.2], 0, 3), NO_CLASS, "a NaN first output is not class 0");
  assert.deepEqual([className(NO_CLASS, ["a", "b"]), className(1, ["a", "b"]), className(1)], ["none", "b", "1"]);
});

test("rows without a class are wrong and outside the confusion matrix; recall still counts them in the support", () => {
  // truth 0 1 1 0 1; predicted 0 none 1 none 0.
  const m = classificationMetrics([0, 1, 1, 0, 1], [0, NO_CLASS, 1, NO_CLASS, 0], 2);
  assert.equal(m.accuracy, 2 / 5);
  assert.deepEqual(m.confusionMatrix, [[1, 0], [1, 1]]);
  assert.equal(m.unpredicted, 2);
  assert.deepEqual(m.perClass.map((p) => p.support), [2, 3]);
  assert.equal(m.recall, 1 / 3, "class 1: 1 of its 3 samples");
  assert.equal(m.precision, 1, "class 1: the one sample predicted 1 is right");
});

test("Trainer.evaluate does not count NaN outputs as class 0", () => {
  const data = generate("xor-easy");
  const model = Sequential.create(2, [{ type: "dense", units: 1, activation: "sigmoid" }], { seed: 1 });
  for (const p of model.parameters()) p.value.fill(Number.NaN);
  const trainer = new Trainer(model, data, { loss: "mse", optimizer: { name: "sgd" }, learningRate: 1, epochs: 1 });
  assert.ok(data.labels!.includes(0), "the data has class-0 samples, which a NaN read as 0 would get right");
  const result = trainer.evaluate(data);
  assert.equal(result.accuracy, 0);
  assert.ok(Number.isNaN(result.loss));
});
