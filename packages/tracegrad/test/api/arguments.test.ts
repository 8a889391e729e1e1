// Every bad argument of issue 14's list, and more: each is a TracegradError with a stable code and a
// message that names the argument and what was expected; never a TypeError or a hang.
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import {
  check,
  DEFAULT_EPOCHS,
  exercise,
  explainStep,
  generate,
  InvalidArgumentError,
  parseStepSpec,
  runStep,
  Sequential,
  toStepSpec,
  TracegradError,
  Trainer,
} from "../../src/index.js";
import type { LayerConfig, TrainingOptions } from "../../src/index.js";
import { referenceStep } from "../reference/dense-network.js";
import { referenceLayers } from "./reference-model.js";

/** Asserts that `run` throws a TracegradError with `code` whose message matches `message`. */
function throwsCode(run: () => unknown, code: string, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof TracegradError, `expected a TracegradError, got ${String(error)}`);
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

const relu4 = (type: string): LayerConfig => ({ type, units: 4, activation: "relu" }) as unknown as LayerConfig;

test('Sequential.create: "Dense" and "dens" are unknown layer types that suggest "dense" (names are exact)', () => {
  throwsCode(() => Sequential.create(2, [relu4("Dense")]), "InvalidArgument", /^layers\[0\]\.type: unknown layer type "Dense"; expected one of "dense", "dropout", "batch-norm" \(did you mean "dense"\?\)$/);
  throwsCode(() => Sequential.create(2, [relu4("dens")]), "InvalidArgument", /layers\[0\]\.type: unknown layer type "dens".*\(did you mean "dense"\?\)/);
  throwsCode(() => Sequential.create(2, [{ units: 4, activation: "relu" } as unknown as LayerConfig]), "InvalidArgument", /layers\[0\]\.type: expected layer type/);
});

test("Sequential.create: a misspelt activation, units 0 or \"4\", an unknown field are refused at the layer", () => {
  const layer = (fields: Record<string, unknown>) => [{ type: "dense", units: 4, activation: "relu", ...fields } as unknown as LayerConfig];
  throwsCode(() => Sequential.create(2, layer({ activation: "sigmoidd" })), "InvalidArgument", /layers\[0\]\.activation: unknown activation "sigmoidd".*\(did you mean "sigmoid"\?\)/);
  throwsCode(() => Sequential.create(2, layer({ activation: "ReLU" })), "InvalidArgument", /did you mean "relu"/);
  throwsCode(() => Sequential.create(2, layer({ units: 0 })), "InvalidArgument", /^layers\[0\]\.units: expected a whole number, 1 or more, got 0$/);
  throwsCode(() => Sequential.create(2, layer({ units: "4" })), "InvalidArgument", /^layers\[0\]\.units: expected a whole number, 1 or more, got "4"$/);
  throwsCode(() => Sequential.create(2, layer({ unit: 4 })), "InvalidArgument", /layers\[0\]\.unit: unknown field.*\(did you mean "units"\?\)/);
  throwsCode(() => Sequential.create(2, layer({ init: "glorot" })), "InvalidArgument", /layers\[0\]\.init: unknown initializer "glorot"/);
  throwsCode(() => Sequential.create(0, layer({})), "InvalidArgument", /^inputSize: expected a whole number, 1 or more, got 0$/);
  throwsCode(() => Sequential.create(2, []), "InvalidArgument", /^layers: expected at least one layer/);
  throwsCode(() => Sequential.create(2, [{ type: "dropout", rate: 1 }]), "InvalidArgument", /layers\[0\]\.rate: expected a number in \[0, 1\), got 1/);
  throwsCode(() => Sequential.create(2, layer({}), { seed: 1.5 }), "InvalidArgument", /^options\.seed: expected a whole number/);
  throwsCode(() => Sequential.create(2, layer({}), { dtype: "float16" as "float32" }), "InvalidArgument", /options\.dtype: unknown number type "float16"/);
  throwsCode(() => Sequential.create(2, layer({}), { classes: 3 }), "InvalidArgument", /options\.classes: 3 classes need 3 outputs \(softmax\), but the model's last layer has 4/);
});

const moons = generate("moons", { n: 40, seed: 3 });
const net = () => Sequential.create(2, [{ type: "dense", units: 3, activation: "tanh" }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 2 });

test('Trainer: loss "binaryCrossentropy" and optimizer { name: "Adam" } are refused by name, with the closest', () => {
  throwsCode(() => new Trainer(net(), moons, { loss: "binaryCrossentropy" } as unknown as TrainingOptions), "InvalidArgument", /^options\.loss: unknown loss "binaryCrossentropy"; expected one of "half-sse", "mse", "bce", "cross-entropy"/);
  throwsCode(() => new Trainer(net(), moons, { loss: "bce", optimizer: { name: "Adam" } } as unknown as TrainingOptions), "InvalidArgument", /^options\.optimizer\.name: unknown optimizer "Adam".*\(did you mean "adam"\?\)$/);
  throwsCode(() => new Trainer(net(), moons, { loss: "bce", optimizer: "Adam" } as unknown as TrainingOptions), "InvalidArgument", /^options\.optimizer: unknown optimizer "Adam".*\(did you mean "adam"\?\)$/);
  throwsCode(() => new Trainer(net(), moons, { loss: "bce", learningrate: 0.1 } as unknown as TrainingOptions), "InvalidArgument", /options\.learningrate: unknown field.*\(did you mean "learningRate"\?\)/);
  throwsCode(() => new Trainer(net(), moons, {} as TrainingOptions), "InvalidArgument", /^options\.loss: expected a loss/);
  throwsCode(() => new Trainer(net(), moons, { loss: "cross-entropy" }), "InvalidArgument", /cross-entropy" needs a softmax output layer/);
  throwsCode(() => new Trainer(net(), moons, { loss: "bce", epochs: 0 }), "InvalidArgument", /^options\.epochs: expected a whole number, 1 or more, got 0$/);
  throwsCode(() => new Trainer(net(), moons, { loss: "bce", learningRate: Number.NaN }), "InvalidArgument", /^options\.learningRate: expected a number 0 or more, got NaN$/);
  throwsCode(() => new Trainer(net(), moons, { loss: "bce", schedule: { type: "step", every: 0, factor: 0.5 } }), "InvalidArgument", /options\.schedule\.every/);
  throwsCode(() => new Trainer(net(), { ...moons, features: 3 }, { loss: "bce" }), "InvalidArgument", /^data\.x: has 80 numbers, but 40 samples of 3 features need 120$/);
  throwsCode(() => new Trainer({} as Sequential, moons, { loss: "bce" }), "InvalidArgument", /^model: expected a Sequential model/);
});

test("a Trainer without epochs stops after DEFAULT_EPOCHS; without learningRate it trains at the optimizer's default", () => {
  const trainer = new Trainer(net(), moons, { loss: "bce" });
  trainer.run();
  assert.equal(DEFAULT_EPOCHS, 100);
  assert.equal(trainer.history.length, 100);
  assert.equal(trainer.stopReason, "epochs");
  // The default for sgd is 0.01: the same bits as a trainer told 0.01 (and different from 0.1).
  const told = new Trainer(net(), moons, { loss: "bce", learningRate: 0.01, epochs: 100 });
  told.run();
  assert.deepEqual(trainer.model.save().layers, told.model.save().layers);
  assert.ok(trainer.history.every((r) => Number.isFinite(r.loss)));
  assert.equal(new Trainer(net(), moons, { loss: "bce", optimizer: "adam" }).options.learningRate, 0.001);
});

test("predict takes rows and returns rows; a flat array is refused with how to write one sample", () => {
  const model = net();
  const rows = [[0.5, 0.5], [-1, 2]];
  // Independently: the reference computes the same network's outputs from the saved weights.
  const reference = referenceStep({ inputs: rows, targets: [[0], [0]], loss: "half-sse", learningRate: 0, layers: referenceLayers(model.save()) });
  const out = model.predict(rows);
  assert.equal(out.length, 2);
  out.forEach((row, n) => assert.ok(Math.abs(row[0] - reference.a[1][n][0]) < 1e-15, `${row[0]} vs ${reference.a[1][n][0]}`));
  // The old two-argument call: the count is ignored (TypeScript refuses it), the outputs are right.
  assert.deepEqual((model.predict as (r: number[][], n: number) => number[][])([[0.5, 0.5]], 1), [out[0]]);
  throwsCode(() => model.predict([0.5, 0.5] as unknown as number[][]), "InvalidArgument", /^rows: expected rows \(number\[\]\[\]\), got one flat array of 2 numbers; for one sample write \[\[0\.5, 0\.5\]\]$/);
  throwsCode(() => model.predict([[0.5]]), "InvalidArgument", /^rows\[0\]: has 1 numbers, but each row needs 2 inputs$/);
  throwsCode(() => model.predict([[0.5, Number.NaN]]), "InvalidArgument", /^rows\[0\]\[1\]: expected a finite number, got NaN$/);
  throwsCode(() => model.predict({ rows: 1, columns: 2, data: [1] }), "InvalidArgument", /^rows\.data: has 1 numbers, but 1 rows of 2 need 2$/);
});

test("parseStepSpec takes an object as well as text; anything else is an InvalidArgument", () => {
  const spec = parseStepSpec({ inputs: [[0.1, 0.5]], targets: [[0.05, 0.95]], loss: "half-sse", learningRate: 0.5, layers: [{ activation: "sigmoid", weights: [[0.8, 0.4], [0.3, 0.2]], bias: null }] });
  assert.deepEqual(spec.inputs, [[0.1, 0.5]]);
  throwsCode(() => parseStepSpec(42 as unknown as string), "InvalidArgument", /^spec: expected a step spec/);
  throwsCode(() => parseStepSpec({ inputs: [[0.1]], layers: [{ activation: "sigmoidd", weights: [[1]], bias: null }] }), "InvalidSpec", /layers\[0\]\.activation/);
  throwsCode(() => runStep({ inputs: [[1]] }), "InvalidSpec", /^layers: is required$/);
  throwsCode(() => explainStep({} as never), "InvalidArgument", /^record: expected a step record \(from runStep\)/);
  throwsCode(() => explainStep(runStep(spec), { format: "html" as "text" }), "InvalidArgument", /options\.format: unknown format "html"/);
  throwsCode(() => check(spec, 7 as unknown as string), "InvalidArgument", /^answers: expected the answers/);
  throwsCode(() => exercise({ layers: [2, 0, 1] }), "InvalidArgument", /^settings\.layers\[1\]: expected a whole number, from 1 to 10, got 0$/);
  throwsCode(() => toStepSpec(net(), [[1, 2]], [[1]]), "InvalidArgument", /^options\.loss: expected the loss of the step/);
});

test("no argument, however wrong, escapes as anything but a TracegradError (fuzzed layers and options)", () => {
  const anyValue = fc.oneof(fc.anything(), fc.constantFrom("dense", "relu", "sigmoid", "bce", "adam", 0, 1, 4, -1, Number.NaN, [], {}));
  const layer = fc.dictionary(fc.constantFrom("type", "units", "activation", "alpha", "useBias", "init", "rate", "momentum", "epsilon"), anyValue);
  const options = fc.dictionary(fc.constantFrom("loss", "optimizer", "learningRate", "epochs", "batchSize", "shuffle", "seed", "l1", "l2", "clipNorm", "schedule", "warmup", "earlyStopping"), anyValue);
  fc.assert(
    fc.property(fc.array(layer, { maxLength: 3 }), options, (layers, trainingOptions) => {
      try {
        const model = Sequential.create(2, layers as unknown as LayerConfig[]);
        const trainer = new Trainer(model, moons, { epochs: 1, ...trainingOptions } as unknown as TrainingOptions);
        trainer.runEpoch();
      } catch (error) {
        if (!(error instanceof TracegradError)) throw error;
        assert.ok(error instanceof InvalidArgumentError || error.code !== "InvalidArgument");
      }
    }),
    { numRuns: 300, seed: 14 },
  );
});
