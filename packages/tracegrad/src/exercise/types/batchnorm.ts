/**
 * `tracegrad exercise --type batchnorm`: batch normalization of a small batch, forward (μ, σ², x̂, y)
 * and, given ∂L/∂y, backward (∂L/∂β, ∂L/∂γ, ∂L/∂x). The worked solution is `tracegrad batchnorm`'s;
 * `exercise.json` gives the batch, γ, β, ε and ∂L/∂y.
 *
 * @module
 */
import { isMapping } from "../../common/describe-value.js";
import { Random } from "../../engine/random.js";
import { batchNormWorked, runBatchNorm } from "../../explain/batchnorm/explain-batchnorm.js";
import type { BatchNormProblem } from "../../explain/batchnorm/explain-batchnorm.js";
import { batchNormComputation } from "../../grade/computations/batch-norm.js";
import type { ExerciseType, TypedExercise } from "../exercise-type.js";
import { plainYaml } from "../plain-yaml.js";
import { TYPE_INFO } from "../type-options.js";
import { workedCheckable } from "../worked-working.js";
import { commandOf, drawNumber, drawUntil, exerciseTitle, formulaMath, hiddenMistake, questionMarkdown } from "./common.js";

export interface BatchNormOptions {
  readonly batch: number;
  readonly features: number;
  readonly epsilon: number;
  readonly forwardOnly: boolean;
}

interface BatchNormExerciseData {
  readonly data: number[][];
  readonly gamma: number[];
  readonly beta: number[];
  readonly epsilon: number;
  readonly gradient?: number[][];
  readonly title?: string;
}

function problemOf(d: BatchNormExerciseData): BatchNormProblem {
  return {
    data: { values: d.data, columns: d.data[0].map((_, j) => `x${j + 1}`) },
    gamma: d.gamma,
    beta: d.beta,
    epsilon: d.epsilon,
    ...(d.gradient !== undefined ? { gradient: d.gradient } : {}),
    ...(d.title !== undefined ? { title: d.title } : {}),
  };
}

function checkableOf(d: BatchNormExerciseData) {
  const computation = batchNormComputation(d);
  return workedCheckable(computation, (precision) => batchNormWorked(runBatchNorm(problemOf(d)), { precision, ...(d.title !== undefined ? { title: d.title } : {}) }));
}

const table = (title: string, rows: readonly (readonly number[])[]) => ({ title, columns: ["sample", ...rows[0].map((_, j) => `feature ${j + 1}`)], rows: rows.map((r, n) => [String(n + 1), ...r.map(String)]) });

export const batchnormType: ExerciseType<BatchNormOptions> = {
  name: "batchnorm",
  ...TYPE_INFO.batchnorm,
  readOptions(read) {
    return {
      batch: read.integer("batch", 3, 2, 6),
      features: read.integer("features", 2, 1, 3),
      epsilon: read.number("epsilon", 0.1, (x) => (x >= 0 && x <= 1 ? undefined : "must be from 0 to 1")),
      forwardOnly: read.flag("forwardOnly", false),
    };
  },
  flags: (o) => [`--batch ${o.batch}`, `--features ${o.features}`, `--epsilon ${o.epsilon}`, ...(o.forwardOnly ? ["--forward-only"] : [])],
  draw(options, common) {
    const random = new Random(common.seed);
    const title = exerciseTitle(TYPE_INFO.batchnorm.title, common);
    const command = commandOf("batchnorm", batchnormType.flags(options), common);
    return drawUntil<TypedExercise>("batch normalization exercise", common.seed, (rejected) => {
      const data = Array.from({ length: options.batch }, () => Array.from({ length: options.features }, () => drawNumber(random, -3, 3, common.digits)));
      const gamma = Array.from({ length: options.features }, () => drawNumber(random, 0.5, 2, common.digits, true));
      const beta = Array.from({ length: options.features }, () => drawNumber(random, -1, 1, common.digits));
      const gradient = options.forwardOnly ? undefined : Array.from({ length: options.batch }, () => Array.from({ length: options.features }, () => drawNumber(random, -1, 1, common.digits, true)));
      const d: BatchNormExerciseData = { data, gamma, beta, epsilon: options.epsilon, ...(gradient !== undefined ? { gradient } : {}), title };
      for (let j = 0; j < options.features; j++) {
        const column = data.map((r) => r[j]);
        if (Math.max(...column) - Math.min(...column) < 1) return { degenerate: `feature ${j + 1} barely varies` };
      }
      const checkable = checkableOf(d);
      const hidden = hiddenMistake(checkable.computation, 0.02);
      if (hidden !== null) return { degenerate: `the numbers hide the mistake ${hidden}` };
      const worked = batchNormWorked(runBatchNorm(problemOf(d)), { precision: 8, title });
      const forward = worked.sections.find((s) => s.id === "forward")!;
      const back = worked.sections.find((s) => s.id === "backward");
      const question = questionMarkdown({
        intro: `Batch-normalize the batch (training mode: each feature with the batch's own statistics)${gradient !== undefined ? ", then backpropagate the given ∂L/∂y through it" : ""}.`,
        given: [`$\\gamma$ = (${gamma.join(", ")}), $\\beta$ = (${beta.join(", ")}), $\\epsilon = ${options.epsilon}$, $N = ${options.batch}$`],
        tables: [table("The batch x (sample n, feature j)", data), ...(gradient !== undefined ? [table("∂L/∂y", gradient)] : [])],
        conventions: [...forward.formulas.map(formulaMath), ...(back?.formulas ?? []).map(formulaMath), worked.conventions[0]],
        tasks: [
          "For each feature $j$: the batch mean $\\mu_j$ and variance $\\sigma_j^2$.",
          "Every $\\hat{x}_j^{(n)}$ and $y_j^{(n)} = \\gamma_j \\hat{x}_j^{(n)} + \\beta_j$.",
          ...(gradient !== undefined ? ["For each feature: $\\partial L/\\partial \\beta_j$ and $\\partial L/\\partial \\gamma_j$, and every $\\partial L/\\partial x_j^{(n)}$."] : []),
        ],
      });
      const fields = { data, gamma, beta, epsilon: options.epsilon, ...(gradient !== undefined ? { gradient } : {}) };
      return {
        type: "batchnorm",
        title,
        command,
        document: { type: "batchnorm", options: { ...options, seed: common.seed, digits: common.digits }, ...fields },
        yaml: plainYaml({ title, source: command, ...fields }, [`${title}, made by: ${command}`]),
        question,
        worked,
        checkable,
        rejected,
      };
    });
  },
  load(document) {
    const v = document.value;
    if (!isMapping(v)) throw document.error([], "expected a mapping with data, gamma, beta and epsilon");
    const matrix = (field: string): number[][] => {
      const m = v[field];
      if (!Array.isArray(m) || m.length === 0 || !m.every((r) => Array.isArray(r) && r.length === (m[0] as unknown[]).length && r.every((x) => typeof x === "number" && Number.isFinite(x))))
        throw document.error([field], "expected rows of numbers, every row as long as the first");
      return m as number[][];
    };
    const data = matrix("data");
    const list = (field: string): number[] => {
      const l = v[field];
      if (!Array.isArray(l) || l.length !== data[0].length || !l.every((x) => typeof x === "number" && Number.isFinite(x))) throw document.error([field], `expected ${data[0].length} numbers, one per feature`);
      return l as number[];
    };
    const epsilon = v.epsilon;
    if (typeof epsilon !== "number" || !(epsilon >= 0)) throw document.error(["epsilon"], "expected ε, a number from 0");
    const gradient = v.gradient === undefined ? undefined : matrix("gradient");
    if (gradient !== undefined && (gradient.length !== data.length || gradient[0].length !== data[0].length)) throw document.error(["gradient"], `∂L/∂y must be ${data.length} × ${data[0].length}, as the batch`);
    return checkableOf({ data, gamma: list("gamma"), beta: list("beta"), epsilon, ...(gradient !== undefined ? { gradient } : {}), ...(typeof v.title === "string" ? { title: v.title } : {}) });
  },
};
