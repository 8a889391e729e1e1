/**
 * The small-network trainer in WebAssembly: whole epochs of gradient descent on a dense network in one
 * call, in Float64 with f64x2 SIMD (`small-net.as.ts`, compiled at build time). This module lays out
 * the kernel's memory, fills it and reads the results; `nn/small-net-path.ts` connects it to the
 * Trainer, which chooses it by itself for small networks.
 *
 * Everything lives in one WebAssembly memory of fixed size, laid out once by {@link SmallNetKernel}:
 * the layer table, the parameters and their gradients and optimizer state (one flat vector, each dense
 * layer's weights then its biases, the model's own order), the data, the batch buffers, each layer's
 * pre-activations, activations and their gradients, and per call the learning rate of each epoch,
 * Adam's bias corrections of each step and each epoch's results. A call allocates nothing.
 *
 * It needs WebAssembly SIMD (every current browser and Node); {@link smallNetModule} is null without
 * it, and the Trainer then keeps the TypeScript path.
 *
 * @module
 */
import { KC } from "./blocking.js";
import { SMALL_NET_WASM } from "./small-net-wasm.generated.js";
import { decodeEmbedded, simdSupported } from "./wasm-module.js";

/** The activations the kernel computes, by their codes in small-net.as.ts. */
export const SMALL_NET_ACTIVATIONS = ["identity", "sigmoid", "tanh", "relu", "leaky-relu", "gaussian", "softmax"] as const;
/** The losses, by code. */
export const SMALL_NET_LOSSES = ["half-sse", "mse", "bce", "cross-entropy"] as const;
/** The update rules, by code (AdamW is Adam with its decay). */
export const SMALL_NET_RULES = ["sgd", "momentum", "nesterov", "rmsprop", "adam"] as const;

/** Whether the kernel computes this activation (the built-in ones; registered ones stay in TypeScript). */
export function isSmallNetActivation(name: string): name is (typeof SMALL_NET_ACTIVATIONS)[number] {
  return (SMALL_NET_ACTIVATIONS as readonly string[]).includes(name);
}

/** Whether the kernel computes this loss. */
export function isSmallNetLoss(name: string): name is (typeof SMALL_NET_LOSSES)[number] {
  return (SMALL_NET_LOSSES as readonly string[]).includes(name);
}

/** Whether the kernel runs this update rule. */
export function isSmallNetRule(name: string): name is (typeof SMALL_NET_RULES)[number] {
  return (SMALL_NET_RULES as readonly string[]).includes(name);
}

/** One dense layer. */
export interface SmallNetLayer {
  readonly inputs: number;
  readonly units: number;
  readonly activation: (typeof SMALL_NET_ACTIVATIONS)[number];
  /** Slope of leaky ReLU below 0. */
  readonly alpha: number;
  readonly bias: boolean;
}

/** Everything the kernel is built for: the network, the data's shape, the loss and the update. */
export interface SmallNetSpec {
  readonly layers: readonly SmallNetLayer[];
  readonly samples: number;
  readonly features: number;
  readonly outputs: number;
  /** Rows per update (the whole set for full batch). */
  readonly batchSize: number;
  /** Shuffle the samples at the start of each epoch, with the generator's state. */
  readonly shuffle: boolean;
  /** Whether the data has class labels (then each epoch counts the rows classified right). */
  readonly labels: boolean;
  readonly loss: (typeof SMALL_NET_LOSSES)[number];
  /** δ of the output layer from the loss's fused formula (sigmoid with bce, softmax with cross-entropy). */
  readonly fused: boolean;
  readonly rule: (typeof SMALL_NET_RULES)[number];
  readonly momentum: number;
  readonly rho: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** Decoupled weight decay λ (weights only). */
  readonly weightDecay: number;
  readonly l1: number;
  readonly l2: number;
  readonly clipValue?: number;
  readonly clipNorm?: number;
  /** Record the norm of each epoch's last gradient. */
  readonly gradientNorm: boolean;
  /** The most epochs one call may run. */
  readonly maxEpochs: number;
}

/** What one epoch left: the sums the Trainer turns into its record. */
export interface SmallNetEpoch {
  /** Σ of the loss terms over the epoch's batches. */
  readonly termSum: number;
  /** Σ over batches of the penalty times the batch's share of the samples. */
  readonly penalty: number;
  /** Rows classified right. */
  readonly correct: number;
  /** The norm of the gradient of the epoch's last batch (0 unless asked for). */
  readonly gradientNorm: number;
  /** The largest |w_new - w_old| of the epoch. */
  readonly maxChange: number;
}

/** Where a call stopped because a batch diverged. */
export interface SmallNetDivergence {
  /** The epoch of the call, from 0. */
  readonly epoch: number;
  /** The batch within it, from 1. */
  readonly batch: number;
  readonly quantity: "loss" | "weights";
  /** The parameter (in the model's order) that became NaN or infinite first, for "weights". */
  readonly parameter: number | null;
}

interface SmallNetExports {
  configureNetwork(table: number, count: number, kc: number): void;
  configureData(n: number, features: number, outputs: number, x: number, y: number, labels: number, batch: number, shuffle: number, xb: number, yb: number, order: number): void;
  configureLoss(kind: number, fused: number): void;
  configureOptimizer(rule: number, momentum: number, rho: number, beta1: number, beta2: number, epsilon: number, decay: number): void;
  configureGradients(l1: number, l2: number, clip: number, clipOn: number, norm: number, normOn: number, gradientNorm: number): void;
  configureBuffers(parameters: number, gradients: number, state0: number, state1: number, length: number, results: number, rates: number, corrections: number): void;
  setRandom(s0: number, s1: number, s2: number, s3: number): void;
  randomWord(i: number): number;
  lastDivergedBatch(): number;
  lastDivergedKind(): number;
  lastDivergedParameter(): number;
  run(epochs: number): number;
  applyFunction(fn: number, vector: number, src: number, dst: number, n: number): void;
  exp2Table(): number;
  heapBase(): number;
}

let compiled: WebAssembly.Module | null | undefined;
let pending = false;

/**
 * The compiled module, or null where the engine has no WebAssembly SIMD or refuses to compile it
 * synchronously (an old browser's main thread: it is then compiled in the background and used from
 * the next Trainer on).
 */
export function smallNetModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  if (pending) return null;
  if (!simdSupported()) return (compiled = null);
  const bytes = decodeEmbedded(SMALL_NET_WASM);
  try {
    compiled = new WebAssembly.Module(bytes);
  } catch {
    pending = true;
    WebAssembly.compile(bytes).then(
      (module) => {
        compiled = module;
        pending = false;
      },
      () => {
        compiled = null;
        pending = false;
      },
    );
    return null;
  }
  return compiled;
}

const LAYER_BYTES = 64;
const RESULT_BYTES = 40;
const PAGE = 65536;

/** Lays out byte ranges, each aligned to 16 bytes. */
class Layout {
  end: number;
  constructor(start: number) {
    this.end = Math.ceil(start / 16) * 16;
  }
  take(bytes: number): number {
    const at = this.end;
    this.end = Math.ceil((at + bytes) / 16) * 16;
    return at;
  }
}

/** One network's kernel: its memory, laid out for a spec, and the calls that train in it. */
export class SmallNetKernel {
  /** Every parameter, in the model's order: each layer's weights (units × inputs), then its biases. */
  readonly parameters: Float64Array;
  /** Their gradients from the last batch, in the same order. */
  readonly gradients: Float64Array;
  /** Where each parameter of the model starts in {@link parameters}. */
  readonly parameterOffsets: readonly number[];
  /** The update rule's state arrays over the parameter vector (v, s or m and v). */
  readonly state: readonly [Float64Array, Float64Array];
  /** The learning rate of each epoch of the next call. */
  readonly rates: Float64Array;
  /** Adam's 1 - β₁ᵗ and 1 - β₂ᵗ for each step of the next call, in pairs. */
  readonly corrections: Float64Array;
  /** The most update steps one call may take (maxEpochs times the batches per epoch). */
  readonly maxSteps: number;
  private readonly exports: SmallNetExports;
  private readonly memory: WebAssembly.Memory;
  private readonly x: Float64Array;
  private readonly y: Float64Array;
  private readonly labels: Int32Array | null;
  private readonly results: Float64Array;
  // NaN, not 0: fields that start as doubles keep their representation in V8 when the sums arrive;
  // fields that started as small integers changed it then, which threw away readEpoch's optimized code.
  private readonly sums: { -readonly [K in keyof SmallNetEpoch]: number } = { termSum: NaN, penalty: NaN, correct: NaN, gradientNorm: NaN, maxChange: NaN };

  constructor(
    module: WebAssembly.Module,
    readonly spec: SmallNetSpec,
  ) {
    const { layers, samples: n, features, outputs, batchSize } = spec;
    const batch = Math.min(batchSize, n);
    const gather = spec.shuffle || batch < n;
    const batches = Math.ceil(n / batch);
    this.maxSteps = spec.maxEpochs * batches;
    const parameterCount = layers.reduce((s, l) => s + l.units * l.inputs + (l.bias ? l.units : 0), 0);
    const stateCount = spec.rule === "sgd" ? 0 : spec.rule === "adam" ? 2 : 1;

    // The module's static data (its table of 2^(j/128)) ends at heapBase: the layout starts there.
    const probe = new WebAssembly.Memory({ initial: 1 });
    const heapBase = (new WebAssembly.Instance(module, { env: { memory: probe } }).exports as unknown as SmallNetExports).heapBase();
    const layout = new Layout(heapBase);
    const table = layout.take(layers.length * LAYER_BYTES);
    const parameters = layout.take(parameterCount * 8);
    const gradients = layout.take(parameterCount * 8);
    const state0 = layout.take(stateCount >= 1 ? parameterCount * 8 : 0);
    const state1 = layout.take(stateCount >= 2 ? parameterCount * 8 : 0);
    const x = layout.take(n * features * 8);
    const y = layout.take(n * outputs * 8);
    const labels = layout.take(spec.labels ? n * 4 : 0);
    const order = layout.take(n * 4);
    const xb = layout.take(gather ? batch * features * 8 : 0);
    const yb = layout.take(gather ? batch * outputs * 8 : 0);
    const buffers = layers.map((l) => ({
      wt: layout.take(l.inputs * l.units * 8),
      z: layout.take(batch * l.units * 8),
      a: layout.take(batch * l.units * 8),
      dz: layout.take(batch * l.units * 8),
      da: layout.take(batch * l.units * 8),
    }));
    const rates = layout.take(spec.maxEpochs * 8);
    const results = layout.take(spec.maxEpochs * RESULT_BYTES);
    const corrections = layout.take(spec.rule === "adam" ? this.maxSteps * 16 : 0);
    const pages = Math.ceil(layout.end / PAGE);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    this.exports = new WebAssembly.Instance(module, { env: { memory: this.memory } }).exports as unknown as SmallNetExports;
    const buffer = this.memory.buffer;

    // The layer table.
    const words = new Int32Array(buffer, table, (layers.length * LAYER_BYTES) / 4);
    const alphas = new Float64Array(buffer, table, (layers.length * LAYER_BYTES) / 8);
    const offsets: number[] = [];
    let offset = 0;
    layers.forEach((l, i) => {
      const w = parameters + offset * 8;
      offsets.push(offset);
      offset += l.units * l.inputs;
      let b = 0;
      if (l.bias) {
        b = parameters + offset * 8;
        offsets.push(offset);
        offset += l.units;
      }
      const record = (i * LAYER_BYTES) / 4;
      const gradientOf = (address: number) => (address === 0 ? 0 : address - parameters + gradients);
      words.set([l.inputs, l.units, SMALL_NET_ACTIVATIONS.indexOf(l.activation), w, b, gradientOf(w), gradientOf(b), buffers[i].wt, buffers[i].z, buffers[i].a, buffers[i].dz, buffers[i].da], record);
      alphas[(i * LAYER_BYTES + 56) / 8] = l.alpha;
    });
    this.parameterOffsets = offsets;

    const e = this.exports;
    e.configureNetwork(table, layers.length, KC);
    e.configureData(n, features, outputs, x, y, spec.labels ? labels : 0, batch, spec.shuffle ? 1 : 0, xb, yb, order);
    e.configureLoss(SMALL_NET_LOSSES.indexOf(spec.loss), spec.fused ? 1 : 0);
    e.configureOptimizer(SMALL_NET_RULES.indexOf(spec.rule), spec.momentum, spec.rho, spec.beta1, spec.beta2, spec.epsilon, spec.weightDecay);
    e.configureGradients(spec.l1, spec.l2, spec.clipValue ?? 0, spec.clipValue !== undefined ? 1 : 0, spec.clipNorm ?? 0, spec.clipNorm !== undefined ? 1 : 0, spec.gradientNorm ? 1 : 0);
    e.configureBuffers(parameters, gradients, state0, state1, parameterCount, results, rates, corrections);

    this.parameters = new Float64Array(buffer, parameters, parameterCount);
    this.gradients = new Float64Array(buffer, gradients, parameterCount);
    this.state = [new Float64Array(buffer, state0, stateCount >= 1 ? parameterCount : 0), new Float64Array(buffer, state1, stateCount >= 2 ? parameterCount : 0)];
    this.x = new Float64Array(buffer, x, n * features);
    this.y = new Float64Array(buffer, y, n * outputs);
    this.labels = spec.labels ? new Int32Array(buffer, labels, n) : null;
    this.rates = new Float64Array(buffer, rates, spec.maxEpochs);
    this.results = new Float64Array(buffer, results, (spec.maxEpochs * RESULT_BYTES) / 8);
    this.corrections = new Float64Array(buffer, corrections, spec.rule === "adam" ? this.maxSteps * 2 : 0);
  }

  /** Copies the data in: n × features inputs, n × outputs targets, and the labels when the spec has them. */
  setData(x: Float64Array, y: Float64Array, labels?: Int32Array): void {
    this.x.set(x.subarray(0, this.x.length));
    this.y.set(y.subarray(0, this.y.length));
    if (this.labels !== null && labels !== undefined) this.labels.set(labels.subarray(0, this.labels.length));
  }

  /** The shuffling generator's state (xoshiro128**, as engine/random.ts). */
  get random(): [number, number, number, number] {
    const e = this.exports;
    return [e.randomWord(0) >>> 0, e.randomWord(1) >>> 0, e.randomWord(2) >>> 0, e.randomWord(3) >>> 0];
  }

  set random(s: readonly [number, number, number, number]) {
    this.exports.setRandom(s[0], s[1], s[2], s[3]);
  }

  /**
   * Runs `epochs` epochs (at most maxEpochs), epoch e with learning rate rates[e] and step i with the
   * corrections at 2i, 2i + 1. Returns how many epochs completed, whose sums {@link readEpoch} then
   * reads, and where it stopped if a batch diverged (the parameters are then as the TypeScript path
   * leaves them: before the update when the loss diverged, after it when the weights did).
   */
  run(epochs: number): { completed: number; divergence: SmallNetDivergence | null } {
    if (!(epochs >= 1 && epochs <= this.spec.maxEpochs)) throw new RangeError(`SmallNetKernel.run: 1 to ${this.spec.maxEpochs} epochs, got ${epochs}`);
    const e = this.exports;
    const completed = e.run(epochs);
    if (completed === epochs) return { completed, divergence: null };
    const kind = e.lastDivergedKind();
    return {
      completed,
      divergence: { epoch: completed, batch: e.lastDivergedBatch(), quantity: kind === 1 ? "loss" : "weights", parameter: kind === 2 ? e.lastDivergedParameter() : null },
    };
  }

  /**
   * The sums of epoch `i` (from 0) of the last {@link run}, in an object of the kernel's that the next
   * readEpoch overwrites (so that reading ten thousand epochs allocates nothing).
   */
  readEpoch(i: number): SmallNetEpoch {
    const r = this.results;
    const o = (i * RESULT_BYTES) / 8;
    const s = this.sums;
    s.termSum = r[o];
    s.penalty = r[o + 1];
    s.correct = r[o + 2];
    s.gradientNorm = r[o + 3];
    s.maxChange = r[o + 4];
    return s;
  }
}

/** An instance of the module over a fresh memory of `bytes` beyond its static data, and where they start. */
function scratchInstance(bytes: number): { exports: SmallNetExports; memory: WebAssembly.Memory; start: number } {
  const module = smallNetModule();
  if (module === null) throw new Error("the small-network kernel needs WebAssembly SIMD");
  const memory = new WebAssembly.Memory({ initial: Math.ceil(bytes / PAGE) + 2 });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as SmallNetExports;
  return { exports, memory, start: Math.ceil(exports.heapBase() / 16) * 16 };
}

/**
 * For the tests: f(x) for each x by the kernel's own exp, log, tanh or log1p; `vector` takes the
 * values in pairs through the f64x2 forms (and an odd last one through the scalar form; log1p has only
 * the scalar form). "sigmoid" is 1/(1 + e^(-x)) over the whole array as a sigmoid layer computes it.
 */
export function smallNetFunction(fn: "exp" | "log" | "tanh" | "log1p" | "sigmoid", xs: Float64Array, vector: boolean): Float64Array {
  const bytes = Math.ceil((xs.length * 8) / 16) * 16;
  const { exports, memory, start } = scratchInstance(2 * bytes);
  new Float64Array(memory.buffer, start, xs.length).set(xs);
  exports.applyFunction(["exp", "log", "tanh", "log1p", "sigmoid"].indexOf(fn), vector ? 1 : 0, start, start + bytes, xs.length);
  return new Float64Array(memory.buffer, start + bytes, xs.length).slice();
}

/** For the tests: the kernel's table of 2^(j/128) = H_j·(1 + T_j), as 128 pairs (H_j, T_j). */
export function smallNetExp2Table(): Float64Array {
  const { exports, memory } = scratchInstance(0);
  return new Float64Array(memory.buffer, exports.exp2Table(), 256).slice();
}
