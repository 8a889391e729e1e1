/**
 * The activation functions: a registry with one entry per activation holding everything about it, in
 * the way PyTorch's `derivatives.yaml` drives its autograd: its value and derivative (for one number
 * and over arrays), the formulas it prints, its names in formulas and in prose, the notes a worked
 * solution makes about it, the initializer that suits it, its ONNX form and its place in generated
 * exercises. The numbers of every computation, the worked solutions, `--help`, the spec schema, the
 * exercise generator and the ONNX export all read this table; none of them names an activation.
 *
 * Adding an activation is adding one entry to {@link BUILTIN_ACTIVATIONS} (or calling
 * {@link registerActivation} at run time) with its tests; nothing else changes.
 *
 * Conventions at the kinks, as the course material uses them: `relu'(0) = 0` and `leakyRelu'(0) = α`.
 *
 * @module
 */
import type { Expr, FunctionRef } from "./expr.js";
import { add, call, div, exp, max, mul, neg, num, piecewise, pow, sub, sumOver, sym, when } from "./expr.js";
import type { FloatArray } from "../kernels/types.js";
import { wherePositive } from "./where-positive.js";

/** The arrays the fast path computes in. */
export type { FloatArray };

/** The names of the built-in activations, as specs and the CLI spell them. */
export const BUILTIN_ACTIVATION_NAMES = ["identity", "sigmoid", "tanh", "relu", "leaky-relu", "gaussian", "softmax"] as const;

/**
 * A built-in activation's name.
 *
 * @category Models
 */
export type BuiltinActivationName = (typeof BUILTIN_ACTIVATION_NAMES)[number];

/**
 * An activation's name: a built-in one, or one added with {@link registerActivation}.
 *
 * @category Models
 */
export type ActivationName = BuiltinActivationName | (string & {});

/** The slope of leaky ReLU for z ≤ 0 when a spec does not give one. */
export const DEFAULT_LEAKY_ALPHA = 0.01;

/** A sigmoid or tanh output this close to its bounds passes almost no gradient back. */
export const SATURATION = 0.01;

/**
 * The part of an ONNX graph an activation's entry writes itself into: nodes by operator name, with
 * numeric attributes, and scalar constants of the graph's element type. (`onnx/` implements it.)
 */
export interface OnnxActivationGraph {
  /** Adds a node with one output; returns the output's name. */
  node(op: string, inputs: readonly string[], attributes?: Readonly<Record<string, number>>): string;
  /** A scalar constant of the graph's element type; returns its name. */
  constant(value: number): string;
  /** Whether the graph computes in double precision (some operators exist only in float there). */
  readonly double: boolean;
}

/** What every activation's entry holds besides its computation. */
interface ActivationEntry {
  readonly name: ActivationName;
  /** Its name in prose and headings: `Leaky ReLU`. */
  readonly title: string;
  /** One line for `--help` and the docs: `σ(z) = 1/(1 + e^(-z)), outputs in (0, 1)`. */
  readonly summary: string;
  /** The function in formulas: its printed names (`σ`) and its value. */
  readonly fn: FunctionRef;
  /** Whether the formula has the parameter α (leaky ReLU). */
  readonly hasAlpha: boolean;
  /** The interval that contains every output. */
  readonly range: readonly [number, number];
  /** The weight initialization that suits it: He for ReLU-like units, Xavier otherwise. */
  readonly initializer: "he" | "xavier";
  /** Writes a = f(z) into an ONNX graph; returns the name of a. */
  onnx(graph: OnnxActivationGraph, z: string, alpha: number): string;
  /** Where generated exercises may use it, and what makes an exercise with it degenerate. */
  readonly exercise: {
    readonly hidden: boolean;
    readonly output: boolean;
    /** Why one sample's outputs of a layer make a degenerate exercise, or null. */
    degenerate?(outputs: readonly number[]): string | null;
    /** Weight gradients of 0 are part of its nature (a dead ReLU), not a degenerate exercise. */
    readonly zeroGradients?: boolean;
  };
}

/** An activation applied to each element on its own. */
export interface ElementwiseActivation extends ActivationEntry {
  readonly kind: "elementwise";
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
  /** What a worked solution says about a unit's output (a dead ReLU, a saturated sigmoid). */
  forwardNote?(z: number, a: number): string | undefined;
  /** What a worked solution says about a unit's δ. */
  backwardNote?(z: number): string | undefined;
  /** The value tracegrad takes for f' at its kink z = 0 (`ReLU'(0) = 0`), for the conventions and notes. */
  readonly kinkConvention?: string;
}

/** Softmax: each output depends on the whole row of pre-activations. */
export interface SoftmaxActivation extends ActivationEntry {
  readonly kind: "softmax";
  /** a_j = e^(z_j) / Σ_k e^(z_k), computed with the row maximum subtracted first. */
  forwardRow(z: ArrayLike<number>, out: Float64Array | Float32Array, offset: number): void;
  /**
   * ∂L/∂z of one row from ∂L/∂a (the vector-Jacobian product of softmax): dz_j = a_j (da_j - Σ_k da_k a_k),
   * for the `length` elements from `offset` of a, da and dz (dz may be da).
   */
  backwardRow(a: ArrayLike<number>, da: ArrayLike<number>, dz: Float64Array | Float32Array, offset: number, length: number): void;
  /** The formula for one output j: `e^(z_j) / Σ_k e^(z_k)`. */
  formula(zj: Expr, zk: Expr, k: string): Expr;
}

export type Activation = ElementwiseActivation | SoftmaxActivation;

/** A function of formulas with its printed names and value. */
function fn(name: string, ascii: string, unicode: string, latex: string, evaluate?: (args: readonly number[]) => number): FunctionRef {
  return { name, text: { ascii, unicode, latex }, ...(evaluate !== undefined ? { evaluate } : {}) };
}

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
  title: "Identity",
  summary: "f(z) = z (a linear unit)",
  fn: fn("identity", "id", "id", "\\operatorname{id}", (a) => a[0]),
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
  initializer: "xavier",
  onnx: (_graph, z) => z,
  exercise: { hidden: true, output: true },
};

const sigmoidActivation: ElementwiseActivation = {
  kind: "elementwise",
  name: "sigmoid",
  title: "Sigmoid",
  summary: "σ(z) = 1/(1 + e^(-z)), outputs in (0, 1)",
  fn: fn("sigmoid", "sigmoid", "σ", "\\sigma", (a) => sigmoid(a[0])),
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
  forwardNote: (_z, a) =>
    a < SATURATION || a > 1 - SATURATION ? `the sigmoid is saturated: σ'(z) = a(1 - a) is below ${SATURATION}, so little gradient flows back` : undefined,
  initializer: "xavier",
  onnx: (graph, z) => graph.node("Sigmoid", [z]),
  exercise: {
    hidden: true,
    output: true,
    degenerate: (outputs) => {
      const x = outputs.find((y) => y < SATURATION || y > 1 - SATURATION);
      return x === undefined ? null : `a sigmoid unit outputs ${x}, outside [${SATURATION}, ${1 - SATURATION}]`;
    },
  },
};

const tanhActivation: ElementwiseActivation = {
  kind: "elementwise",
  name: "tanh",
  title: "Tanh",
  summary: "tanh(z) = (e^z - e^(-z))/(e^z + e^(-z)), outputs in (-1, 1)",
  fn: fn("tanh", "tanh", "tanh", "\\tanh", (a) => Math.tanh(a[0])),
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
  forwardNote: (_z, a) => (Math.abs(a) > 1 - SATURATION ? "tanh is saturated: 1 - a² is below 0.02, so little gradient flows back" : undefined),
  initializer: "xavier",
  onnx: (graph, z) => graph.node("Tanh", [z]),
  exercise: { hidden: true, output: true },
};

const relu: ElementwiseActivation = {
  kind: "elementwise",
  name: "relu",
  title: "ReLU",
  summary: "ReLU(z) = max(0, z); ReLU'(0) = 0",
  fn: fn("relu", "ReLU", "ReLU", "\\operatorname{ReLU}", (a) => Math.max(0, a[0])),
  hasAlpha: false,
  forward: (z) => (z > 0 ? z : 0),
  derivative: (z) => (z > 0 ? 1 : 0),
  // z > 0 ? z : 0 and z > 0 ? da : 0, without a branch per element.
  forwardArray: (z, a, n) => wherePositive(z, z, a, n),
  backwardArray: (z, _a, da, dz, n) => wherePositive(z, da, dz, n),
  formula: (z) => max(0, z),
  derivativeFormula: (z) => piecewise({ value: 1, when: when(z, ">", 0) }, { value: 0, when: null }),
  kinks: [0],
  range: [0, Infinity],
  forwardNote: (z) => (z <= 0 ? "z ≤ 0: the unit outputs 0 and passes no gradient back (a dead ReLU for this input)" : undefined),
  backwardNote: (z) => (z <= 0 ? "ReLU'(z) = 0 for z ≤ 0: no gradient reaches this unit's weights" : undefined),
  kinkConvention: "ReLU'(0) = 0",
  initializer: "he",
  onnx: (graph, z) => graph.node("Relu", [z]),
  exercise: {
    hidden: true,
    output: true,
    degenerate: (outputs) => (outputs.every((x) => x === 0) ? "every ReLU unit of the layer outputs 0" : null),
    zeroGradients: true,
  },
};

const leakyRelu: ElementwiseActivation = {
  kind: "elementwise",
  name: "leaky-relu",
  title: "Leaky ReLU",
  summary: `LeakyReLU(z) = z for z > 0, α·z otherwise (α = ${DEFAULT_LEAKY_ALPHA} unless given)`,
  fn: fn("leaky-relu", "LeakyReLU", "LeakyReLU", "\\operatorname{LeakyReLU}", (a) => (a[0] > 0 ? a[0] : (a[1] ?? DEFAULT_LEAKY_ALPHA) * a[0])),
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
  kinkConvention: "LeakyReLU'(0) = α",
  initializer: "he",
  // onnxruntime has no double LeakyRelu: z if z > 0, else α·z, as Where(z > 0, z, α·z).
  onnx: (graph, z, alpha) =>
    graph.double
      ? graph.node("Where", [graph.node("Greater", [z, graph.constant(0)]), z, graph.node("Mul", [z, graph.constant(alpha)])])
      : graph.node("LeakyRelu", [z], { alpha }),
  exercise: { hidden: true, output: true },
};

const gaussian: ElementwiseActivation = {
  kind: "elementwise",
  name: "gaussian",
  title: "Gaussian",
  summary: "gaussian(z) = e^(-z²), outputs in (0, 1]",
  fn: fn("gaussian", "gaussian", "gaussian", "\\operatorname{gaussian}", (a) => Math.exp(-a[0] * a[0])),
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
  initializer: "xavier",
  onnx: (graph, z) => graph.node("Exp", [graph.node("Neg", [graph.node("Mul", [z, z])])]),
  exercise: { hidden: true, output: true },
};

const softmax: SoftmaxActivation = {
  kind: "softmax",
  name: "softmax",
  title: "Softmax of the whole vector",
  summary: "softmax(z)_j = e^(z_j)/Σ_k e^(z_k), a probability distribution over the outputs (with cross-entropy)",
  fn: fn("softmax", "softmax", "softmax", "\\operatorname{softmax}"),
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
  backwardRow(a, da, dz, offset, length) {
    let dot = 0;
    for (let k = offset; k < offset + length; k++) dot += da[k] * a[k];
    for (let j = offset; j < offset + length; j++) dz[j] = a[j] * (da[j] - dot);
  },
  formula: (zj, zk, k) => div(exp(zj), sumOver(k, exp(zk))),
  range: [0, 1],
  initializer: "xavier",
  onnx: (graph, z) => graph.node("Softmax", [z], { axis: -1 }),
  exercise: { hidden: false, output: true },
};

/** The built-in activations, in the order they are listed. */
export const BUILTIN_ACTIVATIONS: readonly Activation[] = [identity, sigmoidActivation, tanhActivation, relu, leakyRelu, gaussian, softmax];

/** Every activation, by name: the built-in ones and those registered since. */
export const ACTIVATIONS: Readonly<Record<string, Activation>> = Object.fromEntries(BUILTIN_ACTIVATIONS.map((a) => [a.name, a]));

/**
 * Adds an activation to the registry, after which specs, the command line's options and help, the
 * schema, worked solutions, training and exercises all know it. Its name must be new.
 */
export function registerActivation(entry: Activation): void {
  if (Object.hasOwn(ACTIVATIONS, entry.name)) throw new Error(`an activation named ${entry.name} is already registered`);
  (ACTIVATIONS as Record<string, Activation>)[entry.name] = entry;
}

/**
 * The names of every registered activation, in the order they were registered.
 *
 * @category Models
 */
export function activationNames(): ActivationName[] {
  return Object.keys(ACTIVATIONS);
}

/** Looks an activation up by name. */
export function activation(name: ActivationName): Activation {
  const found = ACTIVATIONS[name];
  if (found === undefined) throw new RangeError(`unknown activation ${name}`);
  return found;
}

/** Whether a string names an activation. */
export function isActivationName(name: string): name is ActivationName {
  return Object.hasOwn(ACTIVATIONS, name);
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
    return { call: call(act.fn, zj), definition: act.formula(zj, sym("z", "k"), "k") };
  }
  const args = act.hasAlpha ? [Z, ALPHA] : [Z];
  return { call: call(act.fn, ...args), definition: act.formula(Z, ALPHA) };
}
