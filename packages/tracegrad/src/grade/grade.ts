/**
 * Grades a learner's answers to one step: for each answered value, the exact value the engine
 * computes, whether the answer is within the relative tolerance of it, and for a wrong one the most
 * likely mistake, found by recomputing the step with each mistake in turn and matching the learner's
 * number (see `mistakes.ts` for the mistakes and their order of precedence).
 *
 * @module
 */
import type { ParsedSource } from "../common/source.js";
import type { StepSpec } from "../step/spec/step-spec.js";
import { DEFAULT_PRECISION } from "../common/format-number.js";
import type { StepResults } from "../step/results.js";
import { stepResults } from "../step/results.js";
import type { StepRecord } from "../step/run-step.js";
import { runStep } from "../step/run-step.js";
import { explainFinding } from "./explain-mistake.js";
import type { DiagnosisCode, DiagnosisContext, Finding } from "./mistakes.js";
import { candidateFindings } from "./mistakes.js";
import type { Quantity } from "../step/quantities.js";
import { listQuantities, quantityPath, resultValue } from "../step/quantities.js";
import { plainSource, readAnswers } from "./read-answers.js";
import type { Answer } from "./read-answers.js";
import { ABSOLUTE_FLOOR, DEFAULT_TOLERANCE, halfUnit, isClose } from "./tolerance.js";
import type { Mistake } from "./variants.js";
import { simulateStep } from "./variants.js";

/**
 * One graded answer.
 *
 * @category Grading and exercises
 */
export interface GradedItem {
  /** The path into `tracegrad step --json`: `layers[0].dW[0][1]`. */
  readonly path: string;
  /** The element's name: the parameter for gradients and new values (`w2`), else its key (`z_h1`). */
  readonly name: string;
  /** The symbol of the worked solution: `∂E/∂w2`, `new w2`, `δ_o1`. */
  readonly quantity: string;
  /** The name an answers file uses for it: `dE/dw2`. */
  readonly key: string;
  readonly expected: number;
  readonly given: number;
  /** Within the tolerance of the expected value. */
  readonly ok: boolean;
  /** The most likely mistake behind a wrong answer; null for a right one, or a wrong one nothing explains. */
  readonly diagnosis: DiagnosisCode | null;
  /** The mistake in one or two sentences; null for a right answer. */
  readonly explanation: string | null;
  /**
   * The correct working, as the worked solution prints it; null for a right answer, or where the
   * grading was given no {@link GradeOptions.working} to find it with.
   */
  readonly working: string | null;
  /** Wrong only because an earlier wrong answer was carried forward correctly. */
  readonly consistent?: boolean;
  /** For a consistent answer, the paths of the earlier wrong answers it was computed from. */
  readonly causedBy?: readonly string[];
  /** For a swapped answer, the path of the quantity whose value it holds. */
  readonly swappedWith?: string;
}

/**
 * The grade of one learner's answers.
 *
 * @category Grading and exercises
 */
export interface GradeReport {
  /** Every answered value is right. */
  readonly correct: boolean;
  /** Right answers, answered values, and wrong ones that are consistent with an earlier wrong one. */
  readonly score: { readonly right: number; readonly answered: number; readonly consistent: number };
  /** The relative tolerance used. */
  readonly tolerance: number;
  /** The answered values, in the order the step computes them. */
  readonly items: readonly GradedItem[];
}

/**
 * How answers are graded.
 *
 * @category Grading and exercises
 */
export interface GradeOptions {
  /** Relative tolerance of a right answer (0.005, that is 0.5%, by default). */
  readonly tolerance?: number;
  /** Significant digits of the numbers in explanations and working (8 by default). */
  readonly precision?: number;
  /** Where the answers sit in the document: `[]` (the default) for all of it, `["published"]` in a spec. */
  readonly at?: readonly PropertyKey[];
  /** The file the answers came from, for errors, when `answers` is a plain value. */
  readonly file?: string;
  /**
   * Judge each answer to the digits it is written with, as for a published solution: right when within
   * half a unit of its last digit (instead of the relative tolerance), and mistakes matched the same way.
   */
  readonly printedPrecision?: boolean;
  /**
   * Whose answers they are, for the words of the explanations: a learner's (`"learner"`, the default:
   * "your ∂E/∂w2") or a published solution's (`"source"`: "its ∂E/∂w2").
   */
  readonly answeredBy?: "learner" | "source";
  /**
   * The correct working of a quantity, one line, for wrong answers (the worked solution's own step:
   * `workingOf(record, precision).line` of `explain/working.ts`). Grading renders no solution itself.
   */
  readonly working?: (q: Quantity) => string | undefined;
  /** Refuse answers that answer nothing (every value null or absent), as a learner's file should not; by default they grade as all right. */
  readonly requireAnswers?: boolean;
}

/** Whether `a` is `b` to the precision an answer `given` is judged by. */
type Near = (given: number, a: number, b: number) => boolean;

function nearness(options: GradeOptions, tolerance: number): Near {
  return options.printedPrecision ? (given, a, b) => Math.abs(a - b) <= halfUnit(given) * (1 + 1e-9) + ABSOLUTE_FLOOR : (_given, a, b) => isClose(a, b, tolerance);
}

function isParsedSource(x: unknown): x is ParsedSource {
  return typeof x === "object" && x !== null && "value" in x && typeof (x as ParsedSource).locate === "function" && typeof (x as ParsedSource).error === "function";
}

/**
 * Whether a finding's value is the learner's number. New weights and biases (and the loss after the
 * update) are compared by the step they take from the value before (`reference`), since a relative
 * tolerance on the value itself cannot tell one small update from another, or from none.
 */
function explains(finding: Finding, given: number, expected: number, reference: number | null, tolerance: number, near: Near): boolean {
  const v = finding.value;
  if (!Number.isFinite(v)) return false;
  // The exact value written with too few digits is that value rounded; a value computed from rounded
  // ones is matched within the tolerance (the learner's last rounding is not the simulation's).
  if (finding.code === "rounding") return finding.form === "written" ? given === v : near(given, given, v);
  // The value before the update: that value to the digits written, or nearer it than the new one.
  if (finding.code === "not-updated") {
    const off = Math.abs(given - v);
    return off <= halfUnit(given) * (1 + 1e-9) + ABSOLUTE_FLOOR || (off <= Math.abs(given - expected) && near(given, given, v));
  }
  // The value of another quantity is compared as a value; a recomputed value of this one by its step.
  const anotherValue = finding.code === "swapped" || finding.code === "gradient-not-update" || finding.code === "update-not-gradient" || (finding.code === "sign-flipped" && finding.form === "negated");
  const r = anotherValue || reference === null ? 0 : reference;
  return near(given, given - r, v - r) && !near(given, v - r, expected - r);
}

/**
 * Whether an answer is right: within the tolerance of the exact value. A value the update changes (a
 * new weight or bias, the loss after the update) must also get the step right, to the tolerance of the
 * step or to the digits it is written with, and lie nearer the new value than the one before: an answer
 * that does not show the update is not right, however small the step.
 */
function isRightAnswer(given: number, expected: number, reference: number | null, tolerance: number, near: Near): boolean {
  if (!near(given, given, expected)) return false;
  if (reference === null) return true;
  const step = expected - reference;
  if (Math.abs(step) <= ABSOLUTE_FLOOR) return true;
  const stepRight = Math.abs(given - expected) <= Math.max(tolerance * Math.abs(step), halfUnit(given) * (1 + 1e-9)) + ABSOLUTE_FLOOR;
  return stepRight && Math.abs(given - reference) > Math.abs(given - expected);
}

/** The value before the update of a quantity the update changes (weights, biases, the loss), else null. */
function referenceOf(spec: StepSpec, expected: StepResults, q: Quantity): number | null {
  if (q.kind === "weights") return spec.layers[q.layer].weights[q.row][q.col];
  if (q.kind === "bias") return spec.layers[q.layer].bias![q.col];
  if (q.kind === "lossAfter") return expected.loss;
  return null;
}

/**
 * Grades answers against a recorded step. `answers` is a parsed document (a {@link ParsedSource},
 * whose errors then carry line and column) or a plain value: a mapping of learner names and/or the
 * fields of `tracegrad step --json`.
 */
export function gradeRecord(record: StepRecord, answers: unknown, options: GradeOptions = {}): GradeReport {
  const spec = record.spec;
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const near = nearness(options, tolerance);
  const precision = options.precision ?? DEFAULT_PRECISION;
  const source = isParsedSource(answers) ? answers : plainSource(answers, options.file);
  const quantities = listQuantities(spec);
  const given: Answer[] = readAnswers(source, spec, quantities, options.at ?? [], options.requireAnswers ?? false);
  const expected = stepResults(record);
  const givenByPath = new Map(given.map((a) => [a.quantity.path, a.given]));
  const byPath = new Map(quantities.map((q) => [q.path, q]));
  const graded = new Map<string, { ok: boolean; finding: Finding | null }>();

  const simulations = new Map<string, StepResults>();
  const simulate = (mistake: Mistake, round?: number) => {
    const key = JSON.stringify({ mistake, round });
    let found = simulations.get(key);
    if (found === undefined) {
      found = simulateStep(spec, { mistake, ...(round !== undefined ? { round } : {}) });
      simulations.set(key, found);
    }
    return found;
  };
  let carried: StepResults | undefined;
  const context: DiagnosisContext = {
    spec,
    byPath,
    quantities,
    expected,
    near,
    given: givenByPath,
    isRight: (path) => graded.get(path)?.ok,
    simulate,
    carried: () => (carried ??= simulateStep(spec, { carry: (ref) => givenByPath.get(quantityPath(ref)) })),
  };

  const rootMistakes = (q: Quantity): (DiagnosisCode | null)[] => {
    const item = graded.get(q.path);
    if (item === undefined || item.ok) return [];
    if (item.finding?.code === "propagated-error") return item.finding.causes.flatMap(rootMistakes);
    return [item.finding?.code ?? null];
  };
  const items: GradedItem[] = given.map(({ quantity: q, given: value }) => {
    const exact = resultValue(expected, q);
    const reference = referenceOf(spec, expected, q);
    const ok = isRightAnswer(value, exact, reference, tolerance, near);
    let finding: Finding | null = null;
    if (!ok) {
      for (const candidate of candidateFindings(context, q, value)) {
        if (explains(candidate, value, exact, reference, tolerance, near)) {
          finding = candidate;
          break;
        }
      }
    }
    graded.set(q.path, { ok, finding });
    const base = { path: q.path, name: q.name, quantity: q.symbol, key: q.key, expected: exact, given: value, ok };
    if (ok) return { ...base, diagnosis: null, explanation: null, working: null };
    const explanation = explainFinding(
      { spec, precision, whose: options.answeredBy === "source" ? "its" : "your", expected: (x) => resultValue(expected, x), given: (x) => givenByPath.get(x.path), rootMistakes },
      q,
      finding,
    );
    return {
      ...base,
      diagnosis: finding?.code ?? null,
      explanation,
      working: options.working?.(q) ?? null,
      ...(finding?.code === "propagated-error" ? { consistent: true, causedBy: finding.causes.map((c) => c.path) } : {}),
      ...(finding?.code === "swapped" ? { swappedWith: finding.partner.path } : {}),
    };
  });
  const right = items.filter((i) => i.ok).length;
  return {
    correct: right === items.length,
    score: { right, answered: items.length, consistent: items.filter((i) => i.consistent === true).length },
    tolerance,
    items,
  };
}

/**
 * Grades a learner's answers to one step of a spec. This is what `tracegrad check` runs; to compare
 * the answers a source published, call it as `gradeAnswers(spec, spec.published, options)` and print
 * the items that are not `ok`.
 */
export function gradeAnswers(spec: StepSpec, answers: unknown, options: GradeOptions = {}): GradeReport {
  return gradeRecord(runStep(spec), answers, options);
}
