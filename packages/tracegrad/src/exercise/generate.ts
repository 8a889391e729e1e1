/**
 * Generates exercises: a small network with few-digit numbers, drawn from the seeded generator of the
 * engine and drawn again until the step is not degenerate (see `degenerate.ts`). The same options
 * give the same files, byte for byte.
 *
 * @module
 */
import type { ActivationName } from "../engine/activations.js";
import { activation } from "../engine/activations.js";
import { Random } from "../engine/random.js";
import { InputError } from "../common/input-error.js";
import { parseStepSpec } from "../step/spec/index.js";
import { toInterchange } from "../step/spec/step-spec.js";
import type { InterchangeSpec, StepSpec } from "../step/spec/step-spec.js";
import { explainStep } from "../explain/explain-step.js";
import { answersTemplate, computationKey } from "./answers-template.js";
import { stepComputation } from "../grade/step-computation.js";
import { DEFAULT_TOLERANCE, formatTolerance } from "../grade/tolerance.js";
import { stepResults } from "../step/results.js";
import type { StepRecord } from "../step/run-step.js";
import { runStep } from "../step/run-step.js";
import { compactJson } from "./compact-json.js";
import { degeneracy } from "./degenerate.js";
import { specToNamedYaml } from "./exercise-yaml.js";
import type { ExerciseOptions } from "./options.js";
import { commandLine } from "./options.js";
import { renderQuestion } from "./question.js";
import { significantDigitsNeeded } from "./digits-advice.js";

/**
 * The files of an exercise, by name, in the order they are listed.
 *
 * @category Grading and exercises
 */
export const EXERCISE_FILES = ["exercise.json", "exercise.yaml", "question.md", "solution.md", "answers.yaml", "key.yaml"] as const;

/**
 * The name of one of an exercise's files.
 *
 * @category Grading and exercises
 */
export type ExerciseFile = (typeof EXERCISE_FILES)[number];

/**
 * A generated exercise: its options, its spec and step, and its files.
 *
 * @category Grading and exercises
 */
export interface Exercise {
  readonly options: ExerciseOptions;
  readonly spec: StepSpec;
  readonly record: StepRecord;
  /** Draws rejected as degenerate before this one. */
  readonly rejected: number;
  readonly files: Readonly<Record<ExerciseFile, string>>;
}

/** How many draws the generator makes before it gives up on a degenerate configuration. */
export const MAX_ATTEMPTS = 2000;

/** The learning rates an exercise draws from when none is given. */
const LEARNING_RATES = [0.1, 0.2, 0.5, 1];

/** A number in [low, high] with `digits` decimals, not 0 when `nonzero`. */
function draw(random: Random, low: number, high: number, digits: number, nonzero: boolean): number {
  const scale = Math.pow(10, digits);
  for (;;) {
    const v = Math.round(random.uniform(low, high) * scale) / scale;
    if (!(nonzero && v === 0)) return v === 0 ? 0 : v;
  }
}

/** The range of targets an output activation can reach, within [-1, 1]. */
function targetRange(name: ActivationName): [number, number] {
  const [low, high] = activation(name).range;
  return [Math.max(low, -1), Math.min(high, 1)];
}

/** One draw of the numbers of an exercise, in the interchange format. */
function drawSpec(random: Random, options: ExerciseOptions): InterchangeSpec {
  const forward = options.forwardOnly === true;
  const { sizes, digits, batch, loss } = options;
  const layers = sizes.length - 1;
  const outputs = sizes[layers];
  const output = options.activations[layers - 1];
  const value = (low: number, high: number, nonzero = true) => draw(random, low, high, digits, nonzero);
  const inputs = Array.from({ length: batch }, () => Array.from({ length: sizes[0] }, () => value(-1, 1)));
  const targets = Array.from({ length: batch }, () => {
    if (loss === "cross-entropy") {
      const k = random.integer(outputs);
      return Array.from({ length: outputs }, (_, j) => (j === k ? 1 : 0));
    }
    if (loss === "bce") return Array.from({ length: outputs }, () => random.integer(2));
    const [low, high] = targetRange(output);
    return Array.from({ length: outputs }, () => value(low, high, false));
  });
  const learningRate = options.learningRate ?? LEARNING_RATES[random.integer(LEARNING_RATES.length)];
  const spec: InterchangeSpec = {
    inputs,
    ...(forward ? {} : { targets, loss }),
    ...(forward || options.type === "gradcheck" ? {} : { learningRate }),
    layers: options.activations.map((activation, l) => ({
      activation,
      weights: Array.from({ length: sizes[l + 1] }, () => Array.from({ length: sizes[l] }, () => value(-1, 1))),
      bias: options.bias ? Array.from({ length: sizes[l + 1] }, () => value(-0.5, 0.5)) : null,
    })),
  };
  return spec;
}

/** The title of each type of exercise made from a step spec. */
const TITLES = { backprop: "Backpropagation exercise", forward: "Forward pass", bce: "ReLU, sigmoid and binary cross-entropy", gradcheck: "Gradient check" } as const;

function title(options: ExerciseOptions): string {
  const number = options.number === undefined ? "" : ` ${String(options.number).padStart(2, "0")}`;
  return `${TITLES[options.type ?? "backprop"]}${number} (seed ${options.seed})`;
}

/** What an exercise's exercise.json says besides its spec: its type and the options it was drawn with. */
export function exerciseHeader(options: ExerciseOptions): { type: string; options: Record<string, unknown> } {
  const { number: _number, type, ...rest } = options;
  return { type: type ?? "backprop", options: Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)) };
}

/** The seeds of a set of `count` exercises made from one seed. */
export function exerciseSeeds(seed: number, count: number): number[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => random.nextUint32());
}

/** Generates an exercise and its files. */
export function generateExercise(options: ExerciseOptions): Exercise {
  if (options.activations.length !== options.sizes.length - 1) throw new InputError(`${options.activations.length} activations for ${options.sizes.length - 1} layers`);
  const random = new Random(options.seed);
  let lastReason = "";
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const numbers = drawSpec(random, options);
    // Parse the interchange form first for the default names, then write and read the named YAML.
    const plain = parseStepSpec(JSON.stringify(numbers), "exercise.json");
    const heading = [`${title(options)}, made by: ${commandLine(options)}`, "Row j of a layer's weights holds the weights into unit j of the layer."];
    const yaml = specToNamedYaml({ ...plain, title: title(options), source: commandLine(options) }, heading);
    const spec = parseStepSpec(yaml, "exercise.yaml");
    const record = runStep(spec);
    const reason = options.allowDegenerate ? null : degeneracy(spec, stepResults(record));
    if (reason !== null) {
      lastReason = reason;
      continue;
    }
    const tolerance = formatTolerance(DEFAULT_TOLERANCE);
    const header = exerciseHeader(options);
    // One computation for the question, the template and the key, and the digits its answers need.
    const computation = stepComputation(record);
    const digits = significantDigitsNeeded(computation);
    const files: Record<ExerciseFile, string> = {
      "exercise.json": compactJson({ ...header, ...(options.epsilon !== undefined ? { epsilon: options.epsilon } : {}), ...toInterchange(spec) }),
      "exercise.yaml": yaml,
      "question.md": renderQuestion(record, { spec: "exercise.yaml", answers: "answers.yaml", tolerance, digits }),
      "solution.md": explainStep(record, { format: "markdown" }),
      "answers.yaml": answersTemplate(spec, { title: title(options), check: "tracegrad check exercise.yaml answers.yaml", computation, digits }),
      "key.yaml": computationKey(computation, { title: title(options) }),
    };
    return { options, spec, record, rejected: attempt, files };
  }
  throw new InputError(
    `no exercise from seed ${options.seed} in ${MAX_ATTEMPTS} draws avoids a degenerate step (the last: ${lastReason}); try other layers or activations, or --allow-degenerate`,
  );
}
