/**
 * `tracegrad exercise --type l2` (one gradient-descent update with an L2 penalty λΣw², or decoupled
 * weight decay, the Neural Networks Exercises' exercise 6 with fresh numbers) and `--type optimizer`
 * (steps of momentum, RMSprop or Adam from a given state). The worked solution is `tracegrad update`'s;
 * `exercise.json` is a problem file that `tracegrad update` reads.
 *
 * @module
 */
import { significantDigitsNeeded } from "../digits-advice.js";
import { Random } from "../../engine/random.js";
import type { OptimizerName } from "../../engine/update-rules.js";
import { DEFAULT_HYPERPARAMETERS, UPDATE_RULES } from "../../engine/update-rules.js";
import { runUpdates, updateWorked } from "../../explain/update/explain-update.js";
import { biasNames, problemConvention, problemLambda, weightNames } from "../../explain/update/run-update.js";
import type { UpdateProblem } from "../../explain/update/run-update.js";
import { readUpdateProblemFile } from "../../explain/update/update-problem-file.js";
import { updateComputation } from "../../grade/computations/update.js";
import type { ExerciseType, TypedExercise } from "../exercise-type.js";
import { plainYaml } from "../plain-yaml.js";
import { TYPE_INFO } from "../type-options.js";
import { workedCheckable } from "../worked-working.js";
import { commandOf, drawNumber, drawUntil, exerciseTitle, formulaMath, givenMath, hiddenMistake, questionMarkdown } from "./common.js";

/** The problem of `tracegrad update` as the grading sees it. */
function checkableOf(problem: UpdateProblem) {
  const convention = problemConvention(problem);
  const optimizer = problem.optimizer ?? "sgd";
  const hyper = Object.fromEntries((["momentum", "rho", "beta1", "beta2", "epsilon"] as const).filter((k) => problem[k] !== undefined).map((k) => [k, problem[k]]));
  const computation = updateComputation({
    weights: problem.weights,
    names: weightNames(problem),
    gradients: problem.gradients,
    steps: problem.steps ?? Math.max(1, problem.gradients.length),
    optimizer,
    learningRate: problem.learningRate,
    convention,
    lambda: problemLambda(problem),
    hyperparameters: hyper,
    ...(problem.state !== undefined ? { state: problem.state } : {}),
    ...(problem.bias !== undefined ? { bias: problem.bias, biasNames: biasNames(problem), ...(problem.biasGradients !== undefined ? { biasGradients: problem.biasGradients } : {}) } : {}),
  });
  return workedCheckable(computation, (precision) => updateWorked(problem, runUpdates(problem), { precision }));
}

/** The problem file's fields of a problem (`tracegrad update` reads them). */
function problemFields(p: UpdateProblem): Record<string, unknown> {
  return {
    weights: p.weights,
    gradient: p.gradients.length === 1 ? p.gradients[0] : p.gradients,
    ...(p.bias !== undefined ? { bias: p.bias, biasGradient: p.biasGradients!.length === 1 ? p.biasGradients![0] : p.biasGradients } : {}),
    optimizer: p.optimizer ?? "sgd",
    lr: p.learningRate,
    ...(p.l2 !== undefined ? { l2: p.l2 } : {}),
    ...(p.weightDecay !== undefined ? { weightDecay: p.weightDecay } : {}),
    steps: p.steps ?? 1,
    ...(p.state !== undefined ? { state: { t: p.state.t, ...p.state.arrays } } : {}),
  };
}

/** The question and files of an update exercise. */
function updateExercise(type: "l2" | "optimizer", problem: UpdateProblem, options: object, common: { seed: number; digits: number }, title: string, command: string, rejected: number, intro: string, tasks: string[]): TypedExercise {
  const worked = updateWorked(problem, runUpdates(problem), { precision: 8 });
  const formulas = worked.sections[0].formulas.map(formulaMath);
  const question = questionMarkdown({
    intro,
    given: worked.given.map((g) => `${g.title}: ${g.values.map(givenMath).join(", ")}`),
    conventions: [...formulas, ...worked.conventions],
    tasks,
    digits: significantDigitsNeeded(checkableOf(problem).computation),
  });
  const fields = problemFields(problem);
  return {
    type,
    title,
    command,
    document: { type, options: { ...options, seed: common.seed, digits: common.digits }, ...fields },
    yaml: plainYaml({ title, source: command, ...fields }, [`${title}, made by: ${command}`]),
    question,
    worked,
    checkable: checkableOf(problem),
    rejected,
  };
}

function loadUpdate(document: Parameters<ExerciseType["load"]>[0]) {
  const { settings, text } = readUpdateProblemFile(document);
  if (settings.weights === undefined) throw document.error(["weights"], "is missing: the weights before the update");
  if (settings.gradients === undefined) throw document.error(["gradient"], "is missing: ∂L/∂w, one per weight");
  if (settings.learningRate === undefined) throw document.error(["lr"], "is missing: the learning rate η");
  const problem: UpdateProblem = {
    weights: settings.weights,
    gradients: settings.gradients,
    learningRate: settings.learningRate,
    ...Object.fromEntries(Object.entries(settings).filter(([k, v]) => v !== undefined && !["weights", "gradients", "learningRate", "compare"].includes(k))),
    ...(text.title !== undefined ? { title: text.title } : {}),
  };
  return checkableOf(problem);
}

/** The options of an L2 exercise. */
export interface L2Options {
  readonly mode: "l2" | "weight-decay";
  readonly weights: number;
  readonly bias: boolean;
  readonly lambda: number | null;
  readonly learningRate: number;
}

/** λ of a penalty λΣw², and of decoupled weight decay (larger: the decay η·λw must show against w itself). */
const LAMBDAS = { l2: [0.01, 0.05, 0.1], "weight-decay": [0.1, 0.2, 0.5] } as const;

export const l2Type: ExerciseType<L2Options> = {
  name: "l2",
  ...TYPE_INFO.l2,
  readOptions(read) {
    return {
      mode: read.choice("mode", "l2", ["l2", "weight-decay"] as const),
      weights: read.integer("weights", 3, 1, 6),
      bias: read.flag("bias", true),
      lambda: read.number("lambda", null, (x) => (x > 0 && x < 1 ? undefined : "must be greater than 0 and below 1")),
      learningRate: read.number("learningRate", 0.1, (x) => (x > 0 ? undefined : "must be greater than 0")),
    };
  },
  flags: (o) => [`--mode ${o.mode}`, `--weights ${o.weights}`, ...(o.bias ? [] : ["--no-bias"]), ...(o.lambda !== null ? [`--lambda ${o.lambda}`] : []), `--learning-rate ${o.learningRate}`],
  draw(options, common) {
    const random = new Random(common.seed);
    const title = exerciseTitle(TYPE_INFO.l2.title, common);
    const command = commandOf("l2", l2Type.flags(options), common);
    return drawUntil<TypedExercise>("L2 exercise", common.seed, (rejected) => {
      const lambdas = LAMBDAS[options.mode];
      const lambda = options.lambda ?? lambdas[random.integer(lambdas.length)];
      const weights = Array.from({ length: options.weights }, () => drawNumber(random, -1, 1, common.digits, true));
      const gradient = Array.from({ length: options.weights }, () => drawNumber(random, -0.5, 0.5, common.digits, true));
      const bias = options.bias ? [drawNumber(random, -0.5, 0.5, common.digits, true)] : undefined;
      const biasGradient = options.bias ? [drawNumber(random, -0.5, 0.5, common.digits, true)] : undefined;
      // λw and 2λw must differ visibly from the data gradient: no weight whose penalty vanishes.
      if (weights.some((w) => Math.abs(2 * lambda * w) < 1e-3)) return { degenerate: "a weight whose penalty gradient is nearly 0" };
      const problem: UpdateProblem = {
        weights,
        gradients: [gradient],
        learningRate: options.learningRate,
        optimizer: "sgd",
        steps: 1,
        ...(options.mode === "l2" ? { l2: lambda } : { weightDecay: lambda }),
        ...(bias !== undefined ? { bias, biasGradients: [biasGradient!] } : {}),
        title,
        source: command,
      };
      // Each mistake shows by 5% somewhere (2% in a weight decayed by η·λw): less could pass for rounding.
      const hidden = hiddenMistake(checkableOf(problem).computation, options.mode === "l2" ? 0.05 : 0.02);
      if (hidden !== null) return { degenerate: `the numbers hide the mistake ${hidden}` };
      const l2 = options.mode === "l2";
      return updateExercise(
        "l2",
        problem,
        options,
        common,
        title,
        command,
        rejected,
        l2
          ? `One step of gradient descent on a loss with an L2 penalty: L = L_data + λΣw² over the weights${bias !== undefined ? " (the bias is not penalized)" : ""}. The data gradient ∂L_data/∂w is given.`
          : `One step of gradient descent with decoupled weight decay λ: w ← w - η(∂L/∂w + λw)${bias !== undefined ? " (the bias is not decayed)" : ""}.`,
        l2
          ? ["The penalty $P = \\lambda \\sum w^{2}$.", "The gradient $\\partial L/\\partial w$ of every weight (the data gradient plus the penalty's)" + (bias !== undefined ? ", and the bias's" : "") + ".", "Every weight" + (bias !== undefined ? " and the bias" : "") + " after the update."]
          : ["Every weight" + (bias !== undefined ? " and the bias" : "") + " after the update."],
      );
    });
  },
  load: loadUpdate,
};

/** The options of an optimizer exercise. */
export interface OptimizerOptions {
  readonly optimizer: "momentum" | "nesterov" | "rmsprop" | "adam";
  readonly weights: number;
  readonly steps: number;
  readonly fresh: boolean;
  readonly learningRate: number | null;
}

const OPTIMIZERS = ["momentum", "nesterov", "rmsprop", "adam"] as const;

/** A state of earlier steps for an optimizer: t steps taken, moments of the sizes those steps give. */
function drawState(random: Random, optimizer: OptimizerName, n: number, digits: number): { t: number; arrays: Record<string, number[]> } {
  const t = 1 + random.integer(5);
  const d = Math.max(digits, 2);
  const list = (low: number, high: number, nonzero = true) => Array.from({ length: n }, () => drawNumber(random, low, high, d + 1, nonzero));
  if (optimizer === "momentum" || optimizer === "nesterov") return { t, arrays: { v: list(-0.5, 0.5) } };
  if (optimizer === "rmsprop") return { t, arrays: { s: list(0.01, 0.2) } };
  return { t, arrays: { m: list(-0.2, 0.2), v: list(0.01, 0.1) } };
}

export const optimizerType: ExerciseType<OptimizerOptions> = {
  name: "optimizer",
  ...TYPE_INFO.optimizer,
  readOptions(read) {
    return {
      optimizer: read.choice("optimizer", "adam", OPTIMIZERS),
      weights: read.integer("weights", 2, 1, 4),
      steps: read.integer("steps", 2, 1, 3),
      fresh: read.flag("fresh", false),
      learningRate: read.number("learningRate", null, (x) => (x > 0 ? undefined : "must be greater than 0")),
    };
  },
  flags: (o) => [`--optimizer ${o.optimizer}`, `--weights ${o.weights}`, `--steps ${o.steps}`, ...(o.fresh ? ["--fresh"] : []), ...(o.learningRate !== null ? [`--learning-rate ${o.learningRate}`] : [])],
  draw(options, common) {
    const random = new Random(common.seed);
    const title = exerciseTitle(TYPE_INFO.optimizer.title, common);
    const command = commandOf("optimizer", optimizerType.flags(options), common);
    const rule = UPDATE_RULES[options.optimizer];
    const eta = options.learningRate ?? (options.optimizer === "momentum" || options.optimizer === "nesterov" ? 0.1 : 0.01);
    return drawUntil<TypedExercise>("optimizer exercise", common.seed, (rejected) => {
      const weights = Array.from({ length: options.weights }, () => drawNumber(random, -1, 1, common.digits, true));
      const gradients = Array.from({ length: options.steps }, () => Array.from({ length: options.weights }, () => drawNumber(random, -0.5, 0.5, common.digits, true)));
      const state = options.fresh ? undefined : drawState(random, options.optimizer, options.weights, common.digits);
      // A gradient the same at every step hides a state not carried over; a sign the same as the velocity's hides its sign.
      if (options.steps > 1 && gradients.some((row, s) => s > 0 && row.some((g, i) => g === gradients[s - 1][i]))) return { degenerate: "a gradient the same in two steps" };
      const problem: UpdateProblem = { weights, gradients, learningRate: eta, optimizer: options.optimizer, steps: options.steps, ...(state !== undefined ? { state } : {}), title, source: command };
      const hidden = hiddenMistake(checkableOf(problem).computation);
      if (hidden !== null) return { degenerate: `the numbers hide the mistake ${hidden}` };
      const names = rule.stateNames.join(" and ");
      return updateExercise(
        "optimizer",
        problem,
        options,
        common,
        title,
        command,
        rejected,
        `${options.steps} step${options.steps === 1 ? "" : "s"} of ${rule.title}, from ${state === undefined ? "a zero state (no step taken yet)" : `the state after ${state.t} earlier step${state.t === 1 ? "" : "s"}`}, with the given gradient at each step. Default settings: ${options.optimizer === "adam" ? `β₁ = ${DEFAULT_HYPERPARAMETERS.beta1}, β₂ = ${DEFAULT_HYPERPARAMETERS.beta2}, ε = ${DEFAULT_HYPERPARAMETERS.epsilon}` : options.optimizer === "rmsprop" ? `ρ = ${DEFAULT_HYPERPARAMETERS.rho}, ε = ${DEFAULT_HYPERPARAMETERS.epsilon}` : `μ = ${DEFAULT_HYPERPARAMETERS.momentum}`}.`,
        [`At every step: the state ${names}${rule.traceNames.length > 0 ? " and the bias-corrected m̂ and v̂" : ""} of every weight.`, "At every step: every weight after the step."],
      );
    });
  },
  load: loadUpdate,
};
