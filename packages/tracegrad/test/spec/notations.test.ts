/** The notations a spec may use all mean the same network. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseStepSpec, toInterchange } from "../../src/step/spec/index.js";

const interchange = {
  inputs: [[0.1, 0.5]],
  targets: [[0.05, 0.95]],
  loss: "half-sse",
  learningRate: 0.001,
  layers: [
    { activation: "sigmoid", weights: [[0.8, 0.4], [0.3, 0.2]], bias: null },
    { activation: "sigmoid", weights: [[0.6, 0.9], [0.8, 0.1]], bias: null },
  ],
};

test("the JSON interchange form round-trips", () => {
  const spec = parseStepSpec(JSON.stringify(interchange), "net.json");
  assert.deepEqual(toInterchange(spec), interchange);
  assert.deepEqual(spec.names.layers[0].weights, [["w1", "w2"], ["w3", "w4"]]);
  assert.deepEqual(spec.names.layers[1].units, ["o1", "o2"]);
  assert.deepEqual(spec.names.inputs, ["x1", "x2"]);
});

test("learner names on values, name mappings and unit names (seed 001) give the same network", () => {
  const yaml = `
inputs: {i1: 0.1, i2: 0.5}
targets: [t1: 0.05, t2: 0.95]
loss: half-sse
learningRate: 0.001
layers:
  - units: [h1, h2]
    activation: sigmoid
    weights: {w1: 0.8, w2: 0.4, w3: 0.3, w4: 0.2}
  - units: [o1, o2]
    activation: sigmoid
    weights: [[w5: 0.6, w6: 0.9], [w7: 0.8, w8: 0.1]]
`;
  const spec = parseStepSpec(yaml, "net.yaml");
  assert.deepEqual(toInterchange(spec), interchange);
  assert.deepEqual(spec.names.inputs, ["i1", "i2"]);
  assert.deepEqual(spec.names.targets, ["t1", "t2"]);
  assert.deepEqual(spec.names.layers[0].weights, [["w1", "w2"], ["w3", "w4"]]);
  assert.deepEqual(spec.names.layers[1].weights, [["w5", "w6"], ["w7", "w8"]]);
  assert.deepEqual(spec.names.layers[0].units, ["h1", "h2"]);
});

test("layout inputs-by-units transposes, theta puts the bias first (seed 000)", () => {
  const spec = parseStepSpec(
    `
inputs: [1, 0, 1]
targets: 1
loss: half-sse
layers:
  - activation: relu
    layout: inputs-by-units
    weights: [[0.2, -0.3], [0.4, 0.1], [-0.5, 0.2]]
  - activation: identity
    theta: [-0.4, 0.2, 0.1]
`,
    "seed000.yaml",
  );
  assert.deepEqual(spec.layers[0].weights, [[0.2, 0.4, -0.5], [-0.3, 0.1, 0.2]]);
  assert.deepEqual(spec.layers[1].weights, [[0.2, 0.1]]);
  assert.deepEqual(spec.layers[1].bias, [-0.4]);
  assert.deepEqual(spec.targets, [[1]]);
  assert.equal(spec.learningRate, null);
});

test("a list of weights is one unit's row, or one weight per unit after a single input (seed 002)", () => {
  const spec = parseStepSpec(
    `
inputs: {x: -1}
layers:
  - activation: identity
    weights: [w_1^4: 1]
  - activation: relu
    weights: [w_1^2: 0.8, w_2^2: -0.6]
    bias: [-0.5, -0.5]
    trainBias: false
  - activation: identity
    weights: [w_1^3: 0.5, w_2^3: 0.5]
`,
    "seed002.yaml",
  );
  assert.deepEqual(spec.layers[1].weights, [[0.8], [-0.6]]);
  assert.deepEqual(spec.layers[2].weights, [[0.5, 0.5]]);
  assert.equal(spec.layers[1].trainBias, false);
  assert.equal(spec.targets, null, "no targets: a forward pass only");
  assert.deepEqual(spec.names.layers[1].weights, [["w_1^2"], ["w_2^2"]]);
  assert.deepEqual(spec.names.layers[1].bias, ["b1", "b2"]);
  assert.deepEqual(spec.names.layers.map((l) => l.units), [["h1_1"], ["h2_1", "h2_2"], ["o1"]]);
});

test("a batch is one row per sample; leaky-relu keeps its alpha, others default it", () => {
  const spec = parseStepSpec(
    JSON.stringify({ inputs: [[1, 2], [3, 4], [5, 6]], targets: [[0], [1], [0]], loss: "mse", layers: [{ activation: "leaky-relu", alpha: 0.2, weights: [[1, 1]], bias: [0] }] }),
    "b.json",
  );
  assert.equal(spec.inputs.length, 3);
  assert.equal(spec.layers[0].alpha, 0.2);
});
