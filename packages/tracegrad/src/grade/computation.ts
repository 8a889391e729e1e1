/**
 * What the grading needs to know of a worked computation, whatever it computes: a step of
 * backpropagation, a feature scaling, an optimizer's steps, a batch normalisation. Each kind of
 * computation describes itself once as a {@link Computation}: the quantities a learner can be asked
 * for (in the order they are computed), their exact values (read off the engine's own record), what
 * each is computed from, and the mistakes that can be made in it, each a named change of one rule
 * of the computation with its words. The grading (`grade.ts`, `findings.ts`) knows nothing else of
 * what is computed: one grader serves every kind.
 *
 * @module
 */
import type { ParsedSource } from "../common/source.js";
import type { DiagnosisCode } from "./mistake-table.js";

/** Words about one quantity that the explanations of the lookups use where they apply. */
export interface QuantityWords {
  /** How the update moves the value, for a value given as it was before: `w2 ← w2 - η·∂E/∂w2`. */
  readonly update?: string;
  /** What to say of the value before the update instead of the default sentence (the loss after the update). */
  readonly notUpdated?: string;
  /** Where the element sits, said when it is swapped with another: `w2 connects i2 to h1`. */
  readonly where?: string;
  /** Why a flipped sign is wrong, after "The sign is flipped". */
  readonly negated?: string;
}

/**
 * One number of a computation that a learner can be asked for and graded on.
 *
 * @category Grading and exercises
 */
export interface GradedQuantity {
  /** A path into the numbers of the matching command's `--json` (`layers[0].dW[0][1]`, `std[1]`): unique in the computation. */
  readonly path: string;
  /** The element's name: a parameter's name for its gradient and new value (`w2`), else its key. */
  readonly name: string;
  /** The name an answers file uses for it, plain ASCII (`dE/dw2`, `sigma_2`, `part1.x_hat_1(2)`). */
  readonly key: string;
  /** The symbol as the worked solution prints it (`∂E/∂w2`, `σ₂`), with `new` before a new value. */
  readonly symbol: string;
  /** The part of the worked solution that computes it (the headings of an answers template). */
  readonly section: string;
  /**
   * The quantities of one family can stand in for one another when a learner swaps two values (the
   * gradients of one layer, the scaled values of one feature); null where a quantity has no partner.
   */
  readonly family: string | null;
  /** The value before the update, for a value an update changes (a new weight, the loss after the update); else null. */
  readonly before: number | null;
  /** For a new value: the path of the gradient that updates it (for `gradient-not-update`). */
  readonly gradientPath?: string;
  /** For a gradient: the path of the value it updates (for `update-not-gradient`). */
  readonly updatedPath?: string;
  readonly words?: QuantityWords;
  /**
   * Where the worked solution computes it, for its correct working: the section's id and the step's
   * name (its left-hand side in ASCII, as published answers name it). A step of backpropagation finds
   * its steps by the ids its symbols carry instead.
   */
  readonly solutionStep?: { readonly section: string; readonly name: string };
}

/** What a mistake's words may use besides the quantity. */
export interface MistakeWordsContext {
  /** Significant digits of the numbers in the words. */
  readonly precision: number;
  /** Leave the correct numbers out (a hint for self-study). */
  readonly hint: boolean;
}

/**
 * One mistake a learner can make in a computation: a named change of one of its rules. The grading
 * recomputes the computation with it made ({@link Computation.simulate}) and names it where its
 * number is the learner's.
 */
export interface Mistake<Rules = unknown> {
  /** A stable id: the code, and the variant where there are several (`factor-of-two:loss-without-half`): the same id is the same slip. */
  readonly id: string;
  /** The diagnosis code it is reported under. */
  readonly code: DiagnosisCode;
  /** Where in the computation it is made: mistakes of two different stages are also tried together. */
  readonly stage: string;
  /** The rules it changes, as the computation's simulation reads them. */
  readonly rules: Rules;
  /** One or two sentences on what the mistake did to the value of `q`. */
  words(q: GradedQuantity, context: MistakeWordsContext): string;
  /** The mistake as a phrase, for two made together: "the loss taken without its factor ½". */
  phrase(): string;
}

/** How to recompute a computation. */
export interface SimulationSettings {
  /** The learner's value of a quantity (by path), used downstream in place of the computed one. */
  readonly carry?: (path: string) => number | undefined;
  /** Rounds every intermediate value to this many significant digits (or, with `decimals`, decimal places). */
  readonly round?: number;
  /** Round to `round` decimal places rather than significant digits. */
  readonly decimals?: boolean;
}

/** Values by path; NaN where the recomputation has none. */
export type Values = (path: string) => number;

/** What a computation's own form of answers may call on while it reads them. */
export interface AnswerSink {
  /** The document the answers are in, for errors at their place. */
  readonly source: ParsedSource;
  /** Whether the computation has a quantity at `path`. */
  has(path: string): boolean;
  /** Gives the quantity at `path` the value `v` (null or absent: not answered), written at `where`. */
  give(path: string, where: readonly PropertyKey[], v: unknown): void;
}

/**
 * Reads the answers that a computation takes in a form of its own besides its names (the fields of
 * `tracegrad step --json`): given a top-level key and its value, gives each answered quantity, or
 * returns false for a key it does not know.
 */
export interface StructuredAnswers {
  read(key: string, value: unknown, where: readonly PropertyKey[], sink: AnswerSink): boolean;
}

/**
 * A worked computation as the grading sees it.
 *
 * @category Grading and exercises
 */
export interface Computation<Rules = unknown> {
  /** Every quantity, in the order it is computed: each comes after those it is computed from. */
  readonly quantities: readonly GradedQuantity[];
  /** The paths of the quantities an answers template asks for: a grade's most points count these. */
  readonly asked: readonly string[];
  /** The exact value of a quantity, from the engine's record of the computation. */
  exact(path: string): number;
  /** The paths of the quantities that `path` is computed from directly. */
  dependencies(path: string): readonly string[];
  /** The mistakes that can be made in this computation and would change a number, in the order of their codes. */
  readonly mistakes: readonly Mistake<Rules>[];
  /** Two mistakes made together, for a number one alone does not explain. */
  readonly pairs: readonly (readonly [Mistake<Rules>, Mistake<Rules>])[];
  /**
   * The computation redone with these mistakes made (none: the right rules, whose numbers are the
   * exact ones), from the learner's own earlier values (`carry`), or with every intermediate value rounded.
   */
  simulate(mistakes: readonly Mistake<Rules>[], settings: SimulationSettings): Values;
  /** Every name a learner may give each quantity (its key first), by path. */
  names(q: GradedQuantity): readonly string[];
  /** A computation's own form of answers besides the names, if it has one. */
  readonly structured?: StructuredAnswers;
  /** Why a name is unknown, for a message: what the answers are called, a sample needed in a batch, .... */
  unknownName(key: string, known: readonly string[]): string;
}

/** Two mistakes of different stages made together: each pair once, the earlier stage first. */
export function stagePairs<Rules>(table: readonly Mistake<Rules>[], stages: readonly string[]): [Mistake<Rules>, Mistake<Rules>][] {
  const pairs: [Mistake<Rules>, Mistake<Rules>][] = [];
  for (const first of table) {
    for (const second of table) {
      const a = stages.indexOf(first.stage);
      const b = stages.indexOf(second.stage);
      if (a < 0 || b < 0 || a >= b || first.code === second.code) continue;
      pairs.push([first, second]);
    }
  }
  return pairs;
}
