/**
 * What an exercise is made of: the sizes of the layers, their activations, the loss, the batch, how
 * many decimals its numbers have. Reading them from the strings of the command line, and the rules
 * that tie the output activation to the loss (bce needs a sigmoid output, cross-entropy a softmax).
 *
 * @module
 */
import { ACTIVATIONS, activationNames, isActivationName } from "../engine/activations.js";
import { lossDefinition } from "../engine/losses.js";
import type { ActivationName } from "../engine/activations.js";
import { isLossName, lossNames } from "../engine/losses.js";
import type { LossName } from "../engine/losses.js";
import { didYouMean } from "../common/did-you-mean.js";
import { InputError } from "../common/input-error.js";

/**
 * Everything that decides an exercise; the same options give the same exercise, byte for byte.
 *
 * @category Grading and exercises
 */
export interface ExerciseOptions {
  /** The seed of the random numbers. */
  readonly seed: number;
  /** Inputs, then the units of each layer: [2, 2, 2]. */
  readonly sizes: readonly number[];
  /** One activation per layer. */
  readonly activations: readonly ActivationName[];
  readonly loss: LossName;
  /** Samples in the batch. */
  readonly batch: number;
  /** Decimals of every given number (2: 0.35, -0.8). */
  readonly digits: number;
  /** Whether the layers have biases. */
  readonly bias: boolean;
  /** η, or null to draw one of 0.1, 0.2, 0.5 and 1. */
  readonly learningRate: number | null;
  /** Accept whatever the seed gives, even a dead ReLU layer or a saturated sigmoid. */
  readonly allowDegenerate: boolean;
  /** The exercise's number in a set (`--count`), printed in its title. */
  readonly number?: number;
}

/** The largest layer an exercise worked by hand should have. */
export const MAX_UNITS = 10;

/** Reads `2-2-2`: the inputs, then the units of each layer. */
export function parseLayerSizes(text: string): number[] {
  const parts = text.split(/[-x,]/).map((s) => s.trim());
  const sizes = parts.map(Number);
  if (parts.length < 2 || parts.some((p) => p === "") || sizes.some((n) => !Number.isInteger(n) || n < 1 || n > MAX_UNITS))
    throw new InputError(`--layers must list the inputs and then the units of each layer, each from 1 to ${MAX_UNITS}, as in 2-2-2; got "${text}"`);
  return sizes;
}

/** Reads a loss name. */
export function parseLoss(text: string): LossName {
  if (!isLossName(text)) throw new InputError(`--loss: unknown loss "${text}"; choose ${lossNames().join(", ")}${didYouMean(text, lossNames())}`);
  return text;
}

/**
 * The activation of every layer, from `--activation`: one name for the hidden layers (the output
 * layer takes it too, unless the loss needs sigmoid or softmax there), or one name per layer,
 * comma-separated. Sigmoid by default.
 */
export function resolveActivations(text: string | undefined, layers: number, loss: LossName): ActivationName[] {
  const names = (text ?? "sigmoid").split(",").map((s) => s.trim());
  for (const name of names) {
    if (!isActivationName(name)) throw new InputError(`--activation: unknown activation "${name}"; choose ${activationNames().join(", ")}${didYouMean(name, activationNames())}`);
  }
  if (names.length !== 1 && names.length !== layers)
    throw new InputError(`--activation gives ${names.length} activations for ${layers} layers: give one (for every layer) or one per layer`);
  const perLayer = names.length === 1 ? Array.from({ length: layers }, () => names[0] as ActivationName) : (names as ActivationName[]);
  const explicit = names.length > 1;
  // A loss fused with an output activation (bce with sigmoid, cross-entropy with softmax) needs it.
  const wanted = lossDefinition(loss).fused?.activation ?? null;
  const last = layers - 1;
  if (wanted !== null && perLayer[last] !== wanted) {
    if (explicit) throw new InputError(`--activation: the loss ${loss} needs a ${wanted} output layer, not ${perLayer[last]}`);
    perLayer[last] = wanted;
  }
  perLayer.forEach((name, l) => {
    const { exercise } = ACTIVATIONS[name];
    const partner = lossPartner(name);
    if (l !== last && !exercise.hidden) throw new InputError(`--activation: ${name} is for the output layer only${partner === null ? "" : ` (with --loss ${partner})`}`);
    if (l === last && !exercise.output) throw new InputError(`--activation: ${name} is for hidden layers only`);
    if (l === last && ACTIVATIONS[name].kind !== "elementwise" && partner !== loss) throw new InputError(`--activation: a ${name} output needs --loss ${partner ?? "fused with it"}`);
  });
  return perLayer;
}

/** The loss fused with an activation (cross-entropy for softmax), or null. */
function lossPartner(name: ActivationName): LossName | null {
  return lossNames().find((l) => lossDefinition(l).fused?.activation === name) ?? null;
}

/** The command line that makes this exercise again. */
export function commandLine(options: ExerciseOptions): string {
  return [
    "tracegrad exercise",
    `--seed ${options.seed}`,
    `--layers ${options.sizes.join("-")}`,
    `--activation ${options.activations.join(",")}`,
    `--loss ${options.loss}`,
    `--batch ${options.batch}`,
    `--digits ${options.digits}`,
    ...(options.bias ? ["--bias"] : []),
    ...(options.learningRate !== null ? [`--learning-rate ${options.learningRate}`] : []),
    ...(options.allowDegenerate ? ["--allow-degenerate"] : []),
  ].join(" ");
}
