/**
 * The search for what explains a wrong value. Every candidate is a number the learner would have
 * written had they made a mistake: the value of another quantity (a swap, the gradient given as the
 * new weight), the value before the update, or the computation redone under a mistake of its table
 * (each a rule change) from the learner's own earlier answers. A candidate explains the answer when
 * its number is the answer: to the digits written, or failing that within the tolerance, never further.
 *
 * The search follows the learner's work. A value that the correct formulas give from the learner's own
 * earlier answers, when one of those is wrong, is `propagated-error` (carried forward). A mistake is
 * named for a value only where it changes that value given the learner's earlier answers: where the
 * misconception is made again, not where its effect is merely carried along.
 *
 * Nothing here knows what is computed: the {@link Computation} says what depends on what, what the
 * exact values are and how each mistake changes them.
 *
 * @module
 */
import type { Computation, GradedQuantity, Mistake, Values } from "./computation.js";
import { DIAGNOSIS_CODES } from "./mistake-table.js";
import type { DiagnosisCode } from "./mistake-table.js";
import { ABSOLUTE_FLOOR, halfUnitAt, lastDigitUnit, significantDigits } from "./tolerance.js";
import type { WritingStyle } from "./tolerance.js";

/** A candidate explanation of a wrong value: the number it gives, and what the explanation needs. */
export type Finding =
  | { readonly kind: "not-updated"; readonly code: "not-updated"; readonly value: number }
  | { readonly kind: "swapped"; readonly code: "swapped"; readonly value: number; readonly partner: GradedQuantity; readonly mutual: boolean }
  | { readonly kind: "negated"; readonly code: "sign-flipped"; readonly value: number }
  | { readonly kind: "gradient-not-update"; readonly code: "gradient-not-update"; readonly value: number; readonly other: GradedQuantity }
  | { readonly kind: "update-not-gradient"; readonly code: "update-not-gradient"; readonly value: number; readonly other: GradedQuantity }
  /** The computation redone under a mistake of its table (and, for a pair, a second one made with it). */
  | { readonly kind: "mistake"; readonly code: DiagnosisCode; readonly value: number; readonly mistake: Mistake; readonly with?: Mistake }
  /** Computed right from the learner's earlier answers, some of them wrong (`causes`). */
  | { readonly kind: "propagated-error"; readonly code: "propagated-error"; readonly value: number; readonly causes: readonly GradedQuantity[] }
  /** Computed right from the learner's own rounded values (`own`), every one of them right. */
  | { readonly kind: "rounding"; readonly code: "rounding"; readonly form: "own-values"; readonly value: number; readonly own: readonly GradedQuantity[] }
  /**
   * `written`: the exact value written with too few digits; `intermediate`: every intermediate value
   * rounded to `digits` significant digits, or with `decimals`, decimal places.
   */
  | { readonly kind: "rounding"; readonly code: "rounding"; readonly form: "written" | "intermediate"; readonly value: number; readonly digits: number; readonly decimals: boolean };

/** What the search for a diagnosis needs to know. */
export interface DiagnosisContext {
  /** The computation the answers are to. */
  readonly computation: Computation;
  /** The quantities by path. */
  readonly byPath: ReadonlyMap<string, GradedQuantity>;
  /** Whether `a` is `b` to the precision an answer `given` is judged by (the tolerance). */
  readonly near: (given: number, a: number, b: number) => boolean;
  /** The learner's numbers, by path. */
  readonly given: ReadonlyMap<string, number>;
  /** How the learner writes their numbers (decimal places, significant digits), read from all their answers. */
  readonly style: WritingStyle;
  /** Whether an answered quantity was graded right (every earlier one is graded before a later one). */
  isRight(path: string): boolean | undefined;
  /**
   * The computation redone with mistakes of its table made (none: the right rules), from the learner's
   * own earlier answers (`carry`), or with every intermediate value rounded (cached).
   */
  simulate(mistakes: readonly Mistake[], options: { readonly carry: boolean; readonly round?: number; readonly decimals?: boolean }): Values;
}

/** What explains a wrong value: the codes that fit, first to last in the documented order, and a finding of each. */
export interface Diagnosis {
  /** One finding per code that fits, in the order of {@link DIAGNOSIS_CODES}. */
  readonly findings: readonly Finding[];
}

/** The nearest answered quantities upstream of `path`, looking through the unanswered ones. */
export function nearestAnswered(context: DiagnosisContext, path: string): GradedQuantity[] {
  const found = new Map<string, GradedQuantity>();
  const seen = new Set<string>();
  const visit = (p: string) => {
    for (const d of context.computation.dependencies(p)) {
      if (seen.has(d)) continue;
      seen.add(d);
      const q = context.byPath.get(d);
      if (q === undefined) continue;
      if (context.given.has(d)) found.set(d, q);
      else visit(d);
    }
  };
  visit(path);
  return [...found.values()];
}

/** How well a finding's number is the answer: 1 to the digits written, 2 within the tolerance only, 0 not at all. */
type Fit = 0 | 1 | 2;

/** The answer as judged: its value, the exact value, and the value before the update (for what the update changes). */
export interface Judged {
  readonly q: GradedQuantity;
  readonly given: number;
  readonly expected: number;
  /** The value before the update of a new weight or bias (or the loss before it, for the loss after it); null otherwise. */
  readonly reference: number | null;
}

/** The significant digits an answer stands for: those it shows, or more where the learner writes more (trailing zeros are lost). */
function digitsOf(context: DiagnosisContext, given: number): number {
  return Math.max(significantDigits(given), context.style.digits ?? 0);
}

/**
 * How far from an answer a number may be and still be the same to the digits written: half a unit of
 * its last digit as the learner writes it (decimal places, or significant digits), and at least one
 * unit of its 4th significant digit (a learner's own rounded earlier values move the last of 4 digits
 * by a unit or so).
 */
function resolution(context: DiagnosisContext, given: number): number {
  return Math.max(writtenTo(context, given), lastDigitUnit(given)) * (1 + 1e-9) + ABSOLUTE_FLOOR;
}

/** Half a unit of the last digit as the learner writes it: 0.0005 for 0 from one who writes 3 decimals. */
function writtenTo(context: DiagnosisContext, given: number): number {
  const decimals = context.style.decimals === null ? 0 : 0.5 * Math.pow(10, -context.style.decimals);
  return Math.max(halfUnitAt(given, digitsOf(context, given)), decimals);
}

function fitOf(context: DiagnosisContext, f: Finding, answer: Judged): Fit {
  const { given, expected, reference } = answer;
  const v = f.value;
  if (!Number.isFinite(v)) return 0;
  // The value before the update only to the digits written: never for a value that moved.
  if (f.kind === "not-updated") return Math.abs(given - v) <= writtenTo(context, given) * (1 + 1e-9) + ABSOLUTE_FLOOR ? 1 : 0;
  // The exact value written with too few digits: it rounds to the answer, as the learner writes numbers.
  if (f.kind === "rounding" && f.form === "written") return Math.abs(given - expected) <= writtenTo(context, given) * (1 + 1e-9) + ABSOLUTE_FLOOR ? 1 : 0;
  const unit = resolution(context, given);
  const toDigits = (b: number) => Math.abs(given - b) <= unit;
  const near = context.near;
  // A candidate that gives the right value, to the digits written, explains no answer that visibly differs from it.
  const givesRight = toDigits(v - expected + given) && !toDigits(expected);
  if (f.kind === "rounding") return givesRight ? 0 : toDigits(v) ? 1 : near(given, given, v) ? 2 : 0;
  // Another quantity's value is compared as a value; a recomputed value of this one by the step it
  // takes from the value before the update, since a relative tolerance on the value itself cannot
  // tell one small update from another, or from none.
  const anotherValue = f.kind === "swapped" || f.kind === "negated" || f.kind === "gradient-not-update" || f.kind === "update-not-gradient";
  const r = anotherValue || reference === null ? 0 : reference;
  if (givesRight) return 0;
  if (toDigits(v)) return 1;
  return near(given, given - r, v - r) ? 2 : 0;
}

/** The findings that fit best (to the digits written, else within the tolerance), one per code, in the documented order. */
function best(context: DiagnosisContext, answer: Judged, candidates: readonly Finding[]): Finding[] {
  const fitted = candidates.map((f) => ({ f, fit: fitOf(context, f, answer) })).filter((x) => x.fit > 0);
  // Rounding is the last resort: a number that happens to be the exact value rounded to fewer digits
  // does not push out a mistake that gives it within the tolerance; where both give it to the digits
  // written, both are said (but a value not updated needs no word on its digits besides).
  const mistakes = fitted.filter((x) => x.f.code !== "rounding");
  const roundings = fitted.filter((x) => x.f.code === "rounding");
  const tier = (mistakes.length > 0 ? mistakes : roundings).some((x) => x.fit === 1) ? 1 : 2;
  const chosen = [...mistakes.filter((x) => x.fit === tier), ...roundings.filter((x) => x.fit <= tier)];
  if (chosen.some((x) => x.f.code === "not-updated")) chosen.splice(0, chosen.length, ...chosen.filter((x) => x.f.code !== "rounding"));
  // The exact value to the learner's own digits is rounding and nothing else: a mistake whose number
  // it also is gives it only at a precision the answer does not have.
  const written = chosen.find((x) => x.f.kind === "rounding" && x.f.form === "written" && x.fit === 1);
  if (written !== undefined && !chosen.some((x) => x.f.code === "not-updated")) chosen.splice(0, chosen.length, written);
  const byCode = new Map<DiagnosisCode, Finding>();
  for (const { f } of chosen) if (!byCode.has(f.code)) byCode.set(f.code, f);
  return DIAGNOSIS_CODES.filter((c) => byCode.has(c)).map((c) => byCode.get(c)!);
}

/** The findings that look at other quantities' exact values. */
function* lookups(context: DiagnosisContext, q: GradedQuantity): Generator<Finding> {
  const exact = (x: GradedQuantity) => context.computation.exact(x.path);
  const own = exact(q);
  if (q.before !== null) yield { kind: "not-updated", code: "not-updated", value: q.before };

  // swapped: the value of another quantity of the same family (the partner that was given this one's
  // value first).
  const partners = q.family === null ? [] : context.computation.quantities.filter((r) => r.family === q.family && r.path !== q.path);
  const mutual = (r: GradedQuantity) => {
    const g = context.given.get(r.path);
    return g !== undefined && context.near(g, g, own) && !context.near(g, g, exact(r));
  };
  for (const r of [...partners.filter(mutual), ...partners.filter((r) => !mutual(r))]) {
    // A partner whose value is 0 explains a 0 only when the two were really exchanged (not a dead unit's 0).
    const value = exact(r);
    if (Math.abs(value) > 1e-12 || mutual(r)) yield { kind: "swapped", code: "swapped", value, partner: r, mutual: mutual(r) };
  }
  yield { kind: "negated", code: "sign-flipped", value: -own };
  const gradient = q.gradientPath === undefined ? undefined : context.byPath.get(q.gradientPath);
  if (gradient !== undefined) yield { kind: "gradient-not-update", code: "gradient-not-update", value: exact(gradient), other: gradient };
  const updated = q.updatedPath === undefined ? undefined : context.byPath.get(q.updatedPath);
  if (updated !== undefined) yield { kind: "update-not-gradient", code: "update-not-gradient", value: exact(updated), other: updated };
}

/**
 * What explains the wrong answer to `q`: the findings that fit, one per code, in the documented order
 * (the first is the diagnosis, the others its alternatives); none when nothing common does.
 */
export function diagnose(context: DiagnosisContext, answer: Judged): Diagnosis {
  const { q, given } = answer;
  const value = (values: Values) => values(q.path);
  const carried = value(context.simulate([], { carry: true }));
  const upstream = nearestAnswered(context, q.path);
  const causes = upstream.filter((u) => context.isRight(u.path) === false);
  // A mistake counts for this value only where it changes it, given the learner's earlier answers: by
  // more than a unit of the last digit written, so that the answer could show it.
  const unit = resolution(context, given);
  const visible = (v: number, from: number) => Math.abs(v - from) > unit;
  // The computation under each mistake from the learner's own earlier answers, and from the exact
  // values (a learner who keeps every digit on their calculator, where their written answers lose too
  // much to rounding or cancellation): the nearer of the two to the answer is that mistake's number.
  const exact = context.computation.exact(q.path);
  const mistakes: Finding[] = [];
  // A mistake not made again here, whose step from the exact values gives the answer: the learner's
  // earlier values at full precision, carried forward correctly (their written digits lost too much).
  let carriedAtFullPrecision: number | null = null;
  for (const mistake of context.computation.mistakes) {
    const own = value(context.simulate([mistake], { carry: true }));
    const fromExact = value(context.simulate([mistake], { carry: false }));
    if (!visible(own, carried)) {
      if (carriedAtFullPrecision === null && Math.abs(fromExact - given) < Math.abs(carried - given)) carriedAtFullPrecision = fromExact;
      continue;
    }
    // From the exact values only where the learner's earlier answers are right: then they are those values, rounded.
    const v = causes.length === 0 && Math.abs(fromExact - given) < Math.abs(own - given) && visible(fromExact, exact) ? fromExact : own;
    mistakes.push({ kind: "mistake", code: mistake.code, value: v, mistake });
  }

  if (causes.length > 0) {
    const fitsAtFull = carriedAtFullPrecision !== null && fitOf(context, { kind: "propagated-error", code: "propagated-error", value: carriedAtFullPrecision, causes }, answer) > 0;
    const propagated: Finding = { kind: "propagated-error", code: "propagated-error", value: fitsAtFull ? carriedAtFullPrecision! : carried, causes };
    const fit = fitOf(context, propagated, answer);
    if (fit > 0) {
      // Carried forward it is, whatever else gives the number as well (as closely): those are said beside it.
      const before = [...lookups(context, q)].filter((f) => f.kind === "not-updated");
      const also = [...before, ...mistakes].filter((f) => {
        const other = fitOf(context, f, answer);
        return other > 0 && other <= fit;
      });
      return { findings: [propagated, ...best(context, answer, also).filter((f) => f.code !== "propagated-error")] };
    }
  }

  // Mistakes first: where a recomputed value and another value give the same code (t - a, and the negated
  // value), the recomputation's explanation is the one that says why.
  const candidates: Finding[] = [...mistakes, ...lookups(context, q)];
  if (upstream.length > 0 && causes.length === 0) candidates.push({ kind: "rounding", code: "rounding", form: "own-values", value: carried, own: upstream });
  const digits = digitsOf(context, given);
  const decimals = context.style.decimals;
  if (decimals !== null && halfUnitAt(given, digits) < 0.5 * Math.pow(10, -decimals)) {
    const scale = Math.pow(10, decimals);
    candidates.push({ kind: "rounding", code: "rounding", form: "written", value: Math.round(exact * scale) / scale, digits: decimals, decimals: true });
  } else {
    candidates.push({ kind: "rounding", code: "rounding", form: "written", value: Number(exact.toPrecision(digits)), digits, decimals: false });
  }
  for (const d of [...new Set([digits, 4, 3, 2])].filter((d) => d >= 2 && d <= 6)) {
    candidates.push({ kind: "rounding", code: "rounding", form: "intermediate", value: value(context.simulate([], { carry: false, round: d })), digits: d, decimals: false });
  }
  if (decimals !== null) {
    candidates.push({ kind: "rounding", code: "rounding", form: "intermediate", value: value(context.simulate([], { carry: false, round: decimals, decimals: true })), digits: decimals, decimals: true });
  }
  const found = best(context, answer, candidates);
  if (found.length > 0) return { findings: found };

  // Two mistakes made together, where one alone does not explain the number: only to the digits written.
  const pairs: Finding[] = [];
  for (const [first, second] of context.computation.pairs) {
    const v = value(context.simulate([first, second], { carry: true }));
    if (!visible(v, carried)) continue;
    const pair: Finding = { kind: "mistake", code: first.code, value: v, mistake: first, with: second };
    if (fitOf(context, pair, answer) === 1) pairs.push(pair);
  }
  return { findings: best(context, answer, pairs) };
}
