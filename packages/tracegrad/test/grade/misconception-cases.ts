/**
 * Cases of one misconception, for the grading tests and for `scripts/measure-grading.ts`: a learner
 * with the misconception answers every quantity of a step the way the independent reference
 * (`test/reference/misconceptions.ts`) computes it, written to 4 significant digits (the new weights
 * and biases with enough digits to show their step), and the grade is classified against where the
 * reference says the misconception is made.
 */
import { checkAnswers } from "../../src/exercise/check.js";
import { generateExercise } from "../../src/exercise/generate.js";
import { resolveActivations } from "../../src/exercise/options.js";
import type { ExerciseOptions } from "../../src/exercise/options.js";
import type { GradeReport, GradedItem } from "../../src/grade/grade.js";
import type { LossName } from "../../src/engine/losses.js";
import { runStep } from "../../src/step/run-step.js";
import type { StepSpec } from "../../src/step/spec/step-spec.js";
import { toInterchange } from "../../src/step/spec/step-spec.js";
import type { RefSpec } from "../reference/dense-network.js";
import { learnerStep } from "../reference/misconceptions.js";
import type { Misconception } from "../reference/misconceptions.js";

/** A number as a learner writes it: `digits` significant digits. */
export function written(x: number, digits = 4): number {
  return x === 0 ? 0 : Number(x.toPrecision(digits));
}

/** The spec as the reference reads it. */
export function refSpec(spec: StepSpec): RefSpec {
  return toInterchange(spec) as unknown as RefSpec;
}

const PATH = /^layers\[(\d+)\]\.(\w+)\[(\d+)\](?:\[(\d+)\])?$/;

/**
 * The learner's answers file (the fields of `tracegrad step --json`), every quantity of the answers
 * template, and where the misconception is made.
 */
export function learnerAnswers(spec: StepSpec, m: Misconception | null, digits = 4): { answers: Record<string, unknown>; made: Set<string>; values: Map<string, number> } {
  const { values, made } = learnerStep(refSpec(spec), m);
  const layers: Record<string, unknown>[] = spec.layers.map(() => ({}));
  const answers: Record<string, unknown> = { layers };
  for (const [path, value] of values) {
    if (path === "lossAfter" || !Number.isFinite(value)) continue;
    const match = PATH.exec(path);
    if (match === null) {
      answers[path] = written(value, digits);
      continue;
    }
    const [, l, field, i, j] = match;
    let d = digits;
    if (field === "weights" || field === "bias") {
      // Enough digits to show the step from the value before, as the template asks.
      const before = field === "weights" ? spec.layers[+l].weights[+i][+j] : spec.layers[+l].bias![+i];
      const step = Math.abs(value - before);
      if (step > 0) d = Math.min(15, Math.max(digits, Math.ceil(Math.log10(Math.abs(value) / step)) + 3));
    }
    const layer = layers[+l];
    if (j === undefined) ((layer[field] ??= []) as number[])[+i] = written(value, d);
    else (((layer[field] ??= []) as number[][])[+i] ??= [])[+j] = written(value, d);
  }
  return { answers, made, values };
}

/** How a misconception case was named. */
export type Outcome = "named-right" | "named-wrongly" | "no-common-mistake" | "not-visible";

/** Every code a graded item names. */
export function codesOf(item: GradedItem): string[] {
  const codes: (string | null | undefined)[] = [item.diagnosis, ...item.alternatives, item.combinedWith];
  return codes.filter((c): c is string => typeof c === "string");
}

/**
 * A case is named right when its misconception's code is the diagnosis or an alternative of every
 * wrong value where the misconception is made; named wrongly (with confidence) when at one of them it
 * is neither but another code is given; "no common mistake" when nothing is given there. A case whose
 * made values are all within the tolerance is not visible.
 */
export function classify(report: GradeReport, made: ReadonlySet<string>, m: Misconception): { outcome: Outcome; offending: GradedItem[] } {
  const judged = report.items.filter((i) => made.has(i.path) && !i.ok);
  if (judged.length === 0) return { outcome: "not-visible", offending: [] };
  const wrongly = judged.filter((i) => i.diagnosis !== null && !codesOf(i).includes(m));
  if (wrongly.length > 0) return { outcome: "named-wrongly", offending: wrongly };
  const none = judged.filter((i) => i.diagnosis === null);
  if (none.length > 0) return { outcome: "no-common-mistake", offending: none };
  return { outcome: "named-right", offending: [] };
}

/** Grades a learner with one misconception on a spec. */
export function gradeMisconception(spec: StepSpec, m: Misconception, digits = 4): { report: GradeReport; made: Set<string>; outcome: Outcome; offending: GradedItem[] } {
  const { answers, made } = learnerAnswers(spec, m, digits);
  const report = checkAnswers(runStep(spec), answers);
  return { report, made, ...classify(report, made, m) };
}

/** A generated exercise's options: hidden activation, loss, batch, biases, from a seed. */
export interface ExerciseKind {
  readonly activation: "sigmoid" | "tanh" | "relu";
  readonly loss: LossName;
  readonly batch: number;
  readonly bias: boolean;
  readonly sizes?: readonly number[];
}

/** The spec of a generated exercise. */
export function exerciseSpec(kind: ExerciseKind, seed: number): StepSpec {
  const sizes = kind.sizes ?? [2, 2, 2];
  const options: ExerciseOptions = {
    seed,
    sizes,
    activations: resolveActivations(kind.activation, sizes.length - 1, kind.loss),
    loss: kind.loss,
    batch: kind.batch,
    digits: 2,
    bias: kind.bias,
    learningRate: null,
    allowDegenerate: false,
  };
  return generateExercise(options).spec;
}

/** Every combination of hidden activation, loss, batch 1 and 2, with and without biases. */
export const EXERCISE_KINDS: readonly ExerciseKind[] = (["sigmoid", "tanh", "relu"] as const).flatMap((activation) =>
  (["half-sse", "mse", "bce", "cross-entropy"] as const).flatMap((loss) => [1, 2].flatMap((batch) => [false, true].map((bias) => ({ activation, loss, batch, bias })))),
);

/** Whether a grade names a learner's one misconception the way the issue asks, with the reasons where it does not. */
export function namingProblems(spec: StepSpec, m: Misconception): string[] {
  const { answers, made } = learnerAnswers(spec, m);
  const report = checkAnswers(runStep(spec), answers);
  const right = learnerStep(refSpec(spec), null).values;
  const problems: string[] = [];
  const byPath = new Map(report.items.map((i) => [i.path, i]));
  for (const item of report.items) {
    const exact = right.get(item.path)!;
    if (!(Math.abs(item.expected - exact) <= 1e-9 * Math.max(1, Math.abs(exact)))) problems.push(`${item.key}: expected ${item.expected}, the reference says ${exact}`);
    if (item.ok) continue;
    const codes = codesOf(item);
    const what = `${item.key} = ${item.given} (${item.status}: ${codes.join(", ") || "none"})`;
    if (made.has(item.path)) {
      // Where the misconception is made, its code is named (as the diagnosis or an alternative).
      if (!codes.includes(m)) problems.push(`${what}: the misconception is made here`);
    } else if (!codes.includes(m) && item.status !== "carried-forward") {
      // Everywhere else a wrong value follows from the learner's own earlier ones: carried forward, unless
      // the earlier values it uses were all right (within the tolerance), where it is their rounding.
      const upstreamRight = usedValues(spec, item.path).every((p) => byPath.get(p)?.ok !== false);
      if (!(item.diagnosis === "rounding" && upstreamRight)) problems.push(`${what}: not made here, so carried forward`);
    }
  }
  return problems;
}

/** The paths of the values a quantity is computed from, one step back (written out here for the tests). */
function usedValues(spec: StepSpec, path: string): string[] {
  const batch = spec.inputs.length;
  const samples = Array.from({ length: batch }, (_, n) => n);
  const units = (l: number) => spec.layers[l].weights.length;
  const m = PATH.exec(path);
  if (m === null) return [];
  const [l, field, a, b] = [Number(m[1]), m[2], Number(m[3]), m[4] === undefined ? -1 : Number(m[4])];
  switch (field) {
    case "delta":
      return l === spec.layers.length - 1 ? [`layers[${l}].a[${a}][${b}]`] : Array.from({ length: units(l + 1) }, (_, j) => `layers[${l + 1}].delta[${a}][${j}]`).concat(`layers[${l}].a[${a}][${b}]`);
    case "dW":
      return samples.flatMap((n) => [`layers[${l}].delta[${n}][${a}]`, ...(l > 0 ? [`layers[${l - 1}].a[${n}][${b}]`] : [])]);
    case "db":
      return samples.map((n) => `layers[${l}].delta[${n}][${a}]`);
    case "weights":
      return [`layers[${l}].dW[${a}][${b}]`];
    case "bias":
      return [`layers[${l}].db[${a}]`];
    default:
      return [];
  }
}
