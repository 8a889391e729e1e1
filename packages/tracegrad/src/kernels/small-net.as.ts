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
// blocks of KC as every kernel of kernels/ does (blocking.ts), each vector lane carrying one
// element of the result; exp, log and log1p are fdlibm's, as V8's Math functions are
// (small-net-math.as.ts). So where V8 runs the TypeScript path, this one gives the same bits in
// Float64, except with tanh layers, whose tanh here is within 0.51 ulp where Math.tanh is up to 1.8 ulp
// off. Run to run and across checkpoints it is bit-identical in any engine: nothing depends on timing,
// threads or memory addresses.
//
// No allocation: every buffer is laid out by small-net.ts before the first call. Addresses are byte
// offsets into the one memory; Float64 arrays are 8-byte aligned.

import { exp, expRangeV, expV, log, logV, log1p, onesV, sigmoid4V, tanh, tanhV } from "./small-net-math.as";

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
export function permute(n: i32): void {
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
 * out (rows × N) = bias + x·M for x (rows × K) and M (K × N) stored row by row; bias is 0 for none.
 * Each vector lane holds one element of out, whose sum runs over k in order from 0 and is then added
 * to the bias (naive.ts's order; a layer has at most kc inputs and kc units, so the sum is one block).
 * Two rows at a time, and eight, four, two or one columns, so that up to eight independent sums are in
 * flight; the loops over k step pointers rather than recompute addresses. The forward product
 * (z = b + x·Wᵀ, with Wᵀ stored) and the input gradient (∂L/∂x = dz·W) are both this product.
 */
function rowsTimesMatrix(x: usize, m: usize, out: usize, bias: usize, rows: i32, K: i32, N: i32): void {
  const zero = splat(0);
  const xRow = <usize>K << 3;
  const mRow = <usize>N << 3;
  let r = 0;
  for (; r + 2 <= rows; r += 2) {
    const x0 = at(x, r * K);
    const x1 = x0 + xRow;
    const x0End = x1;
    const o0 = at(out, r * N);
    const o1 = o0 + mRow;
    let n = 0;
    for (; n + 8 <= N; n += 8) {
      let a00 = zero;
      let a01 = zero;
      let a02 = zero;
      let a03 = zero;
      let a10 = zero;
      let a11 = zero;
      let a12 = zero;
      let a13 = zero;
      let mk = at(m, n);
      for (let p0 = x0, p1 = x1; p0 < x0End; p0 += 8, p1 += 8, mk += mRow) {
        const v0 = v128.load64_splat(p0);
        const v1 = v128.load64_splat(p1);
        const m0 = v128.load(mk);
        const m1 = v128.load(mk, 16);
        const m2 = v128.load(mk, 32);
        const m3 = v128.load(mk, 48);
        a00 = f64x2.add(a00, f64x2.mul(v0, m0));
        a01 = f64x2.add(a01, f64x2.mul(v0, m1));
        a02 = f64x2.add(a02, f64x2.mul(v0, m2));
        a03 = f64x2.add(a03, f64x2.mul(v0, m3));
        a10 = f64x2.add(a10, f64x2.mul(v1, m0));
        a11 = f64x2.add(a11, f64x2.mul(v1, m1));
        a12 = f64x2.add(a12, f64x2.mul(v1, m2));
        a13 = f64x2.add(a13, f64x2.mul(v1, m3));
      }
      if (bias != 0) {
        const bn = at(bias, n);
        const b0 = v128.load(bn);
        const b1 = v128.load(bn, 16);
        const b2 = v128.load(bn, 32);
        const b3 = v128.load(bn, 48);
        a00 = f64x2.add(b0, a00);
        a01 = f64x2.add(b1, a01);
        a02 = f64x2.add(b2, a02);
        a03 = f64x2.add(b3, a03);
        a10 = f64x2.add(b0, a10);
        a11 = f64x2.add(b1, a11);
        a12 = f64x2.add(b2, a12);
        a13 = f64x2.add(b3, a13);
      }
      const q0 = at(o0, n);
      const q1 = at(o1, n);
      v128.store(q0, a00);
      v128.store(q0, a01, 16);
      v128.store(q0, a02, 32);
      v128.store(q0, a03, 48);
      v128.store(q1, a10);
      v128.store(q1, a11, 16);
      v128.store(q1, a12, 32);
      v128.store(q1, a13, 48);
    }
    if (n + 4 <= N) {
      let a00 = zero;
      let a01 = zero;
      let a10 = zero;
      let a11 = zero;
      let mk = at(m, n);
      for (let p0 = x0, p1 = x1; p0 < x0End; p0 += 8, p1 += 8, mk += mRow) {
        const m0 = v128.load(mk);
        const m1 = v128.load(mk, 16);
        const v0 = v128.load64_splat(p0);
        const v1 = v128.load64_splat(p1);
        a00 = f64x2.add(a00, f64x2.mul(v0, m0));
        a01 = f64x2.add(a01, f64x2.mul(v0, m1));
        a10 = f64x2.add(a10, f64x2.mul(v1, m0));
        a11 = f64x2.add(a11, f64x2.mul(v1, m1));
      }
      if (bias != 0) {
        const b0 = v128.load(at(bias, n));
        const b1 = v128.load(at(bias, n), 16);
        a00 = f64x2.add(b0, a00);
        a01 = f64x2.add(b1, a01);
        a10 = f64x2.add(b0, a10);
        a11 = f64x2.add(b1, a11);
      }
      v128.store(at(o0, n), a00);
      v128.store(at(o0, n), a01, 16);
      v128.store(at(o1, n), a10);
      v128.store(at(o1, n), a11, 16);
      n += 4;
    }
    if (n + 2 <= N) {
      let a0 = zero;
      let a1 = zero;
      let mk = at(m, n);
      for (let p0 = x0, p1 = x1; p0 < x0End; p0 += 8, p1 += 8, mk += mRow) {
        const mv = v128.load(mk);
        a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(p0), mv));
        a1 = f64x2.add(a1, f64x2.mul(v128.load64_splat(p1), mv));
      }
      if (bias != 0) {
        const bv = v128.load(at(bias, n));
        a0 = f64x2.add(bv, a0);
        a1 = f64x2.add(bv, a1);
      }
      v128.store(at(o0, n), a0);
      v128.store(at(o1, n), a1);
      n += 2;
    }
    if (n < N) {
      // one column: lane 0 is row r, lane 1 row r + 1
      let a = zero;
      let mk = at(m, n);
      for (let p0 = x0, p1 = x1; p0 < x0End; p0 += 8, p1 += 8, mk += mRow) {
        const v = v128.load64_lane(p1, v128.load64_splat(p0), 1);
        a = f64x2.add(a, f64x2.mul(v, v128.load64_splat(mk)));
      }
      if (bias != 0) a = f64x2.add(v128.load64_splat(at(bias, n)), a);
      store<f64>(at(o0, n), f64x2.extract_lane(a, 0));
      store<f64>(at(o1, n), f64x2.extract_lane(a, 1));
    }
  }
  if (r < rows) {
    const x0 = at(x, r * K);
    const x0End = x0 + xRow;
    const o0 = at(out, r * N);
    let n = 0;
    for (; n + 2 <= N; n += 2) {
      let a0 = zero;
      let mk = at(m, n);
      for (let p0 = x0; p0 < x0End; p0 += 8, mk += mRow) a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(p0), v128.load(mk)));
      if (bias != 0) a0 = f64x2.add(v128.load(at(bias, n)), a0);
      v128.store(at(o0, n), a0);
    }
    if (n < N) {
      let s: f64 = 0;
      let mk = at(m, n);
      for (let p0 = x0; p0 < x0End; p0 += 8, mk += mRow) s += load<f64>(p0) * load<f64>(mk);
      store<f64>(at(o0, n), bias != 0 ? load<f64>(at(bias, n)) + s : s);
    }
  }
}

/** z (rows × J) = b + x·Wᵀ for one layer, with Wᵀ (I × J) stored. */
function forwardProduct(l: i32, input: usize, rows: i32): void {
  rowsTimesMatrix(input, field(l, L_WT), field(l, L_Z), field(l, L_B), rows, <i32>field(l, L_IN), <i32>field(l, L_OUT));
}

// The kinds of activation, loss and update rule each have their own function, as do the optional parts
// of an epoch (shuffling, penalties, clipping, counting the right classes), exported only so that
// Binaryen keeps each apart instead of inlining it into its one caller: V8 optimizes a function once it
// runs hot, so a network compiles only what it uses, and a cold start stays short.

/** a = f(z) (engine/activations.ts's forwardArray; softmax row by row). */
function activate(l: i32, rows: i32): void {
  const act = <i32>field(l, L_ACT);
  const J = <i32>field(l, L_OUT);
  const z = field(l, L_Z);
  const a = field(l, L_A);
  const count = rows * J;
  if (act == SIGMOID) forwardSigmoid(z, a, count);
  else if (act == TANH) forwardTanh(z, a, count);
  else if (act == RELU) forwardRelu(z, a, count);
  else if (act == LEAKY_RELU) forwardLeakyRelu(z, a, count, load<f64>(layers + <usize>l * LAYER_BYTES + L_ALPHA));
  else if (act == GAUSSIAN) forwardGaussian(z, a, count);
  else if (act == SOFTMAX) forwardSoftmax(z, a, rows, J);
  else memory.copy(a, z, <usize>count << 3);
}

/**
 * 1/(1 + e^(-z)): four vectors at a time through sigmoid4V where they are in its range, the rest two
 * lanes at a time, and a last odd value in lane 0 of a vector (each lane gives the scalar form's bits).
 */
export function forwardSigmoid(z: usize, a: usize, count: i32): void {
  let i = 0;
  for (; i + 8 <= count; i += 8) {
    const zi = at(z, i);
    const ai = at(a, i);
    // -z in range: |z| in range
    if (expRangeV(v128.load(zi), v128.load(zi, 16)) && expRangeV(v128.load(zi, 32), v128.load(zi, 48))) {
      sigmoid4V(zi, ai);
    } else {
      for (let o: usize = 0; o < 64; o += 16) v128.store(ai + o, sigmoidV(v128.load(zi + o)));
    }
  }
  for (; i + 2 <= count; i += 2) v128.store(at(a, i), sigmoidV(v128.load(at(z, i))));
  if (i < count) store<f64>(at(a, i), f64x2.extract_lane(sigmoidV(f64x2.splat(load<f64>(at(z, i)))), 0));
}

/** 1/(1 + e^(-z)) in each lane (a function of its own, not inlined: the binary keeps one copy of expV for it). */
export function sigmoidV(z: v128): v128 {
  const one = onesV();
  return f64x2.div(one, f64x2.add(one, expV(f64x2.neg(z))));
}

export function forwardTanh(z: usize, a: usize, count: i32): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const t0 = tanhV(v128.load(at(z, i)));
    const t1 = tanhV(v128.load(at(z, i), 16));
    v128.store(at(a, i), t0);
    v128.store(at(a, i), t1, 16);
  }
  for (; i < count; i++) store<f64>(at(a, i), tanh(load<f64>(at(z, i))));
}

export function forwardRelu(z: usize, a: usize, count: i32): void {
  const zero = splat(0);
  let i = 0;
  for (; i + 2 <= count; i += 2) {
    const v = v128.load(at(z, i));
    v128.store(at(a, i), v128.bitselect(v, zero, f64x2.gt(v, zero)));
  }
  for (; i < count; i++) {
    const v = load<f64>(at(z, i));
    store<f64>(at(a, i), v > 0 ? v : 0);
  }
}

export function forwardLeakyRelu(z: usize, a: usize, count: i32, alpha: f64): void {
  const zero = splat(0);
  const va = splat(alpha);
  let i = 0;
  for (; i + 2 <= count; i += 2) {
    const v = v128.load(at(z, i));
    v128.store(at(a, i), v128.bitselect(v, f64x2.mul(va, v), f64x2.gt(v, zero)));
  }
  for (; i < count; i++) {
    const v = load<f64>(at(z, i));
    store<f64>(at(a, i), v > 0 ? v : alpha * v);
  }
}

/** e^(-z·z). */
export function forwardGaussian(z: usize, a: usize, count: i32): void {
  let i = 0;
  for (; i + 2 <= count; i += 2) {
    const v = v128.load(at(z, i));
    v128.store(at(a, i), expV(f64x2.mul(f64x2.neg(v), v)));
  }
  for (; i < count; i++) {
    const v = load<f64>(at(z, i));
    store<f64>(at(a, i), exp(-v * v));
  }
}

/** Each row: e^(z - max)/Σ, the sum in order. */
export function forwardSoftmax(z: usize, a: usize, rows: i32, J: i32): void {
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
// Loss (nn/loss-head.ts through engine/dense/loss-head.ts, with engine/losses.ts)

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
  // LossDefinition.count: the number that divides the sum
  const n: f64 = lossKind == HALF_SSE ? 1 : lossKind == CROSS_ENTROPY ? <f64>rows : <f64>count;
  if (fused) {
    const termSum = lossKind == BCE ? termsSigmoidBce(z, targets, rows, K) : termsSoftmaxCrossEntropy(z, targets, rows, K);
    fusedDelta(a, targets, field(last, L_DZ), count, n);
    return termSum;
  }
  const g = field(last, L_DA);
  if (lossKind == HALF_SSE || lossKind == MSE) return lossSquared(a, targets, g, count, n, lossKind == HALF_SSE);
  if (lossKind == BCE) return lossBce(a, targets, g, count, n);
  return lossCrossEntropy(a, targets, g, count, n);
}

/** Σ_rows Σ_k t·z - max(z, 0) - ln(1 + e^(-|z|)) (= t ln σ(z) + (1 - t) ln(1 - σ(z))), row by row. */
export function termsSigmoidBce(z: usize, t: usize, rows: i32, K: i32): f64 {
  let termSum: f64 = 0;
  for (let r = 0; r < rows; r++) {
    let total: f64 = 0;
    for (let k = r * K; k < r * K + K; k++) {
      const v = load<f64>(at(z, k));
      total += load<f64>(at(t, k)) * v - max(v, 0) - log1p(exp(-abs(v)));
    }
    termSum += total;
  }
  return termSum;
}

/** Σ_rows Σ_k t_k (z_k - m - ln Σ_j e^(z_j - m)), m the row's maximum, row by row. */
export function termsSoftmaxCrossEntropy(z: usize, t: usize, rows: i32, K: i32): f64 {
  let termSum: f64 = 0;
  for (let r = 0; r < rows; r++) {
    const zr = at(z, r * K);
    const tr = at(t, r * K);
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
      const tk = load<f64>(at(tr, k));
      if (tk != 0) total += tk * (load<f64>(at(zr, k)) - logSum);
    }
    termSum += total;
  }
  return termSum;
}

/** δ = (a - t)/n. */
function fusedDelta(a: usize, t: usize, delta: usize, count: i32, n: f64): void {
  const vn = splat(n);
  let i = 0;
  for (; i + 2 <= count; i += 2) v128.store(at(delta, i), f64x2.div(f64x2.sub(v128.load(at(a, i)), v128.load(at(t, i))), vn));
  for (; i < count; i++) store<f64>(at(delta, i), (load<f64>(at(a, i)) - load<f64>(at(t, i))) / n);
}

/** Σ (t - a)², and ∂L/∂a = a - t (half-sse) or 2(a - t)/n (mse). */
export function lossSquared(a: usize, t: usize, g: usize, count: i32, n: f64, half: bool): f64 {
  let termSum: f64 = 0;
  for (let i = 0; i < count; i++) {
    const d = load<f64>(at(t, i)) - load<f64>(at(a, i));
    termSum += d * d;
  }
  let i = 0;
  if (half) {
    for (; i + 2 <= count; i += 2) v128.store(at(g, i), f64x2.sub(v128.load(at(a, i)), v128.load(at(t, i))));
    for (; i < count; i++) store<f64>(at(g, i), load<f64>(at(a, i)) - load<f64>(at(t, i)));
  } else {
    const two = splat(2);
    const vn = splat(n);
    for (; i + 2 <= count; i += 2) v128.store(at(g, i), f64x2.div(f64x2.mul(two, f64x2.sub(v128.load(at(a, i)), v128.load(at(t, i)))), vn));
    for (; i < count; i++) store<f64>(at(g, i), (2 * (load<f64>(at(a, i)) - load<f64>(at(t, i)))) / n);
  }
  return termSum;
}

/** Σ t ln a + (1 - t) ln(1 - a) (a term whose factor is 0 left out), and its ∂L/∂a. */
export function lossBce(a: usize, t: usize, g: usize, count: i32, n: f64): f64 {
  let termSum: f64 = 0;
  for (let i = 0; i < count; i++) {
    const ti = load<f64>(at(t, i));
    const v = load<f64>(at(a, i));
    termSum += (ti == 0 ? 0 : ti * log(v)) + (ti == 1 ? 0 : (1 - ti) * log(1 - v));
    store<f64>(at(g, i), v == 1 && ti == 1 ? -1 / n : v == 0 && ti == 0 ? 1 / n : (v - ti) / (n * v * (1 - v)));
  }
  return termSum;
}

/** Σ t ln a (terms with t = 0 left out), and ∂L/∂a = -t/(n·a). */
export function lossCrossEntropy(a: usize, t: usize, g: usize, count: i32, n: f64): f64 {
  let termSum: f64 = 0;
  for (let i = 0; i < count; i++) {
    const ti = load<f64>(at(t, i));
    const v = load<f64>(at(a, i));
    termSum += ti == 0 ? 0 : ti * log(v);
    store<f64>(at(g, i), -ti / (n * v));
  }
  return termSum;
}

/** Rows whose predicted class (nn/metrics.ts's predictedClass) is their label. */
export function countCorrect(rows: i32, start: i32): i32 {
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
// Backward (nn/layers/dense.ts through engine/dense/)

/** dz = da ⊙ f'(z) (engine/activations.ts's backwardArray; softmax row by row). */
function activationBackward(l: i32, rows: i32): void {
  const act = <i32>field(l, L_ACT);
  const J = <i32>field(l, L_OUT);
  const z = field(l, L_Z);
  const a = field(l, L_A);
  const da = field(l, L_DA);
  const dz = field(l, L_DZ);
  const count = rows * J;
  if (act == SIGMOID) backwardSigmoid(a, da, dz, count);
  else if (act == TANH) backwardTanh(a, da, dz, count);
  else if (act == RELU) backwardRelu(z, da, dz, count);
  else if (act == LEAKY_RELU) backwardLeakyRelu(z, da, dz, count, load<f64>(layers + <usize>l * LAYER_BYTES + L_ALPHA));
  else if (act == GAUSSIAN) backwardGaussian(z, a, da, dz, count);
  else if (act == SOFTMAX) backwardSoftmax(a, da, dz, rows, J);
  else memory.copy(dz, da, <usize>count << 3);
}

/** dz = da·(a(1 - a)). */
export function backwardSigmoid(a: usize, da: usize, dz: usize, count: i32): void {
  const one = splat(1);
  let i = 0;
  for (; i + 2 <= count; i += 2) {
    const v = v128.load(at(a, i));
    v128.store(at(dz, i), f64x2.mul(v128.load(at(da, i)), f64x2.mul(v, f64x2.sub(one, v))));
  }
  for (; i < count; i++) {
    const v = load<f64>(at(a, i));
    store<f64>(at(dz, i), load<f64>(at(da, i)) * (v * (1 - v)));
  }
}

/** dz = da·(1 - a²). */
export function backwardTanh(a: usize, da: usize, dz: usize, count: i32): void {
  const one = splat(1);
  let i = 0;
  for (; i + 2 <= count; i += 2) {
    const v = v128.load(at(a, i));
    v128.store(at(dz, i), f64x2.mul(v128.load(at(da, i)), f64x2.sub(one, f64x2.mul(v, v))));
  }
  for (; i < count; i++) {
    const v = load<f64>(at(a, i));
    store<f64>(at(dz, i), load<f64>(at(da, i)) * (1 - v * v));
  }
}

/** dz = da where z > 0, else 0. */
export function backwardRelu(z: usize, da: usize, dz: usize, count: i32): void {
  const zero = splat(0);
  let i = 0;
  for (; i + 2 <= count; i += 2) v128.store(at(dz, i), v128.bitselect(v128.load(at(da, i)), zero, f64x2.gt(v128.load(at(z, i)), zero)));
  for (; i < count; i++) store<f64>(at(dz, i), load<f64>(at(z, i)) > 0 ? load<f64>(at(da, i)) : 0);
}

/** dz = da where z > 0, else da·α. */
export function backwardLeakyRelu(z: usize, da: usize, dz: usize, count: i32, alpha: f64): void {
  const zero = splat(0);
  const va = splat(alpha);
  let i = 0;
  for (; i + 2 <= count; i += 2) {
    const g = v128.load(at(da, i));
    v128.store(at(dz, i), v128.bitselect(g, f64x2.mul(g, va), f64x2.gt(v128.load(at(z, i)), zero)));
  }
  for (; i < count; i++) {
    const g = load<f64>(at(da, i));
    store<f64>(at(dz, i), load<f64>(at(z, i)) > 0 ? g : g * alpha);
  }
}

/** dz = da·(-2·z·a). */
export function backwardGaussian(z: usize, a: usize, da: usize, dz: usize, count: i32): void {
  const minusTwo = splat(-2);
  let i = 0;
  for (; i + 2 <= count; i += 2) v128.store(at(dz, i), f64x2.mul(v128.load(at(da, i)), f64x2.mul(f64x2.mul(minusTwo, v128.load(at(z, i))), v128.load(at(a, i)))));
  for (; i < count; i++) store<f64>(at(dz, i), load<f64>(at(da, i)) * (-2 * load<f64>(at(z, i)) * load<f64>(at(a, i))));
}

/** Each row: dz = a·(da - Σ_k da_k·a_k). */
export function backwardSoftmax(a: usize, da: usize, dz: usize, rows: i32, J: i32): void {
  for (let r = 0; r < rows; r++) {
    const o = r * J;
    let dot: f64 = 0;
    for (let k = 0; k < J; k++) dot += load<f64>(at(da, o + k)) * load<f64>(at(a, o + k));
    for (let k = 0; k < J; k++) store<f64>(at(dz, o + k), load<f64>(at(a, o + k)) * (load<f64>(at(da, o + k)) - dot));
  }
}

/**
 * The parameter gradients of one layer from its dz: ∂L/∂W (J × I) = dzᵀ·x and ∂L/∂b = Σ_rows dz,
 * and, when `inputGradient`, ∂L/∂x (rows × I) = dz·W into the previous layer's da.
 */
function backwardProducts(l: i32, input: usize, rows: i32, inputGradient: bool): void {
  const J = <i32>field(l, L_OUT);
  weightGradient(l, input, rows);
  // ∂L/∂b[j] = Σ_r dz[r, j], from 0 in order
  const gb = field(l, L_GB);
  if (gb != 0) {
    const dz = field(l, L_DZ);
    let j = 0;
    for (; j + 2 <= J; j += 2) {
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
  if (inputGradient) inputGradientProduct(l, rows);
}

/**
 * ∂L/∂W[j, p] = Σ_r dz[r, j]·x[r, p]: lanes over p, each sum over the rows in order in blocks of kc
 * (the first block's sum stored, each later one added). Four units and four inputs at a time (eight
 * sums in flight), the inputs left over and the units left over two and one at a time.
 */
function weightGradient(l: i32, input: usize, rows: i32): void {
  const I = <i32>field(l, L_IN);
  const J = <i32>field(l, L_OUT);
  const dz = field(l, L_DZ);
  const gw = field(l, L_GW);
  const zero = splat(0);
  const dzRow = <usize>J << 3;
  const xRow = <usize>I << 3;
  let j = 0;
  for (; j + 4 <= J; j += 4) {
    const g0 = at(gw, j * I);
    const g1 = g0 + xRow;
    const g2 = g1 + xRow;
    const g3 = g2 + xRow;
    let p = 0;
    for (; p + 4 <= I; p += 4) {
      let t00 = zero;
      let t01 = zero;
      let t10 = zero;
      let t11 = zero;
      let t20 = zero;
      let t21 = zero;
      let t30 = zero;
      let t31 = zero;
      for (let r0 = 0; r0 < rows; r0 += kc) {
        const end = min(r0 + kc, rows);
        let a00 = zero;
        let a01 = zero;
        let a10 = zero;
        let a11 = zero;
        let a20 = zero;
        let a21 = zero;
        let a30 = zero;
        let a31 = zero;
        let d = at(dz, r0 * J + j);
        const xEnd = at(input, end * I + p);
        for (let x = at(input, r0 * I + p); x < xEnd; x += xRow, d += dzRow) {
          const x0 = v128.load(x);
          const x1 = v128.load(x, 16);
          let dv = v128.load64_splat(d);
          a00 = f64x2.add(a00, f64x2.mul(dv, x0));
          a01 = f64x2.add(a01, f64x2.mul(dv, x1));
          dv = v128.load64_splat(d, 8);
          a10 = f64x2.add(a10, f64x2.mul(dv, x0));
          a11 = f64x2.add(a11, f64x2.mul(dv, x1));
          dv = v128.load64_splat(d, 16);
          a20 = f64x2.add(a20, f64x2.mul(dv, x0));
          a21 = f64x2.add(a21, f64x2.mul(dv, x1));
          dv = v128.load64_splat(d, 24);
          a30 = f64x2.add(a30, f64x2.mul(dv, x0));
          a31 = f64x2.add(a31, f64x2.mul(dv, x1));
        }
        if (r0 == 0) {
          t00 = a00;
          t01 = a01;
          t10 = a10;
          t11 = a11;
          t20 = a20;
          t21 = a21;
          t30 = a30;
          t31 = a31;
        } else {
          t00 = f64x2.add(t00, a00);
          t01 = f64x2.add(t01, a01);
          t10 = f64x2.add(t10, a10);
          t11 = f64x2.add(t11, a11);
          t20 = f64x2.add(t20, a20);
          t21 = f64x2.add(t21, a21);
          t30 = f64x2.add(t30, a30);
          t31 = f64x2.add(t31, a31);
        }
      }
      v128.store(at(g0, p), t00);
      v128.store(at(g0, p), t01, 16);
      v128.store(at(g1, p), t10);
      v128.store(at(g1, p), t11, 16);
      v128.store(at(g2, p), t20);
      v128.store(at(g2, p), t21, 16);
      v128.store(at(g3, p), t30);
      v128.store(at(g3, p), t31, 16);
    }
    if (p < I) {
      weightGradientPair(input, dz, gw, rows, I, J, j, p);
      weightGradientPair(input, dz, gw, rows, I, J, j + 2, p);
    }
  }
  if (j + 2 <= J) {
    weightGradientPair(input, dz, gw, rows, I, J, j, 0);
    j += 2;
  }
  if (j < J) weightGradientOne(input, dz, gw, rows, I, J, j);
}

/** weightGradient for the units j and j + 1 and the inputs from p0 on: four, two, then one at a time. */
function weightGradientPair(input: usize, dz: usize, gw: usize, rows: i32, I: i32, J: i32, j: i32, p0: i32): void {
  const zero = splat(0);
  const dzRow = <usize>J << 3;
  const xRow = <usize>I << 3;
  const g0 = at(gw, j * I);
  const g1 = g0 + xRow;
  let p = p0;
  for (; p + 4 <= I; p += 4) {
    let t00 = zero;
    let t01 = zero;
    let t10 = zero;
    let t11 = zero;
    for (let r0 = 0; r0 < rows; r0 += kc) {
      const end = min(r0 + kc, rows);
      let a00 = zero;
      let a01 = zero;
      let a10 = zero;
      let a11 = zero;
      let d = at(dz, r0 * J + j);
      const xEnd = at(input, end * I + p);
      for (let x = at(input, r0 * I + p); x < xEnd; x += xRow, d += dzRow) {
        const d0 = v128.load64_splat(d);
        const d1 = v128.load64_splat(d, 8);
        const x0 = v128.load(x);
        const x1 = v128.load(x, 16);
        a00 = f64x2.add(a00, f64x2.mul(d0, x0));
        a01 = f64x2.add(a01, f64x2.mul(d0, x1));
        a10 = f64x2.add(a10, f64x2.mul(d1, x0));
        a11 = f64x2.add(a11, f64x2.mul(d1, x1));
      }
      if (r0 == 0) {
        t00 = a00;
        t01 = a01;
        t10 = a10;
        t11 = a11;
      } else {
        t00 = f64x2.add(t00, a00);
        t01 = f64x2.add(t01, a01);
        t10 = f64x2.add(t10, a10);
        t11 = f64x2.add(t11, a11);
      }
    }
    v128.store(at(g0, p), t00);
    v128.store(at(g0, p), t01, 16);
    v128.store(at(g1, p), t10);
    v128.store(at(g1, p), t11, 16);
  }
  if (p + 2 <= I) {
    let t0 = zero;
    let t1 = zero;
    for (let r0 = 0; r0 < rows; r0 += kc) {
      const end = min(r0 + kc, rows);
      let a0 = zero;
      let a1 = zero;
      let d = at(dz, r0 * J + j);
      const xEnd = at(input, end * I + p);
      for (let x = at(input, r0 * I + p); x < xEnd; x += xRow, d += dzRow) {
        const xv = v128.load(x);
        a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(d), xv));
        a1 = f64x2.add(a1, f64x2.mul(v128.load64_splat(d, 8), xv));
      }
      t0 = r0 == 0 ? a0 : f64x2.add(t0, a0);
      t1 = r0 == 0 ? a1 : f64x2.add(t1, a1);
    }
    v128.store(at(g0, p), t0);
    v128.store(at(g1, p), t1);
    p += 2;
  }
  if (p < I) {
    // one input: lane 0 is unit j, lane 1 unit j + 1
    let t = zero;
    for (let r0 = 0; r0 < rows; r0 += kc) {
      const end = min(r0 + kc, rows);
      let a = zero;
      let d = at(dz, r0 * J + j);
      const xEnd = at(input, end * I + p);
      for (let x = at(input, r0 * I + p); x < xEnd; x += xRow, d += dzRow) a = f64x2.add(a, f64x2.mul(v128.load(d), v128.load64_splat(x)));
      t = r0 == 0 ? a : f64x2.add(t, a);
    }
    store<f64>(at(g0, p), f64x2.extract_lane(t, 0));
    store<f64>(at(g1, p), f64x2.extract_lane(t, 1));
  }
}

/** weightGradient for the last unit j alone: four, two, then one input at a time. */
function weightGradientOne(input: usize, dz: usize, gw: usize, rows: i32, I: i32, J: i32, j: i32): void {
  const zero = splat(0);
  const dzRow = <usize>J << 3;
  const xRow = <usize>I << 3;
  const g0 = at(gw, j * I);
  let p = 0;
  for (; p + 4 <= I; p += 4) {
    let t0 = zero;
    let t1 = zero;
    for (let r0 = 0; r0 < rows; r0 += kc) {
      const end = min(r0 + kc, rows);
      let a0 = zero;
      let a1 = zero;
      let d = at(dz, r0 * J + j);
      const xEnd = at(input, end * I + p);
      for (let x = at(input, r0 * I + p); x < xEnd; x += xRow, d += dzRow) {
        const dv = v128.load64_splat(d);
        a0 = f64x2.add(a0, f64x2.mul(dv, v128.load(x)));
        a1 = f64x2.add(a1, f64x2.mul(dv, v128.load(x, 16)));
      }
      t0 = r0 == 0 ? a0 : f64x2.add(t0, a0);
      t1 = r0 == 0 ? a1 : f64x2.add(t1, a1);
    }
    v128.store(at(g0, p), t0);
    v128.store(at(g0, p), t1, 16);
  }
  if (p + 2 <= I) {
    let t0 = zero;
    for (let r0 = 0; r0 < rows; r0 += kc) {
      const end = min(r0 + kc, rows);
      let a0 = zero;
      let d = at(dz, r0 * J + j);
      const xEnd = at(input, end * I + p);
      for (let x = at(input, r0 * I + p); x < xEnd; x += xRow, d += dzRow) a0 = f64x2.add(a0, f64x2.mul(v128.load64_splat(d), v128.load(x)));
      t0 = r0 == 0 ? a0 : f64x2.add(t0, a0);
    }
    v128.store(at(g0, p), t0);
    p += 2;
  }
  if (p < I) {
    let t: f64 = 0;
    for (let r0 = 0; r0 < rows; r0 += kc) {
      const end = min(r0 + kc, rows);
      let s: f64 = 0;
      let d = at(dz, r0 * J + j);
      const xEnd = at(input, end * I + p);
      for (let x = at(input, r0 * I + p); x < xEnd; x += xRow, d += dzRow) s += load<f64>(d) * load<f64>(x);
      t = r0 == 0 ? s : t + s;
    }
    store<f64>(at(g0, p), t);
  }
}

/** ∂L/∂x[r, p] = Σ_j dz[r, j]·W[j, p] into the previous layer's da (W is J × I, so dz·W). */
function inputGradientProduct(l: i32, rows: i32): void {
  rowsTimesMatrix(field(l, L_DZ), field(l, L_W), field(l - 1, L_DA), 0, rows, <i32>field(l, L_OUT), <i32>field(l, L_IN));
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
export function penalty(): f64 {
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
export function adjustGradients(): void {
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

export function gradientSquaredNorm(): f64 {
  let s: f64 = 0;
  for (let i = 0; i < parameterLength; i++) {
    const g = load<f64>(at(gradients, i));
    s += g * g;
  }
  return s;
}

export function clipToNorm(): void {
  const norm = sqrt(gradientSquaredNorm());
  if (norm <= clipNorm) return;
  const scale = clipNorm / norm;
  for (let i = 0; i < parameterLength; i++) store<f64>(at(gradients, i), load<f64>(at(gradients, i)) * scale);
}

/** The largest |w_new - w_old| of the current step so far. */
let stepMaxChange: f64 = 0;
/** Whether a change of the current parameter was NaN. */
let stepSawNaN: bool = false;

/** |w_new - w_old| in each lane. */
// @ts-ignore: decorator
@inline function changeOf(w: v128, nw: v128): v128 {
  return f64x2.abs(f64x2.sub(nw, w));
}

/**
 * Ends a vector loop that kept per-lane maxima of the changes (f64x2.pmax, which keeps the maximum
 * where a change is NaN, so that a NaN change never counts) and a mask of the lanes whose change was
 * NaN: the larger lane into stepMaxChange, and whether a change was NaN into stepSawNaN.
 */
// @ts-ignore: decorator
@inline function endLanes(maxv: v128, nanv: v128): void {
  let m = f64x2.extract_lane(maxv, 0);
  const other = f64x2.extract_lane(maxv, 1);
  if (other > m) m = other;
  stepMaxChange = m;
  if (v128.any_true(nanv)) stepSawNaN = true;
}

/** One change of the scalar tail into stepMaxChange, as Optimizer.step folds it. */
// @ts-ignore: decorator
@inline function foldScalar(w: f64, nw: f64): void {
  const change = abs(nw - w);
  if (change > stepMaxChange) stepMaxChange = change;
  else if (change != change) stepSawNaN = true;
}

/** w ← w - η(g + λw) over elements [from, to). */
export function updateSgd(from: i32, to: i32, lr: f64, decay: f64): void {
  const vlr = splat(lr);
  const vdecay = splat(decay);
  let maxv = splat(stepMaxChange);
  let nanv = splat(0);
  let i = from;
  for (; i + 2 <= to; i += 2) {
    const w = v128.load(at(parameters, i));
    const g = v128.load(at(gradients, i));
    const nw = f64x2.sub(w, f64x2.mul(vlr, f64x2.add(g, f64x2.mul(vdecay, w))));
    v128.store(at(parameters, i), nw);
    const change = changeOf(w, nw);
    maxv = f64x2.pmax(maxv, change);
    nanv = v128.or(nanv, f64x2.ne(change, change));
  }
  endLanes(maxv, nanv);
  for (; i < to; i++) {
    const w = load<f64>(at(parameters, i));
    const nw = w - lr * (load<f64>(at(gradients, i)) + decay * w);
    store<f64>(at(parameters, i), nw);
    foldScalar(w, nw);
  }
}

/** v ← μv + g; w ← w - η(v + λw), or with Nesterov w ← w - η(g + μv + λw). */
export function updateMomentum(from: i32, to: i32, lr: f64, decay: f64, nesterov: bool): void {
  const vlr = splat(lr);
  const vdecay = splat(decay);
  const mu = splat(momentum);
  let maxv = splat(stepMaxChange);
  let nanv = splat(0);
  let i = from;
  for (; i + 2 <= to; i += 2) {
    const w = v128.load(at(parameters, i));
    const g = v128.load(at(gradients, i));
    const v = f64x2.add(f64x2.mul(mu, v128.load(at(state0, i))), g);
    v128.store(at(state0, i), v);
    const direction = nesterov ? f64x2.add(g, f64x2.mul(mu, v)) : v;
    const nw = f64x2.sub(w, f64x2.mul(vlr, f64x2.add(direction, f64x2.mul(vdecay, w))));
    v128.store(at(parameters, i), nw);
    const change = changeOf(w, nw);
    maxv = f64x2.pmax(maxv, change);
    nanv = v128.or(nanv, f64x2.ne(change, change));
  }
  endLanes(maxv, nanv);
  for (; i < to; i++) {
    const w = load<f64>(at(parameters, i));
    const g = load<f64>(at(gradients, i));
    const v = momentum * load<f64>(at(state0, i)) + g;
    store<f64>(at(state0, i), v);
    const nw = nesterov ? w - lr * (g + momentum * v + decay * w) : w - lr * (v + decay * w);
    store<f64>(at(parameters, i), nw);
    foldScalar(w, nw);
  }
}

/** s ← ρs + (1 - ρ)g²; w ← w - η(g/(√s + ε) + λw). */
export function updateRmsprop(from: i32, to: i32, lr: f64, decay: f64): void {
  const vlr = splat(lr);
  const vdecay = splat(decay);
  const vrho = splat(rho);
  const vOneMinusRho = splat(oneMinusRho);
  const veps = splat(epsilon);
  let maxv = splat(stepMaxChange);
  let nanv = splat(0);
  let i = from;
  for (; i + 2 <= to; i += 2) {
    const w = v128.load(at(parameters, i));
    const g = v128.load(at(gradients, i));
    const sq = f64x2.add(f64x2.mul(vrho, v128.load(at(state0, i))), f64x2.mul(f64x2.mul(vOneMinusRho, g), g));
    v128.store(at(state0, i), sq);
    const nw = f64x2.sub(w, f64x2.mul(vlr, f64x2.add(f64x2.div(g, f64x2.add(f64x2.sqrt(sq), veps)), f64x2.mul(vdecay, w))));
    v128.store(at(parameters, i), nw);
    const change = changeOf(w, nw);
    maxv = f64x2.pmax(maxv, change);
    nanv = v128.or(nanv, f64x2.ne(change, change));
  }
  endLanes(maxv, nanv);
  for (; i < to; i++) {
    const w = load<f64>(at(parameters, i));
    const g = load<f64>(at(gradients, i));
    const sq = rho * load<f64>(at(state0, i)) + oneMinusRho * g * g;
    store<f64>(at(state0, i), sq);
    const nw = w - lr * (g / (sqrt(sq) + epsilon) + decay * w);
    store<f64>(at(parameters, i), nw);
    foldScalar(w, nw);
  }
}

/** m ← β₁m + (1 - β₁)g; v ← β₂v + (1 - β₂)g²; w ← w - η((m/c₁)/(√(v/c₂) + ε) + λw). */
export function updateAdam(from: i32, to: i32, lr: f64, decay: f64, firstCorrection: f64, secondCorrection: f64): void {
  const vlr = splat(lr);
  const vdecay = splat(decay);
  const vb1 = splat(beta1);
  const vb1c = splat(oneMinusBeta1);
  const vb2 = splat(beta2);
  const vb2c = splat(oneMinusBeta2);
  const veps = splat(epsilon);
  const vfc = splat(firstCorrection);
  const vsc = splat(secondCorrection);
  let maxv = splat(stepMaxChange);
  let nanv = splat(0);
  let i = from;
  for (; i + 2 <= to; i += 2) {
    const w = v128.load(at(parameters, i));
    const g = v128.load(at(gradients, i));
    const m = f64x2.add(f64x2.mul(vb1, v128.load(at(state0, i))), f64x2.mul(vb1c, g));
    const v = f64x2.add(f64x2.mul(vb2, v128.load(at(state1, i))), f64x2.mul(f64x2.mul(vb2c, g), g));
    v128.store(at(state0, i), m);
    v128.store(at(state1, i), v);
    const nw = f64x2.sub(w, f64x2.mul(vlr, f64x2.add(f64x2.div(f64x2.div(m, vfc), f64x2.add(f64x2.sqrt(f64x2.div(v, vsc)), veps)), f64x2.mul(vdecay, w))));
    v128.store(at(parameters, i), nw);
    const change = changeOf(w, nw);
    maxv = f64x2.pmax(maxv, change);
    nanv = v128.or(nanv, f64x2.ne(change, change));
  }
  endLanes(maxv, nanv);
  for (; i < to; i++) {
    const w = load<f64>(at(parameters, i));
    const g = load<f64>(at(gradients, i));
    const m = beta1 * load<f64>(at(state0, i)) + oneMinusBeta1 * g;
    const v = beta2 * load<f64>(at(state1, i)) + oneMinusBeta2 * g * g;
    store<f64>(at(state0, i), m);
    store<f64>(at(state1, i), v);
    const nw = w - lr * (m / firstCorrection / (sqrt(v / secondCorrection) + epsilon) + decay * w);
    store<f64>(at(parameters, i), nw);
    foldScalar(w, nw);
  }
}

/**
 * One update of the elements [from, to) of the parameter vector with decay `decay`; folds each
 * |w_new - w_old| into stepMaxChange; returns whether one was NaN.
 */
function updateRange(from: i32, to: i32, lr: f64, decay: f64, firstCorrection: f64, secondCorrection: f64): bool {
  stepSawNaN = false;
  if (rule == SGD) updateSgd(from, to, lr, decay);
  else if (rule == MOMENTUM || rule == NESTEROV) updateMomentum(from, to, lr, decay, rule == NESTEROV);
  else if (rule == RMSPROP) updateRmsprop(from, to, lr, decay);
  else updateAdam(from, to, lr, decay, firstCorrection, secondCorrection);
  return stepSawNaN;
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

/** Wᵀ from W for every layer: 2 × 2 blocks by two loads, two shuffles and two stores, then the odd row and column. */
export function transposeWeights(): void {
  for (let l = 0; l < layerCount; l++) {
    const I = <i32>field(l, L_IN);
    const J = <i32>field(l, L_OUT);
    const w = field(l, L_W);
    const wt = field(l, L_WT);
    const wRow = <usize>I << 3;
    const tRow = <usize>J << 3;
    let j = 0;
    for (; j + 2 <= J; j += 2) {
      const w0 = at(w, j * I);
      const w1 = w0 + wRow;
      let t = at(wt, j);
      let p = 0;
      for (; p + 2 <= I; p += 2, t += tRow << 1) {
        const a = v128.load(at(w0, p)); // W[j, p], W[j, p + 1]
        const b = v128.load(at(w1, p)); // W[j + 1, p], W[j + 1, p + 1]
        v128.store(t, i64x2.shuffle(a, b, 0, 2));
        v128.store(t + tRow, i64x2.shuffle(a, b, 1, 3));
      }
      if (p < I) {
        store<f64>(t, load<f64>(at(w0, p)));
        store<f64>(t, load<f64>(at(w1, p)), 8);
      }
    }
    if (j < J) for (let p = 0; p < I; p++) store<f64>(at(wt, p * J + j), load<f64>(at(w, j * I + p)));
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
  stepIndex = 0;
  for (let e = 0; e < epochs; e++) if (!epoch(e)) return e;
  return epochs;
}

/** Copies the batch's rows (in the shuffled order, if shuffling) into the batch buffers. */
export function gatherBatch(start: i32, rows: i32): void {
  const F = inputCount;
  const K = outputCount;
  for (let r = 0; r < rows; r++) {
    const i = shuffleOn ? <i32>load<u32>(order + (<usize>(start + r) << 2)) : start + r;
    memory.copy(at(xBatch, r * F), at(xData, i * F), <usize>F << 3);
    memory.copy(at(yBatch, r * K), at(yData, i * K), <usize>K << 3);
  }
}

/** Update steps taken in this call. */
let stepIndex: i32 = 0;

/**
 * One epoch, the e-th of the call; false if a batch diverged. (Exported, and so never inlined into
 * run: V8 optimizes a function at its next call once it has run hot, so the work of an epoch must not
 * sit in a function that is called once per call.)
 */
export function epoch(e: i32): bool {
  const n = sampleCount;
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
      gatherBatch(start, rows);
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
      return false;
    }
    backward(input, rows);
    adjustGradients();
    if (gradientNormOn) gradientNorm = sqrt(gradientSquaredNorm());
    if (clipNormOn) clipToNorm();
    const nonFinite = step(lr, stepIndex);
    stepIndex++;
    if (nonFinite >= 0) {
      divergedKind = 2;
      divergedBatch = batchNumber;
      divergedParameter = nonFinite;
      return false;
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
  return true;
}

// ---------------------------------------------------------------------------------------------------
// For the tests: the elementary functions over arrays, scalar or by vectors (then the scalar tail).

/**
 * dst[i] = f(src[i]) for i < n, f = exp (0), log (1), tanh (2), log1p (3); `vector` uses the f64x2
 * forms. f = 4 is the logistic function as a sigmoid layer computes it (forwardSigmoid, whatever `vector`).
 */
export function applyFunction(fn: i32, vector: i32, src: usize, dst: usize, n: i32): void {
  if (fn == 4) {
    forwardSigmoid(src, dst, n);
    return;
  }
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
