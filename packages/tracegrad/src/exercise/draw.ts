/**
 * Drawing an exercise of any type from its options as given (the command line's strings, or a
 * problem set's part), and loading what `tracegrad check` grades against from an `exercise.json` of
 * any type: the one entry point of `tracegrad exercise --type T` and of `check` into the types.
 *
 * @module
 */
import { describeValue, isMapping } from "../common/describe-value.js";
import { didYouMean } from "../common/did-you-mean.js";
import type { ParsedSource } from "../common/source.js";
import type { Checkable } from "./check.js";
import { exerciseFiles } from "./exercise-files.js";
import type { CommonOptions, ExerciseTypeName, TypedExercise } from "./exercise-type.js";
import { EXERCISE_TYPES } from "./exercise-type.js";
import type { ExerciseFile } from "./generate.js";
import { OptionReader } from "./option-reader.js";
import type { OptionSource } from "./option-reader.js";
import { exerciseType, isExerciseTypeName } from "./types/index.js";

/** An exercise drawn, with its files. */
export interface DrawnExercise {
  readonly exercise: TypedExercise;
  readonly files: Record<ExerciseFile, string>;
}

/** Draws an exercise of a type from its options as given; `digits` null takes the type's default. */
export function drawExercise(name: ExerciseTypeName, source: OptionSource, common: CommonOptions): DrawnExercise {
  const type = exerciseType(name);
  const reader = new OptionReader(source);
  // An option of another type (a problem set's part may name any field) is refused, never ignored; noBias is read as bias.
  reader.only(type.options.map((o) => (o.name === "noBias" ? "bias" : o.name)), name);
  const options = type.readOptions(reader);
  const digits = common.digits ?? type.digits.fallback;
  if (!Number.isInteger(digits) || digits < type.digits.min || digits > type.digits.max) {
    throw source.error("digits", `must be a whole number from ${type.digits.min} to ${type.digits.max} for the ${name} exercise, got ${describeValue(common.digits)}`);
  }
  const exercise = type.draw(options, { ...common, digits });
  return { exercise, files: exerciseFiles(exercise) };
}

/** The types that a step spec describes: their exercise.json is a step spec that `step` reads. */
const STEP_TYPES: readonly string[] = ["backprop", "forward", "bce"];

/**
 * The type an exercise document names (`type:`), when it is one whose answers are graded against
 * something other than the step its spec describes; null for a step spec (with or without `type:`).
 */
export function typedExerciseOf(document: ParsedSource): ExerciseTypeName | null {
  const value = document.value;
  if (!isMapping(value) || value.type === undefined) return null;
  const type = value.type;
  if (typeof type !== "string" || !isExerciseTypeName(type)) {
    throw document.error(["type"], `is not a type of exercise: ${describeValue(type)}${typeof type === "string" ? didYouMean(type, EXERCISE_TYPES) : ""} (the types: ${EXERCISE_TYPES.join(", ")})`);
  }
  return STEP_TYPES.includes(type) ? null : type;
}

/** What the answers to an exercise of a non-step type are graded against, from its `exercise.json`. */
export function loadTypedExercise(type: ExerciseTypeName, document: ParsedSource): Checkable {
  return exerciseType(type).load(document);
}
