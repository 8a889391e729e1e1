/**
 * The activation functions, each declared once: its forward function, its derivative, and the formulas
 * it prints. Both the numbers of every computation and the worked solutions come from this table, in
 * the way PyTorch's `derivatives.yaml` drives its autograd.
 *
 * Conventions at the kinks, as the seeds use them: `relu'(0) = 0` and `leakyRelu'(0) = α`.
 *
 * @module
 */
import type { Expr, FunctionName } from "./expr.js";
import { add, call, div, exp, max, mul, neg, num, piecewise, pow, sub, sumOver, sym, when } from "./expr.js";

/**
 * The names of the activations, as specs and the CLI spell them.
 *
 * @category Models
 */
export const ACTIVATION_NAMES = ["identity", "sigmoid", "tanh", "relu", "leaky-relu", "gaussian", "softmax"] as const;

/** @category Models */
export type ActivationName = (typeof ACTIVATION_NAMES)[number];

/** The slope of leaky ReLU for z ≤ 0 when a spec does not give one. */
export const DEFAULT_LEAKY_ALPHA = 0.01;

/** An activation applied to each element on its own. */
export interface ElementwiseActivation {
  readonly kind: "elementwise";
  readonly name: ActivationName;
  /** The function's name in formulas (`σ`, `tanh`, `ReLU`). */
  readonly fn: FunctionName;
  /** Whether the formula has the parameter α (leaky ReLU). */
  readonly hasAlpha: boolean;
  /** a = f(z). */
  forward(z: number, alpha: number): number;
  /** f'(z), given z and a = f(z) (whichever is the cheaper to use). */
  derivative(z: number, a: number, alpha: number): number;
  /**
   * The same function over arrays, for the training fast path: a[i] = f(z[i]) for i < length. Written
   * out beside the scalar form so that each loop stays monomorphic; a test checks the two agree.
   */
  forwardArray(z: FloatArray, a: FloatArray, length: number, alpha: number): void;
  /** dz[i] = da[i]·f'(z[i]) for i < length (dz may be da). */
  backwardArray(z: FloatArray, a: FloatArray, da: FloatArray, dz: FloatArray, length: number, alpha: number): void;
  /** The definition of f, as printed: `1/(1 + e^(-z))`. */
  formula(z: Expr, alpha: Expr): Expr;
  /** f'(z) as textbooks write it, in terms of z and a: `a(1 - a)` for the sigmoid. */
  derivativeFormula(z: Expr, a: Expr, alpha: Expr): Expr;
  /** Points where f is not differentiable; property tests keep away from them. */
  readonly kinks: readonly number[];
  /** The interval that contains every output. */
  readonly range: readonly [number, number];
}

import type { FloatArray } from "../kernels/types.js";

/** The arrays the fast path computes in. */
export type { FloatArray };

/** Softmax: each output depends on the whole row of pre-activations. */
export interface SoftmaxActivation {
  readonly kind: "softmax";
  readonly name: "softmax";
  readonly fn: "softmax";
  readonly hasAlpha: false;
  /** a_j = e^(z_j) / Σ_k e^(z_k), computed with the row maximum subtracted first. */
  forwardRow(z: ArrayLike<number>, out: Float64Array | Float32Array, offset: number): void;
  /** The formula for one output j: `e^(z_j) / Σ_k e^(z_k)`. */
  formula(zj: Expr, zk: Expr, k: string): Expr;
  readonly range: readonly [number, number];
}

export type Activation = ElementwiseActivation | SoftmaxActivation;

/**
 * σ(z) = 1/(1 + e^(-z)), exactly as printed. For z < -709, e^(-z) overflows to Infinity and the quotient
 * is 0, which is σ(z) rounded to a double; elsewhere the form is accurate to a few ulps, and it has no
 * branch for the sign of z (a branch the processor mispredicts on mixed data).
 */
function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

const identity: ElementwiseActivation = {
  kind: "elementwise",
  name: "identity",
  fn: "identity",
  hasAlpha: false,
  forward: (z) => z,
  derivative: () => 1,
  forwardArray(z, a, n) {
    if (a !== z) for (let i = 0; i < n; i++) a[i] = z[i];
  },
  backwardArray(_z, _a, da, dz, n) {
    if (dz !== da) for (let i = 0; i < n; i++) dz[i] = da[i];
  },
  formula: (z) => z,
  derivativeFormula: () => num(1),
  kinks: [],
  range: [-Infinity, Infinity],
};

const sigmoidActivation: ElementwiseActivation = {
  kind: "elementwise",
  name: "sigmoid",
  fn: "sigma",
  hasAlpha: false,
  forward: (z) => sigmoid(z),
  derivative: (_z, a) => a * (1 - a),
  forwardArray(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = 1 / (1 + Math.exp(-z[i]));
  },
  backwardArray(_z, a, da, dz, n) {
    for (let i = 0; i < n; i++) dz[i] = da[i] * (a[i] * (1 - a[i]));
  },
  formula: (z) => div(1, add(1, exp(neg(z)))),
  derivativeFormula: (_z, a) => mul(a, sub(1, a)),
  kinks: [],
  range: [0, 1],
};

const tanhActivation: ElementwiseActivation = {
  kind: "elementwise",
  name: "tanh",
  fn: "tanh",
  hasAlpha: false,
  forward: (z) => Math.tanh(z),
  derivative: (_z, a) => 1 - a * a,
  forwardArray(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = Math.tanh(z[i]);
  },
  backwardArray(_z, a, da, dz, n) {
    for (let i = 0; i < n; i++) dz[i] = da[i] * (1 - a[i] * a[i]);
  },
  formula: (z) => div(sub(exp(z), exp(neg(z))), add(exp(z), exp(neg(z)))),
  derivativeFormula: (_z, a) => sub(1, pow(a, 2)),
  kinks: [],
  range: [-1, 1],
};

const relu: ElementwiseActivation = {
  kind: "elementwise",
  name: "relu",
  fn: "relu",
  hasAlpha: false,
  forward: (z) => (z > 0 ? z : 0),
  derivative: (z) => (z > 0 ? 1 : 0),
  forwardArray(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : 0;
  },
  backwardArray(z, _a, da, dz, n) {
    for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : 0;
  },
  formula: (z) => max(0, z),
  derivativeFormula: (z) => piecewise({ value: 1, when: when(z, ">", 0) }, { value: 0, when: null }),
  kinks: [0],
  range: [0, Infinity],
};

const leakyRelu: ElementwiseActivation = {
  kind: "elementwise",
  name: "leaky-relu",
  fn: "leakyRelu",
  hasAlpha: true,
  forward: (z, alpha) => (z > 0 ? z : alpha * z),
  derivative: (z, _a, alpha) => (z > 0 ? 1 : alpha),
  forwardArray(z, a, n, alpha) {
    for (let i = 0; i < n; i++) a[i] = z[i] > 0 ? z[i] : alpha * z[i];
  },
  backwardArray(z, _a, da, dz, n, alpha) {
    for (let i = 0; i < n; i++) dz[i] = z[i] > 0 ? da[i] : da[i] * alpha;
  },
  formula: (z, alpha) => piecewise({ value: z, when: when(z, ">", 0) }, { value: mul(alpha, z), when: null }),
  derivativeFormula: (z, _a, alpha) => piecewise({ value: 1, when: when(z, ">", 0) }, { value: alpha, when: null }),
  kinks: [0],
  range: [-Infinity, Infinity],
};

const gaussian: ElementwiseActivation = {
  kind: "elementwise",
  name: "gaussian",
  fn: "gaussian",
  hasAlpha: false,
  forward: (z) => Math.exp(-z * z),
  derivative: (z, a) => -2 * z * a,
  forwardArray(z, a, n) {
    for (let i = 0; i < n; i++) a[i] = Math.exp(-z[i] * z[i]);
  },
  backwardArray(z, a, da, dz, n) {
    for (let i = 0; i < n; i++) dz[i] = da[i] * (-2 * z[i] * a[i]);
  },
  formula: (z) => exp(neg(pow(z, 2))),
  derivativeFormula: (z, a) => mul(-2, z, a),
  kinks: [],
  range: [0, 1],
};

const softmax: SoftmaxActivation = {
  kind: "softmax",
  name: "softmax",
  fn: "softmax",
  hasAlpha: false,
  forwardRow(z, out, offset) {
    let m = -Infinity;
    for (let k = 0; k < z.length; k++) if (z[k] > m) m = z[k];
    let total = 0;
    for (let k = 0; k < z.length; k++) {
      const e = Math.exp(z[k] - m);
      out[offset + k] = e;
      total += e;
    }
    for (let k = 0; k < z.length; k++) out[offset + k] /= total;
  },
  formula: (zj, zk, k) => div(exp(zj), sumOver(k, exp(zk))),
  range: [0, 1],
};

/** Every activation, by name. */
export const ACTIVATIONS: Readonly<Record<ActivationName, Activation>> = {
  identity,
  sigmoid: sigmoidActivation,
  tanh: tanhActivation,
  relu,
  "leaky-relu": leakyRelu,
  gaussian,
  softmax,
};

/** Looks an activation up by name. */
export function activation(name: ActivationName): Activation {
  return ACTIVATIONS[name];
}

/** Whether a string names an activation. */
export function isActivationName(name: string): name is ActivationName {
  return (ACTIVATION_NAMES as readonly string[]).includes(name);
}

/** The symbol `z` used in general formulas. */
export const Z = sym("z");
/** The symbol `a` used in general formulas. */
export const A = sym("a");
/** The symbol `α` used in general formulas. */
export const ALPHA = sym("alpha");

/** The general formula of an activation, `σ(z) = 1/(1 + e^(-z))`, as a pair (call, definition). */
export function generalFormula(act: Activation): { call: Expr; definition: Expr } {
  if (act.kind === "softmax") {
    const zj = sym("z", "j");
    return { call: call("softmax", zj), definition: act.formula(zj, sym("z", "k"), "k") };
  }
  const args = act.hasAlpha ? [Z, ALPHA] : [Z];
  return { call: call(act.fn, ...args), definition: act.formula(Z, ALPHA) };
}
