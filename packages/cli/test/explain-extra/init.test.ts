import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import fc from "fast-check";
import type { ActivationName } from "tracegrad/internal/engine/activations";
import { Random } from "tracegrad/internal/engine/random";
import { diagnoseWeights, diagnosisWorked } from "tracegrad/internal/explain/init/diagnose-weights";
import { drawInitialWeights, initWorked } from "tracegrad/internal/explain/init/draw-weights";
import { INITIALIZER_NAMES } from "tracegrad/internal/nn/initializers";
import type { InitializerName } from "tracegrad/internal/nn/initializers";
import { Dense } from "tracegrad/internal/nn/layers/dense";
import { Sequential } from "tracegrad/internal/nn/model";
import { checkRunOptions, resolveRunConfig } from "tracegrad/internal/run/run-config";
import { layerConfigs } from "../../src/run/training-run.js";
import { loadStepSpec } from "../../src/files/load-step-spec.js";
import { parseStepSpec } from "tracegrad/internal/step/spec/index";
import { assertAllClose, assertClose } from "../../../tracegrad/test/helpers.js";
import { expectUserError, runExtra, scratch } from "./run-extra.js";
import { assertLatexDocument, assertMarkdownMath, assertStepsEvaluate } from "../../../tracegrad/test/explain-extra/worked-checks.js";

const SEED_EX7 = "examples/nn-exercises-ex7-init.yaml";

/** The weights `tracegrad train` starts from: its own option resolution, layer configs and Sequential.create. */
function trainWeights(layers: number[], init: InitializerName | undefined, activation: ActivationName, seed: number, extras: { batchNorm?: boolean; dropout?: number } = {}): number[][][] {
  const config = resolveRunConfig(checkRunOptions({}), checkRunOptions({ layers: layers.join("-"), activation, seed, ...(init !== undefined ? { init } : {}), ...extras }));
  const model = Sequential.create(config.layers[0], layerConfigs(config), { dtype: config.dtype, seed: config.seed });
  return model.layers.filter((l): l is Dense => l instanceof Dense).map((d) => Array.from({ length: d.outputSize }, (_, j) => Array.from(d.weights.subarray(j * d.inputSize, (j + 1) * d.inputSize))));
}

test("the drawn weights are exactly those tracegrad train starts from, for any sizes, scheme and seed", () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 2, maxLength: 4 }),
      fc.option(fc.constantFrom(...INITIALIZER_NAMES), { nil: undefined }),
      fc.constantFrom<ActivationName>("sigmoid", "tanh", "relu"),
      fc.integer({ min: 0, max: 1000 }),
      fc.boolean(),
      (layers, scheme, activation, seed, extras) => {
        const drawn = drawInitialWeights({ layers, activation, seed, ...(scheme !== undefined ? { scheme } : {}) });
        const expected = trainWeights(layers, scheme, activation, seed, extras ? { batchNorm: true, dropout: 0.5 } : {});
        assert.deepEqual(drawn.map((l) => l.weights), expected);
      },
    ),
    { seed: 8, numRuns: 60 },
  );
});

test("xavier-uniform and he-normal: the scales from their closed forms, the draws re-done by hand from the generator", () => {
  const [first, second] = drawInitialWeights({ layers: [2, 4, 1], scheme: "xavier-uniform", seed: 3 });
  assertClose(first.scale, Math.sqrt(6 / (2 + 4)), 1e-15);
  assertClose(second.scale, Math.sqrt(6 / (4 + 1)), 1e-15);
  const random = new Random(3);
  const redo = (n: number, r: number) => Array.from({ length: n }, () => -r + 2 * r * random.next());
  assertAllClose(first.weights.flat(), redo(8, first.scale), 1e-15);
  assertAllClose(second.weights.flat(), redo(4, second.scale), 1e-15);
  for (const w of [...first.weights.flat(), ...second.weights.flat()]) assert.ok(Math.abs(w) <= Math.sqrt(6 / 5));
  const he = drawInitialWeights({ layers: [3, 2], scheme: "he-normal", seed: 9 });
  assertClose(he[0].scale, Math.sqrt(2 / 3), 1e-15);
  const g = new Random(9);
  assertAllClose(he[0].weights.flat(), Array.from({ length: 6 }, () => g.normal(0, Math.sqrt(2 / 3))), 1e-15);
  // Without --scheme, as train: He (uniform) for ReLU layers, Xavier (uniform) otherwise.
  const defaults = drawInitialWeights({ layers: [2, 3, 1], activation: "relu", outputActivation: "sigmoid", seed: 1 });
  assert.deepEqual(defaults.map((l) => l.initializer), ["he-uniform", "xavier-uniform"]);
  assertStepsEvaluate(initWorked({ layers: [2, 4, 1], scheme: "xavier-uniform", seed: 3 }, [first, second]));
});

test("seed 004 exercise 7: z by hand for the four inputs, the scale, inactive ReLU units, no saturated output, and the seed's claim", () => {
  const d = diagnoseWeights(loadStepSpec(SEED_EX7));
  // z1 = W1·x + b1 for x = (1, 1), (1, -1), (-1, 1), (-1, -1).
  const inputs = [[1, 1], [1, -1], [-1, 1], [-1, -1]];
  const z1 = inputs.map(([a, b]) => [0.5 * a + 0.2 * b + 0.1, -0.3 * a + 0.8 * b - 0.1]);
  const a1 = z1.map((row) => row.map((z) => Math.max(0, z)));
  const z2 = a1.map(([h1, h2]) => 0.7 * h1 - 0.6 * h2 + 0.2);
  assertAllClose(d.forward.layers[0].z.toRows(), z1, 1e-15, 1e-15);
  assertAllClose(d.forward.layers[1].z.toRows(), z2.map((z) => [z]), 1e-15, 1e-15);
  const std = (v: number[]) => {
    const m = v.reduce((s, x) => s + x, 0) / v.length;
    return Math.sqrt(v.reduce((s, x) => s + (x - m) ** 2, 0) / v.length);
  };
  const [layer1, layer2] = d.layers;
  assertClose(layer1.inputStd, 1, 1e-15);
  assertClose(layer1.zStd, std(z1.flat()), 1e-14);
  assertClose(layer1.aStd, std(a1.flat()), 1e-14);
  assertClose(layer2.zRatio!, std(z2) / std(a1.flat()), 1e-13);
  assertClose(layer1.weightStd, std([0.5, 0.2, -0.3, 0.8]), 1e-15);
  assertClose(layer1.heSigma, 1, 0);
  assertClose(layer2.xavierSigma, Math.sqrt(2 / 3), 1e-15);
  assert.deepEqual(layer1.inactive, [
    { unit: "h1", samples: [3, 4], dead: false },
    { unit: "h2", samples: [2, 4], dead: false },
  ]);
  assert.deepEqual(layer2.saturated, []);
  assert.equal(layer1.weightMaxAbs, 0.8);
  assert.equal(layer2.weightMaxAbs, 0.7);
  assertClose(layer1.weightMeanAbs, 0.45, 1e-15);
  assertClose(layer2.weightMeanAbs, 0.65, 1e-15);
  const worked = diagnosisWorked(d, { precision: 8 });
  assert.ok(assertStepsEvaluate(worked) >= 20);
  const notes = worked.notes.join("\n");
  assert.match(notes, /"W2 values are larger than those in W1"\. Not every value is: W1 holds 0\.8/);
  assert.match(notes, /h1 for samples 3, 4; h2 for samples 2, 4/);
  assert.match(notes, /no sigmoid output is saturated/);
});

test("a dead ReLU unit, a saturated sigmoid and weights far above He's σ are named", () => {
  const spec = parseStepSpec(JSON.stringify({ inputs: [[1, 1], [2, 1]], layers: [{ activation: "relu", weights: [[10, 10], [-1, -1]], bias: [0, 0] }, { activation: "sigmoid", weights: [[5, 5]], bias: [0] }] }), "net.json");
  const d = diagnoseWeights(spec);
  assert.deepEqual(d.layers[0].inactive, [{ unit: "h2", samples: [1, 2], dead: true }]);
  // z_o1 = 5·20 = 100 and 5·30 = 150: σ rounds to 1.
  assert.deepEqual(d.layers[1].saturated.map((s) => [s.unit, s.sample]), [["o1", 1], ["o1", 2]]);
  assertClose(d.layers[0].weightStd, 5.5, 1e-15);
  const worked = diagnosisWorked(d, { precision: 8 });
  const steps = worked.sections.find((s) => s.id === "spread")!.groups[0].steps;
  assert.match(steps[1].note!, /^5\.5 × He's σ: larger than recommended for a relu layer; stacked, such layers amplify the signal \(exploding\)/);
  const notes = worked.notes.join("\n");
  assert.match(notes, /h2 is dead for these inputs \(z ≤ 0 for every sample: no gradient reaches its weights\)/);
  assert.match(notes, /saturated sigmoid outputs: o1 = 1 \(sample 1\), o1 = 1 \(sample 2\)/);
  // One sample: the inputs do not vary, so no ratio is claimed.
  const one = diagnoseWeights({ ...loadStepSpec(SEED_EX7), inputs: [[1, 1]] });
  assert.equal(one.layers[0].zRatio, null);
  assert.match(diagnosisWorked(one, { precision: 8 }).notes[0], /Layer 1: its inputs do not vary \(std 0\), so its scale ratio cannot be judged/);
  // Every input negative: both units of seed 004's exercise 7 die.
  const allDead = diagnoseWeights({ ...loadStepSpec(SEED_EX7), inputs: [[-1, -1], [-2, -1]] });
  assert.deepEqual(allDead.layers[0].inactive.map((u) => u.dead), [true, true]);
  assert.match(diagnosisWorked(allDead, { precision: 8 }).notes.join("\n"), /h1, h2 are dead for these inputs/);
});

test("tracegrad init: drawing, --json, the diagnosis of seed 004's exercise 7, --inputs, markdown and LaTeX", () => {
  const r = runExtra(["init", "--layers", "2-4-1", "--scheme", "xavier-uniform", "--seed", "1"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /r₁ = √\(6\/\(n_in \+ n_out\)\) = √\(6\/\(2 \+ 4\)\) = 1\n/);
  assert.match(r.stdout, /r₂ = √\(6\/\(n_in \+ n_out\)\) = √\(6\/\(4 \+ 1\)\) = 1\.0954451/);
  const json = JSON.parse(runExtra(["init", "--layers", "2-4-1", "--scheme", "he-normal", "--seed", "7", "--json"]).stdout);
  assert.deepEqual(json.layers.map((l: { weights: number[][] }) => l.weights), trainWeights([2, 4, 1], "he-normal", "sigmoid", 7));
  const diagnosis = runExtra(["init", "--weights", SEED_EX7]);
  assert.equal(diagnosis.status, 0, diagnosis.stderr);
  assert.match(diagnosis.stdout, /σ_He = √\(2\/n_in\) = √\(2\/2\) = 1/);
  assert.match(diagnosis.stdout, /a_h2⁽²⁾ = ReLU\(z_h2⁽²⁾\) = max\(0, z_h2⁽²⁾\) = max\(0, -1\.2\) = 0/);
  const other = JSON.parse(runExtra(["init", "--weights", SEED_EX7, "--inputs", "2,0.5", "--json"]).stdout);
  assertAllClose(other.layers[0].z, [[0.5 * 2 + 0.2 * 0.5 + 0.1, -0.3 * 2 + 0.8 * 0.5 - 0.1]], 1e-15);
  assert.ok(assertMarkdownMath(runExtra(["init", "--weights", SEED_EX7, "--format", "markdown"]).stdout) > 20);
  assertLatexDocument(runExtra(["init", "--layers", "2-3-1", "--inputs", "1,0;0,1", "--format", "latex"]).stdout);
});

test("tracegrad init: mistakes are one line and exit 2", () => {
  const dir = scratch({ "bad.yaml": "inputs: [1, 2]\nlayers:\n  - activation: relu\n    weights: [[1, 2, 3]]\n" });
  expectUserError(["init", "--layers", "2"], /--layers: give the sizes from input to output separated by "-"/);
  expectUserError(["init", "--layers", "2-x-1"], /--layers: size 2 must be a whole number/);
  expectUserError(["init", "--layers", "2-4-1", "--scheme", "xavier"], /--scheme: unknown value "xavier"/);
  expectUserError(["init"], /give --layers \(as 2-4-1\) to draw weights, or --weights FILE/);
  expectUserError(["init", "--weights", join(dir, "bad.yaml")], /bad\.yaml:4:\d+: layers\[0\]\.weights\[0\]: has 3 weights/);
  expectUserError(["init", "--weights", SEED_EX7, "--inputs", "1,2,3"], /--inputs: row 1 has 3 values; the network takes 2 inputs/);
  expectUserError(["init", "--weights", SEED_EX7, "--layers", "2-2-1"], /--layers: --weights diagnoses the network of its file/);
});
