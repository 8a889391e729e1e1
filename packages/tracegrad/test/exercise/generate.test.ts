/** Exercises: the same options give the same files, byte for byte; the numbers are few-digit and the step is not degenerate. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadStepSpec } from "../load-spec.js";
import { specToNamedYaml } from "../../src/exercise/exercise-yaml.js";
import { parseStepSpec, toInterchange } from "../../src/step/spec/index.js";
import { InputError } from "../../src/common/input-error.js";
import { explainStep } from "../../src/explain/explain-step.js";
import { runStep } from "../../src/step/run-step.js";
import { stepResults } from "../../src/step/results.js";
import { EXERCISE_FILES, exerciseSeeds, generateExercise } from "../../src/exercise/generate.js";
import type { Exercise } from "../../src/exercise/generate.js";
import type { ExerciseOptions } from "../../src/exercise/options.js";
import { parseLayerSizes, resolveActivations } from "../../src/exercise/options.js";
import { degeneracy } from "../../src/exercise/degenerate.js";
import { gradeAnswers } from "../../src/grade/grade.js";
import { listQuantities, resultValue } from "../../src/step/quantities.js";
import type { ActivationName } from "../../src/engine/activations.js";
import type { LossName } from "../../src/engine/losses.js";

function options(overrides: Partial<ExerciseOptions> & { layers?: string; activation?: string } = {}): ExerciseOptions {
  const sizes = parseLayerSizes(overrides.layers ?? "2-2-2");
  const loss: LossName = overrides.loss ?? "half-sse";
  return {
    seed: 7,
    sizes,
    activations: resolveActivations(overrides.activation, sizes.length - 1, loss),
    loss,
    batch: 1,
    digits: 2,
    bias: false,
    learningRate: null,
    allowDegenerate: false,
    ...overrides,
  };
}

/** The non-degeneracy conditions, checked here from the step's numbers. */
function assertNotDegenerate(exercise: Exercise, what: string): void {
  const r = stepResults(runStep(exercise.spec));
  exercise.spec.layers.forEach((layer, l) => {
    const a = r.layers[l].a;
    if (layer.activation === "relu") a.forEach((row, n) => assert.ok(row.some((x) => x > 0), `${what}: ReLU layer ${l + 1} all zero for sample ${n + 1}`));
    if (layer.activation === "sigmoid") a.flat().forEach((x) => assert.ok(x >= 0.01 && x <= 0.99, `${what}: sigmoid output ${x}`));
    if (layer.activation !== "relu") r.layers[l].dW!.flat().forEach((g) => assert.ok(Math.abs(g) >= 1e-9, `${what}: |∂L/∂w| = ${Math.abs(g)} in layer ${l + 1}`));
  });
}

/** Every given number of the exercise has at most `digits` decimals. */
function assertFewDigits(exercise: Exercise, digits: number): void {
  const spec = exercise.spec;
  const numbers = [...spec.inputs.flat(), ...spec.targets!.flat(), ...spec.layers.flatMap((l) => [...l.weights.flat(), ...(l.bias ?? [])])];
  for (const x of numbers) assert.ok(Math.abs(x * 10 ** digits - Math.round(x * 10 ** digits)) < 1e-9, `${x} has more than ${digits} decimals`);
}

test("the same options give byte-identical files; another seed gives another exercise", () => {
  const a = generateExercise(options());
  const b = generateExercise(options());
  for (const name of EXERCISE_FILES) assert.equal(a.files[name], b.files[name], name);
  assert.notEqual(generateExercise(options({ seed: 8 })).files["exercise.json"], a.files["exercise.json"]);
  assert.deepEqual(Object.keys(a.files), [...EXERCISE_FILES]);
});

test("exercise.json and exercise.yaml are the same spec; solution.md is the worked solution; the source makes it again", () => {
  const e = generateExercise(options({ bias: true, batch: 2 }));
  const fromJson = parseStepSpec(e.files["exercise.json"], "exercise.json");
  const fromYaml = parseStepSpec(e.files["exercise.yaml"], "exercise.yaml");
  assert.deepEqual(toInterchange(fromYaml), toInterchange(fromJson));
  assert.deepEqual(fromYaml.names.layers[0].weights, [["w1", "w2"], ["w3", "w4"]]);
  assert.equal(e.files["solution.md"], explainStep(runStep(fromYaml), { format: "markdown" }));
  assert.match(e.files["question.md"], /^# Backpropagation exercise \(seed 7\)\n/);
  assert.match(e.files["question.md"], /## What to compute/);
  assert.match(e.files["question.md"], /tracegrad check exercise\.yaml answers\.yaml/);
  assert.match(fromYaml.source!, /^tracegrad exercise --seed 7 --layers 2-2-2 --activation sigmoid,sigmoid --loss half-sse --batch 2 --digits 2 --bias$/);
});

test("the named YAML of every seed example reads back as the same spec", () => {
  for (const file of readdirSync("examples").filter((f) => f.endsWith(".yaml"))) {
    const spec = loadStepSpec(join("examples", file));
    const again = parseStepSpec(specToNamedYaml(spec, ["a comment"]), "again.yaml");
    assert.deepEqual(toInterchange(again), toInterchange(spec), file);
    assert.deepEqual(again.names, spec.names, file);
  }
});

test("answers.yaml lists every quantity as null; filled in with the exact values, check finds them all right", () => {
  const e = generateExercise(options({ layers: "3-2-2", bias: true }));
  const blank = parse(e.files["answers.yaml"]) as Record<string, null>;
  assert.ok(Object.values(blank).every((v) => v === null));
  const quantities = listQuantities(e.spec).filter((q) => q.kind !== "lossAfter");
  assert.deepEqual(Object.keys(blank), quantities.map((q) => q.key));
  assert.equal(gradeAnswers(e.spec, blank).score.answered, 0);
  const r = stepResults(runStep(e.spec));
  const filled = Object.fromEntries(quantities.map((q) => [q.key, Number(resultValue(r, q).toPrecision(4))]));
  const report = gradeAnswers(e.spec, filled);
  assert.equal(report.correct, true);
  assert.equal(report.score.answered, quantities.length);
});

test("not degenerate, with few-digit numbers, over many seeds and configurations", () => {
  const configurations: { layers: string; activation?: string; loss?: LossName; batch?: number; bias?: boolean; digits?: number }[] = [
    { layers: "2-2-2" },
    { layers: "2-3-1", activation: "relu", loss: "mse" },
    { layers: "3-2-2", activation: "relu,sigmoid", loss: "bce", bias: true },
    { layers: "2-2-3", activation: "tanh", loss: "cross-entropy", batch: 2 },
    { layers: "1-2-2-1", activation: "leaky-relu,relu,identity", digits: 1 },
    { layers: "2-2-2", activation: "gaussian", batch: 3, digits: 3 },
  ];
  for (const c of configurations) {
    for (let seed = 1; seed <= 40; seed++) {
      const e = generateExercise(options({ ...c, seed, batch: c.batch ?? 1, bias: c.bias ?? false, digits: c.digits ?? 2 }));
      assertNotDegenerate(e, `${JSON.stringify(c)}, seed ${seed}`);
      assertFewDigits(e, c.digits ?? 2);
    }
  }
});

test("--allow-degenerate keeps the first draw, even a dead ReLU layer; without it the generator draws again", () => {
  let found = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const loose = generateExercise(options({ layers: "1-1-1", activation: "relu", seed, allowDegenerate: true }));
    assert.equal(loose.rejected, 0);
    if (degeneracy(loose.spec, stepResults(runStep(loose.spec))) === null) continue;
    found++;
    const strict = generateExercise(options({ layers: "1-1-1", activation: "relu", seed }));
    assert.ok(strict.rejected > 0);
    assertNotDegenerate(strict, `seed ${seed}`);
    assert.notEqual(strict.files["exercise.json"], loose.files["exercise.json"]);
  }
  assert.ok(found > 0, "some first draws of a 1-1-1 ReLU network are degenerate");
});

test("a set: each exercise has its own seed, derived from the set's seed", () => {
  const seeds = exerciseSeeds(7, 30);
  assert.equal(new Set(seeds).size, 30);
  assert.deepEqual(exerciseSeeds(7, 3), seeds.slice(0, 3));
  const third = generateExercise({ ...options(), seed: seeds[2], number: 3 });
  assert.match(third.files["question.md"], new RegExp(`^# Backpropagation exercise 03 \\(seed ${seeds[2]}\\)`));
});

test("the options: layer sizes, activations tied to the loss, and mistakes as InputErrors", () => {
  assert.deepEqual(parseLayerSizes("3-2-1"), [3, 2, 1]);
  for (const bad of ["2", "2-0-1", "a-b", "2--2", "2-99"]) assert.throws(() => parseLayerSizes(bad), InputError, bad);
  const act = (text: string | undefined, layers: number, loss: LossName): ActivationName[] => resolveActivations(text, layers, loss);
  assert.deepEqual(act(undefined, 2, "half-sse"), ["sigmoid", "sigmoid"]);
  assert.deepEqual(act("relu", 2, "bce"), ["relu", "sigmoid"]);
  assert.deepEqual(act("tanh", 3, "cross-entropy"), ["tanh", "tanh", "softmax"]);
  assert.deepEqual(act("relu,identity", 2, "mse"), ["relu", "identity"]);
  assert.throws(() => act("relu,relu", 2, "bce"), /the loss bce needs a sigmoid output layer/);
  assert.throws(() => act("softmax", 2, "half-sse"), /softmax is for the output layer only/);
  assert.throws(() => act("sigmod", 2, "half-sse"), /unknown activation "sigmod".*did you mean "sigmoid"/);
  assert.throws(() => act("relu,relu,relu", 2, "mse"), /3 activations for 2 layers/);
});

test("the digits advised: 4 where every step shows at 4 significant digits; more, said in question.md and answers.yaml, where one does not, and then the weights at that many are graded right", async () => {
  const { significantDigitsNeeded } = await import("../../src/exercise/digits-advice.js");
  const { stepComputation } = await import("../../src/grade/step-computation.js");
  const { referenceStep } = await import("../reference/dense-network.js");
  let more = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const exercise = generateExercise(options({ seed }));
    const spec = toInterchange(exercise.spec) as unknown as Parameters<typeof referenceStep>[0];
    const ref = referenceStep(spec);
    // From the reference: the updated weights that, written with 4 significant digits, are no nearer their new value than their old.
    const written = (x: number, digits: number) => Number(x.toPrecision(digits));
    const hidden = (digits: number) =>
      ref.weights.flatMap((layer, l) => layer.flatMap((row, j) => row.flatMap((w, i) => (Math.abs(written(w, digits) - spec.layers[l].weights[j][i]) <= Math.abs(written(w, digits) - w) ? [exercise.spec.names.layers[l].weights[j][i]] : []))));
    const digits = significantDigitsNeeded(stepComputation(exercise.record));
    assert.equal(digits > 4, hidden(4).length > 0, `seed ${seed}: ${hidden(4).join(", ")}`);
    const advice = digits > 4 ? `write ${digits} significant digits here, not 4` : "4 significant digits are plenty";
    assert.ok(exercise.files["question.md"].includes(advice), `seed ${seed}: question.md says ${advice}`);
    assert.ok(exercise.files["answers.yaml"].includes(advice), `seed ${seed}: answers.yaml says ${advice}`);
    if (digits === 4) continue;
    more++;
    assert.deepEqual(hidden(digits), [], `seed ${seed}: every change shows at ${digits} digits`);
    // The new weights from the reference, written as advised, are right; at 4 digits the hidden ones read as not updated.
    const answers = (d: number) => Object.fromEntries(ref.weights.flatMap((layer, l) => layer.flatMap((row, j) => row.map((w, i) => [exercise.spec.names.layers[l].weights[j][i], written(w, d)]))));
    assert.ok(gradeAnswers(exercise.spec, answers(digits)).items.every((item) => item.ok), `seed ${seed} at ${digits} digits`);
    const at4 = gradeAnswers(exercise.spec, answers(4)).items.filter((item) => !item.ok);
    assert.deepEqual(at4.map((item) => [item.key, item.diagnosis]), hidden(4).map((name) => [name, "not-updated"]), `seed ${seed} at 4 digits`);
  }
  assert.ok(more >= 2, `${more} of 30 exercises need more than 4 digits`);
});
