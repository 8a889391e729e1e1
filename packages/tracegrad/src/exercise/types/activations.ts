/**
 * `tracegrad exercise --type activations`: the values and derivatives of some activations at some
 * points (the Neural Networks Exercises' exercise 4, with fresh points and the derivatives asked too).
 * The worked solution is `tracegrad activations`'s; `exercise.json` is a problem file it reads.
 *
 * @module
 */
import { ACTIVATIONS, DEFAULT_LEAKY_ALPHA } from "../../engine/activations.js";
import type { ActivationName } from "../../engine/activations.js";
import { Random } from "../../engine/random.js";
import { activationsWorked, runActivations } from "../../explain/activations/explain-activations.js";
import { readActivationsProblemFile } from "../../explain/activations/activations-problem-file.js";
import { activationsComputation } from "../../grade/computations/activations.js";
import type { ExerciseType, TypedExercise } from "../exercise-type.js";
import { elementwiseActivations, TYPE_INFO } from "../type-options.js";
import { plainYaml } from "../plain-yaml.js";
import { workedCheckable } from "../worked-working.js";
import { commandOf, drawNumber, drawUntil, exerciseTitle, formulaMath, questionMarkdown } from "./common.js";

export interface ActivationsOptions {
  readonly activations: readonly ActivationName[];
  /** The points given, or null to draw `count` of them. */
  readonly at: readonly number[] | null;
  readonly count: number;
  readonly alpha: number;
}

const TITLE = TYPE_INFO.activations.title;

/** The element-wise activations (softmax has a Jacobian, not a derivative per point). */
function elementwise(): ActivationName[] {
  return elementwiseActivations() as ActivationName[];
}

function checkableOf(points: readonly number[], activations: readonly ActivationName[], alpha: number, title?: string) {
  const computation = activationsComputation({ points, activations, alpha });
  return workedCheckable(computation, (precision) => activationsWorked(runActivations({ points, alpha, names: activations }), { precision, ...(title !== undefined ? { title } : {}) }));
}

export const activationsType: ExerciseType<ActivationsOptions> = {
  name: "activations",
  ...TYPE_INFO.activations,
  readOptions(read) {
    return {
      activations: read.choices("activations", ["sigmoid", "tanh", "relu", "leaky-relu"], elementwise()),
      at: read.numbers("at"),
      count: read.integer("points", 4, 2, 8),
      alpha: read.number("alpha", DEFAULT_LEAKY_ALPHA, (x) => (x >= 0 && x < 1 ? undefined : "must be from 0 up to (not including) 1")),
    };
  },
  flags: (o) => [`--activations ${o.activations.join(",")}`, o.at === null ? `--points ${o.count}` : `--at ${o.at.join(",")}`, `--alpha ${o.alpha}`],
  draw(options, common) {
    const random = new Random(common.seed);
    const title = exerciseTitle(TITLE, common);
    const command = commandOf("activations", activationsType.flags(options), common);
    return drawUntil<TypedExercise>("activations exercise", common.seed, (rejected) => {
      const points = options.at ?? Array.from({ length: options.count }, () => drawNumber(random, -3, 3, common.digits)).sort((a, b) => a - b);
      if (options.at === null) {
        // Distinct points on both sides of 0, so that each activation shows both of its sides.
        if (new Set(points).size < points.length) return { degenerate: "two points are the same" };
        if (!points.some((p) => p < 0) || !points.some((p) => p > 0)) return { degenerate: "every point is on one side of 0" };
      }
      const document = { type: "activations", options: { ...options, seed: common.seed, digits: common.digits }, points, alpha: options.alpha, activations: options.activations };
      const worked = activationsWorked(runActivations({ points, alpha: options.alpha, names: options.activations }), { precision: 8, title });
      const formulas = worked.sections.filter((s) => (options.activations as readonly string[]).includes(s.id)).flatMap((s) => s.formulas.map(formulaMath));
      const question = questionMarkdown({
        intro: "Compute the value and the derivative of each activation at each point.",
        given: [`the points ${points.map((p, k) => `$z^{(${k + 1})} = ${p}$`).join(", ")}`, `the activations ${options.activations.join(", ")}${options.activations.includes("leaky-relu") ? `, with $\\alpha = ${options.alpha}$` : ""}`],
        conventions: [...formulas, ...worked.conventions],
        tasks: options.activations.map((name) => `${ACTIVATIONS[name].title}: $f(z^{(k)})$ and $f'(z^{(k)})$ at every point.`),
      });
      return {
        type: "activations",
        title,
        command,
        document,
        yaml: plainYaml({ title, source: command, points, alpha: options.alpha, activations: options.activations }, [`${title}, made by: ${command}`]),
        question,
        worked,
        checkable: checkableOf(points, options.activations, options.alpha, title),
        rejected,
      };
    });
  },
  load(document) {
    const problem = readActivationsProblemFile(document);
    if (problem.points === undefined) throw document.error(["points"], "is missing: the points to compute the activations at");
    const names = problem.activations ?? elementwise();
    names.forEach((n, i) => {
      if (ACTIVATIONS[n].kind !== "elementwise") throw document.error(["activations", i], `${n} takes a whole vector; an exercise asks for element-wise activations`);
    });
    return checkableOf(problem.points, names, problem.alpha ?? DEFAULT_LEAKY_ALPHA, problem.text.title);
  },
};
