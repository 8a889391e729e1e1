/**
 * Every type of exercise, by name: what `tracegrad exercise --type T` draws and what `tracegrad check`
 * grades an `exercise.json` of that type against.
 *
 * @module
 */
import type { ExerciseType, ExerciseTypeName } from "../exercise-type.js";
import { activationsType } from "./activations.js";
import { batchnormType } from "./batchnorm.js";
import { dropoutType } from "./dropout.js";
import { gradcheckType } from "./gradcheck.js";
import { initType } from "./init.js";
import { scalingType } from "./scaling.js";
import { backpropType, bceType, forwardType } from "./step-types.js";
import { l2Type, optimizerType } from "./update-types.js";

/** The types of exercise, by name. */
export const EXERCISE_TYPE_TABLE: Readonly<Record<ExerciseTypeName, ExerciseType<never>>> = {
  backprop: backpropType as ExerciseType<never>,
  forward: forwardType as ExerciseType<never>,
  bce: bceType as ExerciseType<never>,
  scaling: scalingType as ExerciseType<never>,
  activations: activationsType as ExerciseType<never>,
  gradcheck: gradcheckType as ExerciseType<never>,
  l2: l2Type as ExerciseType<never>,
  optimizer: optimizerType as ExerciseType<never>,
  init: initType as ExerciseType<never>,
  batchnorm: batchnormType as ExerciseType<never>,
  dropout: dropoutType as ExerciseType<never>,
};

export { isExerciseTypeName } from "../type-options.js";

/** The type of exercise of a name. */
export function exerciseType(name: ExerciseTypeName): ExerciseType<unknown> {
  return EXERCISE_TYPE_TABLE[name] as ExerciseType<unknown>;
}
