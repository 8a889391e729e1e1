/**
 * `tracegrad exercise --type gradcheck`: a gradient check by central differences (the Neural Networks
 * Exercises' exercise 5, with fresh numbers): the loss, every analytic gradient, the two losses with a
 * parameter moved by ±ε, and their central difference. `exercise.json` is a step spec with its ε,
 * which `tracegrad gradcheck` and `tracegrad step` read.
 *
 * @module
 */
import { DEFAULT_EPSILON } from "../../engine/gradcheck.js";
import { gradcheckSpec } from "../../explain/gradcheck-spec.js";
import { gradcheckWorked } from "../../explain/gradcheck/gradcheck-worked.js";
import { gradientCheckComputation } from "../../grade/computations/gradient-check.js";
import { runStep } from "../../step/run-step.js";
import { normalizeStepSpec } from "../../step/spec/normalize.js";
import type { StepSpec } from "../../step/spec/step-spec.js";
import { toInterchange } from "../../step/spec/step-spec.js";
import { lossNames } from "../../engine/losses.js";
import { InputError } from "../../common/input-error.js";
import type { ExerciseType } from "../exercise-type.js";
import { exerciseHeader, generateExercise } from "../generate.js";
import { commandLine, MAX_UNITS, resolveActivations } from "../options.js";
import type { ExerciseOptions } from "../options.js";
import { TYPE_INFO } from "../type-options.js";
import { workedCheckable } from "../worked-working.js";
import { questionMarkdown, givenMath } from "./common.js";
import { isMapping } from "../../common/describe-value.js";

type GradcheckOptions = Omit<ExerciseOptions, "seed" | "digits" | "number">;

function checkableOf(spec: StepSpec, epsilon: number) {
  const record = runStep(spec);
  const computation = gradientCheckComputation(gradcheckSpec(spec, { epsilon }), record.forward.loss!.item(), spec.names.loss);
  return workedCheckable(computation, (precision) => gradcheckWorked(spec, { epsilon, precision }));
}

export const gradcheckType: ExerciseType<GradcheckOptions> = {
  name: "gradcheck",
  ...TYPE_INFO.gradcheck,
  readOptions(read) {
    const sizes = read.sizes("layers", [1, 1], MAX_UNITS);
    const loss = read.choice("loss", "half-sse", lossNames());
    let activations;
    try {
      const given = read.raw("activation");
      activations = resolveActivations(given === undefined ? "identity" : Array.isArray(given) ? given.join(",") : String(given), sizes.length - 1, loss);
    } catch (error) {
      if (error instanceof InputError) throw read.error("activation", error.reason.replace(/^--activation:? ?/, ""));
      throw error;
    }
    return {
      sizes,
      activations,
      loss,
      batch: 1,
      bias: read.flag("bias", true),
      learningRate: null,
      allowDegenerate: false,
      epsilon: read.number("epsilon", DEFAULT_EPSILON, (x) => (x > 0 && x < 0.1 ? undefined : "must be greater than 0 and below 0.1")),
    };
  },
  flags: () => [],
  draw(options, common) {
    const full: ExerciseOptions = { ...options, seed: common.seed, digits: common.digits, ...(common.number !== undefined ? { number: common.number } : {}), type: "gradcheck" };
    const exercise = generateExercise(full);
    const spec = exercise.spec;
    const epsilon = options.epsilon ?? DEFAULT_EPSILON;
    const title = spec.title ?? "Gradient check";
    const worked = gradcheckWorked(spec, { epsilon, precision: 8, title });
    const given = worked.given.filter((g) => g.title !== "step");
    const L = spec.names.loss;
    const question = questionMarkdown({
      intro: `Check the gradient of the loss with respect to every weight${spec.layers.some((l) => l.bias !== null) ? " and bias" : ""} by central differences: move one parameter by +ε and by -ε, keep the others, and compare (${L}(w + ε) - ${L}(w - ε))/2ε with the gradient backpropagation gives.`,
      given: [...given.map((g) => `${g.title}: ${g.values.map(givenMath).join(", ")}`), `$\\epsilon = ${epsilon}$`],
      conventions: [
        ...worked.conventions,
        "the losses with a parameter moved are close to each other: write them with at least 10 significant digits, or their difference is lost",
      ],
      tasks: [
        `The loss $${L}$ and, by backpropagation, the analytic gradient $\\partial ${L}/\\partial w$ of every parameter.`,
        `For every parameter $w$: $${L}(w + \\epsilon)$ and $${L}(w - \\epsilon)$.`,
        "For every parameter: the numeric gradient (the central difference).",
      ],
      check: "exercise.json",
    });
    return {
      type: "gradcheck",
      title,
      command: commandLine(full),
      document: { ...exerciseHeader(full), epsilon, ...toInterchange(spec) },
      yaml: exercise.files["exercise.yaml"].replace(/^layers:/m, `epsilon: ${epsilon}\nlayers:`),
      question,
      worked,
      checkable: checkableOf(spec, epsilon),
      rejected: exercise.rejected,
    };
  },
  load(document) {
    const spec = normalizeStepSpec(document);
    const value = document.value;
    const epsilon = isMapping(value) && typeof value.epsilon === "number" ? value.epsilon : DEFAULT_EPSILON;
    if (spec.targets === null || spec.loss === null) throw document.error(["targets"], "a gradient check needs targets and a loss");
    return checkableOf(spec, epsilon);
  },
};
