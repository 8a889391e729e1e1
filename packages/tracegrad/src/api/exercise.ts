/**
 * The public entry point of exercises: {@link exercise} draws a backpropagation exercise to work by
 * hand, with its question, worked solution and a blank answers file.
 *
 * @module
 */
import { checkBoolean, checkInteger, checkName, checkNumber, checkObject, expected } from "../common/check-argument.js";
import { InvalidArgumentError } from "../common/errors.js";
import { activationNames } from "../engine/activations.js";
import type { ActivationName } from "../engine/activations.js";
import { lossNames } from "../engine/losses.js";
import type { LossName } from "../engine/losses.js";
import { generateExercise } from "../exercise/generate.js";
import type { Exercise } from "../exercise/generate.js";
import { MAX_UNITS, resolveActivations } from "../exercise/options.js";
import { InputError } from "../common/input-error.js";

/**
 * What {@link exercise} draws. Every field has a default; the same options give the same exercise,
 * byte for byte.
 *
 * @category Grading and exercises
 */
export interface ExerciseSettings {
  /** The seed of the random numbers (1): a whole number from 0 to 4294967295. */
  readonly seed?: number;
  /** The inputs, then the units of each layer, each from 1 to 10 ([2, 2, 2]). */
  readonly layers?: readonly number[];
  /**
   * One activation for every layer, or one per layer (`sigmoid`). With one name, the output layer
   * takes what the loss needs: sigmoid for bce, softmax for cross-entropy.
   */
  readonly activation?: ActivationName | readonly ActivationName[];
  /** The loss (`half-sse`). */
  readonly loss?: LossName;
  /** Samples in the batch, 1 to 8 (1). */
  readonly batch?: number;
  /** Decimals of every given number, 1 to 4 (2). */
  readonly digits?: number;
  /** Whether the layers have biases (false). */
  readonly bias?: boolean;
  /** η (drawn from 0.1, 0.2, 0.5 and 1 when not given). */
  readonly learningRate?: number;
  /** Keep what the seed gives, even a dead ReLU layer or a saturated sigmoid (false). */
  readonly allowDegenerate?: boolean;
}

/**
 * Draws an exercise: a network, a batch and a step to work by hand, never degenerate unless asked
 * (no dead ReLU layer, no saturated sigmoid, no vanishing gradient). Its `files` are those
 * `tracegrad exercise` writes: `exercise.yaml`, `exercise.json`, `question.md`, `solution.md` and
 * `answers.yaml`; its `record` is the step, for {@link check}.
 *
 * @category Grading and exercises
 */
export function exercise(settings: ExerciseSettings = {}): Exercise {
  const o = checkObject(settings, "settings", ["seed", "layers", "activation", "loss", "batch", "digits", "bias", "learningRate", "allowDegenerate"]);
  const seed = o.seed === undefined ? 1 : checkInteger(o.seed, "settings.seed", 0, 0xffffffff);
  const sizes = o.layers === undefined ? [2, 2, 2] : o.layers;
  if (!Array.isArray(sizes) || sizes.length < 2) throw expected("settings.layers", "the inputs and then the units of each layer, as [2, 2, 2]", sizes);
  sizes.forEach((n: unknown, i) => checkInteger(n, `settings.layers[${i}]`, 1, MAX_UNITS));
  const loss = o.loss === undefined ? "half-sse" : checkName(o.loss, lossNames(), "settings.loss", "loss");
  const names = o.activation === undefined ? ["sigmoid"] : Array.isArray(o.activation) ? o.activation : [o.activation];
  names.forEach((name: unknown, i) => checkName(name, activationNames(), Array.isArray(o.activation) ? `settings.activation[${i}]` : "settings.activation", "activation"));
  let activations: ActivationName[];
  try {
    activations = resolveActivations(names.join(","), sizes.length - 1, loss);
  } catch (error) {
    if (error instanceof InputError) throw new InvalidArgumentError("settings.activation", error.reason.replace(/^--activation:? ?/, "").replace(/--loss /g, "loss "));
    throw error;
  }
  return generateExercise({
    seed,
    sizes: sizes as number[],
    activations,
    loss,
    batch: o.batch === undefined ? 1 : checkInteger(o.batch, "settings.batch", 1, 8),
    digits: o.digits === undefined ? 2 : checkInteger(o.digits, "settings.digits", 1, 4),
    bias: o.bias === undefined ? false : checkBoolean(o.bias, "settings.bias"),
    learningRate: o.learningRate === undefined ? null : checkNumber(o.learningRate, "settings.learningRate", { min: 0, minOpen: true }),
    allowDegenerate: o.allowDegenerate === undefined ? false : checkBoolean(o.allowDegenerate, "settings.allowDegenerate"),
  });
}
