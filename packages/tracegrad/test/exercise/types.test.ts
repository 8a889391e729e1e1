/**
 * Every type of exercise (issue 12), as an instructor meets it: the key's numbers agree with closed
 * forms written here (or the independent reference network), the blank template and the question
 * reveal none of the key's numbers, the same seed gives byte-identical files and another seed other
 * numbers, the key graded is all right, and one deliberate mistake per type gets its code. Wrong
 * answers are built here from the closed forms, never from the code under test.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { drawExercise } from "../../src/exercise/draw.js";
import type { DrawnExercise } from "../../src/exercise/draw.js";
import { commandLineOptions } from "../../src/exercise/option-reader.js";
import type { ExerciseTypeName } from "../../src/exercise/type-options.js";
import { checkAnswers } from "../../src/exercise/check.js";
import type { DiagnosisCode } from "../../src/grade/mistake-table.js";
import { referenceStep } from "../reference/dense-network.js";
import type { RefSpec } from "../reference/dense-network.js";

type Key = Record<string, unknown>;

function draw(type: ExerciseTypeName, options: Record<string, string> = {}, seed = 11): DrawnExercise {
  return drawExercise(type, commandLineOptions(options), { seed, digits: null });
}

/** The key's values by name, a set's parts (`step1:`) flattened to `step1.name`. */
function flatKey(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const walk = (value: unknown, prefix: string) => {
    if (typeof value === "number") out.set(prefix, value);
    else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, prefix === "" ? k : `${prefix}.${k}`);
  };
  walk(parse(text) as Key, "");
  return out;
}

/** The key graded against its own exercise is all right; the template's names are exactly the key's. */
function assertKeyRight(ex: DrawnExercise): void {
  const key = parse(ex.files["key.yaml"]) as Key;
  const report = checkAnswers(ex.exercise.checkable, key);
  assert.equal(report.correct, true, report.items.filter((i) => !i.ok).map((i) => `${i.key}: ${i.explanation}`).join("; "));
  assert.ok(report.items.length > 0);
  const names = (text: string) => [...flatKey(text.replace(/: null$/gm, ": 0")).keys()].sort();
  assert.deepEqual(names(ex.files["answers.yaml"]), names(ex.files["key.yaml"]), "the template asks for exactly the key's names");
}

/** No key number (other than one the question gives) appears in the question or the blank template, to 4 significant digits. */
function assertNothingRevealed(ex: DrawnExercise, given: readonly number[]): void {
  for (const [name, value] of flatKey(ex.files["key.yaml"])) {
    // A value that equals a given one to 4 digits (Adam's v after a small g²) is one the question gives.
    if (given.some((g) => Math.abs(g - value) <= 5e-4 * Math.max(1e-9, Math.abs(g))) || Number.isInteger(value)) continue;
    const shown = value.toPrecision(4).replace(/\.?0+$/, "").replace(/^(-?)0\./, "$1.");
    // The number as a whole token (not the 0.5 of "within 0.5%").
    const token = new RegExp(`(?<![\\d.])${shown.replace(/^(-?)\./, "$10.").replace(/[.-]/g, "\\$&")}(?!%)`);
    for (const file of ["question.md", "answers.yaml"] as const) assert.ok(!token.test(ex.files[file]), `${file} shows ${name} = ${shown}`);
  }
}

/** The same seed: the same files, byte for byte; another seed: another exercise.json. */
function assertDeterministic(type: ExerciseTypeName, options: Record<string, string> = {}): void {
  assert.deepEqual(draw(type, options, 5).files, draw(type, options, 5).files);
  assert.notEqual(draw(type, options, 6).files["exercise.json"], draw(type, options, 5).files["exercise.json"]);
}

/** The grading of answers (the key with some values replaced): the diagnosis of one name. */
function diagnosisOf(ex: DrawnExercise, replaced: Record<string, number>, name: string): DiagnosisCode | null {
  const key = parse(ex.files["key.yaml"]) as Key;
  const answers = structuredClone(key);
  for (const [path, value] of Object.entries(replaced)) {
    const parts = path.split(".");
    let at = answers as Record<string, unknown>;
    for (const p of parts.slice(0, -1)) at = at[p] as Record<string, unknown>;
    at[parts[parts.length - 1]] = value;
  }
  const report = checkAnswers(ex.exercise.checkable, answers);
  const item = report.items.find((i) => i.key === name);
  assert.ok(item !== undefined, `no graded ${name}`);
  assert.equal(item.ok, false, `${name} should be wrong`);
  return item.diagnosis;
}

function close(actual: number | undefined, expected: number, what: string): void {
  assert.ok(actual !== undefined, `the key has no ${what}`);
  assert.ok(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)), `${what}: ${actual} against ${expected}`);
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const deviation = (xs: number[], sample: boolean) => Math.sqrt(xs.reduce((s, x) => s + (x - mean(xs)) ** 2, 0) / (xs.length - (sample ? 1 : 0)));

for (const std of ["population", "sample"] as const) {
  test(`scaling (standardize, ${std} σ): the key is μ, σ and (x - μ)/σ of each column; σ of the other kind is named wrong-deviation`, () => {
    const ex = draw("scaling", { method: "standardize", std });
    const data = ex.exercise.document.data as number[][];
    const key = flatKey(ex.files["key.yaml"]);
    const wrong: Record<string, number> = {};
    for (let j = 0; j < data[0].length; j++) {
      const column = data.map((r) => r[j]);
      close(key.get(`mu_${j + 1}`), mean(column), `mu_${j + 1}`);
      close(key.get(`sigma_${j + 1}`), deviation(column, std === "sample"), `sigma_${j + 1}`);
      wrong[`sigma_${j + 1}`] = deviation(column, std !== "sample");
      column.forEach((x, i) => {
        close(key.get(`x_hat_${j + 1}(${i + 1})`), (x - mean(column)) / deviation(column, std === "sample"), `x_hat_${j + 1}(${i + 1})`);
      });
    }
    assertKeyRight(ex);
    assertNothingRevealed(ex, data.flat());
    assert.equal(diagnosisOf(ex, wrong, "sigma_1"), "wrong-deviation");
  });
}

test("scaling (min-max): the key is (x - min)/(max - min); min and max swapped are named", () => {
  const ex = draw("scaling", { method: "minmax", rows: "4", features: "2" });
  const data = ex.exercise.document.data as number[][];
  const key = flatKey(ex.files["key.yaml"]);
  const wrong: Record<string, number> = {};
  for (let j = 0; j < 2; j++) {
    const column = data.map((r) => r[j]);
    const [lo, hi] = [Math.min(...column), Math.max(...column)];
    column.forEach((x, i) => {
      close(key.get(`x_hat_${j + 1}(${i + 1})`), (x - lo) / (hi - lo), `x_hat_${j + 1}(${i + 1})`);
      wrong[`x_hat_${j + 1}(${i + 1})`] = (x - hi) / (lo - hi);
    });
  }
  assertKeyRight(ex);
  assertNothingRevealed(ex, data.flat());
  // A value strictly inside its column's range whose 1 - x̂ is no other value of the column (else it reads as two values swapped).
  const right = flatKey(ex.files["key.yaml"]);
  const inside = Object.keys(wrong).find((k) => {
    const v = right.get(k)!;
    const column = [...right].filter(([name]) => name.startsWith(k.slice(0, k.indexOf("("))));
    return v > 0.05 && v < 0.95 && Math.abs(v - 0.5) > 0.05 && column.every(([, o]) => Math.abs(o - wrong[k]) > 0.02);
  });
  assert.ok(inside !== undefined, "the draw has a value inside its range");
  assert.equal(diagnosisOf(ex, { [inside]: wrong[inside] }, inside), "min-max-swapped");
  assertDeterministic("scaling");
});

test("activations: the key is each function and its derivative at each point, from their closed forms; σ(z)(1 - σ(z)) taken at a = σ(z) is named", () => {
  const ex = draw("activations", { activations: "sigmoid,tanh,relu,leaky-relu" });
  const points = ex.exercise.document.points as number[];
  const alpha = ex.exercise.document.alpha as number;
  const key = flatKey(ex.files["key.yaml"]);
  const s = (z: number) => 1 / (1 + Math.exp(-z));
  const closed: Record<string, [(z: number) => number, (z: number) => number]> = {
    sigmoid: [s, (z) => s(z) * (1 - s(z))],
    tanh: [Math.tanh, (z) => 1 - Math.tanh(z) ** 2],
    relu: [(z) => Math.max(0, z), (z) => (z > 0 ? 1 : 0)],
    "leaky-relu": [(z) => (z > 0 ? z : alpha * z), (z) => (z > 0 ? 1 : alpha)],
  };
  for (const [name, [value, derivative]] of Object.entries(closed)) {
    points.forEach((z, k) => {
      close(key.get(`${name}.a(${k + 1})`), value(z), `${name} a(${k + 1})`);
      close(key.get(`${name}.da/dz(${k + 1})`), derivative(z), `${name} da/dz(${k + 1})`);
    });
  }
  assertKeyRight(ex);
  assertNothingRevealed(ex, [...points, alpha, 0, 1]);
  assertDeterministic("activations");
  // f'(a) for f'(z): σ(a)(1 - σ(a)) with a = σ(z).
  const a = s(points[0]);
  assert.equal(diagnosisOf(ex, { "sigmoid.da/dz(1)": s(a) * (1 - s(a)) }, "sigmoid.da/dz(1)"), "derivative-of-wrong-argument");
});

test("gradcheck: the two losses are the reference network's with the parameter moved by ±ε, the numeric gradient their central difference; ÷ε is named epsilon-not-halved", () => {
  // ε = 0.05: large enough that a one-sided difference differs from the central one by more than the tolerance.
  const ex = draw("gradcheck", { layers: "2-1", activation: "sigmoid", epsilon: "0.05" });
  const doc = ex.exercise.document as unknown as RefSpec & { epsilon: number };
  const eps = doc.epsilon;
  const spec: RefSpec = { inputs: doc.inputs, targets: doc.targets, loss: doc.loss, learningRate: 0.1, layers: doc.layers.map((l) => ({ ...l, weights: l.weights.map((r) => [...r]), bias: l.bias === null ? null : [...l.bias] })) };
  const lossWith = (i: number, delta: number) => {
    const moved = structuredClone(spec);
    moved.layers[0].weights[0][i] += delta;
    return referenceStep(moved).loss;
  };
  const key = flatKey(ex.files["key.yaml"]);
  const reference = referenceStep(spec);
  close(key.get("E") ?? key.get("L"), reference.loss, "the loss");
  const lossName = key.has("E") ? "E" : "L";
  for (let i = 0; i < 2; i++) {
    const w = `w${i + 1}`;
    close(key.get(`d${lossName}/d${w}`), reference.dW[0][0][i], `d${lossName}/d${w}`);
    close(key.get(`${lossName}(${w}+eps)`), lossWith(i, eps), `${lossName}(${w}+eps)`);
    close(key.get(`${lossName}(${w}-eps)`), lossWith(i, -eps), `${lossName}(${w}-eps)`);
    const numeric = key.get(`numeric_${w}`)!;
    assert.ok(Math.abs(numeric - (lossWith(i, eps) - lossWith(i, -eps)) / (2 * eps)) <= 1e-9 * Math.max(1, Math.abs(numeric)), `numeric_${w}`);
  }
  assertKeyRight(ex);
  assertDeterministic("gradcheck");
  const notHalved = (lossWith(0, eps) - lossWith(0, -eps)) / eps;
  assert.equal(diagnosisOf(ex, { numeric_w1: notHalved }, "numeric_w1"), "epsilon-not-halved");
});

test("gradcheck: a one-sided difference is named, where it differs from the central one by more than the tolerance", () => {
  // The first seed whose one-sided difference is clearly off, found with the reference network.
  for (let seed = 1; seed < 40; seed++) {
    const ex = draw("gradcheck", { layers: "2-1", activation: "sigmoid", epsilon: "0.05" }, seed);
    const doc = ex.exercise.document as unknown as RefSpec & { epsilon: number };
    const spec: RefSpec = { inputs: doc.inputs, targets: doc.targets, loss: doc.loss, learningRate: 0.1, layers: structuredClone(doc.layers) };
    const moved = structuredClone(spec);
    moved.layers[0].weights[0][0] += doc.epsilon;
    const oneSided = (referenceStep(moved).loss - referenceStep(spec).loss) / doc.epsilon;
    const central = referenceStep(spec).dW[0][0][0];
    if (Math.abs(oneSided - central) < 0.02 * Math.abs(central)) continue;
    assert.equal(diagnosisOf(ex, { numeric_w1: oneSided }, "numeric_w1"), "one-sided-difference");
    return;
  }
  assert.fail("no seed from 1 to 39 gives a one-sided difference clearly off");
});

test("l2: the key is P = λΣw², ∂L/∂w = g + 2λw and w - η·∂L/∂w, the bias unpenalized; λw (the Neural Networks Exercises' mix) is factor-of-two, a penalized bias penalty-on-bias", () => {
  const ex = draw("l2", { weights: "3" });
  const doc = ex.exercise.document as { weights: number[]; gradient: number[]; bias: number[]; biasGradient: number[]; l2: number; lr: number };
  const [w, g, lambda, eta] = [doc.weights, doc.gradient, doc.l2, doc.lr];
  const key = flatKey(ex.files["key.yaml"]);
  close(key.get("P"), lambda * w.reduce((s, x) => s + x * x, 0), "P");
  w.forEach((x, i) => {
    close(key.get(`dL/dw${i + 1}`), g[i] + 2 * lambda * x, `dL/dw${i + 1}`);
    close(key.get(`w${i + 1}`), x - eta * (g[i] + 2 * lambda * x), `w${i + 1}`);
  });
  close(key.get("b"), doc.bias[0] - eta * doc.biasGradient[0], "b");
  assertKeyRight(ex);
  assertNothingRevealed(ex, [...w, ...g, lambda, eta, ...doc.bias, ...doc.biasGradient]);
  assertDeterministic("l2");
  assert.equal(diagnosisOf(ex, { "dL/dw1": g[0] + lambda * w[0] }, "dL/dw1"), "factor-of-two");
  const b = doc.bias[0];
  assert.equal(diagnosisOf(ex, { P: lambda * (w.reduce((s, x) => s + x * x, 0) + b * b) }, "P"), "penalty-on-bias");
});

test("l2 --mode weight-decay: w - η(g + λw)", () => {
  const ex = draw("l2", { mode: "weight-decay", bias: "false" });
  const doc = ex.exercise.document as { weights: number[]; gradient: number[]; weightDecay: number; lr: number };
  const key = flatKey(ex.files["key.yaml"]);
  doc.weights.forEach((x, i) => close(key.get(`w${i + 1}`), x - doc.lr * (doc.gradient[i] + doc.weightDecay * x), `w${i + 1}`));
  assertKeyRight(ex);
});

test("optimizer (Adam, two steps from a given state): m, v, m̂, v̂ and w from Adam's closed form; no bias correction is named, and a state not carried", () => {
  const ex = draw("optimizer", { optimizer: "adam", steps: "2", weights: "2" });
  const doc = ex.exercise.document as { weights: number[]; gradient: number[][]; lr: number; state: { t: number; m: number[]; v: number[] } };
  const [b1, b2, e] = [0.9, 0.999, 1e-8];
  const key = flatKey(ex.files["key.yaml"]);
  let w = [...doc.weights];
  let m = [...doc.state.m];
  let v = [...doc.state.v];
  const wrongNoCorrection: Record<string, number> = {};
  for (let s = 0; s < 2; s++) {
    const t = doc.state.t + s + 1;
    const g = doc.gradient[s];
    m = m.map((x, i) => b1 * x + (1 - b1) * g[i]);
    v = v.map((x, i) => b2 * x + (1 - b2) * g[i] * g[i]);
    const mhat = m.map((x) => x / (1 - b1 ** t));
    const vhat = v.map((x) => x / (1 - b2 ** t));
    if (s === 0) w.forEach((x, i) => (wrongNoCorrection[`step1.w${i + 1}`] = x - (doc.lr * m[i]) / (Math.sqrt(v[i]) + e)));
    w = w.map((x, i) => x - (doc.lr * mhat[i]) / (Math.sqrt(vhat[i]) + e));
    for (let i = 0; i < 2; i++) {
      const p = `step${s + 1}.`;
      close(key.get(`${p}m_w${i + 1}`), m[i], `${p}m_w${i + 1}`);
      close(key.get(`${p}v_w${i + 1}`), v[i], `${p}v_w${i + 1}`);
      close(key.get(`${p}m_hat_w${i + 1}`), mhat[i], `${p}m_hat_w${i + 1}`);
      close(key.get(`${p}v_hat_w${i + 1}`), vhat[i], `${p}v_hat_w${i + 1}`);
      close(key.get(`${p}w${i + 1}`), w[i], `${p}w${i + 1}`);
    }
  }
  assertKeyRight(ex);
  assertNothingRevealed(ex, [...doc.weights, ...doc.gradient.flat(), ...doc.state.m, ...doc.state.v, doc.lr]);
  assertDeterministic("optimizer");
  assert.equal(diagnosisOf(ex, { "step1.w1": wrongNoCorrection["step1.w1"] }, "step1.w1"), "no-bias-correction");
});

test("optimizer (Adam): a learner who leaves out the bias correction throughout has every m̂ and v̂ named no-bias-correction, and each new weight, computed right from their own m̂ and v̂, carried forward", () => {
  const ex = draw("optimizer", { optimizer: "adam", steps: "2", weights: "2" });
  const doc = ex.exercise.document as { weights: number[]; gradient: number[][]; lr: number; state: { t: number; m: number[]; v: number[] } };
  const [b1, b2, e] = [0.9, 0.999, 1e-8];
  // The learner's answers, from Adam's closed form without the correction (m̂ = m, v̂ = v), each step
  // from their own earlier values, written to 6 significant digits.
  const written = (x: number) => Number(x.toPrecision(6));
  const answers: Record<string, Record<string, number>> = {};
  let w = [...doc.weights];
  let m = [...doc.state.m];
  let v = [...doc.state.v];
  for (let s = 0; s < 2; s++) {
    const g = doc.gradient[s];
    m = m.map((x, i) => written(b1 * x + (1 - b1) * g[i]));
    v = v.map((x, i) => written(b2 * x + (1 - b2) * g[i] * g[i]));
    w = w.map((x, i) => written(x - (doc.lr * m[i]) / (Math.sqrt(v[i]) + e)));
    const step: Record<string, number> = {};
    for (let i = 0; i < 2; i++) Object.assign(step, { [`m_w${i + 1}`]: m[i], [`v_w${i + 1}`]: v[i], [`m_hat_w${i + 1}`]: m[i], [`v_hat_w${i + 1}`]: v[i], [`w${i + 1}`]: w[i] });
    answers[`step${s + 1}`] = step;
  }
  const report = checkAnswers(ex.exercise.checkable, answers);
  const status = (key: string) => report.items.find((i) => i.key === key);
  for (const s of [1, 2]) {
    for (const i of [1, 2]) {
      for (const hat of ["m_hat", "v_hat"]) {
        const item = status(`step${s}.${hat}_w${i}`);
        assert.equal(item?.status, "wrong", `step${s}.${hat}_w${i}`);
        assert.equal(item?.diagnosis, "no-bias-correction", `step${s}.${hat}_w${i}`);
      }
      const weight = status(`step${s}.w${i}`);
      // A weight the missing correction moves by less than the tolerance is right; any other is carried forward.
      assert.ok(weight?.status === "carried-forward" || weight?.status === "right", `step${s}.w${i}: ${weight?.status}`);
    }
  }
  assert.ok(report.items.some((i) => i.key.endsWith(".w1") && i.status === "carried-forward") || report.items.some((i) => i.key.endsWith(".w2") && i.status === "carried-forward"), "some weight is carried forward");
  assert.ok(report.items.filter((i) => /\.w\d$/.test(i.key)).every((i) => i.status !== "wrong"), "no weight is wrong");
});

test("optimizer (momentum): v ← μv + g, w ← w - ηv; v ← μv - g is named momentum-sign", () => {
  const ex = draw("optimizer", { optimizer: "momentum", steps: "1", weights: "2" });
  const raw = ex.exercise.document as { weights: number[]; gradient: number[]; lr: number; state: { v: number[] } };
  const doc = { ...raw, gradient: [raw.gradient] };
  const key = flatKey(ex.files["key.yaml"]);
  const mu = 0.9;
  const v = doc.state.v.map((x, i) => mu * x + doc.gradient[0][i]);
  v.forEach((x, i) => {
    close(key.get(`v_w${i + 1}`), x, `v_w${i + 1}`);
    close(key.get(`w${i + 1}`), doc.weights[i] - doc.lr * x, `w${i + 1}`);
  });
  assertKeyRight(ex);
  assert.equal(diagnosisOf(ex, { v_w1: mu * doc.state.v[0] - doc.gradient[0][0] }, "v_w1"), "momentum-sign");
});

test("forward and bce: the key agrees with the reference network", () => {
  for (const type of ["forward", "bce"] as const) {
    const ex = draw(type);
    const doc = ex.exercise.document as unknown as RefSpec;
    const key = flatKey(ex.files["key.yaml"]);
    const ref = referenceStep({ ...doc, targets: doc.targets ?? doc.inputs.map(() => doc.layers[doc.layers.length - 1].weights.map(() => 0)), loss: doc.loss ?? "half-sse", learningRate: doc.learningRate ?? 0.1 });
    const values = [...key.values()];
    // Every output of the reference's forward pass is in the key.
    for (const a of ref.a[ref.a.length - 1].flat()) assert.ok(values.some((v) => Math.abs(v - a) <= 1e-12 * Math.max(1, Math.abs(a))), `${type}: output ${a}`);
    if (type === "bce") {
      close(key.get("L") ?? key.get("E"), ref.loss, "the loss");
      for (const w of ref.weights.flat(2)) assert.ok(values.some((v) => Math.abs(v - w) <= 1e-12 * Math.max(1, Math.abs(w))), `bce: new weight ${w}`);
    }
    assertKeyRight(ex);
    assertDeterministic(type);
  }
});

test("an option of another type, or a bad value, is one line naming the option", () => {
  assert.throws(() => draw("scaling", { rows: "9" }), /--rows must be a whole number from 2 to 6, got "9"/);
  assert.throws(() => draw("optimizer", { optimizer: "adamx" }), /--optimizer must be one of momentum, nesterov, rmsprop, adam, got "adamx"/);
  assert.throws(() => draw("l2", { lambda: "NaN" }), /--lambda must be a number/);
});

test("init (He): r = √(6/n_in), σ = √(2/n_in), σ²; Xavier's √(6/(n_in + n_out)) is named wrong-scheme, n_out for n_in fans-swapped", () => {
  const ex = draw("init", { scheme: "he", layers: "10-4-2" });
  const key = flatKey(ex.files["key.yaml"]);
  const sizes = [10, 4, 2];
  for (let l = 0; l < 2; l++) {
    close(key.get(`r_${l + 1}`), Math.sqrt(6 / sizes[l]), `r_${l + 1}`);
    close(key.get(`sigma_${l + 1}`), Math.sqrt(2 / sizes[l]), `sigma_${l + 1}`);
    close(key.get(`var_${l + 1}`), 2 / sizes[l], `var_${l + 1}`);
  }
  assertKeyRight(ex);
  assertNothingRevealed(ex, sizes);
  assert.equal(diagnosisOf(ex, { r_1: Math.sqrt(6 / 14) }, "r_1"), "wrong-scheme");
  assert.equal(diagnosisOf(ex, { r_1: Math.sqrt(6 / 4) }, "r_1"), "fans-swapped");
  assert.equal(diagnosisOf(ex, { sigma_2: 2 / 4 }, "sigma_2"), "missing-square-root");
  assertDeterministic("init");
});

test("init (Xavier, drawn sizes): r = √(6/(n_in + n_out)), σ = √(2/(n_in + n_out))", () => {
  const ex = draw("init", { activation: "tanh" });
  const sizes = ex.exercise.document.layers as number[];
  const key = flatKey(ex.files["key.yaml"]);
  sizes.slice(0, -1).forEach((n, l) => {
    close(key.get(`r_${l + 1}`), Math.sqrt(6 / (n + sizes[l + 1])), `r_${l + 1}`);
    close(key.get(`sigma_${l + 1}`), Math.sqrt(2 / (n + sizes[l + 1])), `sigma_${l + 1}`);
  });
  assertKeyRight(ex);
});

test("dropout: m = 0 where u < p, else 1/(1 - p); y = m·x; E[y] = x; an unscaled mask is named dropout-not-scaled", () => {
  const ex = draw("dropout", { shape: "2x3", rate: "0.4" });
  const doc = ex.exercise.document as { input: number[][]; rate: number; draws: number[][] };
  const key = flatKey(ex.files["key.yaml"]);
  const p = doc.rate;
  let keptOne = "";
  doc.input.forEach((row, i) =>
    row.forEach((x, j) => {
      const at = `${j + 1}(${i + 1})`;
      const m = doc.draws[i][j] < p ? 0 : 1 / (1 - p);
      close(key.get(`m_${at}`), m, `m_${at}`);
      close(key.get(`y_${at}`), m * x, `y_${at}`);
      close(key.get(`E_y_${at}`), x, `E_y_${at}`);
      if (m !== 0 && keptOne === "") keptOne = at;
    }),
  );
  assertKeyRight(ex);
  assertDeterministic("dropout");
  assert.equal(diagnosisOf(ex, { [`m_${keptOne}`]: 1 }, `m_${keptOne}`), "dropout-not-scaled");
});

test("batchnorm: μ, σ² (÷N), x̂ = (x - μ)/√(σ² + ε), y = γx̂ + β and the backward pass from their closed forms; ÷(N - 1) is named unbiased-variance, √σ² epsilon-left-out", () => {
  const ex = draw("batchnorm", { batch: "3", features: "2", epsilon: "0.1" });
  const doc = ex.exercise.document as { data: number[][]; gamma: number[]; beta: number[]; epsilon: number; gradient: number[][] };
  const key = flatKey(ex.files["key.yaml"]);
  const N = doc.data.length;
  for (let j = 0; j < 2; j++) {
    const x = doc.data.map((r) => r[j]);
    const g = doc.gradient.map((r) => r[j]);
    const mu = mean(x);
    const variance = x.reduce((s, v) => s + (v - mu) ** 2, 0) / N;
    const root = Math.sqrt(variance + doc.epsilon);
    const xHat = x.map((v) => (v - mu) / root);
    close(key.get(`mu_${j + 1}`), mu, `mu_${j + 1}`);
    close(key.get(`sigma_${j + 1}^2`), variance, `sigma_${j + 1}^2`);
    xHat.forEach((h, n) => {
      close(key.get(`x_hat_${j + 1}(${n + 1})`), h, `x_hat_${j + 1}(${n + 1})`);
      close(key.get(`y_${j + 1}(${n + 1})`), doc.gamma[j] * h + doc.beta[j], `y_${j + 1}(${n + 1})`);
    });
    const dBeta = g.reduce((s, v) => s + v, 0);
    const dGamma = g.reduce((s, v, n) => s + v * xHat[n], 0);
    close(key.get(`dL/dbeta_${j + 1}`), dBeta, `dL/dbeta_${j + 1}`);
    close(key.get(`dL/dgamma_${j + 1}`), dGamma, `dL/dgamma_${j + 1}`);
    // ∂L/∂x by the chain rule through μ and σ², written out (not the compact form the engine uses).
    const dXHat = g.map((v) => v * doc.gamma[j]);
    const dVar = dXHat.reduce((s, d, n) => s + d * (x[n] - mu), 0) * -0.5 * (variance + doc.epsilon) ** -1.5;
    const dMu = dXHat.reduce((s, d) => s - d / root, 0) + dVar * x.reduce((s, v) => s - 2 * (v - mu), 0) / N;
    x.forEach((v, n) => {
      const expected = dXHat[n] / root + (dVar * 2 * (v - mu)) / N + dMu / N;
      assert.ok(Math.abs(key.get(`dL/dx_${j + 1}(${n + 1})`)! - expected) <= 1e-9 * Math.max(1, Math.abs(expected)), `dL/dx_${j + 1}(${n + 1})`);
    });
  }
  assertKeyRight(ex);
  assertNothingRevealed(ex, [...doc.data.flat(), ...doc.gamma, ...doc.beta, doc.epsilon, ...doc.gradient.flat()]);
  assertDeterministic("batchnorm");
  const x1 = doc.data.map((r) => r[0]);
  const unbiased = x1.reduce((s, v) => s + (v - mean(x1)) ** 2, 0) / (N - 1);
  assert.equal(diagnosisOf(ex, { "sigma_1^2": unbiased }, "sigma_1^2"), "unbiased-variance");
  const variance1 = x1.reduce((s, v) => s + (v - mean(x1)) ** 2, 0) / N;
  assert.equal(diagnosisOf(ex, { "x_hat_1(1)": (x1[0] - mean(x1)) / Math.sqrt(variance1) }, "x_hat_1(1)"), "epsilon-left-out");
});
