/**
 * Every diagnosis code, made on purpose on random networks (fast-check, fixed seeds): each property
 * computes the learner's wrong number itself, from the exact results and plain math written here,
 * and gets the code back.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { DiagnosisCode } from "../../src/grade/mistake-table.js";
import type { StepResults } from "../../src/step/results.js";
import type { StepSpec } from "../../src/step/spec/step-spec.js";
import { clearlyWrong, exactResults, gradePaths, itemAt, sigma } from "./grading.js";
import { sigmoidNetwork } from "./random-network.js";

const RUNS = { numRuns: 40, endOnFailure: true };

/** f'(z) of the hidden activations the random networks use, from a = f(z). */
function derivative(activation: string, a: number): number {
  return activation === "tanh" ? 1 - a * a : a * (1 - a);
}

/** Every exact value of one kind in one layer, flattened. */
function valuesOf(r: StepResults, layer: number, kind: "z" | "a" | "delta" | "dW" | "weights"): number[] {
  return (r.layers[layer][kind] ?? []).flat();
}

/** Whether `value` is away (by 2%) from every number in `others`: no other mistake can explain it by accident. */
function awayFrom(value: number, others: readonly number[]): boolean {
  return others.every((o) => Math.abs(value - o) > 0.02 * Math.max(Math.abs(o), Math.abs(value)) + 1e-9);
}

interface ChainOptions {
  /** Rounds every intermediate value (identity for none). */
  round?: (x: number) => number;
  /** f'(z) of layer l as the learner takes it, from z and a (the right one when it returns undefined). */
  derivative?: (l: number, z: number, a: number) => number | undefined;
  /** The weights of layer l that δ is backpropagated through (the spec's when not given). */
  through?: (l: number) => readonly (readonly number[])[];
}

/**
 * The step worked out here in plain math, sample by sample, as a learner would: the δ of every layer of
 * every sample, and ∂L/∂w of the first weight. With `round` or `derivative`, the learner's slips.
 */
function chain(spec: StepSpec, options: ChainOptions = {}): { delta: number[][][]; dW: number[]; dW0: number } {
  const r = options.round ?? ((x: number) => x);
  const f = (activation: string, z: number) => (activation === "tanh" ? Math.tanh(z) : sigma(z));
  const last = spec.layers.length - 1;
  const deltas: number[][][] = [];
  const dW = spec.layers.map(() => 0);
  spec.inputs.forEach((x, n) => {
    const zs: number[][] = [];
    const as: number[][] = [];
    let input = x;
    for (const layer of spec.layers) {
      const z = layer.weights.map((row, j) => r(row.reduce((s, w, i) => s + w * input[i], 0) + (layer.bias?.[j] ?? 0)));
      const a = z.map((v) => r(f(layer.activation, v)));
      zs.push(z);
      as.push(a);
      input = a;
    }
    const fPrime = (l: number, k: number) => r(options.derivative?.(l, zs[l][k], as[l][k]) ?? derivative(spec.layers[l].activation, as[l][k]));
    const perLayer: number[][] = [];
    let delta = as[last].map((a, k) => r(r(a - spec.targets![n][k]) * fPrime(last, k)));
    perLayer[last] = delta;
    for (let l = last; l > 0; l--) {
      const w = options.through?.(l) ?? spec.layers[l].weights;
      const above = delta;
      delta = as[l - 1].map((_, i) => r(r(w.reduce((s, row, j) => s + row[i] * above[j], 0)) * fPrime(l - 1, i)));
      perLayer[l - 1] = delta;
    }
    deltas.push(perLayer);
    perLayer.forEach((d, l) => (dW[l] += d[0] * (l === 0 ? x[0] : as[l - 1][0])));
  });
  return { delta: deltas, dW: dW.map(r), dW0: r(dW[0]) };
}

/** The learner's other slips with f': left out, at a, or its formula applied to z; in one layer or all. */
function derivativeSlips(spec: StepSpec): ChainOptions[] {
  const layers = spec.layers.map((_, l) => l);
  const forms = [
    () => 1,
    (_z: number, a: number) => sigma(a) * (1 - sigma(a)),
    (z: number) => z * (1 - z),
  ];
  const tanhForms = [() => 1, (_z: number, a: number) => 1 - Math.tanh(a) ** 2, (z: number) => 1 - z * z];
  const out: ChainOptions[] = [];
  for (const k of [0, 1, 2]) {
    for (const set of [...layers.map((l) => [l]), layers]) {
      out.push({ derivative: (l, z, a) => (set.includes(l) ? (spec.layers[l].activation === "tanh" ? tanhForms[k](z, a) : forms[k](z, a)) : undefined) });
    }
  }
  return out;
}

function property(seed: number, make: (spec: StepSpec, r: StepResults) => { answers: Record<string, number>; path: string; code: DiagnosisCode } | null): void {
  let checked = 0;
  fc.assert(
    fc.property(sigmoidNetwork, (spec) => {
      const r = exactResults(spec);
      const made = make(spec, r);
      fc.pre(made !== null);
      const item = itemAt(gradePaths(spec, made!.answers), made!.path);
      const what = `${made!.path} = ${made!.answers[made!.path]} (expected ${item.expected}): ${item.explanation}\nspec: ${JSON.stringify(spec)}`;
      assert.equal(item.ok, false, what);
      assert.equal(item.diagnosis, made!.code, what);
      checked++;
    }),
    { seed, ...RUNS },
  );
  assert.ok(checked >= RUNS.numRuns / 2, `only ${checked} of the random networks could make the mistake`);
}

test("swapped on random networks: two gradients of the first layer exchanged", () => {
  property(1, (_spec, r) => {
    const [g, h] = [r.layers[0].dW![0][0], r.layers[0].dW![1][0]];
    if (!clearlyWrong(h, g)) return null;
    return { answers: { "layers[0].dW[0][0]": h, "layers[0].dW[1][0]": g }, path: "layers[0].dW[0][0]", code: "swapped" };
  });
});

test("sign-flipped on random networks: a negated gradient", () => {
  property(2, (_spec, r) => {
    const g = r.layers[0].dW![0][0];
    if (Math.abs(g) < 1e-6 || !awayFrom(-g, valuesOf(r, 0, "dW"))) return null;
    return { answers: { "layers[0].dW[0][0]": -g }, path: "layers[0].dW[0][0]", code: "sign-flipped" };
  });
});

test("no-learning-rate on random networks: w - ∂L/∂w", () => {
  property(3, (spec, r) => {
    const last = spec.layers.length - 1;
    const g = r.layers[last].dW![0][0];
    const w = spec.layers[last].weights[0][0] - g;
    const right = r.layers[last].weights![0][0];
    if (!clearlyWrong(w, right) || !awayFrom(w, [...valuesOf(r, last, "weights"), ...valuesOf(r, last, "dW"), -right])) return null;
    return { answers: { [`layers[${last}].weights[0][0]`]: w }, path: `layers[${last}].weights[0][0]`, code: "no-learning-rate" };
  });
});

test("gradient-not-update and update-not-gradient on random networks", () => {
  property(4, (spec, r) => {
    const last = spec.layers.length - 1;
    const g = r.layers[last].dW![0][0];
    const w = r.layers[last].weights![0][0];
    if (!clearlyWrong(g, w) || !awayFrom(g, [...valuesOf(r, last, "weights"), -w, spec.layers[last].weights[0][0] - g])) return null;
    return { answers: { [`layers[${last}].weights[0][0]`]: g }, path: `layers[${last}].weights[0][0]`, code: "gradient-not-update" };
  });
  property(5, (spec, r) => {
    const last = spec.layers.length - 1;
    const g = r.layers[last].dW![0][0];
    const w = r.layers[last].weights![0][0];
    if (!clearlyWrong(w, g) || !awayFrom(w, [...valuesOf(r, last, "dW"), -g])) return null;
    return { answers: { [`layers[${last}].dW[0][0]`]: w }, path: `layers[${last}].dW[0][0]`, code: "update-not-gradient" };
  });
});

test("factor-of-two on random networks: the sum of squared errors for half-sse", () => {
  property(6, (spec, r) => {
    const last = spec.layers.length - 1;
    let sse = 0;
    r.layers[last].a.forEach((row, n) => row.forEach((a, k) => (sse += (spec.targets![n][k] - a) ** 2)));
    return { answers: { loss: sse }, path: "loss", code: "factor-of-two" };
  });
});

test("missing-activation-derivative on random networks: δ of an output unit as a - t", () => {
  property(7, (spec, r) => {
    const last = spec.layers.length - 1;
    const delta = r.layers[last].a[0][0] - spec.targets![0][0];
    if (!awayFrom(delta, [...valuesOf(r, last, "delta"), -r.layers[last].delta![0][0], 2 * r.layers[last].delta![0][0], r.layers[last].delta![0][0] / 2])) return null;
    return { answers: { [`layers[${last}].delta[0][0]`]: delta }, path: `layers[${last}].delta[0][0]`, code: "missing-activation-derivative" };
  });
});

test("derivative-of-wrong-argument on random networks: σ'(a) for σ'(z) in δ of an output unit", () => {
  property(8, (spec, r) => {
    const last = spec.layers.length - 1;
    const a = r.layers[last].a[0][0];
    const delta = (a - spec.targets![0][0]) * sigma(a) * (1 - sigma(a));
    const right = r.layers[last].delta![0][0];
    if (!clearlyWrong(delta, right) || !awayFrom(delta, [...valuesOf(r, last, "delta"), -right, 2 * right, right / 2, a - spec.targets![0][0]])) return null;
    return { answers: { [`layers[${last}].delta[0][0]`]: delta }, path: `layers[${last}].delta[0][0]`, code: "derivative-of-wrong-argument" };
  });
});

test("used-updated-weights on random networks: a hidden δ backpropagated through the new weights", () => {
  property(9, (spec, r) => {
    const top = spec.layers.length - 1;
    const hidden = top - 1;
    const newWeights = r.layers[top].weights!;
    const deltas = r.layers[top].delta![0];
    const upstream = deltas.reduce((s, d, j) => s + newWeights[j][0] * d, 0);
    const delta = upstream * derivative(spec.layers[hidden].activation, r.layers[hidden].a[0][0]);
    const right = r.layers[hidden].delta![0][0];
    const slips = derivativeSlips(spec).map((o) => chain(spec, o).delta[0][hidden][0]);
    if (!clearlyWrong(delta, right) || !awayFrom(delta, [...valuesOf(r, hidden, "delta"), -right, 2 * right, right / 2, ...slips])) return null;
    return { answers: { [`layers[${hidden}].delta[0][0]`]: delta }, path: `layers[${hidden}].delta[0][0]`, code: "used-updated-weights" };
  });
});

test("propagated-error on random networks: a gradient computed right from a wrong δ", () => {
  property(10, (spec, r) => {
    const last = spec.layers.length - 1;
    const wrongDelta = 1.3 * r.layers[last].delta![0][0];
    const below = r.layers[last - 1].a;
    const g = wrongDelta * below[0][0] + r.layers[last].delta!.slice(1).reduce((s, row, n) => s + row[0] * below[n + 1][0], 0);
    const right = r.layers[last].dW![0][0];
    const slips = [...derivativeSlips(spec), { through: (l: number) => r.layers[l].weights! }].map((o) => chain(spec, o).dW[last]);
    if (!clearlyWrong(g, right) || !awayFrom(g, [...valuesOf(r, last, "dW"), -right, 2 * right, right / 2, ...slips])) return null;
    const answers = { [`layers[${last}].delta[0][0]`]: wrongDelta, [`layers[${last}].dW[0][0]`]: g };
    if (itemAt(gradePaths(spec, answers), `layers[${last}].delta[0][0]`).diagnosis !== null) return null; // 1.3·δ happens to be a known mistake
    return { answers, path: `layers[${last}].dW[0][0]`, code: "propagated-error" };
  });
});

test("rounding on random networks: the gradient of a first-layer weight with every intermediate value rounded to 2 digits", () => {
  property(12, (spec, r) => {
    const r2 = (x: number) => Number(x.toPrecision(2));
    const g = chain(spec, { round: r2 }).dW0;
    const right = r.layers[0].dW![0][0];
    const slips = [...derivativeSlips(spec), { through: (l: number) => r.layers[l].weights! }].map((o) => chain(spec, o).dW0);
    if (Math.abs(g - right) <= 0.006 * Math.abs(right) || !clearlyWrong(g, 0) || !awayFrom(g, [-right, 2 * right, right / 2, ...slips, ...valuesOf(r, 0, "dW").filter((x) => x !== right)])) return null;
    return { answers: { "layers[0].dW[0][0]": g }, path: "layers[0].dW[0][0]", code: "rounding" };
  });
});
