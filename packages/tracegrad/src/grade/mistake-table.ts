/**
 * The catalogue of mistakes `tracegrad check` names, in the order it reports them, and the table of
 * the mistakes it finds by recomputing the step: each entry is a small, named change of one rule of
 * the step (see {@link StepRules}), never a second implementation of it. A learner who makes the
 * mistake throughout writes the numbers that `simulateStep(spec, { rules })` computes.
 *
 * @module
 */
import type { StepSpec } from "../step/spec/step-spec.js";
import type { DerivativeRule, StepRules } from "./simulate-step.js";

/**
 * The diagnosis codes, first to last in the order they are reported when several fit.
 *
 * @category Grading and exercises
 */
export const DIAGNOSIS_CODES = [
  "propagated-error",
  "rounding",
  "not-updated",
  "swapped",
  "sign-flipped",
  "wrong-direction",
  "no-learning-rate",
  "gradient-not-update",
  "update-not-gradient",
  "missing-mean",
  "mean-over-samples-only",
  "factor-of-two",
  "dead-relu-derivative",
  "missing-activation-derivative",
  "derivative-of-wrong-argument",
  "transposed-weights",
  "used-updated-weights",
  "used-output-for-input",
  "bias-gradient-one-sample",
] as const;

/**
 * A diagnosis code, as `tracegrad check --json` prints it.
 *
 * @category Grading and exercises
 */
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/** The ways a factor of 2 gets lost or added, each as a change of the rules of the step. */
export const FACTOR_OF_TWO_VARIANTS = [
  { id: "loss-without-half", rules: { lossScale: 2, lossGradientScale: 2 } },
  { id: "loss-with-extra-half", rules: { lossScale: 0.5, lossGradientScale: 0.5 } },
  { id: "loss-value-doubled", rules: { lossScale: 2 } },
  { id: "loss-value-halved", rules: { lossScale: 0.5 } },
  { id: "loss-gradient-doubled", rules: { lossGradientScale: 2 } },
  { id: "loss-gradient-halved", rules: { lossGradientScale: 0.5 } },
  { id: "l2-gradient-lambda-w", rules: { l2GradientScale: 0.5 }, l2: true },
  { id: "l2-penalty-halved", rules: { penaltyScale: 0.5 }, l2: true },
] as const;

/** Which factor of two was lost or added. */
export type FactorOfTwoVariant = (typeof FACTOR_OF_TWO_VARIANTS)[number]["id"];

/** How f'(z) is taken at the wrong argument. */
export type WrongArgumentForm =
  /** f'(a): σ'(a) = σ(a)(1 - σ(a)) where σ'(z) was needed. */
  | "derivative-at-a"
  /** The formula of f' in terms of a, applied to z: z(1 - z) for the sigmoid. */
  | "formula-on-z";

/** What a mistake of the table is, beyond its code: what its explanation needs to say. */
export type MistakeDetail =
  | { readonly code: "sign-flipped" }
  | { readonly code: "wrong-direction" }
  | { readonly code: "no-learning-rate" }
  | { readonly code: "factor-of-two"; readonly variant: FactorOfTwoVariant }
  | { readonly code: "missing-mean"; readonly count: number }
  | { readonly code: "mean-over-samples-only"; readonly count: number }
  | { readonly code: "dead-relu-derivative"; readonly layers: readonly number[] }
  | { readonly code: "missing-activation-derivative"; readonly layers: readonly number[] }
  | { readonly code: "derivative-of-wrong-argument"; readonly layers: readonly number[]; readonly form: WrongArgumentForm }
  | { readonly code: "transposed-weights" }
  | { readonly code: "used-updated-weights" }
  | { readonly code: "used-output-for-input" }
  | { readonly code: "bias-gradient-one-sample"; readonly sample: number };

/** The codes of the mistakes found by recomputing the step. */
export type SimulatedCode = MistakeDetail["code"];

/** Where in the step a mistake is made: mistakes of two different stages can combine. */
export type MistakeStage = "loss" | "backward" | "update";

/** One mistake of the table: its rules, and what it is. */
export interface Mistake {
  /** A stable id: the code, and the variant where there are several (`factor-of-two:loss-without-half`). */
  readonly id: string;
  readonly detail: MistakeDetail;
  readonly stage: MistakeStage;
  readonly rules: StepRules;
}

/** f' left out: 1 (for softmax, its Jacobian left out). */
const DROPPED: DerivativeRule = () => 1;
/** f'(a) in place of f'(z). */
const AT_OUTPUT: DerivativeRule = (act, _z, a, alpha) => (act.kind === "elementwise" ? act.derivative(a, act.forward(a, alpha), alpha) : Number.NaN);
/** f' written in terms of a, with z put in for a: z(1 - z) for the sigmoid. */
const FORMULA_ON_Z: DerivativeRule = (act, z, a, alpha) => (act.kind === "elementwise" ? act.derivative(a, z, alpha) : Number.NaN);
/** ReLU'(z ≤ 0) taken as 1; leaky ReLU's α taken as 0 (as for ReLU). */
const DEAD_RELU: DerivativeRule = (act, z) => (act.name === "leaky-relu" && z <= 0 ? 0 : 1);

function onLayers(layers: readonly number[], rule: DerivativeRule): StepRules {
  return { derivative: (l) => (layers.includes(l) ? rule : undefined) };
}

/** Each layer alone, then all of them together when there are several. */
function layerSets(layers: readonly number[]): number[][] {
  return layers.length > 1 ? [...layers.map((l) => [l]), [...layers]] : layers.map((l) => [l]);
}

/** The mistakes that can be made in a spec's step and would change a number, in the order of their codes. */
export function mistakeTable(spec: StepSpec): Mistake[] {
  const out: Mistake[] = [];
  const add = (id: string, detail: MistakeDetail, stage: MistakeStage, rules: StepRules) => out.push({ id, detail, stage, rules });
  const eta = spec.learningRate;
  const batch = spec.inputs.length;
  const outputs = spec.layers[spec.layers.length - 1].weights.length;
  const layers = spec.layers.map((_, l) => l).reverse();
  const activationOf = (l: number) => spec.layers[l].activation;

  add("sign-flipped", { code: "sign-flipped" }, "loss", { lossGradientScale: -1 });
  if (eta !== null) add("wrong-direction", { code: "wrong-direction" }, "update", { learningRate: (h) => -h });
  if (eta !== null && eta !== 1) add("no-learning-rate", { code: "no-learning-rate" }, "update", { learningRate: () => 1 });
  if (spec.loss !== null && spec.loss !== "half-sse") {
    const mean = spec.loss === "cross-entropy" ? batch : batch * outputs;
    if (mean > 1) add("missing-mean", { code: "missing-mean", count: 1 }, "loss", { count: () => 1 });
    if (outputs > 1) {
      const other = spec.loss === "cross-entropy" ? batch * outputs : batch;
      add("mean-over-samples-only", { code: "mean-over-samples-only", count: other }, "loss", { count: () => other });
    }
  }
  for (const variant of FACTOR_OF_TWO_VARIANTS) {
    if ("l2" in variant && spec.l2 === 0) continue;
    add(`factor-of-two:${variant.id}`, { code: "factor-of-two", variant: variant.id }, "loss", variant.rules);
  }
  const relu = layers.filter((l) => activationOf(l) === "relu" || activationOf(l) === "leaky-relu");
  for (const set of layerSets(relu)) add(`dead-relu-derivative:${set.join(",")}`, { code: "dead-relu-derivative", layers: set }, "backward", onLayers(set, DEAD_RELU));
  const curved = layers.filter((l) => activationOf(l) !== "identity");
  for (const set of layerSets(curved)) add(`missing-activation-derivative:${set.join(",")}`, { code: "missing-activation-derivative", layers: set }, "backward", onLayers(set, DROPPED));
  const elementwise = curved.filter((l) => activationOf(l) !== "softmax");
  for (const form of ["derivative-at-a", "formula-on-z"] as const) {
    const rule = form === "derivative-at-a" ? AT_OUTPUT : FORMULA_ON_Z;
    for (const set of layerSets(elementwise)) add(`derivative-of-wrong-argument:${form}:${set.join(",")}`, { code: "derivative-of-wrong-argument", layers: set, form }, "backward", onLayers(set, rule));
  }
  const square = spec.layers.some((layer, l) => l > 0 && layer.weights.length === layer.weights[0].length && layer.weights.length > 1);
  if (square) add("transposed-weights", { code: "transposed-weights" }, "backward", { backpropagation: "transposed-weights" });
  if (eta !== null && spec.layers.length > 1) add("used-updated-weights", { code: "used-updated-weights" }, "backward", { backpropagation: "updated-weights" });
  add("used-output-for-input", { code: "used-output-for-input" }, "backward", { weightGradientFactor: "own-output" });
  if (batch > 1) for (let n = 0; n < batch; n++) add(`bias-gradient-one-sample:${n}`, { code: "bias-gradient-one-sample", sample: n }, "backward", { gradientSample: n });
  return out;
}

/** Two mistakes of different stages made together, for the numbers one alone does not explain. */
export function mistakePairs(table: readonly Mistake[]): [Mistake, Mistake][] {
  const order: MistakeStage[] = ["loss", "backward", "update"];
  const pairs: [Mistake, Mistake][] = [];
  for (const first of table) {
    for (const second of table) {
      if (order.indexOf(first.stage) >= order.indexOf(second.stage) || first.detail.code === second.detail.code) continue;
      pairs.push([first, second]);
    }
  }
  return pairs;
}

/** The rules of two mistakes made together (they change different rules). */
export function combinedRules(first: Mistake, second: Mistake): StepRules {
  return { ...first.rules, ...second.rules };
}
