/**
 * The update rules of gradient descent and its variants, each declared once: the computation on one
 * parameter and the formulas it prints. The training loop in `nn/` and the worked solutions both use
 * this table. Conventions follow PyTorch; weight decay λ is decoupled (AdamW style) in every rule:
 *
 * | rule       | state      | update                                                            |
 * |------------|------------|-------------------------------------------------------------------|
 * | `sgd`      | —          | w ← w - η(g + λw)                                                 |
 * | `momentum` | v          | v ← μv + g;  w ← w - η(v + λw)                                    |
 * | `nesterov` | v          | v ← μv + g;  w ← w - η(g + μv + λw)                               |
 * | `rmsprop`  | s          | s ← ρs + (1 - ρ)g²;  w ← w - η(g/(√s + ε) + λw)                   |
 * | `adam`     | m, v       | m ← β₁m + (1 - β₁)g;  v ← β₂v + (1 - β₂)g²;  m̂ = m/(1 - β₁ᵗ);  v̂ = v/(1 - β₂ᵗ);  w ← w - η(m̂/(√v̂ + ε) + λw) |
 * | `adamw`    | m, v       | as adam, with λ = 0.01 unless given                               |
 *
 * For plain SGD the decoupled decay is the same as adding λw to the gradient. An L2 penalty λΣw² is a
 * different thing: it is part of the loss, so its gradient 2λw is already inside g.
 *
 * @module
 */
import type { Hyperparameters } from "../common/hyperparameters.js";
import type { Expr, SymbolExpr } from "./expr.js";
import { add, div, mul, pow, sub, sym, call } from "./expr.js";
import type { FloatArray } from "./activations.js";

/** The names of the built-in update rules. */
export const BUILTIN_OPTIMIZER_NAMES = ["sgd", "momentum", "nesterov", "rmsprop", "adam", "adamw"] as const;

/**
 * A built-in update rule's name.
 *
 * @category Training
 */
export type BuiltinOptimizerName = (typeof BUILTIN_OPTIMIZER_NAMES)[number];

/**
 * An optimizer's name: a built-in one, or one added with {@link registerOptimizer}.
 *
 * @category Training
 */
export type OptimizerName = BuiltinOptimizerName | (string & {});

export type { Hyperparameters } from "../common/hyperparameters.js";

export const DEFAULT_HYPERPARAMETERS: Omit<Hyperparameters, "learningRate"> = {
  weightDecay: 0,
  momentum: 0.9,
  rho: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
};

/** The symbols one update of one parameter prints, each carrying its value. */
export interface UpdateSymbols {
  readonly w: SymbolExpr;
  readonly g: Expr;
  /** State before the update. */
  readonly before: Readonly<Record<string, SymbolExpr>>;
  /** State after the update. */
  readonly after: Readonly<Record<string, SymbolExpr>>;
  /** Intermediate values (m̂, v̂). */
  readonly trace: Readonly<Record<string, SymbolExpr>>;
  readonly eta: SymbolExpr;
  readonly lambda: SymbolExpr;
  readonly mu: SymbolExpr;
  readonly rho: SymbolExpr;
  readonly beta1: SymbolExpr;
  readonly beta2: SymbolExpr;
  readonly epsilon: SymbolExpr;
  /** The step number t (from 1). */
  readonly t: SymbolExpr;
}

/** What {@link UpdateRule.prepare} computes once per step. */
export type StepConstants = readonly number[];

/** One printed assignment: `target ← formula`. */
export interface Assignment {
  /** `w`, a state name, or a trace name. */
  readonly target: string;
  readonly formula: Expr;
}

export interface UpdateRule {
  readonly name: OptimizerName;
  readonly title: string;
  /** One line for `--help` and the docs: `v ← μv + g; w ← w - ηv`. */
  readonly summary: string;
  /** Per-parameter state, each zero at the start. */
  readonly stateNames: readonly string[];
  /** The states that are running averages of squared gradients, never negative (RMSprop's s, Adam's v): a state file's negative value there is refused. */
  readonly squaredStates?: readonly string[];
  /** Intermediate values worth printing. */
  readonly traceNames: readonly string[];
  /** Whether λ is used unless given (AdamW). */
  readonly defaultWeightDecay?: number;
  /**
   * The values every element of one step shares (Adam's bias corrections 1 - β₁ᵗ and 1 - β₂ᵗ), computed
   * once per step and passed to {@link step}; without them, `step` computes them itself (same bits).
   */
  prepare?(h: Hyperparameters, t: number): StepConstants;
  /**
   * Updates parameter element i: reads `state[s][i]`, writes the new state there, returns the new value
   * of w. `trace`, when given, receives the intermediate values in the order of `traceNames`.
   */
  step(w: number, g: number, state: readonly FloatArray[], i: number, h: Hyperparameters, t: number, trace?: number[], constants?: StepConstants): number;
  /** The assignments as printed, in order; the last one assigns w. */
  assignments(s: UpdateSymbols, h: Hyperparameters): Assignment[];
}

/** `η(direction + λw)`, leaving the decay out of the printed formula when λ = 0. */
function descend(s: UpdateSymbols, h: Hyperparameters, direction: Expr): Expr {
  return sub(s.w, h.weightDecay === 0 ? mul(s.eta, direction) : mul(s.eta, add(direction, mul(s.lambda, s.w))));
}

const sgd: UpdateRule = {
  name: "sgd",
  title: "gradient descent",
  summary: "w ← w - η·g",
  stateNames: [],
  traceNames: [],
  step: (w, g, _state, _i, h) => w - h.learningRate * (g + h.weightDecay * w),
  assignments: (s, h) => [{ target: "w", formula: descend(s, h, s.g) }],
};

const momentum: UpdateRule = {
  name: "momentum",
  title: "gradient descent with momentum",
  summary: "v ← μv + g; w ← w - η·v (μ = 0.9)",
  stateNames: ["v"],
  traceNames: [],
  step(w, g, state, i, h) {
    const v = state[0];
    v[i] = h.momentum * v[i] + g;
    return w - h.learningRate * (v[i] + h.weightDecay * w);
  },
  assignments: (s, h) => [
    { target: "v", formula: add(mul(s.mu, s.before.v), s.g) },
    { target: "w", formula: descend(s, h, s.after.v) },
  ],
};

const nesterov: UpdateRule = {
  name: "nesterov",
  title: "Nesterov accelerated gradient",
  summary: "v ← μv + g; w ← w - η(g + μv)",
  stateNames: ["v"],
  traceNames: [],
  step(w, g, state, i, h) {
    const v = state[0];
    v[i] = h.momentum * v[i] + g;
    return w - h.learningRate * (g + h.momentum * v[i] + h.weightDecay * w);
  },
  assignments: (s, h) => [
    { target: "v", formula: add(mul(s.mu, s.before.v), s.g) },
    { target: "w", formula: descend(s, h, add(s.g, mul(s.mu, s.after.v))) },
  ],
};

const rmsprop: UpdateRule = {
  name: "rmsprop",
  title: "RMSprop",
  summary: "s ← ρs + (1 - ρ)g²; w ← w - η·g/(√s + ε) (ρ = 0.9)",
  stateNames: ["s"],
  squaredStates: ["s"],
  traceNames: [],
  step(w, g, state, i, h) {
    const sq = state[0];
    sq[i] = h.rho * sq[i] + (1 - h.rho) * g * g;
    return w - h.learningRate * (g / (Math.sqrt(sq[i]) + h.epsilon) + h.weightDecay * w);
  },
  assignments: (s, h) => [
    { target: "s", formula: add(mul(s.rho, s.before.s), mul(sub(1, s.rho), pow(s.g, 2))) },
    { target: "w", formula: descend(s, h, div(s.g, add(call("sqrt", s.after.s), s.epsilon))) },
  ],
};

/** Adam's bias corrections 1 - β₁ᵗ and 1 - β₂ᵗ: the same for every element of a step. */
function adamCorrections(h: Hyperparameters, t: number): StepConstants {
  return [1 - Math.pow(h.beta1, t), 1 - Math.pow(h.beta2, t)];
}

function adamStep(w: number, g: number, state: readonly FloatArray[], i: number, h: Hyperparameters, t: number, trace?: number[], constants?: StepConstants): number {
  const [firstCorrection, secondCorrection] = constants ?? adamCorrections(h, t);
  const m = state[0];
  const v = state[1];
  m[i] = h.beta1 * m[i] + (1 - h.beta1) * g;
  v[i] = h.beta2 * v[i] + (1 - h.beta2) * g * g;
  const mHat = m[i] / firstCorrection;
  const vHat = v[i] / secondCorrection;
  if (trace !== undefined) trace.push(mHat, vHat);
  return w - h.learningRate * (mHat / (Math.sqrt(vHat) + h.epsilon) + h.weightDecay * w);
}

function adamAssignments(s: UpdateSymbols, h: Hyperparameters): Assignment[] {
  return [
    { target: "m", formula: add(mul(s.beta1, s.before.m), mul(sub(1, s.beta1), s.g)) },
    { target: "v", formula: add(mul(s.beta2, s.before.v), mul(sub(1, s.beta2), pow(s.g, 2))) },
    { target: "mhat", formula: div(s.after.m, sub(1, pow(s.beta1, s.t))) },
    { target: "vhat", formula: div(s.after.v, sub(1, pow(s.beta2, s.t))) },
    { target: "w", formula: descend(s, h, div(s.trace.mhat, add(call("sqrt", s.trace.vhat), s.epsilon))) },
  ];
}

const adam: UpdateRule = {
  name: "adam",
  title: "Adam",
  summary: "moments m and v with bias correction; w ← w - η·m̂/(√v̂ + ε) (β₁ = 0.9, β₂ = 0.999)",
  stateNames: ["m", "v"],
  squaredStates: ["v"],
  traceNames: ["mhat", "vhat"],
  prepare: adamCorrections,
  step: adamStep,
  assignments: adamAssignments,
};

const adamw: UpdateRule = {
  name: "adamw",
  title: "AdamW (Adam with decoupled weight decay)",
  summary: "Adam with decoupled weight decay λ = 0.01 unless given",
  stateNames: ["m", "v"],
  squaredStates: ["v"],
  traceNames: ["mhat", "vhat"],
  defaultWeightDecay: 0.01,
  prepare: adamCorrections,
  step: adamStep,
  assignments: adamAssignments,
};

/** Every update rule, by name: the built-in ones and those registered since. */
export const UPDATE_RULES: Readonly<Record<string, UpdateRule>> = { sgd, momentum, nesterov, rmsprop, adam, adamw };

/** Adds an update rule to the registry; its name must be new. */
export function registerOptimizer(rule: UpdateRule): void {
  if (Object.hasOwn(UPDATE_RULES, rule.name)) throw new Error(`an optimizer named ${rule.name} is already registered`);
  (UPDATE_RULES as Record<string, UpdateRule>)[rule.name] = rule;
}

/**
 * The names of every registered update rule, in the order they were registered.
 *
 * @category Training
 */
export function optimizerNames(): OptimizerName[] {
  return Object.keys(UPDATE_RULES);
}

export function updateRule(name: OptimizerName): UpdateRule {
  const found = UPDATE_RULES[name];
  if (found === undefined) throw new RangeError(`unknown optimizer ${name}`);
  return found;
}

export function isOptimizerName(name: string): name is OptimizerName {
  return Object.hasOwn(UPDATE_RULES, name);
}

/** The symbols of the hyperparameters, carrying their values. */
export function hyperparameterSymbols(h: Hyperparameters, t: number) {
  return {
    eta: sym("eta", undefined, undefined, h.learningRate),
    lambda: sym("lambda", "decay", undefined, h.weightDecay),
    mu: sym("mu", undefined, undefined, h.momentum),
    rho: sym("rho", undefined, undefined, h.rho),
    beta1: sym("beta", "1", undefined, h.beta1),
    beta2: sym("beta", "2", undefined, h.beta2),
    epsilon: sym("epsilon", undefined, undefined, h.epsilon),
    t: sym("t", undefined, undefined, t),
  };
}

/** The symbols of a general update formula (no values): `w ← w - η·g`. */
export function generalUpdateSymbols(w: SymbolExpr, g: Expr): UpdateSymbols {
  const state = (names: string[]) => Object.fromEntries(names.map((n) => [n, sym(n)]));
  return {
    w,
    g,
    before: state(["v", "s", "m"]),
    after: state(["v", "s", "m"]),
    trace: state(["mhat", "vhat"]),
    eta: sym("eta"),
    lambda: sym("lambda", "decay"),
    mu: sym("mu"),
    rho: sym("rho"),
    beta1: sym("beta", "1"),
    beta2: sym("beta", "2"),
    epsilon: sym("epsilon"),
    t: sym("t"),
  };
}
