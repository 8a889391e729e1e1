/**
 * The mistakes `tracegrad check` recognises, in the order it reports them when several explain the
 * same number, and for each the values a learner who made it would have written: found by recomputing
 * the step with that mistake (`variants.ts`), or by looking at another quantity's value.
 *
 * @module
 */
import type { StepSpec } from "../step/spec/step-spec.js";
import type { StepResults } from "../step/results.js";
import { dependencies } from "./dependencies.js";
import type { Quantity, QuantityRef } from "../step/quantities.js";
import { quantityPath, resultValue } from "../step/quantities.js";
import { significantDigits } from "./tolerance.js";
import type { Mistake, WrongArgumentForm } from "./variants.js";

/**
 * The diagnosis codes, first to last in the order of precedence.
 *
 * @category Grading and exercises
 */
export const DIAGNOSIS_CODES = [
  "not-updated",
  "swapped",
  "sign-flipped",
  "no-learning-rate",
  "gradient-not-update",
  "update-not-gradient",
  "factor-of-two",
  "missing-activation-derivative",
  "derivative-of-wrong-argument",
  "used-updated-weights",
  "propagated-error",
  "rounding",
] as const;

/**
 * A diagnosis code, as `tracegrad check --json` prints it.
 *
 * @category Grading and exercises
 */
export type DiagnosisCode = (typeof DIAGNOSIS_CODES)[number];

/** The ways a factor of 2 gets lost or added, each as a mistake of the simulator. */
export const FACTOR_OF_TWO_VARIANTS = [
  { id: "loss-without-half", mistake: { lossScale: 2, lossGradientScale: 2 } },
  { id: "loss-with-extra-half", mistake: { lossScale: 0.5, lossGradientScale: 0.5 } },
  { id: "loss-value-doubled", mistake: { lossScale: 2 } },
  { id: "loss-value-halved", mistake: { lossScale: 0.5 } },
  { id: "loss-gradient-doubled", mistake: { lossGradientScale: 2 } },
  { id: "loss-gradient-halved", mistake: { lossGradientScale: 0.5 } },
  { id: "l2-gradient-lambda-w", mistake: { l2GradientFactor: 1 }, l2: true },
  { id: "l2-penalty-halved", mistake: { penaltyScale: 0.5 }, l2: true },
] as const;

/** Which factor of two was lost or added. */
export type FactorOfTwoVariant = (typeof FACTOR_OF_TWO_VARIANTS)[number]["id"];

/** A mistake that explains a value: the value it gives, and what the explanation needs. */
export type Finding =
  | { readonly code: "not-updated"; readonly value: number }
  | { readonly code: "swapped"; readonly value: number; readonly partner: Quantity; readonly mutual: boolean }
  | { readonly code: "sign-flipped"; readonly value: number; readonly form: "negated" | "loss-gradient" | "ascent" }
  | { readonly code: "no-learning-rate"; readonly value: number }
  | { readonly code: "gradient-not-update"; readonly value: number; readonly other: Quantity }
  | { readonly code: "update-not-gradient"; readonly value: number; readonly other: Quantity }
  | { readonly code: "factor-of-two"; readonly value: number; readonly variant: FactorOfTwoVariant }
  | { readonly code: "missing-activation-derivative"; readonly value: number; readonly layers: readonly number[] }
  | { readonly code: "derivative-of-wrong-argument"; readonly value: number; readonly layers: readonly number[]; readonly form: WrongArgumentForm }
  | { readonly code: "used-updated-weights"; readonly value: number }
  | { readonly code: "propagated-error"; readonly value: number; readonly causes: readonly Quantity[] }
  /** Computed right from the learner's own rounded values (`own`). */
  | { readonly code: "rounding"; readonly form: "own-values"; readonly value: number; readonly own: readonly Quantity[] }
  /** `written`: the exact value written with too few digits; `intermediate`: every intermediate value rounded to `digits`. */
  | { readonly code: "rounding"; readonly form: "written" | "intermediate"; readonly value: number; readonly digits: number };

/** What the search for a diagnosis needs to know. */
export interface DiagnosisContext {
  readonly spec: StepSpec;
  /** The quantities by path. */
  readonly byPath: ReadonlyMap<string, Quantity>;
  /** Every quantity of the step, in order. */
  readonly quantities: readonly Quantity[];
  /** The exact numbers of the step. */
  readonly expected: StepResults;
  /** Whether `a` is `b` to the precision the answer `given` is judged by. */
  readonly near: (given: number, a: number, b: number) => boolean;
  /** The learner's numbers, by path. */
  readonly given: ReadonlyMap<string, number>;
  /** Whether an answered quantity was graded right (every earlier one is graded before a later one). */
  isRight(path: string): boolean | undefined;
  /** The step recomputed with a mistake or with rounding (cached). */
  simulate(mistake: Mistake, round?: number): StepResults;
  /** The step recomputed with the learner's own values carried forward (cached). */
  carried(): StepResults;
}

/** The nearest answered quantities upstream of `ref`, looking through the unanswered ones. */
export function nearestAnswered(context: DiagnosisContext, ref: QuantityRef): Quantity[] {
  const found = new Map<string, Quantity>();
  const seen = new Set<string>();
  const visit = (r: QuantityRef) => {
    for (const d of dependencies(context.spec, r)) {
      const path = quantityPath(d);
      if (seen.has(path)) continue;
      seen.add(path);
      const q = context.byPath.get(path);
      if (q === undefined) continue;
      if (context.given.has(path)) found.set(path, q);
      else visit(d);
    }
  };
  visit(ref);
  return [...found.values()];
}

/** The layers whose f' can be left out or taken at the wrong argument: every layer whose f' is not 1. */
function derivativeLayers(spec: StepSpec): number[] {
  const layers: number[] = [];
  for (let l = spec.layers.length - 1; l >= 0; l--) if (spec.layers[l].activation !== "identity") layers.push(l);
  return layers;
}

function* perLayer<T>(layers: readonly number[], make: (ls: readonly number[]) => T): Generator<T> {
  for (const l of layers) yield make([l]);
  if (layers.length > 1) yield make(layers);
}

/** The value of a quantity in a simulated step. */
function valueIn(results: StepResults, q: Quantity): number {
  return resultValue(results, q);
}

/**
 * Every finding that could explain a wrong value of `q`, in the order of precedence of the codes. The
 * grader takes the first whose value matches the learner's.
 */
export function* candidateFindings(context: DiagnosisContext, q: Quantity, given: number): Generator<Finding> {
  const { spec, expected } = context;
  const sim = (mistake: Mistake) => valueIn(context.simulate(mistake), q);
  const exact = (ref: QuantityRef) => resultValue(expected, ref);
  const own = exact(q);
  const eta = spec.learningRate;

  // not-updated: the value before the update, for what the update changes.
  if (q.kind === "weights") yield { code: "not-updated", value: spec.layers[q.layer].weights[q.row][q.col] };
  if (q.kind === "bias") yield { code: "not-updated", value: spec.layers[q.layer].bias![q.col] };
  if (q.kind === "lossAfter" && expected.loss !== null) yield { code: "not-updated", value: expected.loss };

  // swapped: the value of another quantity of the same kind in the same layer (the partner that was
  // given this one's value first).
  const partners = context.quantities.filter((r) => r.kind === q.kind && r.layer === q.layer && r.path !== q.path && q.layer >= 0);
  const mutual = (r: Quantity) => {
    const g = context.given.get(r.path);
    return g !== undefined && context.near(g, g, own) && !context.near(g, g, exact(r));
  };
  for (const r of [...partners.filter(mutual), ...partners.filter((r) => !mutual(r))]) {
    // A partner whose value is 0 explains a 0 only when the two were really exchanged (not a dead unit's 0).
    const value = exact(r);
    if (Math.abs(value) > 1e-12 || mutual(r)) yield { code: "swapped", value, partner: r, mutual: mutual(r) };
  }

  // sign-flipped: the negated value; t - a for a - t; w + η·g for w - η·g.
  yield { code: "sign-flipped", value: -own, form: "negated" };
  if (eta !== null) yield { code: "sign-flipped", value: sim({ learningRate: -eta }), form: "ascent" };
  yield { code: "sign-flipped", value: sim({ lossGradientScale: -1 }), form: "loss-gradient" };

  if (eta !== null && eta !== 1) yield { code: "no-learning-rate", value: sim({ learningRate: 1 }) };

  if (q.kind === "weights" || q.kind === "bias") {
    const other = context.byPath.get(quantityPath({ kind: q.kind === "weights" ? "dW" : "db", layer: q.layer, row: q.row, col: q.col }));
    if (other !== undefined) yield { code: "gradient-not-update", value: exact(other), other };
  }
  if (q.kind === "dW" || q.kind === "db") {
    const other = context.byPath.get(quantityPath({ kind: q.kind === "dW" ? "weights" : "bias", layer: q.layer, row: q.row, col: q.col }));
    if (other !== undefined) yield { code: "update-not-gradient", value: exact(other), other };
  }

  for (const variant of FACTOR_OF_TWO_VARIANTS) {
    if ("l2" in variant && spec.l2 === 0) continue;
    yield { code: "factor-of-two", value: sim(variant.mistake), variant: variant.id };
  }

  const layers = derivativeLayers(spec);
  for (const finding of perLayer(layers, (ls) => ({ code: "missing-activation-derivative" as const, value: sim({ dropDerivative: ls }), layers: ls }))) yield finding;
  for (const form of ["derivative-at-a", "formula-on-z"] as const) {
    const elementwise = layers.filter((l) => spec.layers[l].activation !== "softmax");
    for (const finding of perLayer(elementwise, (ls) => ({ code: "derivative-of-wrong-argument" as const, value: sim({ wrongArgument: { layers: ls, form } }), layers: ls, form }))) yield finding;
  }

  if (eta !== null && spec.layers.length > 1) yield { code: "used-updated-weights", value: sim({ backpropagateUpdatedWeights: true }) };

  // propagated-error: computed right from an earlier answer that is wrong.
  const upstream = nearestAnswered(context, q);
  const causes = upstream.filter((u) => context.isRight(u.path) === false);
  if (causes.length > 0) yield { code: "propagated-error", value: valueIn(context.carried(), q), causes };

  // rounding: from the learner's own rounded values, or with every intermediate value rounded.
  if (upstream.length > 0 && causes.length === 0) yield { code: "rounding", form: "own-values", value: valueIn(context.carried(), q), own: upstream };
  const written = significantDigits(given);
  yield { code: "rounding", form: "written", value: Number(own.toPrecision(written)), digits: written };
  const digits = [...new Set([written, 4, 3, 2])].filter((d) => d >= 2 && d <= 6);
  for (const d of digits) yield { code: "rounding", form: "intermediate", value: valueIn(context.simulate({}, d), q), digits: d };
}
