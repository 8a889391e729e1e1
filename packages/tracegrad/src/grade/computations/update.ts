/**
 * Optimizer steps from given weights and gradients as a computation to grade (`tracegrad update`):
 * with an L2 penalty, the penalty λΣw² and the gradients with 2λw added; the state of the rule after
 * each step (velocity, moments, bias-corrected moments) and the weights (and biases) after each step.
 * The arithmetic is the engine's: `engine/dense/l2.ts` for the penalty and each update rule's own
 * `step` of `engine/update-rules.ts`, which the tape's update operation calls. Its mistakes: λw for the
 * penalty's gradient 2λw, the penalty on the biases, no learning rate, the wrong direction, Adam
 * without bias correction, the momentum's sign, the decay weights of a moving average swapped, and a
 * state not carried from one step to the next.
 *
 * @module
 */
import { didYouMean } from "../../common/did-you-mean.js";
import { formatNumber } from "../../common/format-number.js";
import { l2Gradient, l2PenaltyValue } from "../../engine/dense/l2.js";
import type { Hyperparameters, OptimizerName } from "../../engine/update-rules.js";
import { DEFAULT_HYPERPARAMETERS, hyperparameterSymbols, UPDATE_RULES } from "../../engine/update-rules.js";
import { evaluate, sym } from "../../engine/expr.js";
import type { Computation, GradedQuantity, Mistake } from "../computation.js";
import { stagePairs } from "../computation.js";
import { merged, quantity, Recomputation } from "./recompute.js";

/** The settings of the steps, as `tracegrad update` takes them. */
export interface UpdateSteps {
  readonly weights: readonly number[];
  readonly names: readonly string[];
  /** One row for every step, or one per step. */
  readonly gradients: readonly (readonly number[])[];
  readonly steps: number;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  /** How λ regularizes: a penalty λΣw² in the loss, decoupled weight decay, or not at all. */
  readonly convention: "l2" | "weight-decay" | "none";
  readonly lambda: number;
  readonly hyperparameters?: Partial<Omit<Hyperparameters, "learningRate" | "weightDecay">>;
  /** The state before the first step. */
  readonly state?: { readonly t: number; readonly arrays: Readonly<Record<string, readonly number[]>> };
  readonly bias?: readonly number[];
  readonly biasNames?: readonly string[];
  readonly biasGradients?: readonly (readonly number[])[];
  /** The loss's symbol in gradients (`L`). */
  readonly loss?: string;
}

/** The rules the steps are computed with; each left out is the engine's own. */
export interface UpdateRules {
  /** Multiplies the penalty's gradient 2λw (0.5: λw). */
  readonly penaltyGradientScale?: number;
  /** Multiplies the penalty λΣw² (0.5: (λ/2)Σw²). */
  readonly penaltyScale?: number;
  /** Multiplies the decoupled decay λ (2: the L2 gradient 2λw taken as decay). */
  readonly decayScale?: number;
  /** Penalizes (or decays) the biases too. */
  readonly onBias?: boolean;
  /** η as the learner takes it. */
  readonly learningRate?: (eta: number) => number;
  /** Adam's bias correction left out. */
  readonly noBiasCorrection?: boolean;
  /** The gradient's sign flipped where it enters the state (v ← μv - g). */
  readonly stateSign?: boolean;
  /** Decay weights of a moving average swapped: ρ, β₁ or β₂ taken as 1 minus it. */
  readonly swapped?: "rho" | "beta1" | "beta2";
  /** Every step starts from the state before the first. */
  readonly stateReset?: boolean;
}

const STATE_SYMBOLS: Record<string, string> = { v: "v", s: "s", m: "m", mhat: "m̂", vhat: "v̂" };

/** Optimizer steps as a computation to grade. */
export function updateComputation(problem: UpdateSteps): Computation<UpdateRules> {
  const rule = UPDATE_RULES[problem.optimizer];
  const L = problem.loss ?? "L";
  const n = problem.weights.length;
  const names = problem.names;
  const bNames = problem.biasNames ?? [];
  const m = problem.bias?.length ?? 0;
  const t0 = problem.state?.t ?? 0;
  const multi = problem.steps > 1;
  const base: Hyperparameters = {
    ...DEFAULT_HYPERPARAMETERS,
    ...problem.hyperparameters,
    learningRate: problem.learningRate,
    weightDecay: problem.convention === "weight-decay" ? problem.lambda : (rule.defaultWeightDecay ?? 0),
  };
  const l2 = problem.convention === "l2";
  const prefix = (s: number) => (multi ? `step${s + 1}.` : "");
  const path = (s: number, field: string) => `runs[0].steps[${s}].${field}`;
  const section = (s: number) => `step-${t0 + s + 1}`;
  const sub = (name: string) => name.replace(/^w(\d+)$/, "w$1");

  const quantities: GradedQuantity[] = [];
  for (let s = 0; s < problem.steps; s++) {
    const at = section(s);
    const label = multi ? ` (step ${t0 + s + 1})` : "";
    if (l2) {
      quantities.push(quantity({ path: path(s, "penalty"), name: "P", key: `${prefix(s)}P`, symbol: `P${label}`, section: "penalty", solutionStep: { section: at, name: "P" } }));
      names.forEach((w, i) =>
        quantities.push(quantity({ path: path(s, `gradient[${i}]`), name: w, key: `${prefix(s)}d${L}/d${w}`, symbol: `∂${L}/∂${w}${label}`, section: "penalty", family: `gradient:${s}`, solutionStep: { section: at, name: `d${L}/d${w}` }, updatedPath: path(s, `weights[${i}]`) })),
      );
      bNames.forEach((b, k) =>
        quantities.push(quantity({ path: path(s, `biasGradient[${k}]`), name: b, key: `${prefix(s)}d${L}/d${b}`, symbol: `∂${L}/∂${b}${label}`, section: "penalty", updatedPath: path(s, `bias[${k}]`) })),
      );
    }
    for (const stateName of [...rule.stateNames, ...rule.traceNames]) {
      const field = rule.stateNames.includes(stateName) ? `state.${stateName}` : `trace.${stateName}`;
      names.forEach((w, i) =>
        quantities.push(quantity({ path: path(s, `${field}[${i}]`), name: `${stateName}_${w}`, key: `${prefix(s)}${stateName === "mhat" ? "m_hat" : stateName === "vhat" ? "v_hat" : stateName}_${w}`, symbol: `${STATE_SYMBOLS[stateName] ?? stateName}_${w}${label}`, section: "state", family: `${field}:${s}`, solutionStep: { section: at, name: `${stateName === "mhat" ? "m_hat" : stateName === "vhat" ? "v_hat" : stateName}_${w}` } })),
      );
    }
    names.forEach((w, i) => {
      const before = s === 0 ? problem.weights[i] : null;
      quantities.push(
        quantity({
          path: path(s, `weights[${i}]`),
          name: w,
          key: `${prefix(s)}${sub(w)}`,
          symbol: `new ${w}${label}`,
          section: "update",
          family: `weights:${s}`,
          before,
          solutionStep: { section: at, name: w },
          ...(l2 ? { gradientPath: path(s, `gradient[${i}]`) } : {}),
          words: { update: `${w} ← ${w} - η·∂${L}/∂${w}` },
        }),
      );
    });
    bNames.forEach((b, k) =>
      quantities.push(
        quantity({ path: path(s, `bias[${k}]`), name: b, key: `${prefix(s)}${b}`, symbol: `new ${b}${label}`, section: "update", before: s === 0 ? problem.bias![k] : null, solutionStep: { section: at, name: b }, ...(l2 ? { gradientPath: path(s, `biasGradient[${k}]`) } : {}) }),
      ),
    );
  }

  const simulate = (mistakes: readonly Mistake<UpdateRules>[], settings: Parameters<Computation["simulate"]>[1]) => {
    const rules = merged(mistakes);
    const run = new Recomputation(settings);
    let w = Float64Array.from(problem.weights);
    let b = Float64Array.from(problem.bias ?? []);
    const initial = rule.stateNames.map((name) => Float64Array.from(problem.state?.arrays[name] ?? new Array<number>(n).fill(0)));
    let state = initial.map((a) => Float64Array.from(a));
    let biasState = rule.stateNames.map(() => new Float64Array(m));
    const swap = rules.swapped;
    const h: Hyperparameters = {
      ...base,
      learningRate: rules.learningRate?.(base.learningRate) ?? base.learningRate,
      weightDecay: base.weightDecay * (rules.decayScale ?? 1),
      ...(swap !== undefined ? { [swap]: 1 - base[swap] } : {}),
    };
    const biasDecay = problem.convention === "weight-decay" && rules.onBias ? h.weightDecay : 0;
    for (let s = 0; s < problem.steps; s++) {
      if (rules.stateReset) {
        state = initial.map((a) => Float64Array.from(a));
        biasState = rule.stateNames.map(() => new Float64Array(m));
      }
      const t = t0 + s + 1;
      const row = problem.gradients.length === 1 ? problem.gradients[0] : problem.gradients[s];
      const biasRow = problem.biasGradients === undefined ? new Array<number>(m).fill(0) : problem.biasGradients.length === 1 ? problem.biasGradients[0] : problem.biasGradients[s];
      const g = new Float64Array(n);
      const gb = new Float64Array(m);
      if (l2) {
        const penalized = rules.onBias ? [w, b] : [w];
        run.put(path(s, "penalty"), l2PenaltyValue(problem.lambda, penalized) * (rules.penaltyScale ?? 1));
        for (let i = 0; i < n; i++) g[i] = run.put(path(s, `gradient[${i}]`), row[i] + l2Gradient(problem.lambda, w[i]) * (rules.penaltyGradientScale ?? 1));
        for (let k = 0; k < m; k++) gb[k] = run.put(path(s, `biasGradient[${k}]`), rules.onBias ? biasRow[k] + l2Gradient(problem.lambda, b[k]) * (rules.penaltyGradientScale ?? 1) : biasRow[k]);
      } else {
        for (let i = 0; i < n; i++) g[i] = row[i];
        for (let k = 0; k < m; k++) gb[k] = biasRow[k];
      }
      const constants = rules.noBiasCorrection ? [1, 1] : undefined;
      const sign = rules.stateSign ? -1 : 1;
      const next = new Float64Array(n);
      const carry = settings.carry;
      const followed = carry !== undefined && mistakes.every((mistake) => mistake.stage !== "state");
      const stateBefore = followed ? state.map((a) => Float64Array.from(a)) : [];
      const traceUsed: number[][] = [];
      for (let i = 0; i < n; i++) {
        const trace: number[] = [];
        next[i] = rule.step(w[i], sign * g[i], state, i, h, t, trace, constants);
        traceUsed.push(rule.traceNames.map((name, k) => run.put(path(s, `trace.${name}[${i}]`), trace[k])));
      }
      rule.stateNames.forEach((name, k) => {
        for (let i = 0; i < n; i++) state[k][i] = run.put(path(s, `state.${name}[${i}]`), state[k][i]);
      });
      // A new weight from the learner's own state and trace of this step (m, v, m̂, v̂ as they wrote
      // them), where they gave any: the rule's own printed formula for w, evaluated with those values.
      // Not under a mistake in how the state is computed: a learner who makes it in computing w (m for
      // m̂, say) computed w from their own unwritten values, whatever they wrote for m̂.
      if (followed) {
        const valued = (names: readonly string[], value: (k: number) => number) => Object.fromEntries(names.map((name, k) => [name, sym(name, undefined, undefined, value(k))]));
        for (let i = 0; i < n; i++) {
          const own = [...rule.stateNames.map((name) => path(s, `state.${name}[${i}]`)), ...rule.traceNames.map((name) => path(s, `trace.${name}[${i}]`))];
          if (!own.some((p) => carry(p) !== undefined)) continue;
          const symbols = {
            ...hyperparameterSymbols(h, t),
            w: sym("w", undefined, undefined, w[i]),
            g: sym("g", undefined, undefined, sign * g[i]),
            before: valued(rule.stateNames, (k) => stateBefore[k][i]),
            after: valued(rule.stateNames, (k) => state[k][i]),
            trace: valued(rule.traceNames, (k) => traceUsed[i][k]),
          };
          const assignments = rule.assignments(symbols, h);
          next[i] = evaluate(assignments[assignments.length - 1].formula);
        }
      }
      w = Float64Array.from(next, (v, i) => run.put(path(s, `weights[${i}]`), v));
      const nextBias = new Float64Array(m);
      for (let k = 0; k < m; k++) nextBias[k] = rule.step(b[k], sign * gb[k], biasState, k, { ...h, weightDecay: biasDecay }, t, undefined, constants);
      b = Float64Array.from(nextBias, (v, k) => run.put(path(s, `bias[${k}]`), v));
    }
    return run.result();
  };

  const f = (x: number) => formatNumber(x);
  const mistakes: Mistake<UpdateRules>[] = [];
  const add = (id: string, code: Mistake["code"], stage: string, rules: UpdateRules, words: (q: GradedQuantity) => string, phrase: string) => mistakes.push({ id, code, stage, rules, words, phrase: () => phrase });
  if (l2) {
    add("factor-of-two:l2-gradient-lambda-w", "factor-of-two", "penalty", { penaltyGradientScale: 0.5 }, () => "This takes the gradient of the L2 penalty λΣw² as λw; it is 2λw.", "the penalty's gradient taken as λw");
    add("factor-of-two:l2-penalty-halved", "factor-of-two", "penalty", { penaltyScale: 0.5 }, () => "This takes the L2 penalty as (λ/2)Σw²; here it is λΣw².", "the penalty taken as (λ/2)Σw²");
    if (m > 0) add("penalty-on-bias", "penalty-on-bias", "penalty", { onBias: true }, () => "This penalizes the bias too: the L2 penalty λΣw² and its gradient 2λw are on the weights only.", "the bias penalized");
  }
  if (problem.convention === "weight-decay") {
    add("factor-of-two:decay-as-l2-gradient", "factor-of-two", "penalty", { decayScale: 2 }, () => "This decays by 2λw, the gradient of a penalty λΣw²; decoupled weight decay subtracts η·λw.", "the decay taken as 2λw");
    if (m > 0) add("penalty-on-bias", "penalty-on-bias", "penalty", { onBias: true }, () => "This decays the bias too; weight decay is on the weights only.", "the bias decayed");
  }
  const eta = problem.learningRate;
  add("wrong-direction", "wrong-direction", "update", { learningRate: (x) => -x }, (q) => `This adds η times the step instead of subtracting it: gradient descent moves ${q.name} against the gradient.`, "an update that adds the step");
  if (eta !== 1) add("no-learning-rate", "no-learning-rate", "update", { learningRate: () => 1 }, () => `This leaves the learning rate η = ${f(eta)} out of the update.`, `an update without the learning rate η = ${f(eta)}`);
  if (rule.name === "adam" || rule.name === "adamw") {
    add("no-bias-correction", "no-bias-correction", "state", { noBiasCorrection: true }, () => "This leaves out Adam's bias correction: m̂ = m/(1 - β₁ᵗ) and v̂ = v/(1 - β₂ᵗ), t counting every step taken.", "Adam without bias correction");
    add("decay-weights-swapped:beta1", "decay-weights-swapped", "state", { swapped: "beta1" }, () => `This weighs the old m by 1 - β₁ and the gradient by β₁: m ← β₁m + (1 - β₁)g with β₁ = ${f(base.beta1)}.`, "β₁ and 1 - β₁ swapped");
    add("decay-weights-swapped:beta2", "decay-weights-swapped", "state", { swapped: "beta2" }, () => `This weighs the old v by 1 - β₂ and g² by β₂: v ← β₂v + (1 - β₂)g² with β₂ = ${f(base.beta2)}.`, "β₂ and 1 - β₂ swapped");
  }
  if (rule.name === "rmsprop") add("decay-weights-swapped:rho", "decay-weights-swapped", "state", { swapped: "rho" }, () => `This weighs the old s by 1 - ρ and g² by ρ: s ← ρs + (1 - ρ)g² with ρ = ${f(base.rho)}.`, "ρ and 1 - ρ swapped");
  if (rule.name === "momentum" || rule.name === "nesterov") {
    add("momentum-sign", "momentum-sign", "state", { stateSign: true }, () => "This accumulates the velocity against the gradient (v ← μv - g); here v ← μv + g, and w ← w - ηv moves against the gradient.", "the velocity's sign flipped");
  }
  if (rule.stateNames.length > 0 && problem.steps > 1) {
    add("state-not-carried", "state-not-carried", "state", { stateReset: true }, () => "This starts a later step from the state before the first; each step starts from the state the step before it left.", "the state not carried to the next step");
  }

  const dependencies = new Map<string, string[]>();
  for (let s = 0; s < problem.steps; s++) {
    const before = (field: string) => (s === 0 ? [] : [path(s - 1, field)]);
    names.forEach((_, i) => {
      if (l2) dependencies.set(path(s, `gradient[${i}]`), before(`weights[${i}]`));
      rule.stateNames.forEach((name) => dependencies.set(path(s, `state.${name}[${i}]`), [...before(`state.${name}[${i}]`), ...(l2 ? [path(s, `gradient[${i}]`)] : [])]));
      rule.traceNames.forEach((name, k) => dependencies.set(path(s, `trace.${name}[${i}]`), [path(s, `state.${rule.stateNames[k]}[${i}]`)]));
      dependencies.set(path(s, `weights[${i}]`), [
        ...before(`weights[${i}]`),
        ...(l2 ? [path(s, `gradient[${i}]`)] : []),
        ...rule.stateNames.map((name) => path(s, `state.${name}[${i}]`)),
        ...rule.traceNames.map((name) => path(s, `trace.${name}[${i}]`)),
      ]);
    });
    if (l2) dependencies.set(path(s, "penalty"), names.map((_, i) => before(`weights[${i}]`)).flat());
    bNames.forEach((_, k) => dependencies.set(path(s, `bias[${k}]`), [...before(`bias[${k}]`), ...(l2 ? [path(s, `biasGradient[${k}]`)] : [])]));
  }

  return {
    quantities,
    asked: quantities.map((q) => q.path),
    exact: simulate([], {}),
    dependencies: (p) => dependencies.get(p) ?? [],
    mistakes,
    pairs: stagePairs(mistakes, ["penalty", "state", "update"]),
    simulate,
    names(q) {
      const key = q.key;
      const leaf = key.slice(key.lastIndexOf(".") + 1);
      const head = key.slice(0, key.length - leaf.length);
      if (names.includes(q.name) && q.key.endsWith(q.name) && q.symbol.startsWith("new ")) return [key, `${head}${leaf}_new`, `${head}new_${leaf}`];
      return [key];
    },
    unknownName(key, known) {
      return `unknown quantity "${key}"${didYouMean(key, known)}; answers are named as in the worked solution (${known.slice(0, 4).join(", ")}, ...${multi ? "; stepN.NAME for step N" : ""})`;
    },
  };
}
