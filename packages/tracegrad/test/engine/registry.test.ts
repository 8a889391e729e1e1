/**
 * The registries: a new activation is one entry. Registered at run time, softplus shows in specs (the
 * schema accepts it and lists it), in the worked solution (its formula and numbers), in gradient
 * checks, in exercises and in training, with nothing else edited.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { activationNames, isActivationName, registerActivation } from "../../src/engine/activations.js";
import { parseStepSpec } from "../../src/step/spec/index.js";
import { runStep } from "../../src/step/run-step.js";
import { stepResults } from "../../src/step/results.js";
import { explainStep } from "../../src/explain/explain-step.js";
import { gradcheckSpec } from "../../src/explain/gradcheck-spec.js";
import { resolveActivations } from "../../src/exercise/options.js";
import { Sequential } from "../../src/nn/model.js";
import { InputError } from "../../src/common/input-error.js";
import { SOFTPLUS } from "./softplus-entry.js";
import { assertClose } from "../helpers.js";

const SPEC = `
inputs: [0.5, -1]
targets: [0.2]
loss: half-sse
learningRate: 0.1
layers:
  - activation: softplus
    weights: [[0.3, -0.2], [0.1, 0.4]]
    bias: [0.05, -0.1]
  - activation: identity
    weights: [[0.6, -0.5]]
    bias: [0]
`;

test("before it is registered, softplus is an unknown activation, and the schema says which are known", () => {
  assert.equal(isActivationName("softplus"), false);
  assert.throws(() => parseStepSpec(SPEC, "net.yaml"), (e: unknown) => e instanceof InputError && /unknown activation "softplus"; expected one of identity, sigmoid/.test(e.message));
});

test("registered as one entry, softplus works everywhere an activation does", () => {
  registerActivation(SOFTPLUS);
  assert.ok(activationNames().includes("softplus"));
  assert.throws(() => registerActivation(SOFTPLUS), /already registered/);

  // The schema accepts it, and lists it for a misspelt name.
  const spec = parseStepSpec(SPEC, "net.yaml");
  assert.throws(() => parseStepSpec(SPEC.replace("softplus", "softplis"), "net.yaml"), /expected one of .*softplus.*did you mean "softplus"/);

  // The numbers, recomputed here from the closed form: z = Wx + b, a = ln(1 + e^z).
  const z1 = 0.3 * 0.5 - 0.2 * -1 + 0.05;
  const z2 = 0.1 * 0.5 + 0.4 * -1 - 0.1;
  const a1 = Math.log(1 + Math.exp(z1));
  const a2 = Math.log(1 + Math.exp(z2));
  const y = 0.6 * a1 - 0.5 * a2;
  const r = stepResults(runStep(spec));
  assertClose(r.layers[0].a[0][0], a1, 1e-15);
  assertClose(r.layers[0].a[0][1], a2, 1e-15);
  assertClose(r.loss!, 0.5 * (y - 0.2) ** 2, 1e-14);
  // δ of a hidden unit: (y - t)·w·σ(z).
  assertClose(r.layers[0].delta![0][0], (y - 0.2) * 0.6 / (1 + Math.exp(-z1)), 1e-14);

  // The gradients agree with central differences.
  const check = gradcheckSpec(spec);
  assert.ok(check.parameters.every((p) => p.relativeError < 1e-7), JSON.stringify(check.parameters.map((p) => p.relativeError)));

  // The worked solution prints its formula and its derivative's, from the entry.
  const text = explainStep(runStep(spec));
  assert.match(text, /softplus\(z_h1\) = ln\(1 \+ e\^z_h1\)/);
  assert.match(text, /softplus'\(z_h1\) = .*1\/\(1 \+ e\^\(-z_h1\)\)/);
  assert.match(explainStep(runStep(spec), { format: "latex" }), /\\operatorname\{softplus\}/);

  // Exercises may use it, and training trains it.
  assert.deepEqual(resolveActivations("softplus", 2, "mse"), ["softplus", "softplus"]);
  const model = Sequential.create(2, [{ type: "dense", units: 2, activation: "softplus" }, { type: "dense", units: 1, activation: "identity" }], { seed: 3 });
  const [hidden, output] = model.layersJson() as { weights: number[][]; bias: number[] }[];
  const x = [0.7, -0.3];
  const a = hidden.weights.map((row, j) => Math.log(1 + Math.exp(row[0] * x[0] + row[1] * x[1] + hidden.bias[j])));
  assertClose(model.predict([x])[0][0], output.weights[0][0] * a[0] + output.weights[0][1] * a[1] + output.bias[0], 1e-14);
});
