/**
 * The public entry point of grading: {@link check} grades a learner's answers to a step and names
 * each mistake, with the correct working beside every wrong answer.
 *
 * @module
 */
import { checkInteger, checkNumber, checkObject, expected, isPlainObject } from "../common/check-argument.js";
import { checkAnswers } from "../exercise/check.js";
import type { GradeReport } from "../grade/grade.js";
import { parseSource } from "../common/source.js";
import { runStep } from "./step.js";
import type { StepRecord } from "../step/run-step.js";
import type { StepSpec } from "../step/spec/index.js";

/**
 * How {@link check} grades.
 *
 * @category Grading and exercises
 */
export interface CheckOptions {
  /** Relative tolerance of a right answer (0.005, that is 0.5%, by default). */
  readonly tolerance?: number;
  /** Significant digits of the numbers in explanations and working (8). */
  readonly precision?: number;
  /** The file the answers came from, for errors. */
  readonly file?: string;
  /** The part of a point (0 to 1) a value carried forward correctly from an earlier wrong answer earns: 1 by default. */
  readonly followThroughCredit?: number;
  /** Give each wrong answer a hint (the mistake and the formula with the learner's own values) instead of the correct number. */
  readonly hints?: boolean;
}

/**
 * Grades answers to a step: each quantity right or wrong, each wrong one with the mistake named
 * (a swapped index, a missing derivative factor, …) and the correct working. `step` is a step record
 * ({@link runStep}) or a step spec, which is run first; `answers` is the answers file's YAML or JSON text
 * or the same as an object, mapping the worked solution's names to numbers (`{ L: 0.26, "dE/dw5": 0.0779 }`).
 * A malformed answers document is an InputError (code `InvalidSpec`) naming the field.
 *
 * @category Grading and exercises
 */
export function check(step: StepRecord | StepSpec | object, answers: string | object, options: CheckOptions = {}): GradeReport {
  const o = checkObject(options, "options", ["tolerance", "precision", "file", "followThroughCredit", "hints"]);
  if (o.tolerance !== undefined) checkNumber(o.tolerance, "options.tolerance", { min: 0 });
  if (o.precision !== undefined) checkInteger(o.precision, "options.precision", 1, 17);
  if (o.file !== undefined && typeof o.file !== "string") throw expected("options.file", "a file name (a string)", o.file);
  if (o.followThroughCredit !== undefined) checkNumber(o.followThroughCredit, "options.followThroughCredit", { min: 0, max: 1 });
  if (o.hints !== undefined && typeof o.hints !== "boolean") throw expected("options.hints", "true or false", o.hints);
  const record = isPlainObject(step) && "forward" in step ? (step as unknown as StepRecord) : runStep(step);
  if (!isPlainObject(record) || !("spec" in record)) throw expected("step", "a step record (from runStep) or a step spec", step);
  let document: unknown;
  if (typeof answers === "string") document = parseSource(answers, o.file as string | undefined);
  else if (isPlainObject(answers)) document = answers;
  else throw expected("answers", "the answers: YAML or JSON text, or an object of names and numbers", answers);
  return checkAnswers(record, document, o as CheckOptions);
}
