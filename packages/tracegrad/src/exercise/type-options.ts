/**
 * The types of exercise and their options, as data: what the command line declares and what its
 * help lists (`tracegrad exercise --type scaling --help`), kept apart from the types' code so that
 * the command line can list them without loading it.
 *
 * @module
 */
import { ACTIVATIONS, activationNames, DEFAULT_LEAKY_ALPHA } from "../engine/activations.js";
import { lossNames } from "../engine/losses.js";

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
  /** The name: `rows` is `--rows` on the command line and `rows:` in a problem set; `noBias` is `--no-bias`. */
  readonly name: string;
  /** What its value is called in the help: `<n>`; absent for a flag. */
  readonly value?: string;
  readonly description: string;
  /** Its default, as the help shows it. */
  readonly default?: string;
}

/** What the help says of a type. */
export interface TypeInfo {
  /** `Feature scaling`. */
  readonly title: string;
  /** What it asks, in one line. */
  readonly summary: string;
  /** Its own options. */
  readonly options: readonly OptionSpec[];
  /** The decimals of its numbers when `--digits` is not given, and the range it allows. */
  readonly digits: { readonly fallback: number; readonly min: number; readonly max: number };
}

/** The element-wise activations an activations exercise may ask for. */
export function elementwiseActivations(): string[] {
  return activationNames().filter((n) => ACTIVATIONS[n].kind === "elementwise" && n !== "identity");
}

const DEGENERATE: OptionSpec = { name: "allowDegenerate", description: "keep what the seed gives, even a dead ReLU layer or a saturated sigmoid" };
const LEARNING_RATE: OptionSpec = { name: "learningRate", value: "<η>", description: "the learning rate (drawn from 0.1, 0.2, 0.5 and 1 when not given)" };
const STEP_DIGITS = { fallback: 2, min: 1, max: 4 };

/** Every type's help, by name. */
export const TYPE_INFO: Readonly<Record<ExerciseTypeName, TypeInfo>> = {
  backprop: {
    title: "Backpropagation",
    summary: "one step of gradient descent on a small network: the forward pass, the loss, the backward pass and the update",
    options: [
      { name: "layers", value: "<sizes>", description: "the inputs, then the units of each layer", default: "2-2-2" },
      { name: "activation", value: "<names>", description: `one activation for every layer, or one per layer, comma-separated (${activationNames().join(", ")})`, default: "sigmoid" },
      { name: "loss", value: "<loss>", description: lossNames().join(", "), default: "half-sse" },
      { name: "batch", value: "<n>", description: "samples in the batch", default: "1" },
      { name: "bias", description: "give every layer biases" },
      LEARNING_RATE,
      DEGENERATE,
    ],
    digits: STEP_DIGITS,
  },
  forward: {
    title: "Forward pass",
    summary: "the forward pass in matrix form, Z = W·X + b and A = f(Z), for several samples",
    options: [
      { name: "layers", value: "<sizes>", description: "the inputs, then the units of each layer", default: "2-3" },
      { name: "activation", value: "<names>", description: "one activation for every layer, or one per layer", default: "relu" },
      { name: "batch", value: "<n>", description: "samples: the columns of X", default: "3" },
      { name: "noBias", description: "layers without biases (Z = W·X)" },
      DEGENERATE,
    ],
    digits: STEP_DIGITS,
  },
  bce: {
    title: "ReLU, sigmoid and binary cross-entropy",
    summary: "a ReLU hidden layer, a sigmoid output and binary cross-entropy: forward, loss, backward and update",
    options: [
      { name: "layers", value: "<sizes>", description: "the inputs, the hidden ReLU units, one sigmoid output", default: "2-2-1" },
      { name: "batch", value: "<n>", description: "samples in the batch", default: "1" },
      { name: "bias", description: "give every layer biases" },
      LEARNING_RATE,
      DEGENERATE,
    ],
    digits: STEP_DIGITS,
  },
  scaling: {
    title: "Feature scaling",
    summary: "min-max scaling or standardization of a small table: each feature's statistics, then every scaled value",
    options: [
      { name: "method", value: "<method>", description: "minmax or standardize", default: "standardize" },
      { name: "std", value: "<kind>", description: "the standard deviation of standardize: population or sample (divides by n - 1)", default: "population" },
      { name: "rows", value: "<n>", description: "rows (samples) of the table, 2 to 6", default: "3" },
      { name: "features", value: "<n>", description: "features (columns), 1 to 4", default: "3" },
    ],
    digits: { fallback: 0, min: 0, max: 3 },
  },
  activations: {
    title: "Activation functions",
    summary: "the values and derivatives of some activations at some points",
    options: [
      { name: "activations", value: "<names>", description: `the activations, comma-separated (${elementwiseActivations().join(", ")})`, default: "sigmoid,tanh,relu,leaky-relu" },
      { name: "points", value: "<n>", description: "how many points to draw, 2 to 8", default: "4" },
      { name: "at", value: "<points>", description: "the points, comma-separated, instead of drawing them" },
      { name: "alpha", value: "<α>", description: "the slope of leaky ReLU below 0", default: String(DEFAULT_LEAKY_ALPHA) },
    ],
    digits: { fallback: 1, min: 0, max: 3 },
  },
  gradcheck: {
    title: "Gradient check",
    summary: "a gradient check by central differences: L(w + ε), L(w - ε), the numeric and the analytic gradient",
    options: [
      { name: "layers", value: "<sizes>", description: "the inputs, then the units of each layer", default: "1-1" },
      { name: "activation", value: "<names>", description: "one activation for every layer, or one per layer", default: "identity" },
      { name: "loss", value: "<loss>", description: lossNames().join(", "), default: "half-sse" },
      { name: "noBias", description: "layers without biases" },
      { name: "epsilon", value: "<ε>", description: "the step of the central difference", default: "1e-4" },
    ],
    digits: { fallback: 1, min: 1, max: 3 },
  },
  l2: {
    title: "L2 regularization",
    summary: "one gradient-descent update with an L2 penalty λΣw² (or decoupled weight decay): the penalty, the gradients and the new weights",
    options: [
      { name: "mode", value: "<mode>", description: "l2 (a penalty λΣw² in the loss, gradient 2λw) or weight-decay (w ← w - η(g + λw))", default: "l2" },
      { name: "weights", value: "<n>", description: "how many weights, 1 to 6", default: "3" },
      { name: "noBias", description: "no bias (the bias is never penalized)" },
      { name: "lambda", value: "<λ>", description: "λ (drawn from 0.01, 0.05 and 0.1 for l2, from 0.1, 0.2 and 0.5 for weight decay, when not given)" },
      { name: "learningRate", value: "<η>", description: "the learning rate", default: "0.1" },
    ],
    digits: { fallback: 1, min: 1, max: 3 },
  },
  optimizer: {
    title: "Optimizer steps",
    summary: "two steps of momentum, RMSprop or Adam from a given state: the state and the weights after each step",
    options: [
      { name: "optimizer", value: "<name>", description: "momentum, nesterov, rmsprop or adam", default: "adam" },
      { name: "weights", value: "<n>", description: "how many weights, 1 to 4", default: "2" },
      { name: "steps", value: "<n>", description: "steps, 1 to 3", default: "2" },
      { name: "fresh", description: "start from a zero state (t = 0) instead of a state of earlier steps" },
      { name: "learningRate", value: "<η>", description: "the learning rate (0.1 for momentum, 0.01 for RMSprop and Adam)" },
    ],
    digits: { fallback: 2, min: 1, max: 3 },
  },
  init: {
    title: "Weight initialization",
    summary: "Xavier or He initialization for given layer sizes: each layer's uniform bound, normal σ and variance",
    options: [
      { name: "layers", value: "<sizes>", description: "the sizes from input to output (drawn, 2 to 4 layers of 2 to 256 units, when not given)" },
      { name: "activation", value: "<name>", description: "the hidden activation (relu, leaky-relu, sigmoid, tanh or identity), which picks the scheme: He for relu and leaky-relu, else Xavier", default: "relu" },
      { name: "scheme", value: "<name>", description: "xavier or he (default: from the activation)" },
    ],
    digits: { fallback: 0, min: 0, max: 0 },
  },
  batchnorm: {
    title: "Batch normalization",
    summary: "batch normalization of a small batch: each feature's μ and σ², x̂ and y = γx̂ + β, and the backward pass",
    options: [
      { name: "batch", value: "<n>", description: "samples in the batch, 2 to 6", default: "3" },
      { name: "features", value: "<n>", description: "features, 1 to 3", default: "2" },
      { name: "epsilon", value: "<ε>", description: "ε added to the variance", default: "0.1" },
      { name: "forwardOnly", description: "the forward pass only (no ∂L/∂y given)" },
    ],
    digits: { fallback: 1, min: 1, max: 2 },
  },
  dropout: {
    title: "Inverted dropout",
    summary: "inverted dropout of a small matrix with given draws: the mask, the output, and its expected value",
    options: [
      { name: "shape", value: "<rows>x<cols>", description: "the input's shape", default: "2x3" },
      { name: "rate", value: "<p>", description: "the probability of dropping an element (drawn from 0.2 to 0.5 when not given)" },
    ],
    digits: { fallback: 1, min: 1, max: 2 },
  },
};

/** Whether a name is a type of exercise. */
export function isExerciseTypeName(name: string): name is ExerciseTypeName {
  return (EXERCISE_TYPES as readonly string[]).includes(name);
}
