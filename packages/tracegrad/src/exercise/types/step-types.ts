/**
 * The exercise types whose data is a step spec, worked as `tracegrad step` works it:
 *
 * - `backprop`: one step of gradient descent on a small network (forward, loss, backward, update);
 * - `forward`: the forward pass in matrix form, Z = W·X + b and A = f(Z), for several samples (the
 *   Neural Networks Exercises' exercise 1);
 * - `bce`: a ReLU hidden layer, a sigmoid output and binary cross-entropy (exercise 2's shape, with
 *   living hidden units).
 *
 * @module
 */
import type { ActivationName } from "../../engine/activations.js";
import { lossNames } from "../../engine/losses.js";
import type { LossName } from "../../engine/losses.js";
import { buildSolution } from "../../explain/solution.js";
import { normalizeStepSpec } from "../../step/spec/normalize.js";
import { runStep } from "../../step/run-step.js";
import { stepCheckable } from "../check.js";
import type { ExerciseType, TypedExercise } from "../exercise-type.js";
import { TYPE_INFO } from "../type-options.js";
import { exerciseHeader, generateExercise } from "../generate.js";
import { commandLine, MAX_UNITS, parseLoss, resolveActivations } from "../options.js";
import type { ExerciseOptions } from "../options.js";
import type { OptionReader } from "../option-reader.js";
import { toInterchange } from "../../step/spec/step-spec.js";
import { InputError } from "../../common/input-error.js";

/** The options of a step-shaped exercise, as `generateExercise` takes them (less the seed and digits). */
export type StepExerciseOptions = Omit<ExerciseOptions, "seed" | "digits" | "number">;

/** An exercise of `generateExercise` as a typed exercise. */
export function typedStepExercise(options: ExerciseOptions): TypedExercise {
  const exercise = generateExercise(options);
  const record = exercise.record;
  const worked = buildSolution(record, { precision: 8 });
  const question = exercise.files["question.md"].replace(/^# .*\n\n/, "");
  return {
    type: options.type ?? "backprop",
    title: worked.title,
    command: commandLine(options),
    document: { ...exerciseHeader(options), ...toInterchange(exercise.spec) },
    yaml: exercise.files["exercise.yaml"],
    question,
    worked,
    checkable: stepCheckable(record),
    rejected: exercise.rejected,
    record,
    files: exercise.files,
  };
}

function readActivations(read: OptionReader, layers: number, loss: LossName, fallback: string): ActivationName[] {
  const given = read.raw("activation");
  const text = given === undefined ? fallback : Array.isArray(given) ? given.join(",") : String(given);
  try {
    return resolveActivations(text, layers, loss);
  } catch (error) {
    // resolveActivations names --activation itself; a problem set's part names its field instead.
    if (error instanceof InputError && typeof given !== "string" && given !== undefined) throw read.error("activation", error.reason.replace(/^--activation:? ?/, ""));
    throw error;
  }
}

/** The loss, with parseLoss's message on the command line. */
function readLoss(read: OptionReader): LossName {
  const given = read.raw("loss");
  return typeof given === "string" ? parseLoss(given) : read.choice("loss", "half-sse", lossNames());
}

function learningRate(read: OptionReader): number | null {
  return read.number("learningRate", null, (x) => (x > 0 ? undefined : "must be greater than 0"));
}

const load: ExerciseType["load"] = (document) => stepCheckable(runStep(normalizeStepSpec(document)));

function stepType(name: "backprop" | "forward" | "bce", fields: Pick<ExerciseType<StepExerciseOptions>, "readOptions">): ExerciseType<StepExerciseOptions> {
  return {
    name,
    ...TYPE_INFO[name],
    ...fields,
    flags: () => [],
    draw: (options, common) => typedStepExercise({ ...options, seed: common.seed, digits: common.digits, ...(common.number !== undefined ? { number: common.number } : {}), type: name }),
    load,
  };
}

export const backpropType = stepType("backprop", {
  readOptions(read) {
    const sizes = read.sizes("layers", [2, 2, 2], MAX_UNITS);
    const loss = readLoss(read);
    return {
      sizes,
      activations: readActivations(read, sizes.length - 1, loss, "sigmoid"),
      loss,
      batch: read.integer("batch", 1, 1, 8),
      bias: read.flag("bias", false),
      learningRate: learningRate(read),
      allowDegenerate: read.flag("allowDegenerate", false),
    };
  },
});

export const forwardType = stepType("forward", {
  readOptions(read) {
    const sizes = read.sizes("layers", [2, 3], MAX_UNITS);
    const loss: LossName = "half-sse";
    return {
      sizes,
      activations: readActivations(read, sizes.length - 1, loss, "relu"),
      loss,
      batch: read.integer("batch", 3, 1, 8),
      bias: read.flag("bias", true),
      learningRate: null,
      allowDegenerate: read.flag("allowDegenerate", false),
      forwardOnly: true,
    };
  },
});

export const bceType = stepType("bce", {
  readOptions(read) {
    const sizes = read.sizes("layers", [2, 2, 1], MAX_UNITS, 3);
    if (sizes.length !== 3 || sizes[2] !== 1) throw read.error("layers", `must be INPUTS-HIDDEN-1 (one hidden ReLU layer and one sigmoid output), got ${sizes.join("-")}`);
    return {
      sizes,
      activations: ["relu", "sigmoid"],
      loss: "bce",
      batch: read.integer("batch", 1, 1, 8),
      bias: read.flag("bias", false),
      learningRate: learningRate(read),
      allowDegenerate: read.flag("allowDegenerate", false),
    };
  },
});
