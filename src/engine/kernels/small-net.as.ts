// The small-network trainer: whole epochs of gradient descent on a dense network (forward, loss,
// backward, gradient adjustments, update; full batch or shuffled minibatches) in one WebAssembly call,
// in Float64 with f64x2 SIMD. Driven by small-net.ts, which lays out the memory, fills it and reads the
// results back; chosen by nn/trainer.ts for networks too small to profit from the matrix kernels.
//
// Written in AssemblyScript and compiled at build time (scripts/build-wasm.mjs, the binary embedded in
// small-net-wasm.generated.ts), rather than in hand-written WebAssembly text like gemm.wat: this is a
// whole training loop with seven activations, four losses, five update rules, penalties, clipping and
// a random generator, and AssemblyScript keeps it readable as typed functions with loops and names,
// while each SIMD instruction is still written out (f64x2.add, v128.load, ...), so what runs is what is
// written. Binaryen's optimizer keeps IEEE semantics (no fast-math): it never reassociates or fuses
// floating-point operations.
//
// Same bits as the TypeScript fast path. Every quantity is computed with the operations of the
// TypeScript code in nn/ and engine/ in the same order: the sums of the matrix products run over k in
// blocks of KC as every kernel of engine/kernels does (blocking.ts), each vector lane carrying one
// element of the result; exp, log and log1p are fdlibm's, as V8's Math functions are
// (small-net-math.as.ts). So where V8 runs the TypeScript path, this one gives the same bits in
// Float64, except with tanh layers, whose tanh here is within 0.51 ulp where Math.tanh is up to 1.8 ulp
// off. Run to run and across checkpoints it is bit-identical in any engine: nothing depends on timing,
// threads or memory addresses.
//
// No allocation: every buffer is laid out by small-net.ts before the first call. Addresses are byte
// offsets into the one memory; Float64 arrays are 8-byte aligned.

import { exp, expV, log, logV, log1p, tanh, tanhV } from "./small-net-math.as";

export { exp2Table } from "./small-net-math.as";

// Codes shared with small-net.ts.
const IDENTITY = 0;
const SIGMOID = 1;
const TANH = 2;
const RELU = 3;
const LEAKY_RELU = 4;
const GAUSSIAN = 5;
const SOFTMAX = 6;

const HALF_SSE = 0;
const MSE = 1;
const BCE = 2;
const CROSS_ENTROPY = 3;

const SGD = 0;
const MOMENTUM = 1;
const NESTEROV = 2;
const RMSPROP = 3;
const ADAM = 4;

/** Per-epoch results: term sum, penalty, correct count, gradient norm, largest change (f64 each). */
const RESULT_BYTES: usize = 40;

/** Layer table: one record of LAYER_BYTES per dense layer (i32 fields, then alpha as f64). */
const LAYER_BYTES: usize = 64;
const L_IN = 0;
const L_OUT = 4;
const L_ACT = 8;
const L_W = 12; // weights (units × inputs, row-major) in the parameter vector
const L_B = 16; // biases, or 0
const L_GW = 20; // their gradients
const L_GB = 24;
const L_WT = 28; // the weights transposed (inputs × units), for the forward product
const L_Z = 32; // pre-activations, batch × units
const L_A = 36; // activations
const L_DZ = 40; // ∂L/∂z
const L_DA = 44; // ∂L/∂a (written by the next layer, or by the loss)
const L_ALPHA = 56;

// ---------------------------------------------------------------------------------------------------
// Configuration (set once by small-net.ts)

let layerCount: i32 = 0;
let layers: usize = 0;
let kc: i32 = 256;

let sampleCount: i32 = 0;
let inputCount: i32 = 0;
let outputCount: i32 = 0;
let batchSize: i32 = 0;
let shuffleOn: i32 = 0;
let gather: i32 = 0;
let xData: usize = 0;
let yData: usize = 0;
let labelData: usize = 0; // i32 per sample, or 0 without labels
let xBatch: usize = 0;
let yBatch: usize = 0;
let order: usize = 0; // u32 per sample

let lossKind: i32 = 0;
let fused: i32 = 0;

let rule: i32 = 0;
let momentum: f64 = 0;
let rho: f64 = 0;
let oneMinusRho: f64 = 0;
let beta1: f64 = 0;
let oneMinusBeta1: f64 = 0;
let beta2: f64 = 0;
let oneMinusBeta2: f64 = 0;
let epsilon: f64 = 0;
let weightDecay: f64 = 0;
let l1: f64 = 0;
let l2: f64 = 0;
let penalized: i32 = 0;
let clipValue: f64 = 0;
let clipValueOn: i32 = 0;
let clipNorm: f64 = 0;
let clipNormOn: i32 = 0;
let gradientNormOn: i32 = 0;

let parameters: usize = 0;
let gradients: usize = 0;
let state0: usize = 0;
let state1: usize = 0;
let parameterLength: i32 = 0;

let results: usize = 0; // RESULT_BYTES per epoch
let rates: usize = 0; // the learning rate of each epoch, f64
let corrections: usize = 0; // Adam's 1 - β₁ᵗ and 1 - β₂ᵗ for each step, f64 pairs

// xoshiro128** (engine/random.ts)
let s0: u32 = 0;
let s1: u32 = 0;
let s2: u32 = 0;
let s3: u32 = 0;

// where the last call stopped, when it diverged
let divergedBatch: i32 = 0;
let divergedKind: i32 = 0; // 1: the loss, 2: the weights
let divergedParameter: i32 = -1;

export function configureNetwork(table: usize, count: i32, blockK: i32): void {
  layers = table;
  layerCount = count;
  kc = blockK;
}

export function configureData(n: i32, features: i32, outputs: i32, x: usize, y: usize, labels: usize, batch: i32, shuffle: i32, xb: usize, yb: usize, perm: usize): void {
  sampleCount = n;
  inputCount = features;
  outputCount = outputs;
  xData = x;
  yData = y;
  labelData = labels;
  batchSize = batch;
  shuffleOn = shuffle;
  gather = shuffle != 0 || batch < n ? 1 : 0;
  xBatch = xb;
  yBatch = yb;
  order = perm;
}

export function configureLoss(kind: i32, isFused: i32): void {
  lossKind = kind;
  fused = isFused;
}

export function configureOptimizer(code: i32, mu: f64, r: f64, b1: f64, b2: f64, eps: f64, decay: f64): void {
  rule = code;
  momentum = mu;
  rho = r;
  oneMinusRho = 1 - r;
  beta1 = b1;
  oneMinusBeta1 = 1 - b1;
  beta2 = b2;
  oneMinusBeta2 = 1 - b2;
  epsilon = eps;
  weightDecay = decay;
}

export function configureGradients(lambda1: f64, lambda2: f64, clip: f64, clipOn: i32, norm: f64, normOn: i32, gradientNorm: i32): void {
  l1 = lambda1;
  l2 = lambda2;
  penalized = lambda1 != 0 || lambda2 != 0 ? 1 : 0;
  clipValue = clip;
  clipValueOn = clipOn;
  clipNorm = norm;
  clipNormOn = normOn;
  gradientNormOn = gradientNorm;
}

export function configureBuffers(params: usize, grads: usize, first: usize, second: usize, length: i32, out: usize, lr: usize, adam: usize): void {
  parameters = params;
  gradients = grads;
  state0 = first;
  state1 = second;
  parameterLength = length;
  results = out;
  rates = lr;
  corrections = adam;
}

export function setRandom(a: u32, b: u32, c: u32, d: u32): void {
  s0 = a;
  s1 = b;
  s2 = c;
  s3 = d;
}

/** Word i (0 .. 3) of the generator's state. */
export function randomWord(i: i32): u32 {
  return i == 0 ? s0 : i == 1 ? s1 : i == 2 ? s2 : s3;
}

export function lastDivergedBatch(): i32 {
  return divergedBatch;
}

export function lastDivergedKind(): i32 {
  return divergedKind;
}

export function lastDivergedParameter(): i32 {
  return divergedParameter;
}

// ---------------------------------------------------------------------------------------------------
// Helpers

// @ts-ignore: decorator
@inline function field(l: i32, offset: i32): usize {
  return <usize>load<i32>(layers + <usize>l * LAYER_BYTES + <usize>offset);
}

// @ts-ignore: decorator
@inline function at(base: usize, index: i32): usize {
  return base + (<usize>index << 3);
}

// @ts-ignore: decorator
@inline function splat(x: f64): v128 {
  return f64x2.splat(x);
}

/** Whether x is neither NaN nor infinite. */
// @ts-ignore: decorator
@inline function isFinite64(x: f64): bool {
  return x - x == 0;
}

// ---------------------------------------------------------------------------------------------------
// The random generator (engine/random.ts: xoshiro128**, 53-bit floats, Fisher–Yates)

function nextUint32(): u32 {
  const result = rotl<u32>(s1 * 5, 7) * 9;
  const t = s1 << 9;
  s2 ^= s0;
  s3 ^= s1;
  s1 ^= s2;
  s0 ^= s3;
  s2 ^= t;
  s3 = rotl<u32>(s3, 11);
  return result;
}

function nextFloat(): f64 {
  const high = nextUint32() >>> 5;
  const low = nextUint32() >>> 6;
  return (<f64>high * 67108864.0 + <f64>low) / 9007199254740992.0;
}

/** Fills `order` with 0 .. n-1 shuffled as Random.permutation(n) does. */
function permute(n: i32): void {
  for (let i = 0; i < n; i++) store<u32>(order + (<usize>i << 2), <u32>i);
  for (let i = n - 1; i > 0; i--) {
    const j = <i32>Math.floor(nextFloat() * <f64>(i + 1));
    const pi = order + (<usize>i << 2);
    const pj = order + (<usize>j << 2);
    const t = load<u32>(pi);
    store<u32>(pi, load<u32>(pj));
    store<u32>(pj, t);
  }
}

// ---------------------------------------------------------------------------------------------------
// Forward

/**
 * z (rows × J) = b + x·Wᵀ for one layer, with Wᵀ (I × J) stored: lane j of a vector holds unit j, and
 * each sum runs over the inputs in order, in blocks of kc (naive.ts's order); with a bias the first
 * block's sum is added to it.
 */
function forwardProduct(l: i32, input: usize, rows: i32): void {
  const I = <i32>field(l, L_IN);
  const J = <i32>field(l, L_OUT);
  const wt = field(l, L_WT);
  const b = field(l, L_B);
  const z = field(l, L_Z);
  const J2 = J & ~1;
  for (let r = 0; r < rows; r++) {
    const xr = at(input, r * I);
    const zr = at(z, r * J);
    let j = 0;
    for (; j + 4 <= J; j += 4) {
      let t0 = splat(0);
      let t1 = splat(0);
      for (let p0 = 0; p0 < I; p0 += kc) {
        const end = min(p0 + kc, I);
        let a0 = splat(0);
        let a1 = splat(0);
        for (let p = p0; p < end; p++) {
          const xv = splat(load<f64>(at(xr, p)));
          const w = at(wt, p * J + j);
          a0 = f64x2.add(a0, f64x2.mul(xv, v128.load(w)));
          a1 = f64x2.add(a1, f64x2.mul(xv, v128.load(w, 16)));
        }
        if (p0 == 0) {
          t0 = b != 0 ? f64x2.add(v128.load(at(b, j)), a0) : a0;
          t1 = b != 0 ? f64x2.add(v128.load(at(b, j), 16), a1) : a1;
        } else {
          t0 = f64x2.add(t0, a0);
          t1 = f64x2.add(t1, a1);
        }
      }
      v128.store(at(zr, j), t0);
      v128.store(at(zr, j), t1, 16);
    }
    for (; j < J2; j += 2) {
      let t0 = splat(0);
      for (let p0 = 0; p0 < I; p0 += kc) {
        const end = min(p0 + kc, I);
        let a0 = splat(0);
        for (let p = p0; p < end; p++) a0 = f64x2.add(a0, f64x2.mul(splat(load<f64>(at(xr, p))), v128.load(at(wt, p * J + j))));
        t0 = p0 == 0 ? (b != 0 ? f64x2.add(v128.load(at(b, j)), a0) : a0) : f64x2.add(t0, a0);
      }
      v128.store(at(zr, j), t0);
    }
    if (j < J) {
      let t: f64 = 0;
      for (let p0 = 0; p0 < I; p0 += kc) {
        const end = min(p0 + kc, I);
        let s: f64 = 0;
        for (let p = p0; p < end; p++) s += load<f64>(at(xr, p)) * load<f64>(at(wt, p * J + j));
        t = p0 == 0 ? (b != 0 ? load<f64>(at(b, j)) + s : s) : t + s;
      }
      store<f64>(at(zr, j), t);
    }
  }
}

/** a = f(z) over `count` values (engine/activations.ts's forwardArray; softmax row by row). */
function activate(l: i32, rows: i32): void {
  const act = <i32>field(l, L_ACT);
  const J = <i32>field(l, L_OUT);
  const z = field(l, L_Z);
  const a = field(l, L_A);
  const count = rows * J;
  const one = splat(1);
  let i = 0;
  if (act == SIGMOID) {
    for (; i + 2 <= count; i += 2) v128.store(at(a, i), f64x2.div(one, f64x2.add(one, expV(f64x2.neg(v128.load(at(z, i)))))));
    for (; i < count; i++) store<f64>(at(a, i), 1 / (1 + exp(-load<f64>(at(z, i)))));
  } else if (act == TANH) {
    for (; i + 2 <= count; i += 2) v128.store(at(a, i), tanhV(v128.load(at(z, i))));
    for (; i < count; i++) store<f64>(at(a, i), tanh(load<f64>(at(z, i))));
  } else if (act == RELU) {
    const zero = splat(0);
    for (; i + 2 <= count; i += 2) {
      const v = v128.load(at(z, i));
      v128.store(at(a, i), v128.bitselect(v, zero, f64x2.gt(v, zero)));
    }
    for (; i < count; i++) {
      const v = load<f64>(at(z, i));
      store<f64>(at(a, i), v > 0 ? v : 0);
    }
  } else if (act == LEAKY_RELU) {
    const alpha = load<f64>(layers + <usize>l * LAYER_BYTES + L_ALPHA);
    const zero = splat(0);
    const va = splat(alpha);
    for (; i + 2 <= count; i += 2) {
      const v = v128.load(at(z, i));
      v128.store(at(a, i), v128.bitselect(v, f64x2.mul(va, v), f64x2.gt(v, zero)));
    }
    for (; i < count; i++) {
      const v = load<f64>(at(z, i));
      store<f64>(at(a, i), v > 0 ? v : alpha * v);
    }
  } else if (act == GAUSSIAN) {
    for (; i + 2 <= count; i += 2) {
      const v = v128.load(at(z, i));
      v128.store(at(a, i), expV(f64x2.mul(f64x2.neg(v), v)));
    }
    for (; i < count; i++) {
      const v = load<f64>(at(z, i));
      store<f64>(at(a, i), exp(-v * v));
    }
  } else if (act == SOFTMAX) {
    for (let r = 0; r < rows; r++) {
      const zr = at(z, r * J);
      const ar = at(a, r * J);
      let m = -Infinity;
      for (let k = 0; k < J; k++) {
        const v = load<f64>(at(zr, k));
        if (v > m) m = v;
      }
      let total: f64 = 0;
      let k = 0;
      const vm = splat(m);
      for (; k + 2 <= J; k += 2) {
        const e = expV(f64x2.sub(v128.load(at(zr, k)), vm));
        v128.store(at(ar, k), e);
        total += f64x2.extract_lane(e, 0);
        total += f64x2.extract_lane(e, 1);
      }
      for (; k < J; k++) {
        const e = exp(load<f64>(at(zr, k)) - m);
        store<f64>(at(ar, k), e);
        total += e;
      }
      for (k = 0; k < J; k++) store<f64>(at(ar, k), load<f64>(at(ar, k)) / total);
    }
  } else {
    memory.copy(a, z, <usize>count << 3);
  }
}

function forward(input: usize, rows: i32): void {
  let x = input;
  for (let l = 0; l < layerCount; l++) {
    forwardProduct(l, x, rows);
    activate(l, rows);
    x = field(l, L_A);
  }
}

// ---------------------------------------------------------------------------------------------------
// Loss (nn/loss-head.ts with engine/losses.ts)

/**
 * The loss terms of a batch, summed as LossHead.evaluate sums them, and the gradient that starts the
 * backward pass: δ into the output layer's dz when the loss is fused with its activation, else ∂L/∂a
 * into its da.
 */
function lossTerms(rows: i32, targets: usize): f64 {
  const last = layerCount - 1;
  const K = outputCount;
  const z = field(last, L_Z);
  const a = field(last, L_A);
  const count = rows * K;
  const n: f64 = lossKind == HALF_SSE ? 1 : lossKind == CROSS_ENTROPY ? <f64>rows : <f64>count;
  let termSum: f64 = 0;
  if (fused) {
    if (lossKind == BCE) {
      // t ln σ(z) + (1 - t) ln(1 - σ(z)) = t·z - max(z, 0) - ln(1 + e^(-|z|)), per row
      for (let r = 0; r < rows; r++) {
        let total: f64 = 0;
        for (let k = r * K; k < r * K + K; k++) {
          const v = load<f64>(at(z, k));
          const t = load<f64>(at(targets, k));
          total += t * v - max(v, 0) - log1p(exp(-abs(v)));
        }
        termSum += total;
      }
    } else {
      // Σ_k t_k (z_k - m - ln Σ_j e^(z_j - m)), per row
      for (let r = 0; r < rows; r++) {
        const zr = at(z, r * K);
        const tr = at(targets, r * K);
        let m = -Infinity;
        for (let k = 0; k < K; k++) {
          const v = load<f64>(at(zr, k));
          if (v > m) m = v;
        }
        let sum: f64 = 0;
        for (let k = 0; k < K; k++) sum += exp(load<f64>(at(zr, k)) - m);
        const logSum = m + log(sum);
        let total: f64 = 0;
        for (let k = 0; k < K; k++) {
          const t = load<f64>(at(tr, k));
          if (t != 0) total += t * (load<f64>(at(zr, k)) - logSum);
        }
        termSum += total;
      }
    }
    const delta = field(last, L_DZ);
    const vn = splat(n);
    let i = 0;
    for (; i + 2 <= count; i += 2) v128.store(at(delta, i), f64x2.div(f64x2.sub(v128.load(at(a, i)), v128.load(at(targets, i))), vn));
    for (; i < count; i++) store<f64>(at(delta, i), (load<f64>(at(a, i)) - load<f64>(at(targets, i))) / n);
    return termSum;
  }
  const g = field(last, L_DA);
  if (lossKind == HALF_SSE || lossKind == MSE) {
    for (let i = 0; i < count; i++) {
      const d = load<f64>(at(targets, i)) - load<f64>(at(a, i));
      termSum += d * d;
    }
    let i = 0;
    if (lossKind == HALF_SSE) {
      for (; i + 2 <= count; i += 2) v128.store(at(g, i), f64x2.sub(v128.load(at(a, i)), v128.load(at(targets, i))));
      for (; i < count; i++) store<f64>(at(g, i), load<f64>(at(a, i)) - load<f64>(at(targets, i)));
    } else {
      const two = splat(2);
      const vn = splat(n);
      for (; i + 2 <= count; i += 2) v128.store(at(g, i), f64x2.div(f64x2.mul(two, f64x2.sub(v128.load(at(a, i)), v128.load(at(targets, i)))), vn));
      for (; i < count; i++) store<f64>(at(g, i), (2 * (load<f64>(at(a, i)) - load<f64>(at(targets, i)))) / n);
    }
  } else if (lossKind == BCE) {
    for (let i = 0; i < count; i++) {
      const t = load<f64>(at(targets, i));
      const v = load<f64>(at(a, i));
      termSum += (t == 0 ? 0 : t * log(v)) + (t == 1 ? 0 : (1 - t) * log(1 - v));
      store<f64>(at(g, i), v == 1 && t == 1 ? -1 / n : v == 0 && t == 0 ? 1 / n : (v - t) / (n * v * (1 - v)));
    }
  } else {
    for (let i = 0; i < count; i++) {
      const t = load<f64>(at(targets, i));
      const v = load<f64>(at(a, i));
      termSum += t == 0 ? 0 : t * log(v);
      store<f64>(at(g, i), -t / (n * v));
    }
  }
  return termSum;
}

/** Rows whose predicted class (nn/metrics.ts's predictedClass) is their label. */
function countCorrect(rows: i32, start: i32): i32 {
  const last = layerCount - 1;
  const K = outputCount;
  const a = field(last, L_A);
  let correct = 0;
  for (let r = 0; r < rows; r++) {
    const ar = at(a, r * K);
    let best = 0;
    let none = false;
    for (let k = 0; k < K; k++) {
      const v = load<f64>(at(ar, k));
      if (v != v) {
        none = true;
        break;
      }
      if (v > load<f64>(at(ar, best))) best = k;
    }
    if (none) continue;
    const predicted = K == 1 ? (load<f64>(ar) >= 0.5 ? 1 : 0) : best;
    const sample = shuffleOn ? <i32>load<u32>(order + (<usize>(start + r) << 2)) : start + r;
    if (predicted == load<i32>(labelData + (<usize>sample << 2))) correct++;
  }
  return correct;
}

// ---------------------------------------------------------------------------------------------------
// Backward (nn/layers/dense.ts)

/** dz = da ⊙ f'(z) (engine/activations.ts's backwardArray; softmax row by row). */
function activationBackward(l: i32, rows: i32): void {
  const act = <i32>field(l, L_ACT);
  const J = <i32>field(l, L_OUT);
  const z = field(l, L_Z);
  const a = field(l, L_A);
  const da = field(l, L_DA);
  const dz = field(l, L_DZ);
  const count = rows * J;
  const one = splat(1);
  const zero = splat(0);
  let i = 0;
  if (act == SIGMOID) {
    for (; i + 2 <= count; i += 2) {
      const v = v128.load(at(a, i));
      v128.store(at(dz, i), f64x2.mul(v128.load(at(da, i)), f64x2.mul(v, f64x2.sub(one, v))));
    }
    for (; i < count; i++) {
      const v = load<f64>(at(a, i));
      store<f64>(at(dz, i), load<f64>(at(da, i)) * (v * (1 - v)));
    }
  } else if (act == TANH) {
    for (; i + 2 <= count; i += 2) {
      const v = v128.load(at(a, i));
      v128.store(at(dz, i), f64x2.mul(v128.load(at(da, i)), f64x2.sub(one, f64x2.mul(v, v))));
    }
    for (; i < count; i++) {
      const v = load<f64>(at(a, i));
      store<f64>(at(dz, i), load<f64>(at(da, i)) * (1 - v * v));
    }
  } else if (act == RELU) {
    for (; i + 2 <= count; i += 2) v128.store(at(dz, i), v128.bitselect(v128.load(at(da, i)), zero, f64x2.gt(v128.load(at(z, i)), zero)));
    for (; i < count; i++) store<f64>(at(dz, i), load<f64>(at(z, i)) > 0 ? load<f64>(at(da, i)) : 0);
  } else if (act == LEAKY_RELU) {
    const alpha = load<f64>(layers + <usize>l * LAYER_BYTES + L_ALPHA);
    const va = splat(alpha);
    for (; i + 2 <= count; i += 2) {
      const g = v128.load(at(da, i));
      v128.store(at(dz, i), v128.bitselect(g, f64x2.mul(g, va), f64x2.gt(v128.load(at(z, i)), zero)));
    }
    for (; i < count; i++) {
      const g = load<f64>(at(da, i));
      store<f64>(at(dz, i), load<f64>(at(z, i)) > 0 ? g : g * alpha);
    }
  } else if (act == GAUSSIAN) {
    const minusTwo = splat(-2);
    for (; i + 2 <= count; i += 2) v128.store(at(dz, i), f64x2.mul(v128.load(at(da, i)), f64x2.mul(f64x2.mul(minusTwo, v128.load(at(z, i))), v128.load(at(a, i)))));
    for (; i < count; i++) store<f64>(at(dz, i), load<f64>(at(da, i)) * (-2 * load<f64>(at(z, i)) * load<f64>(at(a, i))));
  } else if (act == SOFTMAX) {
    for (let r = 0; r < rows; r++) {
      const o = r * J;
      let dot: f64 = 0;
      for (let k = 0; k < J; k++) dot += load<f64>(at(da, o + k)) * load<f64>(at(a, o + k));
      for (let k = 0; k < J; k++) store<f64>(at(dz, o + k), load<f64>(at(a, o + k)) * (load<f64>(at(da, o + k)) - dot));
    }
  } else {
    memory.copy(dz, da, <usize>count << 3);
  }
}

/**
 * The parameter gradients of one layer from its dz: ∂L/∂W (J × I) = dzᵀ·x and ∂L/∂b = Σ_rows dz,
 * and, when `inputGradient`, ∂L/∂x (rows × I) = dz·W into the previous layer's da.
 */
function backwardProducts(l: i32, input: usize, rows: i32, inputGradient: bool): void {
  const I = <i32>field(l, L_IN);
  const J = <i32>field(l, L_OUT);
  const dz = field(l, L_DZ);
  const gw = field(l, L_GW);
  const gb = field(l, L_GB);
  const w = field(l, L_W);
  const I2 = I & ~1;
  const J2 = J & ~1;
  // ∂L/∂W[j, p] = Σ_r dz[r, j]·x[r, p]: lanes over p, sums over r in blocks of kc
  for (let j = 0; j < J; j++) {
    const gr = at(gw, j * I);
    let p = 0;
    for (; p + 4 <= I; p += 4) {
      let t0 = splat(0);
      let t1 = splat(0);
      for (let r0 = 0; r0 < rows; r0 += kc) {
        const end = min(r0 + kc, rows);
        let a0 = splat(0);
        let a1 = splat(0);
        for (let r = r0; r < end; r++) {
          const d = splat(load<f64>(at(dz, r * J + j)));
          const xr = at(input, r * I + p);
          a0 = f64x2.add(a0, f64x2.mul(d, v128.load(xr)));
          a1 = f64x2.add(a1, f64x2.mul(d, v128.load(xr, 16)));
        }
        if (r0 == 0) {
          t0 = a0;
          t1 = a1;
        } else {
          t0 = f64x2.add(t0, a0);
          t1 = f64x2.add(t1, a1);
        }
      }
      v128.store(at(gr, p), t0);
      v128.store(at(gr, p), t1, 16);
    }
    for (; p < I2; p += 2) {
      let t0 = splat(0);
      for (let r0 = 0; r0 < rows; r0 += kc) {
        const end = min(r0 + kc, rows);
        let a0 = splat(0);
        for (let r = r0; r < end; r++) a0 = f64x2.add(a0, f64x2.mul(splat(load<f64>(at(dz, r * J + j))), v128.load(at(input, r * I + p))));
        t0 = r0 == 0 ? a0 : f64x2.add(t0, a0);
      }
      v128.store(at(gr, p), t0);
    }
    if (p < I) {
      let t: f64 = 0;
      for (let r0 = 0; r0 < rows; r0 += kc) {
        const end = min(r0 + kc, rows);
        let s: f64 = 0;
        for (let r = r0; r < end; r++) s += load<f64>(at(dz, r * J + j)) * load<f64>(at(input, r * I + p));
        t = r0 == 0 ? s : t + s;
      }
      store<f64>(at(gr, p), t);
    }
  }
  // ∂L/∂b[j] = Σ_r dz[r, j], from 0 in order
  if (gb != 0) {
    let j = 0;
    for (; j < J2; j += 2) {
      let s = splat(0);
      for (let r = 0; r < rows; r++) s = f64x2.add(s, v128.load(at(dz, r * J + j)));
      v128.store(at(gb, j), s);
    }
    if (j < J) {
      let s: f64 = 0;
      for (let r = 0; r < rows; r++) s += load<f64>(at(dz, r * J + j));
      store<f64>(at(gb, j), s);
    }
  }
  if (!inputGradient) return;
  // ∂L/∂x[r, p] = Σ_j dz[r, j]·W[j, p]: lanes over p, sums over j in blocks of kc
  const dx = field(l - 1, L_DA);
  for (let r = 0; r < rows; r++) {
    const dzr = at(dz, r * J);
    const dxr = at(dx, r * I);
    let p = 0;
    for (; p + 4 <= I; p += 4) {
      let t0 = splat(0);
      let t1 = splat(0);
      for (let j0 = 0; j0 < J; j0 += kc) {
        const end = min(j0 + kc, J);
        let a0 = splat(0);
        let a1 = splat(0);
        for (let j = j0; j < end; j++) {
          const d = splat(load<f64>(at(dzr, j)));
          const wr = at(w, j * I + p);
          a0 = f64x2.add(a0, f64x2.mul(d, v128.load(wr)));
          a1 = f64x2.add(a1, f64x2.mul(d, v128.load(wr, 16)));
        }
        if (j0 == 0) {
          t0 = a0;
          t1 = a1;
        } else {
          t0 = f64x2.add(t0, a0);
          t1 = f64x2.add(t1, a1);
        }
      }
      v128.store(at(dxr, p), t0);
      v128.store(at(dxr, p), t1, 16);
    }
    for (; p < I2; p += 2) {
      let t0 = splat(0);
      for (let j0 = 0; j0 < J; j0 += kc) {
        const end = min(j0 + kc, J);
        let a0 = splat(0);
        for (let j = j0; j < end; j++) a0 = f64x2.add(a0, f64x2.mul(splat(load<f64>(at(dzr, j))), v128.load(at(w, j * I + p))));
        t0 = j0 == 0 ? a0 : f64x2.add(t0, a0);
      }
      v128.store(at(dxr, p), t0);
    }
    if (p < I) {
      let t: f64 = 0;
      for (let j0 = 0; j0 < J; j0 += kc) {
        const end = min(j0 + kc, J);
        let s: f64 = 0;
        for (let j = j0; j < end; j++) s += load<f64>(at(dzr, j)) * load<f64>(at(w, j * I + p));
        t = j0 == 0 ? s : t + s;
      }
      store<f64>(at(dxr, p), t);
    }
  }
}

function backward(input: usize, rows: i32): void {
  for (let l = layerCount - 1; l >= 0; l--) {
    if (!(fused && l == layerCount - 1)) activationBackward(l, rows);
    backwardProducts(l, l == 0 ? input : field(l - 1, L_A), rows, l > 0);
  }
}

// ---------------------------------------------------------------------------------------------------
// Penalties, clipping, update (nn/trainer.ts, nn/optimizer.ts, engine/update-rules.ts)

/** λ₂Σw² + λ₁Σ|w| over every layer's weights. */
function penalty(): f64 {
  let squares: f64 = 0;
  let absolute: f64 = 0;
  for (let l = 0; l < layerCount; l++) {
    const w = field(l, L_W);
    const count = <i32>field(l, L_IN) * <i32>field(l, L_OUT);
    for (let i = 0; i < count; i++) {
      const v = load<f64>(at(w, i));
      squares += v * v;
      absolute += abs(v);
    }
  }
  return l2 * squares + l1 * absolute;
}

// @ts-ignore: decorator
@inline function sign(v: f64): f64 {
  return v > 0 ? 1 : v < 0 ? -1 : v;
}

/** The penalties' gradients (2λ₂w + λ₁ sign w, weights only), then clamping to ±clipValue. */
function adjustGradients(): void {
  if (penalized) {
    const twoL2 = 2 * l2;
    for (let l = 0; l < layerCount; l++) {
      const w = field(l, L_W);
      const g = field(l, L_GW);
      const count = <i32>field(l, L_IN) * <i32>field(l, L_OUT);
      for (let i = 0; i < count; i++) {
        const v = load<f64>(at(w, i));
        store<f64>(at(g, i), load<f64>(at(g, i)) + (twoL2 * v + l1 * sign(v)));
      }
    }
  }
  if (clipValueOn) {
    const low = -clipValue;
    for (let i = 0; i < parameterLength; i++) store<f64>(at(gradients, i), min(clipValue, max(low, load<f64>(at(gradients, i)))));
  }
}

function gradientSquaredNorm(): f64 {
  let s: f64 = 0;
  for (let i = 0; i < parameterLength; i++) {
    const g = load<f64>(at(gradients, i));
    s += g * g;
  }
  return s;
}

function clipToNorm(): void {
  const norm = sqrt(gradientSquaredNorm());
  if (norm <= clipNorm) return;
  const scale = clipNorm / norm;
  for (let i = 0; i < parameterLength; i++) store<f64>(at(gradients, i), load<f64>(at(gradients, i)) * scale);
}

let stepMaxChange: f64 = 0;

/**
 * One update of the elements [from, to) of the parameter vector with decay `decay`; folds each
 * |w_new - w_old| into stepMaxChange; returns whether one was NaN.
 */
function updateRange(from: i32, to: i32, lr: f64, decay: f64, firstCorrection: f64, secondCorrection: f64): bool {
  const vlr = splat(lr);
  const vdecay = splat(decay);
  let maxv = splat(stepMaxChange);
  let nan = splat(0);
  let i = from;
  // Each rule, lane by lane, then the scalar tail with the same operations.
  if (rule == SGD) {
    for (; i + 2 <= to; i += 2) {
      const w = v128.load(at(parameters, i));
      const g = v128.load(at(gradients, i));
      const nw = f64x2.sub(w, f64x2.mul(vlr, f64x2.add(g, f64x2.mul(vdecay, w))));
      v128.store(at(parameters, i), nw);
      const change = f64x2.abs(f64x2.sub(nw, w));
      maxv = v128.bitselect(change, maxv, f64x2.gt(change, maxv));
      nan = v128.or(nan, f64x2.ne(change, change));
    }
  } else if (rule == MOMENTUM || rule == NESTEROV) {
    const mu = splat(momentum);
    for (; i + 2 <= to; i += 2) {
      const w = v128.load(at(parameters, i));
      const g = v128.load(at(gradients, i));
      const v = f64x2.add(f64x2.mul(mu, v128.load(at(state0, i))), g);
      v128.store(at(state0, i), v);
      const direction = rule == MOMENTUM ? v : f64x2.add(g, f64x2.mul(mu, v));
      const nw = f64x2.sub(w, f64x2.mul(vlr, f64x2.add(direction, f64x2.mul(vdecay, w))));
      v128.store(at(parameters, i), nw);
      const change = f64x2.abs(f64x2.sub(nw, w));
      maxv = v128.bitselect(change, maxv, f64x2.gt(change, maxv));
      nan = v128.or(nan, f64x2.ne(change, change));
    }
  } else if (rule == RMSPROP) {
    const vrho = splat(rho);
    const vOneMinusRho = splat(oneMinusRho);
    const veps = splat(epsilon);
    for (; i + 2 <= to; i += 2) {
      const w = v128.load(at(parameters, i));
      const g = v128.load(at(gradients, i));
      const s = f64x2.add(f64x2.mul(vrho, v128.load(at(state0, i))), f64x2.mul(f64x2.mul(vOneMinusRho, g), g));
      v128.store(at(state0, i), s);
      const nw = f64x2.sub(w, f64x2.mul(vlr, f64x2.add(f64x2.div(g, f64x2.add(f64x2.sqrt(s), veps)), f64x2.mul(vdecay, w))));
      v128.store(at(parameters, i), nw);
      const change = f64x2.abs(f64x2.sub(nw, w));
      maxv = v128.bitselect(change, maxv, f64x2.gt(change, maxv));
      nan = v128.or(nan, f64x2.ne(change, change));
    }
  } else {
    const vb1 = splat(beta1);
    const vb1c = splat(oneMinusBeta1);
    const vb2 = splat(beta2);
    const vb2c = splat(oneMinusBeta2);
    const veps = splat(epsilon);
    const vfc = splat(firstCorrection);
    const vsc = splat(secondCorrection);
    for (; i + 2 <= to; i += 2) {
      const w = v128.load(at(parameters, i));
      const g = v128.load(at(gradients, i));
      const m = f64x2.add(f64x2.mul(vb1, v128.load(at(state0, i))), f64x2.mul(vb1c, g));
      const v = f64x2.add(f64x2.mul(vb2, v128.load(at(state1, i))), f64x2.mul(f64x2.mul(vb2c, g), g));
      v128.store(at(state0, i), m);
      v128.store(at(state1, i), v);
      const nw = f64x2.sub(w, f64x2.mul(vlr, f64x2.add(f64x2.div(f64x2.div(m, vfc), f64x2.add(f64x2.sqrt(f64x2.div(v, vsc)), veps)), f64x2.mul(vdecay, w))));
      v128.store(at(parameters, i), nw);
      const change = f64x2.abs(f64x2.sub(nw, w));
      maxv = v128.bitselect(change, maxv, f64x2.gt(change, maxv));
      nan = v128.or(nan, f64x2.ne(change, change));
    }
  }
  let maxChange = f64x2.extract_lane(maxv, 0);
  const other = f64x2.extract_lane(maxv, 1);
  if (other > maxChange) maxChange = other;
  let sawNaN = v128.any_true(nan);
  for (; i < to; i++) {
    const w = load<f64>(at(parameters, i));
    const g = load<f64>(at(gradients, i));
    let nw: f64;
    if (rule == SGD) {
      nw = w - lr * (g + decay * w);
    } else if (rule == MOMENTUM || rule == NESTEROV) {
      const v = momentum * load<f64>(at(state0, i)) + g;
      store<f64>(at(state0, i), v);
      nw = rule == MOMENTUM ? w - lr * (v + decay * w) : w - lr * (g + momentum * v + decay * w);
    } else if (rule == RMSPROP) {
      const s = rho * load<f64>(at(state0, i)) + oneMinusRho * g * g;
      store<f64>(at(state0, i), s);
      nw = w - lr * (g / (sqrt(s) + epsilon) + decay * w);
    } else {
      const m = beta1 * load<f64>(at(state0, i)) + oneMinusBeta1 * g;
      const v = beta2 * load<f64>(at(state1, i)) + oneMinusBeta2 * g * g;
      store<f64>(at(state0, i), m);
      store<f64>(at(state1, i), v);
      nw = w - lr * (m / firstCorrection / (sqrt(v / secondCorrection) + epsilon) + decay * w);
    }
    store<f64>(at(parameters, i), nw);
    const change = abs(nw - w);
    if (change > maxChange) maxChange = change;
    else if (change != change) sawNaN = true;
  }
  stepMaxChange = maxChange;
  return sawNaN;
}

/**
 * Optimizer.step over every parameter in the model's order (each layer's weights, then its biases):
 * returns the index of the first that became NaN or infinite, or -1; the largest change is left in
 * stepMaxChange.
 */
function step(lr: f64, t: i32): i32 {
  let firstCorrection: f64 = 1;
  let secondCorrection: f64 = 1;
  if (rule == ADAM) {
    firstCorrection = load<f64>(at(corrections, 2 * t));
    secondCorrection = load<f64>(at(corrections, 2 * t + 1));
  }
  stepMaxChange = 0;
  let nonFinite = -1;
  let index = 0;
  for (let l = 0; l < layerCount; l++) {
    const I = <i32>field(l, L_IN);
    const J = <i32>field(l, L_OUT);
    const w = <i32>((field(l, L_W) - parameters) >> 3);
    if (updateRange(w, w + I * J, lr, weightDecay, firstCorrection, secondCorrection) && nonFinite < 0) nonFinite = index;
    if (nonFinite < 0 && !isFinite64(stepMaxChange)) nonFinite = index;
    index++;
    if (field(l, L_B) != 0) {
      const b = <i32>((field(l, L_B) - parameters) >> 3);
      if (updateRange(b, b + J, lr, 0, firstCorrection, secondCorrection) && nonFinite < 0) nonFinite = index;
      if (nonFinite < 0 && !isFinite64(stepMaxChange)) nonFinite = index;
      index++;
    }
  }
  return nonFinite;
}

/** Wᵀ from W for every layer. */
export function transposeWeights(): void {
  for (let l = 0; l < layerCount; l++) {
    const I = <i32>field(l, L_IN);
    const J = <i32>field(l, L_OUT);
    const w = field(l, L_W);
    const wt = field(l, L_WT);
    for (let j = 0; j < J; j++) for (let p = 0; p < I; p++) store<f64>(at(wt, p * J + j), load<f64>(at(w, j * I + p)));
  }
}

// ---------------------------------------------------------------------------------------------------
// Epochs

/**
 * Runs up to `epochs` epochs (nn/trainer.ts's epoch body): epoch e uses the learning rate rates[e] and
 * writes its results at results + e·RESULT_BYTES; the i-th update step of the call (from 0) reads
 * Adam's corrections 1 - β₁ᵗ and 1 - β₂ᵗ at corrections[2i] and corrections[2i + 1].
 * Returns the number of epochs completed. When a batch diverges it stops there (the loss: before the
 * backward pass; the weights: after the update) and returns the index of that epoch, with the batch,
 * the kind and the parameter kept for lastDiverged*().
 */
export function run(epochs: i32): i32 {
  transposeWeights();
  divergedKind = 0;
  divergedBatch = 0;
  divergedParameter = -1;
  const n = sampleCount;
  const F = inputCount;
  const K = outputCount;
  let t = 0;
  for (let e = 0; e < epochs; e++) {
    const lr = load<f64>(at(rates, e));
    if (shuffleOn) permute(n);
    let termSum: f64 = 0;
    let penaltySum: f64 = 0;
    let correct = 0;
    let gradientNorm: f64 = 0;
    let maxChange: f64 = 0;
    let batchNumber = 0;
    for (let start = 0; start < n; start += batchSize) {
      batchNumber++;
      const rows = min(batchSize, n - start);
      let input = xData;
      let targets = yData;
      if (gather) {
        for (let r = 0; r < rows; r++) {
          const i = shuffleOn ? <i32>load<u32>(order + (<usize>(start + r) << 2)) : start + r;
          memory.copy(at(xBatch, r * F), at(xData, i * F), <usize>F << 3);
          memory.copy(at(yBatch, r * K), at(yData, i * K), <usize>K << 3);
        }
        input = xBatch;
        targets = yBatch;
      }
      forward(input, rows);
      const terms = lossTerms(rows, targets);
      termSum += terms;
      if (labelData != 0) correct += countCorrect(rows, start);
      if (penalized) penaltySum += (penalty() * <f64>rows) / <f64>n;
      if (!isFinite64(terms)) {
        divergedKind = 1;
        divergedBatch = batchNumber;
        return e;
      }
      backward(input, rows);
      adjustGradients();
      if (gradientNormOn) gradientNorm = sqrt(gradientSquaredNorm());
      if (clipNormOn) clipToNorm();
      const nonFinite = step(lr, t);
      t++;
      if (nonFinite >= 0) {
        divergedKind = 2;
        divergedBatch = batchNumber;
        divergedParameter = nonFinite;
        return e;
      }
      if (stepMaxChange > maxChange) maxChange = stepMaxChange;
      transposeWeights();
    }
    const out = results + <usize>e * RESULT_BYTES;
    store<f64>(out, termSum);
    store<f64>(out, penaltySum, 8);
    store<f64>(out, <f64>correct, 16);
    store<f64>(out, gradientNorm, 24);
    store<f64>(out, maxChange, 32);
  }
  return epochs;
}

// ---------------------------------------------------------------------------------------------------
// For the tests: the elementary functions over arrays, scalar or by vectors (then the scalar tail).

/** dst[i] = f(src[i]) for i < n, f = exp (0), log (1), tanh (2), log1p (3); `vector` uses the f64x2 forms. */
export function applyFunction(fn: i32, vector: i32, src: usize, dst: usize, n: i32): void {
  let i = 0;
  if (vector && fn != 3) {
    for (; i + 2 <= n; i += 2) {
      const x = v128.load(at(src, i));
      v128.store(at(dst, i), fn == 0 ? expV(x) : fn == 1 ? logV(x) : tanhV(x));
    }
  }
  for (; i < n; i++) {
    const x = load<f64>(at(src, i));
    store<f64>(at(dst, i), fn == 0 ? exp(x) : fn == 1 ? log(x) : fn == 2 ? tanh(x) : log1p(x));
  }
}

/** The first byte past the module's own static data: the buffers start there. */
export function heapBase(): usize {
  return __heap_base;
}
