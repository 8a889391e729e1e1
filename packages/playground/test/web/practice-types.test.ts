/**
 * Practice mode for every exercise type, in Node: a link (`#practice?type=scaling&seed=3&...`) gives
 * the exercise `tracegrad exercise --type T` writes (the same files, byte for byte), answers typed
 * into the page's state are graded as `tracegrad check` grades the downloaded answers file, and for
 * each type right values are graded right and one deliberate mistake gets its code. The right and
 * wrong values are computed here, from closed forms or the independent reference network, never
 * from the code under test.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseSource } from "tracegrad/internal/common/source";
import { checkAnswers } from "tracegrad/internal/exercise/check";
import { loadExerciseDocument } from "tracegrad/internal/exercise/load-exercise";
import { EXERCISE_TYPES } from "tracegrad/internal/exercise/type-options";
import { referenceStep } from "../../../tracegrad/test/reference/dense-network.js";
import type { RefSpec } from "../../../tracegrad/test/reference/dense-network.js";
import { parsePracticeQuery, practiceQuery, PRACTICE_TYPES } from "../../src/practice/params.js";
import { answersFile, exerciseFileOf, practiceCheckCommand, practiceModel, practiceReducer } from "../../src/practice/practice-state.js";
import type { PracticeModel } from "../../src/practice/practice-state.js";

const REPOSITORY = decodeURIComponent(new URL("../../../../", import.meta.url).pathname);
const CLI = join(REPOSITORY, "packages/cli/bin/tracegrad.cjs");

/** The model of a link with these answers typed and Check pressed. */
function graded(query: string, answers: Readonly<Record<string, number>>): PracticeModel {
  let model = practiceModel(parsePracticeQuery(query));
  assert.equal(model.problem, null, query);
  for (const [key, value] of Object.entries(answers)) {
    assert.ok(model.quantities.some((q) => q.key === key), `${query}: ${key} is asked`);
    model = practiceReducer(model, { type: "answer", key, text: String(value) });
  }
  return practiceReducer(model, { type: "check" });
}

/** Each graded name's status and diagnosis. */
function statuses(model: PracticeModel): Record<string, [string, string | null]> {
  return Object.fromEntries(model.grade!.results.map((r) => [r.key, [r.status, r.diagnosis]]));
}

/** Every answer right, and the one wrong answer named with its code. */
function assertGraded(model: PracticeModel, right: readonly string[], wrong: string, code: string): void {
  const s = statuses(model);
  for (const key of right) assert.deepEqual(s[key], ["right", null], `${key}: ${JSON.stringify(s[key])}`);
  assert.equal(s[wrong]?.[0], "wrong", `${wrong}: ${JSON.stringify(s[wrong])}`);
  const result = model.grade!.results.find((r) => r.key === wrong)!;
  assert.ok(result.diagnosis === code || result.alternatives.includes(code), `${wrong}: ${result.diagnosis} (${result.alternatives.join(", ")}), expected ${code}`);
  // The downloaded answers file, read back as `tracegrad check` reads it (against the exercise.json it
  // loads, for the types that are not a step), grades the same.
  const checkable = loadExerciseDocument(parseSource(model.files!["exercise.json"], "exercise.json")) ?? model.exercise!.checkable;
  const cli = checkAnswers(checkable, parseSource(answersFile(model), "answers.yaml"), {});
  assert.deepEqual(
    cli.items.map((i) => [i.key, i.status, i.diagnosis]),
    model.grade!.results.map((r) => [r.key, r.status, r.diagnosis]),
  );
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const deviation = (xs: readonly number[], sample: boolean) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - (sample ? 1 : 0)));
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

test("the type picker offers every type tracegrad exercise makes, and each type's default link draws an exercise with answers to find", () => {
  assert.deepEqual([...PRACTICE_TYPES], [...EXERCISE_TYPES]);
  for (const type of PRACTICE_TYPES) {
    const model = practiceModel(parsePracticeQuery(`type=${type}&seed=2`));
    assert.equal(model.problem, null, type);
    assert.ok(model.quantities.length > 0, type);
    assert.equal(model.record !== null, type === "backprop" || type === "forward" || type === "bce", `${type}: a diagram for the step types only`);
  }
});

test("a link with a type's options gives the files tracegrad exercise writes with the same flags, byte for byte", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-practice-types-"));
  try {
    const cases: [string, string[]][] = [
      ["type=scaling&seed=3&method=minmax&rows=4&features=2", ["--type", "scaling", "--seed", "3", "--method", "minmax", "--rows", "4", "--features", "2"]],
      ["type=optimizer&seed=5&optimizer=momentum&steps=1&fresh=1&digits=3", ["--type", "optimizer", "--seed", "5", "--optimizer", "momentum", "--steps", "1", "--fresh", "--digits", "3"]],
      ["type=forward&seed=4&no-bias=1&batch=2", ["--type", "forward", "--seed", "4", "--no-bias", "--batch", "2"]],
      ["type=batchnorm&seed=2&count=5&number=3", ["--type", "batchnorm", "--seed", "2", "--count", "5"]],
    ];
    for (const [query, flags] of cases) {
      const params = parsePracticeQuery(query);
      assert.deepEqual(parsePracticeQuery(practiceQuery(params)), params, "the link reads back as written");
      const model = practiceModel(params);
      assert.equal(model.problem, null, query);
      const out = join(dir, params.type);
      const run = spawnSync(process.execPath, [CLI, "exercise", ...flags, "--out", out], { encoding: "utf8" });
      assert.equal(run.status, 0, run.stderr);
      const folder = params.count !== undefined ? join(out, String(params.number).padStart(2, "0")) : out;
      for (const file of ["question.md", "answers.yaml", "exercise.json", "solution.md", "key.yaml"] as const) {
        assert.equal(model.files![file], readFileSync(join(folder, file), "utf8"), `${query}: ${file}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("a link's mistake in a type's option is one line naming the option as the link does; an option of another type is refused", () => {
  assert.match(practiceModel(parsePracticeQuery("type=scaling&rows=9")).problem ?? "", /^rows: must be a whole number from 2 to 6, got "9"$/);
  assert.equal(practiceModel(parsePracticeQuery("type=scaling&rows=9")).problemField, "rows");
  assert.match(practiceModel(parsePracticeQuery("type=optimizer&optimizer=adamx")).problem ?? "", /^optimizer: must be one of momentum, nesterov, rmsprop, adam, got "adamx"/);
  assert.match(practiceModel(parsePracticeQuery("type=l2&learning-rate=-1")).problem ?? "", /^learning-rate: /);
  // A link of the earlier practice mode (η as lr) still opens its exercise, written back as the flag's name.
  assert.equal(practiceQuery(parsePracticeQuery("type=backprop&seed=2&lr=0.5")), "type=backprop&seed=2&learning-rate=0.5");
  assert.equal(practiceModel(parsePracticeQuery("type=backprop&seed=2&lr=0.5")).record!.spec.learningRate, 0.5);
  assert.throws(() => parsePracticeQuery("type=scaling&layers=2-2"), /layers: is not a parameter of the scaling exercise's link/);
  assert.throws(() => parsePracticeQuery("type=scaling&digits=7"), /digits: must be a whole number from 0 to 3/);
  assert.throws(() => parsePracticeQuery("type=optimiser"), /type: unknown exercise type "optimiser" \(did you mean "optimizer"\?\)/);
});

test("scaling (standardize, population σ asked): μ, σ and (x - μ)/σ right; the sample σ named wrong-deviation; the answers file is the one tracegrad check reads", () => {
  const query = "type=scaling&seed=3&method=standardize&std=population";
  const data = practiceModel(parsePracticeQuery(query)).exercise!.document.data as number[][];
  const answers: Record<string, number> = {};
  const right: string[] = [];
  data[0].forEach((_, j) => {
    const column = data.map((r) => r[j]);
    answers[`mu_${j + 1}`] = mean(column);
    answers[`sigma_${j + 1}`] = deviation(column, false);
    column.forEach((x, i) => (answers[`x_hat_${j + 1}(${i + 1})`] = (x - mean(column)) / deviation(column, false)));
  });
  right.push(...Object.keys(answers).filter((k) => k !== "sigma_2"));
  answers.sigma_2 = deviation(data.map((r) => r[1]), true);
  const model = graded(query, answers);
  assertGraded(model, right, "sigma_2", "wrong-deviation");
  assert.equal(exerciseFileOf(model), "exercise.json");
  assert.equal(practiceCheckCommand(model), "tracegrad check exercise.json answers.yaml");
  // The CLI grades the page's files as the page does.
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-practice-scaling-"));
  try {
    const exercise = join(dir, "exercise.json");
    const file = join(dir, "answers.yaml");
    for (const [path, text] of [[exercise, model.files!["exercise.json"]], [file, answersFile(model)]]) spawnSync("sh", ["-c", `cat > '${path}'`], { input: text });
    const cli = spawnSync(process.execPath, [CLI, "check", exercise, file, "--json"], { encoding: "utf8" });
    assert.equal(cli.status, 1, cli.stderr);
    const report = JSON.parse(cli.stdout) as { items: { key: string; status: string; diagnosis: string | null }[] };
    assert.deepEqual(Object.fromEntries(report.items.map((i) => [i.key, [i.status, i.diagnosis]])), statuses(model));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("optimizer (Adam, two steps from a given state): m, v, m̂, v̂ and w from Adam's closed form right; w without bias correction named no-bias-correction; nested names (step1.w1) written back nested", () => {
  const query = "type=optimizer&seed=3&optimizer=adam&steps=2&weights=2";
  const doc = practiceModel(parsePracticeQuery(query)).exercise!.document as { weights: number[]; gradient: number[][]; lr: number; state: { t: number; m: number[]; v: number[] } };
  const [b1, b2, e] = [0.9, 0.999, 1e-8];
  const answers: Record<string, number> = {};
  let w = [...doc.weights];
  let m = [...doc.state.m];
  let v = [...doc.state.v];
  let noCorrection = 0;
  for (let s = 0; s < 2; s++) {
    const t = doc.state.t + s + 1;
    const g = doc.gradient[s];
    m = m.map((x, i) => b1 * x + (1 - b1) * g[i]);
    v = v.map((x, i) => b2 * x + (1 - b2) * g[i] * g[i]);
    const mHat = m.map((x) => x / (1 - b1 ** t));
    const vHat = v.map((x) => x / (1 - b2 ** t));
    if (s === 0) noCorrection = w[0] - (doc.lr * m[0]) / (Math.sqrt(v[0]) + e);
    w = w.map((x, i) => x - (doc.lr * mHat[i]) / (Math.sqrt(vHat[i]) + e));
    for (let i = 0; i < 2; i++) {
      const p = `step${s + 1}.`;
      Object.assign(answers, { [`${p}m_w${i + 1}`]: m[i], [`${p}v_w${i + 1}`]: v[i], [`${p}m_hat_w${i + 1}`]: mHat[i], [`${p}v_hat_w${i + 1}`]: vHat[i], [`${p}w${i + 1}`]: w[i] });
    }
  }
  const right = Object.keys(answers).filter((k) => !k.startsWith("step2.w") && k !== "step1.w1");
  answers["step1.w1"] = noCorrection;
  const model = graded(query, answers);
  assertGraded(model, right, "step1.w1", "no-bias-correction");
  assert.match(answersFile(model), /^step1:\n(?: {2}.*\n)*? {2}w1: /m, "step1.w1 is w1 under step1:");
});

test("activations: σ, tanh, ReLU and their derivatives right; σ'(a) for σ'(z) named derivative-of-wrong-argument", () => {
  const query = "type=activations&seed=4&activations=sigmoid,tanh,relu";
  const points = practiceModel(parsePracticeQuery(query)).exercise!.document.points as number[];
  const closed: Record<string, [(z: number) => number, (z: number) => number]> = {
    sigmoid: [sigmoid, (z) => sigmoid(z) * (1 - sigmoid(z))],
    tanh: [Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
    relu: [(z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
  };
  const answers: Record<string, number> = {};
  for (const [name, [value, derivative]] of Object.entries(closed)) {
    points.forEach((z, k) => {
      answers[`${name}.a(${k + 1})`] = value(z);
      answers[`${name}.da/dz(${k + 1})`] = derivative(z);
    });
  }
  const right = Object.keys(answers).filter((k) => k !== "sigmoid.da/dz(1)");
  const a = sigmoid(points[0]);
  answers["sigmoid.da/dz(1)"] = sigmoid(a) * (1 - sigmoid(a));
  assertGraded(graded(query, answers), right, "sigmoid.da/dz(1)", "derivative-of-wrong-argument");
});

test("l2: P = λΣw², ∂L/∂w = g + 2λw and the new weights right; λw for 2λw named factor-of-two", () => {
  const query = "type=l2&seed=6&weights=3";
  const doc = practiceModel(parsePracticeQuery(query)).exercise!.document as { weights: number[]; gradient: number[]; bias: number[]; biasGradient: number[]; l2: number; lr: number };
  const [w, g, lambda, eta] = [doc.weights, doc.gradient, doc.l2, doc.lr];
  const answers: Record<string, number> = { P: lambda * w.reduce((s, x) => s + x * x, 0), b: doc.bias[0] - eta * doc.biasGradient[0] };
  w.forEach((x, i) => {
    answers[`dL/dw${i + 1}`] = g[i] + 2 * lambda * x;
    answers[`w${i + 1}`] = x - eta * (g[i] + 2 * lambda * x);
  });
  const right = Object.keys(answers).filter((k) => k !== "dL/dw1" && k !== "w1");
  answers["dL/dw1"] = g[0] + lambda * w[0];
  delete answers.w1;
  assertGraded(graded(query, answers), right, "dL/dw1", "factor-of-two");
});

test("init (He): r = √(6/n_in), σ = √(2/n_in), σ² right; Xavier's bound named wrong-scheme", () => {
  const query = "type=init&seed=1&scheme=he&layers=10-4-2";
  const sizes = [10, 4, 2];
  const answers: Record<string, number> = {};
  for (let l = 0; l < 2; l++) Object.assign(answers, { [`r_${l + 1}`]: Math.sqrt(6 / sizes[l]), [`sigma_${l + 1}`]: Math.sqrt(2 / sizes[l]), [`var_${l + 1}`]: 2 / sizes[l] });
  const right = Object.keys(answers).filter((k) => k !== "r_1");
  answers.r_1 = Math.sqrt(6 / 14);
  assertGraded(graded(query, answers), right, "r_1", "wrong-scheme");
});

test("batchnorm: μ and σ² (÷N) right; ÷(N - 1) named unbiased-variance", () => {
  const query = "type=batchnorm&seed=2&batch=3&features=2";
  const doc = practiceModel(parsePracticeQuery(query)).exercise!.document as { data: number[][]; epsilon: number; gamma: number[]; beta: number[] };
  const answers: Record<string, number> = {};
  for (let j = 0; j < 2; j++) {
    const x = doc.data.map((r) => r[j]);
    const variance = deviation(x, false) ** 2;
    answers[`mu_${j + 1}`] = mean(x);
    answers[`sigma_${j + 1}^2`] = variance;
    x.forEach((v, n) => {
      const xHat = (v - mean(x)) / Math.sqrt(variance + doc.epsilon);
      answers[`x_hat_${j + 1}(${n + 1})`] = xHat;
      answers[`y_${j + 1}(${n + 1})`] = doc.gamma[j] * xHat + doc.beta[j];
    });
  }
  const right = ["mu_1", "mu_2", "sigma_2^2", "x_hat_2(1)", "y_2(3)"];
  const x1 = doc.data.map((r) => r[0]);
  answers["sigma_1^2"] = deviation(x1, true) ** 2;
  for (const k of Object.keys(answers)) if (/_1\(/.test(k)) delete answers[k];
  assertGraded(graded(query, answers), right, "sigma_1^2", "unbiased-variance");
});

test("dropout: the mask 0 or 1/(1 - p), y = m·x and E[y] = x right; an unscaled mask named dropout-not-scaled", () => {
  const query = "type=dropout&seed=3&shape=2x3&rate=0.4";
  const doc = practiceModel(parsePracticeQuery(query)).exercise!.document as { input: number[][]; rate: number; draws: number[][] };
  const answers: Record<string, number> = {};
  let kept = "";
  doc.input.forEach((row, i) =>
    row.forEach((x, j) => {
      const at = `${j + 1}(${i + 1})`;
      const m = doc.draws[i][j] < doc.rate ? 0 : 1 / (1 - doc.rate);
      Object.assign(answers, { [`m_${at}`]: m, [`y_${at}`]: m * x, [`E_y_${at}`]: x });
      if (m !== 0 && kept === "") kept = at;
    }),
  );
  const right = Object.keys(answers).filter((k) => k !== `m_${kept}` && k !== `y_${kept}`);
  answers[`m_${kept}`] = 1;
  delete answers[`y_${kept}`];
  assertGraded(graded(query, answers), right, `m_${kept}`, "dropout-not-scaled");
});

test("gradcheck: the losses at w ± ε and the central difference from the reference network right; ÷ε named epsilon-not-halved", () => {
  const query = "type=gradcheck&seed=11&layers=2-1&activation=sigmoid&epsilon=0.05";
  const doc = practiceModel(parsePracticeQuery(query)).exercise!.document as unknown as RefSpec & { epsilon: number };
  const spec: RefSpec = { inputs: doc.inputs, targets: doc.targets, loss: doc.loss, learningRate: 0.1, layers: structuredClone(doc.layers) };
  const lossWith = (i: number, delta: number) => {
    const moved = structuredClone(spec);
    moved.layers[0].weights[0][i] += delta;
    return referenceStep(moved).loss;
  };
  const model = practiceModel(parsePracticeQuery(query));
  const loss = model.quantities.some((q) => q.key === "E") ? "E" : "L";
  const answers: Record<string, number> = {};
  for (let i = 0; i < 2; i++) {
    const w = `w${i + 1}`;
    Object.assign(answers, { [`${loss}(${w}+eps)`]: lossWith(i, doc.epsilon), [`${loss}(${w}-eps)`]: lossWith(i, -doc.epsilon), [`numeric_${w}`]: (lossWith(i, doc.epsilon) - lossWith(i, -doc.epsilon)) / (2 * doc.epsilon) });
  }
  const right = Object.keys(answers).filter((k) => k !== "numeric_w1");
  answers.numeric_w1 = (lossWith(0, doc.epsilon) - lossWith(0, -doc.epsilon)) / doc.epsilon;
  assertGraded(graded(query, answers), right, "numeric_w1", "epsilon-not-halved");
});

test("forward and bce: the reference network's forward pass right; bce's loss right, a value swapped with its neighbour named", () => {
  const forward = practiceModel(parsePracticeQuery("type=forward&seed=2"));
  const fdoc = forward.exercise!.document as unknown as RefSpec;
  const fref = referenceStep({ ...fdoc, targets: fdoc.inputs.map(() => fdoc.layers[fdoc.layers.length - 1].weights.map(() => 0)), loss: "half-sse", learningRate: 0.1 });
  // z and a of the output layer, sample by sample, by the answers file's names (unit j of sample n: z_oJ(N)).
  const answers: Record<string, number> = {};
  fref.z[0].forEach((row, n) => row.forEach((z, j) => Object.assign(answers, { [`z_o${j + 1}(${n + 1})`]: z, [`a_o${j + 1}(${n + 1})`]: fref.a[0][n][j] })));
  const right = Object.keys(answers).filter((k) => k !== "z_o1(1)");
  answers["z_o1(1)"] = fref.z[0][0][1];
  const model = graded("type=forward&seed=2", answers);
  const s = statuses(model);
  for (const key of right.filter((k) => !k.startsWith("a_o1(1)"))) assert.equal(s[key][0], "right", key);
  assert.deepEqual(s["z_o1(1)"], ["wrong", "swapped"]);

  const bce = practiceModel(parsePracticeQuery("type=bce&seed=2"));
  const bdoc = bce.exercise!.document as unknown as RefSpec;
  const bref = referenceStep(bdoc);
  const lossKey = bce.quantities.find((q) => q.section === "loss")!.key;
  assertGraded(graded("type=bce&seed=2", { [lossKey]: bref.loss, z_h1: bref.z[0][0][1] }), [lossKey], "z_h1", "swapped");
});
