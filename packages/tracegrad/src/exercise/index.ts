/**
 * Generating exercises: `generateExercise(options)` draws a small network with few-digit numbers from
 * a seed, avoids degenerate steps, and gives the files of the exercise (the spec as JSON and as named
 * YAML, the question, the worked solution and a blank answers file for `tracegrad check`).
 *
 * @module
 */
export { generateExercise, exerciseSeeds, EXERCISE_FILES, MAX_ATTEMPTS } from "./generate.js";
export type { Exercise, ExerciseFile } from "./generate.js";
export { parseLayerSizes, parseLoss, resolveActivations, commandLine, MAX_UNITS } from "./options.js";
export type { ExerciseOptions } from "./options.js";
export { degeneracy, SIGMOID_RANGE, MIN_GRADIENT } from "./degenerate.js";
export { specToNamedYaml } from "./exercise-yaml.js";
export { renderQuestion } from "./question.js";
export { answersTemplate } from "./answers-template.js";
export { checkAnswers, checkClass, checkSet, publishedNotes, withWorking } from "./check.js";
