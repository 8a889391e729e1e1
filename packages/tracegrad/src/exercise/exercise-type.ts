/**
 * What every type of exercise provides (`tracegrad exercise --type T`): its options (with their
 * help), a draw of fresh numbers from a seed, and from an exercise's data its worked solution (from
 * the engine of the matching command) and the computation its answers are graded against. A drawn
 * exercise gives the files every exercise folder holds.
 *
 * @module
 */
import type { ParsedSource } from "../common/source.js";
import type { Worked } from "../explain/worked/worked.js";
import type { Checkable } from "./check.js";
import type { OptionReader } from "./option-reader.js";

/** The types of exercise, in the order the help lists them. */
export const EXERCISE_TYPES = ["backprop", "forward", "bce", "scaling", "activations", "gradcheck", "l2", "optimizer", "init", "batchnorm", "dropout"] as const;

/**
 * A type of exercise.
 *
 * @category Grading and exercises
 */
export type ExerciseTypeName = (typeof EXERCISE_TYPES)[number];

/** One option of a type, for the command line and its help. */
export interface OptionSpec {
  /** The name: `rows` is `--rows` on the command line and `rows:` in a problem set. */
  readonly name: string;
  /** What its value is called in the help: `<n>`; absent for a flag. */
  readonly value?: string;
  readonly description: string;
  /** Its default, as the help shows it. */
  readonly default?: string;
}

/** What every exercise has besides its type's options. */
export interface CommonOptions {
  /** The seed of the random numbers. */
  readonly seed: number;
  /** Decimals of the given numbers (the type's default where not given). */
  readonly digits: number | null;
  /** The exercise's number in a set (`--count`), printed in its title. */
  readonly number?: number;
}

/** An exercise of any type as drawn: its data and everything made from it. */
export interface TypedExercise {
  readonly type: ExerciseTypeName;
  /** `Feature scaling (seed 3)`. */
  readonly title: string;
  /** The command line that makes it again. */
  readonly command: string;
  /** `exercise.json`: the type, its options, and the data the question gives, in the shape of the matching command's input. */
  readonly document: Record<string, unknown>;
  /** `exercise.yaml`: the same as the matching command reads it (a step spec, a problem file). */
  readonly yaml: string;
  /** The question as Markdown, without its title: what is given and what to compute. */
  readonly question: string;
  /** The worked solution, from the engine of the matching command. */
  readonly worked: Worked;
  /** What the answers are graded against. */
  readonly checkable: Checkable;
  /** Draws rejected as degenerate before this one. */
  readonly rejected: number;
}

/** A type of exercise: its options, its draws, and what an exercise's data gives. */
export interface ExerciseType<Options = unknown> {
  readonly name: ExerciseTypeName;
  /** `Feature scaling`. */
  readonly title: string;
  /** What it asks, in one line (the help). */
  readonly summary: string;
  /** Its own options. */
  readonly options: readonly OptionSpec[];
  /** The decimals of its numbers when `--digits` is not given, and the most it allows. */
  readonly digits: { readonly fallback: number; readonly min: number; readonly max: number };
  /** Reads its options. */
  readOptions(read: OptionReader): Options;
  /** Its options as command-line flags (to make the exercise again). */
  flags(options: Options): string[];
  /** Draws an exercise. */
  draw(options: Options, common: CommonOptions & { readonly digits: number }): TypedExercise;
  /** What the answers to an exercise of this type are graded against, from its `exercise.json` (or `exercise.yaml`). */
  load(document: ParsedSource): Checkable;
}
