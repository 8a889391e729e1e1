/** Mistakes in a spec give one precise message: the file, the line and column, the field, the reason. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { InputError, parseStepSpec } from "../../src/step/spec/index.js";

function errorOf(text: string, file: string): InputError {
  try {
    parseStepSpec(text, file);
  } catch (error) {
    assert.ok(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    assert.ok(!error.message.includes("\n"), "one line");
    return error;
  }
  assert.fail("expected an error");
}

const good = `inputs: [1, 2]
targets: [1]
loss: mse
layers:
  - activation: sigmoid
    weights: [[0.1, 0.2]]
`;

test("a correct spec parses", () => {
  assert.equal(parseStepSpec(good, "ok.yaml").layers.length, 1);
});

test("empty file", () => {
  assert.equal(errorOf("  \n", "empty.yaml").message, "empty.yaml: the file is empty");
});

test("malformed YAML names the line and column", () => {
  const e = errorOf("inputs: [1, 2\nlayers: []\n", "bad.yaml");
  assert.equal(e.file, "bad.yaml");
  assert.match(e.message, /^bad\.yaml:\d+:\d+: malformed YAML: /);
});

test("malformed JSON (a trailing comma) names the line and column", () => {
  const e = errorOf('{\n  "inputs": [1, 2],\n  "layers": [],\n}\n', "bad.json");
  assert.deepEqual(e.position, { line: 4, column: 1 });
  assert.match(e.message, /^bad\.json:4:1: malformed JSON: /);
});

test("weights that do not match the previous layer", () => {
  const text = `inputs: [1, 2]
targets: [1]
loss: mse
layers:
  - activation: sigmoid
    weights: [[0.1, 0.2], [0.3, 0.4]]
  - activation: sigmoid
    weights: [[0.1, 0.2, 0.3]]
`;
  const e = errorOf(text, "shape.yaml");
  assert.equal(e.field, "layers[1].weights[0]");
  assert.deepEqual(e.position, { line: 8, column: 15 });
  assert.match(e.reason, /has 3 weights; layer 2 needs one per input: 2 \(the 2 units of layer 1\)/);
});

test("targets that do not match the output layer", () => {
  const e = errorOf(good.replace("targets: [1]", "targets: [1, 0]"), "t.yaml");
  assert.equal(e.field, "targets");
  assert.deepEqual(e.position, { line: 2, column: 10 });
  assert.match(e.reason, /2 values per sample, but the output layer has 1 unit/);
});

test("unknown activation, with a suggestion", () => {
  const e = errorOf(good.replace("activation: sigmoid", "activation: sigmod"), "a.yaml");
  assert.equal(e.field, "layers[0].activation");
  assert.deepEqual(e.position, { line: 5, column: 17 });
  assert.match(e.reason, /unknown activation "sigmod"; expected one of .* \(did you mean "sigmoid"\?\)/);
});

test("unknown loss", () => {
  const e = errorOf(good.replace("loss: mse", "loss: hinge"), "l.yaml");
  assert.equal(e.field, "loss");
  assert.match(e.reason, /unknown loss "hinge"/);
});

test("unknown field, with a suggestion", () => {
  const e = errorOf(good.replace("loss: mse", "loss: mse\nlearningrate: 0.1"), "f.yaml");
  assert.equal(e.field, "learningrate");
  assert.match(e.reason, /unknown field "learningrate" \(did you mean "learningRate"\?\)/);
});

test("softmax without cross-entropy", () => {
  const e = errorOf(good.replace("activation: sigmoid", "activation: softmax"), "s.yaml");
  assert.equal(e.field, "layers[0].activation");
  assert.match(e.reason, /softmax needs the loss cross-entropy/);
});

test("bce targets outside [0, 1]", () => {
  const e = errorOf(good.replace("loss: mse", "loss: bce").replace("targets: [1]", "targets: [[1.5]]"), "b.yaml");
  assert.equal(e.field, "targets[0][0]");
  assert.match(e.reason, /bce targets must lie in \[0, 1\], got 1.5/);
});

test("NaN and Infinity are refused where they stand", () => {
  const nan = errorOf(good.replace("[[0.1, 0.2]]", "[[0.1, .nan]]"), "n.yaml");
  assert.equal(nan.field, "layers[0].weights[0][1]");
  assert.deepEqual(nan.position, { line: 6, column: 21 });
  assert.match(nan.reason, /is NaN/);
  const inf = errorOf(good.replace("inputs: [1, 2]", "inputs: [1, .inf]"), "i.yaml");
  assert.equal(inf.field, "inputs[1]");
  assert.match(inf.reason, /Infinity; every value must be a finite number/);
});

test("a string where a number belongs, in JSON", () => {
  const e = errorOf('{"inputs": [[1, "two"]], "layers": [{"activation": "relu", "weights": [[1, 1]]}]}', "s.json");
  assert.equal(e.field, "inputs[0][1]");
  assert.deepEqual(e.position, { line: 1, column: 17 });
  assert.match(e.reason, /expected a number, got "two"/);
});

test("cross-entropy targets must be distributions; a missing loss is named", () => {
  const ce = `inputs: [1, 2]
targets: [0.5, 0.7]
loss: cross-entropy
layers:
  - activation: softmax
    weights: [[0.1, 0.2], [0.3, 0.4]]
`;
  assert.match(errorOf(ce, "ce.yaml").reason, /must sum to 1/);
  const noLoss = errorOf(good.replace("loss: mse\n", ""), "nl.yaml");
  assert.equal(noLoss.field, "loss");
  assert.match(noLoss.reason, /is required when targets are given/);
});

test("a key given twice in a JSON object is refused at the second, as YAML refuses it", () => {
  const e = errorOf('{\n  "inputs": [[1, 2]],\n  "inputs": [[3, 4]],\n  "layers": [{"activation": "relu", "weights": [[1, 1]]}]\n}', "twice.json");
  assert.deepEqual(e.position, { line: 3, column: 3 });
  assert.match(e.reason, /the key "inputs" is given twice/);
  const yaml = errorOf("inputs: [1, 2]\ninputs: [3, 4]\nlayers: []\n", "twice.yaml");
  assert.equal(yaml.position?.line, 2);
});

test("a key __proto__ in JSON is an unknown field, not the object's prototype", () => {
  const e = errorOf('{"__proto__": {"learningRate": 5}, "inputs": [[1]], "layers": [{"activation": "identity", "weights": [[1]]}]}', "proto.json");
  assert.equal(e.field, "__proto__");
  assert.match(e.reason, /unknown field "__proto__"/);
});

test("names must be unique in a forward-only spec too", () => {
  const forward = `inputs: {x1: 1, x2: 2}
layers:
  - units: [h1, h2]
    activation: relu
    weights: [[a: 1, b: 2], [c: 3, a: 4]]
`;
  const e = errorOf(forward, "fwd.yaml");
  assert.equal(e.field, "layers[0].weights");
  assert.match(e.reason, /the name "a" is used twice/);
  const units = errorOf(`inputs: [1]\nlayers:\n  - {units: [u], activation: relu, weights: [[1]]}\n  - {units: [u], activation: relu, weights: [[1]]}\n`, "units.yaml");
  assert.match(units.reason, /the unit name "u" is used in layers 1 and 2/);
});

test("unnamed parameters are numbered by position, passing over names the file gives elsewhere", () => {
  // Layer 1 has four weights, so layer 2's are numbered from w5; but the file calls a weight of
  // layer 1 "w5", so layer 2's first is w6, and so on.
  const spec = parseStepSpec(
    `inputs: [1, 2]
layers:
  - activation: relu
    weights: [[w5: 1, w1: 2], [w2: 3, w3: 4]]
  - activation: relu
    weights: [[1, 1], [1, 1]]
    bias: [0, 0]
`,
    "numbered.yaml",
  );
  assert.deepEqual(spec.names.layers[1].weights, [["w6", "w7"], ["w8", "w9"]]);
  assert.deepEqual(spec.names.layers[1].bias, ["b1", "b2"]);
});
