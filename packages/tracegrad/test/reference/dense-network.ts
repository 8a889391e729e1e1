/**
 * An independent reference for one gradient-descent step of a dense network, written for the tests
 * only: plain numbers, one sample at a time, textbook formulas. It shares no code with tracegrad.
 */

export type RefActivation = "identity" | "sigmoid" | "tanh" | "relu" | "leaky-relu" | "gaussian" | "softmax";
export type RefLoss = "half-sse" | "mse" | "bce" | "cross-entropy";

export interface RefLayer {
  activation: RefActivation;
  alpha?: number;
  weights: number[][]; // units x inputs
  bias: number[] | null;
  trainBias?: boolean;
}

export interface RefSpec {
  inputs: number[][];
  targets: number[][];
  loss: RefLoss;
  learningRate: number;
  l2?: number;
  weightDecay?: number;
  layers: RefLayer[];
}

export interface RefResult {
  loss: number;
  z: number[][][];
  a: number[][][];
  delta: number[][][];
  dW: number[][][];
  db: (number[] | null)[];
  weights: number[][][];
  bias: (number[] | null)[];
  lossAfter: number;
}

/** f(z) of an elementwise activation. */
export function f(act: RefActivation, z: number, alpha: number): number {
  switch (act) {
    case "identity":
      return z;
    case "sigmoid":
      return 1 / (1 + Math.exp(-z));
    case "tanh":
      return Math.tanh(z);
    case "relu":
      return Math.max(0, z);
    case "leaky-relu":
      return z > 0 ? z : alpha * z;
    case "gaussian":
      return Math.exp(-z * z);
    case "softmax":
      throw new Error("softmax is a row operation");
  }
}

/** f'(z) of an elementwise activation, from z. */
export function fPrime(act: RefActivation, z: number, alpha: number): number {
  switch (act) {
    case "identity":
      return 1;
    case "sigmoid": {
      const s = 1 / (1 + Math.exp(-z));
      return s * (1 - s);
    }
    case "tanh": {
      const c = Math.cosh(z);
      return 1 / (c * c);
    }
    case "relu":
      return z > 0 ? 1 : 0;
    case "leaky-relu":
      return z > 0 ? 1 : alpha;
    case "gaussian":
      return -2 * z * Math.exp(-z * z);
    case "softmax":
      throw new Error("softmax is a row operation");
  }
}

function forwardSample(layers: RefLayer[], x: number[]): { z: number[][]; a: number[][] } {
  const zs: number[][] = [];
  const as: number[][] = [];
  let input = x;
  for (const layer of layers) {
    const z = layer.weights.map((row, j) => row.reduce((s, w, i) => s + w * input[i], 0) + (layer.bias ? layer.bias[j] : 0));
    let a: number[];
    if (layer.activation === "softmax") {
      const m = Math.max(...z);
      const e = z.map((v) => Math.exp(v - m));
      const total = e.reduce((s, v) => s + v, 0);
      a = e.map((v) => v / total);
    } else {
      a = z.map((v) => f(layer.activation, v, layer.alpha ?? 0.01));
    }
    zs.push(z);
    as.push(a);
    input = a;
  }
  return { z: zs, a: as };
}

function dataLoss(spec: RefSpec, outputs: number[][]): number {
  const N = outputs.length;
  const K = outputs[0].length;
  let total = 0;
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const y = outputs[n][k];
      const t = spec.targets[n][k];
      switch (spec.loss) {
        case "half-sse":
          total += 0.5 * (y - t) ** 2;
          break;
        case "mse":
          total += (y - t) ** 2 / (N * K);
          break;
        case "bce":
          total -= (t * Math.log(y) + (1 - t) * Math.log(1 - y)) / (N * K);
          break;
        case "cross-entropy":
          if (t !== 0) total -= (t * Math.log(y)) / N;
          break;
      }
    }
  }
  return total;
}

function totalLoss(spec: RefSpec, layers: RefLayer[]): number {
  const outputs = spec.inputs.map((x) => {
    const { a } = forwardSample(layers, x);
    return a[a.length - 1];
  });
  let penalty = 0;
  if (spec.l2) for (const layer of layers) for (const row of layer.weights) for (const w of row) penalty += spec.l2 * w * w;
  return dataLoss(spec, outputs) + penalty;
}

/** One step: forward, loss, backward (sample by sample), update, and the loss after it. */
export function referenceStep(spec: RefSpec): RefResult {
  const N = spec.inputs.length;
  const L = spec.layers.length;
  const K = spec.layers[L - 1].weights.length;
  const passes = spec.inputs.map((x) => forwardSample(spec.layers, x));
  const dW = spec.layers.map((layer) => layer.weights.map((row) => row.map(() => 0)));
  const db = spec.layers.map((layer) => (layer.bias ? layer.bias.map(() => 0) : null));
  const deltas: number[][][] = spec.layers.map(() => []);
  passes.forEach((pass, n) => {
    const out = spec.layers[L - 1];
    const y = pass.a[L - 1];
    const t = spec.targets[n];
    let delta: number[];
    if (spec.loss === "cross-entropy") delta = y.map((p, k) => (p - t[k]) / N);
    else if (spec.loss === "bce" && out.activation === "sigmoid") delta = y.map((p, k) => (p - t[k]) / (N * K));
    else {
      const dLda = y.map((p, k) => {
        if (spec.loss === "half-sse") return p - t[k];
        if (spec.loss === "mse") return (2 * (p - t[k])) / (N * K);
        return (p - t[k]) / (p * (1 - p) * N * K);
      });
      delta = dLda.map((g, k) => g * fPrime(out.activation, pass.z[L - 1][k], out.alpha ?? 0.01));
    }
    for (let l = L - 1; l >= 0; l--) {
      deltas[l][n] = delta;
      const input = l === 0 ? spec.inputs[n] : pass.a[l - 1];
      const layer = spec.layers[l];
      layer.weights.forEach((row, j) => row.forEach((_, i) => (dW[l][j][i] += delta[j] * input[i])));
      if (db[l]) delta.forEach((d, j) => (db[l]![j] += d));
      if (l > 0) {
        const below = spec.layers[l - 1];
        delta = pass.z[l - 1].map((zv, i) => layer.weights.reduce((s, row, j) => s + row[i] * delta[j], 0) * fPrime(below.activation, zv, below.alpha ?? 0.01));
      }
    }
  });
  if (spec.l2) spec.layers.forEach((layer, l) => layer.weights.forEach((row, j) => row.forEach((w, i) => (dW[l][j][i] += 2 * spec.l2! * w))));
  const eta = spec.learningRate;
  const decay = spec.weightDecay ?? 0;
  const updated: RefLayer[] = spec.layers.map((layer, l) => ({
    ...layer,
    weights: layer.weights.map((row, j) => row.map((w, i) => w - eta * (dW[l][j][i] + decay * w))),
    bias: layer.bias ? layer.bias.map((b, j) => (layer.trainBias === false ? b : b - eta * db[l]![j])) : null,
  }));
  return {
    loss: totalLoss(spec, spec.layers),
    z: spec.layers.map((_, l) => passes.map((p) => p.z[l])),
    a: spec.layers.map((_, l) => passes.map((p) => p.a[l])),
    delta: deltas,
    dW,
    db,
    weights: updated.map((l) => l.weights),
    bias: updated.map((l) => l.bias),
    lossAfter: totalLoss(spec, updated),
  };
}
