/**
 * A learner with one misconception, worked out for the tests: one gradient-descent step of a dense
 * network computed the way that learner computes it, consistently through the whole step, with the
 * places where the misconception is made (where its formula gives another value than the right one
 * applied to the learner's own earlier values, visibly in 4 significant digits). Plain numbers, layer by layer over the batch, textbook formulas; it
 * shares no code with tracegrad (only the activations of `dense-network.ts`, also test code).
 */
import { f, fPrime } from "./dense-network.js";
import type { RefSpec } from "./dense-network.js";

/** The misconceptions, by the code `tracegrad check` should name them with. */
export const MISCONCEPTIONS = [
  "sign-flipped",
  "wrong-direction",
  "no-learning-rate",
  "factor-of-two",
  "missing-mean",
  "mean-over-samples-only",
  "dead-relu-derivative",
  "missing-activation-derivative",
  "derivative-of-wrong-argument",
  "transposed-weights",
  "used-updated-weights",
  "used-output-for-input",
  "bias-gradient-one-sample",
] as const;

export type Misconception = (typeof MISCONCEPTIONS)[number];

/** Every number of the learner's step by its path in `tracegrad step --json`, and where the misconception is made. */
export interface LearnerStep {
  readonly values: Map<string, number>;
  readonly made: Set<string>;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Whether the learner's value differs from the right one by more than a unit of its 4th significant digit: visible in what they write. */
function differ(learner: number, right: number): boolean {
  if (!Number.isFinite(learner) || !Number.isFinite(right)) return learner !== right;
  const size = Math.max(Math.abs(learner), Math.abs(right));
  if (size === 0) return false;
  return Math.abs(learner - right) > Math.pow(10, Math.floor(Math.log10(size)) - 3);
}

/**
 * The learner's step; with no misconception, the right one. With `decimals`, the learner rounds every
 * value they compute to that many decimal places and carries on with the rounded value.
 */
export function learnerStep(spec: RefSpec, m: Misconception | null, decimals?: number): LearnerStep {
  const k = decimals === undefined ? 0 : Math.pow(10, decimals);
  const q = (x: number) => (decimals === undefined || !Number.isFinite(x) ? x : Math.round(x * k) / k);
  const values = new Map<string, number>();
  const made = new Set<string>();
  const record = (path: string, value: number, right: number) => {
    values.set(path, value);
    if (differ(value, right)) made.add(path);
  };
  const N = spec.inputs.length;
  const L = spec.layers.length;
  const K = spec.layers[L - 1].weights.length;
  const eta = spec.learningRate;
  const alphaOf = (l: number) => spec.layers[l].alpha ?? 0.01;
  const fusedOutput = (spec.loss === "bce" && spec.layers[L - 1].activation === "sigmoid") || spec.loss === "cross-entropy";

  // The loss's divisor as the learner takes it, and the right one.
  const rightCount = spec.loss === "cross-entropy" ? N : N * K;
  const count = m === "missing-mean" ? 1 : m === "mean-over-samples-only" ? (spec.loss === "cross-entropy" ? N * K : N) : rightCount;
  const halfFactor = m === "factor-of-two" ? 1 : 0.5; // half-sse: ½Σ, or Σ without the ½

  type Track = (l: number, exactZ: number[][], z: number[][], exactA: number[][], a: number[][]) => void;
  const forward = (layers: { weights: number[][]; bias: number[] | null }[], track?: Track) => {
    const z: number[][][] = [];
    const a: number[][][] = [];
    let input = spec.inputs;
    layers.forEach((layer, l) => {
      const act = spec.layers[l].activation;
      const exactZ = input.map((x) => layer.weights.map((row, j) => row.reduce((s, w, i) => s + w * x[i], 0) + (layer.bias ? layer.bias[j] : 0)));
      const zl = exactZ.map((row) => row.map(q));
      const exactA = zl.map((row) => {
        if (act !== "softmax") return row.map((v) => f(act, v, alphaOf(l)));
        const mx = Math.max(...row);
        const e = row.map((v) => Math.exp(v - mx));
        const total = e.reduce((s, v) => s + v, 0);
        return e.map((v) => v / total);
      });
      const al = exactA.map((row) => row.map(q));
      track?.(l, exactZ, zl, exactA, al);
      z.push(zl);
      a.push(al);
      input = al;
    });
    return { z, a };
  };

  /** The data loss of outputs y, with the learner's divisor (or the right one). */
  const dataLoss = (y: number[][], n: number, half: number) => {
    let total = 0;
    y.forEach((row, s) =>
      row.forEach((p, k) => {
        const t = spec.targets[s][k];
        if (spec.loss === "half-sse") total += half * (p - t) ** 2;
        else if (spec.loss === "mse") total += (p - t) ** 2 / n;
        else if (spec.loss === "bce") total -= (t * Math.log(p) + (1 - t) * Math.log(1 - p)) / n;
        else if (t !== 0) total -= (t * Math.log(p)) / n;
      }),
    );
    return total;
  };
  const penalty = (layers: { weights: number[][] }[]) => (spec.l2 ? layers.reduce((s, layer) => s + layer.weights.flat().reduce((q, w) => q + spec.l2! * w * w, 0), 0) : 0);

  const given = spec.layers.map((layer) => ({ weights: layer.weights, bias: layer.bias }));
  const { z, a } = forward(given, (l, exactZ, zl, exactA, al) => {
    zl.forEach((row, n) => row.forEach((v, j) => record(`layers[${l}].z[${n}][${j}]`, v, exactZ[n][j])));
    al.forEach((row, n) => row.forEach((v, j) => record(`layers[${l}].a[${n}][${j}]`, v, exactA[n][j])));
  });
  const lossPaths = spec.l2 ? ["dataLoss", "loss"] : ["loss"];
  const data = q(dataLoss(a[L - 1], count, halfFactor));
  const dataRight = dataLoss(a[L - 1], rightCount, 0.5);
  if (spec.l2) {
    record("dataLoss", data, dataRight);
    values.set("penalty", penalty(given));
  }
  record(lossPaths[lossPaths.length - 1], data + penalty(given), dataRight + penalty(given));

  // f'(z) of layer l, as the learner takes it and as it is.
  const derivative = (l: number, zv: number, av: number, learner: boolean) => {
    const act = spec.layers[l].activation;
    const right = fPrime(act, zv, alphaOf(l));
    if (!learner) return right;
    if (m === "missing-activation-derivative" && act !== "identity") return 1;
    if (m === "dead-relu-derivative" && act === "relu" && zv <= 0) return 1;
    if (m === "dead-relu-derivative" && act === "leaky-relu" && zv <= 0) return 0;
    if (m === "derivative-of-wrong-argument" && (act === "sigmoid" || act === "tanh")) return act === "sigmoid" ? sigmoid(av) * (1 - sigmoid(av)) : 1 - Math.tanh(av) ** 2;
    return right;
  };

  // The output layer's δ: the learner's, and the right formula on the same outputs.
  const out = L - 1;
  const outAct = spec.layers[out].activation;
  const deltaOut = (learner: boolean) =>
    a[out].map((row, n) => {
      const t = spec.targets[n];
      const c = learner ? count : rightCount;
      const sign = learner && m === "sign-flipped" ? -1 : 1;
      if (fusedOutput) return row.map((p, k) => (sign * (p - t[k])) / c);
      return row.map((p, k) => {
        let dLda: number;
        if (spec.loss === "half-sse") dLda = (learner && m === "factor-of-two" ? 2 : 1) * (p - t[k]);
        else if (spec.loss === "mse") dLda = (2 * (p - t[k])) / c;
        else dLda = (p - t[k]) / (p * (1 - p) * c);
        if (outAct === "softmax") throw new Error("softmax outputs are fused with cross-entropy here");
        return sign * dLda * derivative(out, z[out][n][k], p, learner);
      });
    });
  const deltas: number[][][] = [];
  deltas[out] = deltaOut(true).map((row) => row.map(q));
  const deltaRight = deltaOut(false);
  deltas[out].forEach((row, n) => row.forEach((v, j) => record(`layers[${out}].delta[${n}][${j}]`, v, deltaRight[n][j])));

  const dW: number[][][] = [];
  const db: (number[] | null)[] = [];
  const newWeights: number[][][] = [];
  const newBias: (number[] | null)[] = [];
  const rate = m === "no-learning-rate" ? 1 : m === "wrong-direction" ? -eta : eta;
  const decay = spec.weightDecay ?? 0;

  for (let l = out; l >= 0; l--) {
    const layer = spec.layers[l];
    if (l < out) {
      // δ of layer l from the δ above, through the weights above (as the learner takes them).
      const above = spec.layers[l + 1].weights;
      const square = above.length === above[0].length;
      const through = m === "used-updated-weights" ? newWeights[l + 1] : above;
      deltas[l] = a[l].map((row, n) =>
        row.map((av, i) => {
          const upstream = (w: number[][], transposed: boolean) => w.reduce((s, wr, j) => s + (transposed ? w[i][j] : wr[i]) * deltas[l + 1][n][j], 0);
          const learner = q(q(upstream(through, m === "transposed-weights" && square)) * q(derivative(l, z[l][n][i], av, true)));
          const right = upstream(above, false) * derivative(l, z[l][n][i], av, false);
          record(`layers[${l}].delta[${n}][${i}]`, learner, right);
          return learner;
        }),
      );
    }
    const inputs = l === 0 ? spec.inputs : a[l - 1];
    const samples = m === "bias-gradient-one-sample" ? [0] : inputs.map((_, n) => n);
    dW[l] = layer.weights.map((row, j) =>
      row.map((w, i) => {
        const sum = (which: number[], factor: (n: number) => number) => which.reduce((s, n) => s + deltas[l][n][j] * factor(n), 0);
        const learner = q(sum(samples, (n) => (m === "used-output-for-input" ? a[l][n][j] : inputs[n][i])) + (spec.l2 ? 2 * spec.l2 * w : 0));
        const right = sum(inputs.map((_, n) => n), (n) => inputs[n][i]) + (spec.l2 ? 2 * spec.l2 * w : 0);
        record(`layers[${l}].dW[${j}][${i}]`, learner, right);
        return learner;
      }),
    );
    db[l] = layer.bias
      ? layer.bias.map((_, j) => {
          const learner = q(samples.reduce((s, n) => s + deltas[l][n][j], 0));
          record(`layers[${l}].db[${j}]`, learner, inputs.reduce((s, _x, n) => s + deltas[l][n][j], 0));
          return learner;
        })
      : null;
    if (eta !== null) {
      newWeights[l] = layer.weights.map((row, j) =>
        row.map((w, i) => {
          const learner = q(w - rate * (dW[l][j][i] + decay * w));
          record(`layers[${l}].weights[${j}][${i}]`, learner, w - eta * (dW[l][j][i] + decay * w));
          return learner;
        }),
      );
      newBias[l] = layer.bias
        ? layer.bias.map((b, j) => {
            const frozen = layer.trainBias === false;
            const learner = frozen ? b : q(b - rate * db[l]![j]);
            record(`layers[${l}].bias[${j}]`, learner, frozen ? b : b - eta * db[l]![j]);
            return learner;
          })
        : null;
    }
  }
  if (eta !== null) {
    const updated = spec.layers.map((_, l) => ({ weights: newWeights[l], bias: newBias[l] }));
    const after = forward(updated).a[out];
    record("lossAfter", q(dataLoss(after, count, halfFactor) + penalty(updated)), dataLoss(after, rightCount, 0.5) + penalty(updated));
  }
  return { values, made };
}

/** Whether a misconception changes any number of a spec's step. */
export function canBeMade(spec: RefSpec, m: Misconception): boolean {
  return learnerStep(spec, m).made.size > 0;
}
