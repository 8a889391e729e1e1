/**
 * What every type of exercise provides (`tracegrad exercise --type T`): its options (with their
 * help), a draw of fresh numbers from a seed, and from an exercise's data its worked solution (from
 * the engine of the matching command) and the computation its answers are graded against. A drawn
 * exercise gives the files every exercise folder holds.
 *
 * @module
 */
import type { ParsedSource } from "../common/source.js";
import type { StepRecord } from "../step/run-step.js";
import type { Worked } from "../explain/worked/worked.js";
import type { Checkable } from "./check.js";
import type { OptionReader } from "./option-reader.js";

import type { ExerciseTypeName, TypeInfo } from "./type-options.js";

export { EXERCISE_TYPES, TYPE_INFO } from "./type-options.js";
export type { ExerciseTypeName, OptionSpec, TypeInfo } from "./type-options.js";

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
  /** The recorded step, for the types whose data is a step spec (backprop, forward, bce): what a network diagram draws. */
  readonly record?: StepRecord;
  /** The files as the type writes them itself, where it has its own (a step's question and template); else made from the fields above. */
  readonly files?: Readonly<Record<string, string>>;
}

/** A type of exercise: its options (with the help of {@link TypeInfo}), its draws, and what an exercise's data gives. */
export interface ExerciseType<Options = unknown> extends TypeInfo {
  readonly name: ExerciseTypeName;
  /** Reads its options. */
  readOptions(read: OptionReader): Options;
  /** Its options as command-line flags (to make the exercise again). */
  flags(options: Options): string[];
  /** Draws an exercise. */
  draw(options: Options, common: CommonOptions & { readonly digits: number }): TypedExercise;
  /** What the answers to an exercise of this type are graded against, from its `exercise.json` (or `exercise.yaml`). */
  load(document: ParsedSource): Checkable;
}
