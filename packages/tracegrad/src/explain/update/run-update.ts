/**
 * Optimizer steps from given weights and gradients (`tracegrad update`), recorded on tapes: with an
 * L2 penalty the penalty P = λΣw² and its gradient 2λw come from `engine/ops/penalty.ts` and are
 * added to the data gradient by `engine/ops/add-tensors.ts`; the update itself is
 * `engine/ops/update.ts` with a rule of `engine/update-rules.ts`, so every number and every
 * printed assignment (v ← μv + g, m̂ = m/(1 - β₁ᵗ), ...) is the engine's own.
 *
 * @module
 */
import { checkLimit, LIMITS } from "../../common/limits.js";
import type { SymbolExpr } from "../../engine/expr.js";
import { partial, sym } from "../../engine/expr.js";
import { addTensors } from "../../engine/ops/add-tensors.js";
import { l2Penalty } from "../../engine/ops/penalty.js";
import { stateAfter, update } from "../../engine/ops/update.js";
import { Tape } from "../../engine/tape.js";
import { Tensor } from "../../engine/tensor.js";
import type { TensorLabel } from "../../engine/tensor.js";
import type { Hyperparameters, OptimizerName, UpdateRule } from "../../engine/update-rules.js";
import { DEFAULT_HYPERPARAMETERS, UPDATE_RULES } from "../../engine/update-rules.js";

/** How λ regularizes: a penalty λΣw² in the loss (its gradient 2λw), or decoupled decay λw, or not at all. */
export type Convention = "l2" | "weight-decay" | "none";

/** The rule's state: the steps already taken and one array per state name. */
export interface UpdateState {
  readonly t: number;
  readonly arrays: Readonly<Record<string, readonly number[]>>;
}

export interface UpdateProblem {
  /** The weights before the first step. */
  readonly weights: readonly number[];
  /** Their names (`w1`, `w2`, ... by default). */
  readonly names?: readonly string[];
  /** ∂L_data/∂w: one row for the same gradient at every step, or one row per step. */
  readonly gradients: readonly (readonly number[])[];
  /** The number of steps (the number of gradient rows, or 1). */
  readonly steps?: number;
  readonly optimizer?: OptimizerName;
  /** η. */
  readonly learningRate: number;
  /** λ of the penalty λΣw² added to the loss. */
  readonly l2?: number;
  /** λ of decoupled weight decay (AdamW's 0.01 when not given). */
  readonly weightDecay?: number;
  readonly momentum?: number;
  readonly rho?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** The state before the first step (zeros and t = 0 by default). */
  readonly state?: UpdateState;
  /**
   * Biases updated beside the weights: never penalized (no L2, no weight decay), with their own
   * gradient (one row for every step, or one per step).
   */
  readonly bias?: readonly number[];
  readonly biasGradients?: readonly (readonly number[])[];
  /** The biases' names (`b1`, `b2`, ... by default; `b` for one). */
  readonly biasNames?: readonly string[];
  /** Also work the other convention with the same λ (L2 penalty against decoupled weight decay). */
  readonly compare?: boolean;
  readonly title?: string;
  readonly source?: string;
}

/** One step as recorded. */
export interface UpdateStepRecord {
  /** The step number, from 1, counting the steps of the given state. */
  readonly t: number;
  readonly tape: Tape;
  /** The weights before the step. */
  readonly weights: Tensor;
  /** ∂L_data/∂w, as given. */
  readonly dataGradient: Tensor;
  /** λΣw², with the L2 penalty. */
  readonly penalty: Tensor | null;
  /** ∂L/∂w, the gradient the rule uses. */
  readonly gradient: Tensor;
  /** The weights after the step. */
  readonly updated: Tensor;
  /** The rule's state after the step, one array per state name. */
  readonly state: readonly Float64Array[];
  /** The biases before and after the step, and their gradient, when the problem has biases. */
  readonly bias: { readonly before: Tensor; readonly gradient: Tensor; readonly updated: Tensor; readonly state: readonly Float64Array[] } | null;
}

/** The steps of one convention. */
export interface UpdateRun {
  readonly convention: Convention;
  readonly lambda: number;
  readonly rule: UpdateRule;
  readonly hyperparameters: Hyperparameters;
  readonly initialState: UpdateState;
  readonly steps: readonly UpdateStepRecord[];
}

/** The weight names of a problem. */
export function weightNames(problem: UpdateProblem): string[] {
  return problem.names !== undefined ? [...problem.names] : problem.weights.map((_, k) => `w${k + 1}`);
}

/** The bias names of a problem: `b` for one bias, else `b1`, `b2`, .... */
export function biasNames(problem: UpdateProblem): string[] {
  const n = problem.bias?.length ?? 0;
  return problem.biasNames !== undefined ? [...problem.biasNames] : n === 1 ? ["b"] : Array.from({ length: n }, (_, k) => `b${k + 1}`);
}

/** The convention a problem asks for: L2 when it gives l2, weight decay when it gives weightDecay. */
export function problemConvention(problem: UpdateProblem): Convention {
  if ((problem.l2 ?? 0) > 0) return "l2";
  if ((problem.weightDecay ?? 0) > 0) return "weight-decay";
  return "none";
}

/** The λ of a problem's regularization (0 without one). */
export function problemLambda(problem: UpdateProblem): number {
  return (problem.l2 ?? 0) > 0 ? problem.l2! : (problem.weightDecay ?? 0);
}

function label(names: readonly string[], title: string, value: (name: string) => SymbolExpr | ReturnType<typeof partial>, gradient: (name: string) => SymbolExpr | ReturnType<typeof partial>): TensorLabel {
  return {
    title,
    value: (k, v) => ({ ...(value(names[k]) as SymbolExpr), value: v }),
    gradient: (k, v) => ({ ...gradient(names[k]), value: v }),
  };
}

/** Runs the steps of a problem in one convention (the problem's own unless given). */
export function runUpdate(problem: UpdateProblem, convention: Convention = problemConvention(problem), lambda: number = problemLambda(problem)): UpdateRun {
  const rule = UPDATE_RULES[problem.optimizer ?? "sgd"];
  const names = weightNames(problem);
  const n = problem.weights.length;
  const hyperparameters: Hyperparameters = {
    ...DEFAULT_HYPERPARAMETERS,
    learningRate: problem.learningRate,
    weightDecay: convention === "weight-decay" ? lambda : (rule.defaultWeightDecay ?? 0),
    ...(problem.momentum !== undefined ? { momentum: problem.momentum } : {}),
    ...(problem.rho !== undefined ? { rho: problem.rho } : {}),
    ...(problem.beta1 !== undefined ? { beta1: problem.beta1 } : {}),
    ...(problem.beta2 !== undefined ? { beta2: problem.beta2 } : {}),
    ...(problem.epsilon !== undefined ? { epsilon: problem.epsilon } : {}),
  };
  const initialState: UpdateState = problem.state ?? { t: 0, arrays: Object.fromEntries(rule.stateNames.map((s) => [s, new Array<number>(n).fill(0)])) };
  const L = sym("L");
  const P = sym("P");
  const dataLoss = convention === "l2" ? sym("L", "data") : L;
  const weightLabel = label(names, "weights", (w) => sym(w), (w) => partial(P, sym(w)));
  const count = problem.steps ?? Math.max(1, problem.gradients.length);
  checkLimit(n * count, LIMITS.workedValues, `updates of a weight (${n.toLocaleString("en-US")} weights × ${count.toLocaleString("en-US")} steps)`, { hint: "a worked solution works every one of them" });
  let weights = Float64Array.from(problem.weights);
  let state: Float64Array[] = rule.stateNames.map((s) => Float64Array.from(initialState.arrays[s] ?? new Array<number>(n).fill(0)));
  const bNames = biasNames(problem);
  const m = bNames.length;
  let biases = Float64Array.from(problem.bias ?? []);
  let biasState: Float64Array[] = rule.stateNames.map(() => new Float64Array(m));
  const biasLabel = label(bNames, "biases", (b) => sym(b), (b) => partial(L, sym(b)));
  const steps: UpdateStepRecord[] = [];
  for (let s = 0; s < count; s++) {
    const tape = new Tape();
    const t = initialState.t + s + 1;
    const w = new Tensor(weights, [n], { requiresGrad: convention === "l2", label: weightLabel });
    const row = problem.gradients.length === 1 ? problem.gradients[0] : problem.gradients[s];
    const dataGradient = Tensor.fromVector([...row], { label: label(names, "data gradient", (x) => partial(dataLoss, sym(x)), (x) => partial(dataLoss, sym(x))) });
    const totalLabel = label(names, "gradient", (x) => partial(L, sym(x)), (x) => partial(L, sym(x)));
    let gradient = dataGradient;
    let penalty: Tensor | null = null;
    if (convention === "l2") {
      penalty = l2Penalty(tape, [w], lambda, { title: "L2 penalty", value: (_k, v) => sym("P", undefined, undefined, v), gradient: (_k, v) => partial(P, P, v) });
      tape.backward(penalty);
      const penaltyGradient = new Tensor(Float64Array.from(w.grad!), [n], { label: label(names, "penalty gradient", (x) => partial(P, sym(x)), (x) => partial(P, sym(x))) });
      gradient = addTensors(tape, [dataGradient, penaltyGradient], totalLabel);
    } else {
      gradient = new Tensor(dataGradient.data, [n], { label: totalLabel });
    }
    const updated = update(tape, w, gradient, { rule, hyperparameters, state, t, frozen: false }, weightLabel);
    state = stateAfter(tape, updated);
    let bias: UpdateStepRecord["bias"] = null;
    if (m > 0) {
      // The biases take the same rule without any regularization: a penalty or a decay is on weights only.
      const before = new Tensor(biases, [m], { label: biasLabel });
      const rows = problem.biasGradients ?? [new Array<number>(m).fill(0)];
      const biasGradient = Tensor.fromVector([...(rows.length === 1 ? rows[0] : rows[s])], { label: label(bNames, "bias gradient", (b) => partial(L, sym(b)), (b) => partial(L, sym(b))) });
      const biasUpdated = update(tape, before, biasGradient, { rule, hyperparameters: { ...hyperparameters, weightDecay: 0 }, state: biasState, t, frozen: false }, biasLabel);
      biasState = stateAfter(tape, biasUpdated);
      bias = { before, gradient: biasGradient, updated: biasUpdated, state: biasState };
      biases = Float64Array.from(biasUpdated.data);
    }
    steps.push({ t, tape, weights: w, dataGradient, penalty, gradient, updated, state, bias });
    weights = Float64Array.from(updated.data);
  }
  return { convention, lambda, rule, hyperparameters, initialState, steps };
}

/** The weights after the last step of a run. */
export function finalWeights(run: UpdateRun): number[] {
  return Array.from(run.steps[run.steps.length - 1].updated.data);
}

/** The state after the last step of a run, as a state file holds it. */
export function finalState(run: UpdateRun): { optimizer: OptimizerName; t: number; weights: number[] } & Record<string, unknown> {
  const last = run.steps[run.steps.length - 1];
  return {
    optimizer: run.rule.name,
    t: last.t,
    weights: Array.from(last.updated.data),
    ...Object.fromEntries(run.rule.stateNames.map((name, i) => [name, Array.from(last.state[i])])),
  };
}
