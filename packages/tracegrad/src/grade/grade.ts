/**
 * Grades a learner's answers to a worked computation (a step of backpropagation, a scaling, an
 * optimizer's steps, …): for each answered value, the exact value the engine computes, whether the
 * answer is within the relative tolerance of it, and for a wrong one what explains it: the mistakes
 * whose recomputation gives the learner's number (`findings.ts`), the first in the documented order
 * as the diagnosis and the others as alternatives, or `propagated-error` for a value computed
 * correctly from the learner's own earlier wrong answers, which earns follow-through credit. What is
 * computed is the {@link Computation}'s business; this grader is the same for every kind.
 *
 * @module
 */
import type { ParsedSource } from "../common/source.js";
import type { StepSpec } from "../step/spec/step-spec.js";
import { DEFAULT_PRECISION } from "../common/format-number.js";
import type { StepRecord } from "../step/run-step.js";
import { runStep } from "../step/run-step.js";
import type { Computation, GradedQuantity, Mistake, Values } from "./computation.js";
import { explainDiagnosis } from "./explain-finding.js";
import type { DiagnosisContext, Finding } from "./findings.js";
import { diagnose } from "./findings.js";
import type { DiagnosisCode } from "./mistake-table.js";
import { plainSource, readAnswers } from "./read-answers.js";
import type { Answer } from "./read-answers.js";
import { stepComputation } from "./step-computation.js";
import { ABSOLUTE_FLOOR, DEFAULT_TOLERANCE, halfUnit, isClose, writingStyle } from "./tolerance.js";

/**
 * How an answered value counts: right, carried forward correctly from an earlier wrong answer, or wrong.
 *
 * @category Grading and exercises
 */
export type AnswerStatus = "right" | "carried-forward" | "wrong";

/**
 * One graded answer.
 *
 * @category Grading and exercises
 */
export interface GradedItem {
  /** The path into the numbers of the matching command's `--json`: `layers[0].dW[0][1]` for a step. */
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
  /** Right, carried forward (`propagated-error`: computed correctly from an earlier wrong answer), or wrong. */
  readonly status: AnswerStatus;
  /**
   * What explains a wrong answer: the first code, in the documented order, of the mistakes whose
   * recomputed value is the answer; null for a right answer, or a wrong one nothing common explains.
   */
  readonly diagnosis: DiagnosisCode | null;
  /** Every other code that explains the answer as well (to the digits written, or within the tolerance when none does that). */
  readonly alternatives: readonly DiagnosisCode[];
  /** For two mistakes made together (where one alone does not explain the number), the second one's code. */
  readonly combinedWith?: DiagnosisCode;
  /** Which mistake of the catalogue the diagnosis is, in detail (`factor-of-two:loss-without-half`): the same id is the same slip. */
  readonly mistake: string | null;
  /** The mistake in one or two short sentences ("Either … Or …" when several fit); null for a right answer. */
  readonly explanation: string | null;
  /**
   * For self-study, with {@link GradeOptions.hints}: the mistake without the correct number, and the
   * formula with the learner's own earlier values put in; null for a right answer or without hints.
   */
  readonly hint: string | null;
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
 * The score of one learner's answers.
 *
 * @category Grading and exercises
 */
export interface GradeScore {
  /** Answers within the tolerance. */
  readonly right: number;
  /** Answered values. */
  readonly answered: number;
  /** Wrong answers computed correctly from the learner's earlier wrong ones (carried forward). */
  readonly followThrough: number;
  /** right + followThroughCredit × followThrough. */
  readonly points: number;
  /** Every quantity the step asks for (an exercise's answers template), answered or not. */
  readonly maxPoints: number;
}

/**
 * The grade of one learner's answers.
 *
 * @category Grading and exercises
 */
export interface GradeReport {
  /** Every answered value is right. */
  readonly correct: boolean;
  readonly score: GradeScore;
  /** The relative tolerance used. */
  readonly tolerance: number;
  /** The part of a point a value carried forward earns. */
  readonly followThroughCredit: number;
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
  readonly working?: (q: GradedQuantity) => string | undefined;
  /** Refuse answers that answer nothing (every value null or absent), as a learner's file should not; by default they grade as all right. */
  readonly requireAnswers?: boolean;
  /** The part of a point (0 to 1) a value carried forward correctly from an earlier wrong answer earns: 1 by default. */
  readonly followThroughCredit?: number;
  /** Give each wrong answer a hint (the mistake and the formula with the learner's own values, not the correct number). */
  readonly hints?: boolean;
  /**
   * The formula of a quantity with the learner's own values put in where they answered what it uses,
   * without its result (`formulaWith` of `explain/working.ts`), for {@link hints}.
   */
  readonly formula?: (q: GradedQuantity, own: (path: string) => number | undefined) => string | undefined;
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
 * Whether an answer is right: within the tolerance of the exact value. A value an update changes (a
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

/** The id of a finding's mistake: the same id is the same slip, explained once. */
function mistakeId(f: Finding): string {
  switch (f.kind) {
    case "mistake":
      return f.with === undefined ? f.mistake.id : `${f.mistake.id}+${f.with.id}`;
    case "negated":
      return "sign-flipped:negated";
    case "rounding":
      return `rounding:${f.form}${f.kind === "rounding" && f.form !== "own-values" && f.decimals ? "-decimals" : ""}`;
    default:
      return f.code;
  }
}

/**
 * The recomputations of each computation from the exact values (no learner's answers carried): the
 * same for every learner, so a class's graders share them (a roster of 20,000 answers files
 * otherwise redid each one for every file).
 */
const FROM_EXACT = new WeakMap<Computation, Map<string, Values>>();

function fromExactSimulations(computation: Computation): Map<string, Values> {
  let found = FROM_EXACT.get(computation);
  if (found === undefined) {
    found = new Map();
    FROM_EXACT.set(computation, found);
  }
  return found;
}

/** A points total for printing: at most two decimals. */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

/**
 * Grades answers to a computation. `answers` is a parsed document (a {@link ParsedSource}, whose
 * errors then carry line and column) or a plain value: a mapping of learner names (and, for a step,
 * the fields of `tracegrad step --json`).
 */
export function gradeComputation(computation: Computation, answers: unknown, options: GradeOptions = {}): GradeReport {
  const tolerance = options.tolerance ?? DEFAULT_TOLERANCE;
  const credit = options.followThroughCredit ?? 1;
  if (!(credit >= 0 && credit <= 1)) throw new RangeError(`followThroughCredit must be from 0 to 1, got ${credit}`);
  const near = nearness(options, tolerance);
  const precision = options.precision ?? DEFAULT_PRECISION;
  const source = isParsedSource(answers) ? answers : plainSource(answers, options.file);
  const given: Answer[] = readAnswers(source, computation, options.at ?? [], options.requireAnswers ?? false);
  const givenByPath = new Map(given.map((a) => [a.quantity.path, a.given]));
  const byPath = new Map(computation.quantities.map((q) => [q.path, q]));
  const graded = new Map<string, { ok: boolean; finding: Finding | null }>();

  // The recomputations from this learner's own answers are theirs; those from the exact values are shared.
  const carried = new Map<string, Values>();
  const fromExact = fromExactSimulations(computation);
  const carry = (path: string) => givenByPath.get(path);
  const simulate = (mistakes: readonly Mistake[], how: { carry: boolean; round?: number; decimals?: boolean }) => {
    const key = `${mistakes.map((m) => m.id).join("+")}|${how.round ?? ""}|${how.decimals ?? false}`;
    const simulations = how.carry ? carried : fromExact;
    let found = simulations.get(key);
    if (found === undefined) {
      found = computation.simulate(mistakes, { ...(how.carry ? { carry } : {}), ...(how.round !== undefined ? { round: how.round, decimals: how.decimals ?? false } : {}) });
      simulations.set(key, found);
    }
    return found;
  };
  const context: DiagnosisContext = {
    computation,
    byPath,
    near,
    given: givenByPath,
    style: writingStyle(given.map((a) => a.given)),
    isRight: (path) => graded.get(path)?.ok,
    simulate,
  };

  const rootMistakes = (q: GradedQuantity): (DiagnosisCode | null)[] => {
    const item = graded.get(q.path);
    if (item === undefined || item.ok) return [];
    if (item.finding?.kind === "propagated-error") return item.finding.causes.flatMap(rootMistakes);
    return [item.finding?.code ?? null];
  };
  const items: GradedItem[] = given.map(({ quantity: q, given: value }) => {
    const exact = computation.exact(q.path);
    const reference = q.before;
    const ok = isRightAnswer(value, exact, reference, tolerance, near);
    const findings = ok ? [] : diagnose(context, { q, given: value, expected: exact, reference }).findings;
    const finding = findings[0] ?? null;
    graded.set(q.path, { ok, finding });
    const base = { path: q.path, name: q.name, quantity: q.symbol, key: q.key, expected: exact, given: value, ok };
    if (ok) return { ...base, status: "right" as const, diagnosis: null, alternatives: [], mistake: null, explanation: null, hint: null, working: null };
    const words = {
      precision,
      whose: options.answeredBy === "source" ? ("its" as const) : ("your" as const),
      expected: (x: GradedQuantity) => computation.exact(x.path),
      given: (x: GradedQuantity) => givenByPath.get(x.path),
      rootMistakes,
    };
    const carried = finding?.kind === "propagated-error";
    const hint = options.hints ? explainDiagnosis({ ...words, hint: true }, q, findings) : null;
    const formula = options.hints ? options.formula?.(q, (path) => givenByPath.get(path)) : undefined;
    return {
      ...base,
      status: carried ? ("carried-forward" as const) : ("wrong" as const),
      diagnosis: finding?.code ?? null,
      alternatives: findings.slice(1).map((f) => f.code),
      ...(finding?.kind === "mistake" && finding.with !== undefined ? { combinedWith: finding.with.code } : {}),
      mistake: finding === null ? null : mistakeId(finding),
      explanation: explainDiagnosis({ ...words, hint: false }, q, findings),
      hint: hint === null ? null : formula === undefined ? hint : `${hint} With your own values: ${formula}`,
      working: options.working?.(q) ?? null,
      ...(carried ? { consistent: true, causedBy: finding.causes.map((c) => c.path) } : {}),
      ...(finding?.kind === "swapped" ? { swappedWith: finding.partner.path } : {}),
    };
  });
  const right = items.filter((i) => i.ok).length;
  const followThrough = items.filter((i) => i.status === "carried-forward").length;
  const asked = new Set([...computation.asked, ...items.map((i) => i.path)]);
  return {
    correct: right === items.length,
    score: { right, answered: items.length, followThrough, points: right + credit * followThrough, maxPoints: asked.size },
    tolerance,
    followThroughCredit: credit,
    items,
  };
}

/** Grades answers against a recorded step (see {@link gradeComputation}). */
export function gradeRecord(record: StepRecord, answers: unknown, options: GradeOptions = {}): GradeReport {
  return gradeComputation(stepComputation(record), answers, options);
}

/**
 * Grades a learner's answers to one step of a spec. This is what `tracegrad check` runs; to compare
 * the answers a source published, call it as `gradeAnswers(spec, spec.published, options)` and print
 * the items that are not `ok`.
 */
export function gradeAnswers(spec: StepSpec, answers: unknown, options: GradeOptions = {}): GradeReport {
  return gradeRecord(runStep(spec), answers, options);
}
