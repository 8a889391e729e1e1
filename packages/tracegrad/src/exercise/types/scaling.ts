/**
 * `tracegrad exercise --type scaling`: min-max scaling or standardization of a small table (the
 * Neural Networks Exercises' exercise 3, with fresh numbers): each feature's statistics, then every
 * scaled value. The worked solution is `tracegrad scale`'s; `exercise.json` is a problem file that
 * `tracegrad scale` reads.
 *
 * @module
 */
import type { Deviation, ScalerMethod } from "../../data/scalers.js";
import { Random } from "../../engine/random.js";
import { sym } from "../../engine/expr.js";
import { renderExpr } from "../../engine/render-expr.js";
import { DEVIATIONS, runScale, scaleWorked, SCALER_METHODS } from "../../explain/scale/explain-scale.js";
import { readScaleProblemFile } from "../../explain/scale/scale-problem-file.js";
import type { DataMatrix } from "../../explain/worked/read-matrix.js";
import { scalingComputation } from "../../grade/computations/scaling.js";
import type { ExerciseType, TypedExercise } from "../exercise-type.js";
import { TYPE_INFO } from "../type-options.js";
import { plainYaml } from "../plain-yaml.js";
import { workedCheckable } from "../worked-working.js";
import { commandOf, drawNumber, drawUntil, exerciseTitle, formulaMath, questionMarkdown } from "./common.js";

export interface ScalingOptions {
  readonly method: ScalerMethod;
  readonly std: Deviation;
  readonly rows: number;
  readonly features: number;
}

const TITLE = TYPE_INFO.scaling.title;

function matrixOf(data: readonly (readonly number[])[]): DataMatrix {
  return { values: data.map((r) => [...r]), columns: data[0].map((_, j) => `x${j + 1}`) };
}

function checkableOf(data: readonly (readonly number[])[], method: ScalerMethod, deviation: Deviation, title?: string) {
  const computation = scalingComputation({ data, method, deviation });
  return workedCheckable(computation, (precision) => scaleWorked(runScale(matrixOf(data), { method, deviation }), { method, deviation, precision, ...(title !== undefined ? { title } : {}) }));
}

export const scalingType: ExerciseType<ScalingOptions> = {
  name: "scaling",
  ...TYPE_INFO.scaling,
  readOptions(read) {
    return {
      method: read.choice("method", "standardize", SCALER_METHODS),
      std: read.choice("std", "population", DEVIATIONS),
      rows: read.integer("rows", 3, 2, 6),
      features: read.integer("features", 3, 1, 4),
    };
  },
  flags: (o) => [`--method ${o.method}`, ...(o.method === "standardize" ? [`--std ${o.std}`] : []), `--rows ${o.rows}`, `--features ${o.features}`],
  draw(options, common) {
    const random = new Random(common.seed);
    const title = exerciseTitle(TITLE, common);
    const command = commandOf("scaling", scalingType.flags(options), common);
    return drawUntil<TypedExercise>("scaling exercise", common.seed, (rejected) => {
      const data = Array.from({ length: options.rows }, () => Array.from({ length: options.features }, () => drawNumber(random, 0, 30, common.digits)));
      // Every column spread out: its min and max different and unique, so that each statistic is one value.
      for (let j = 0; j < options.features; j++) {
        const column = data.map((r) => r[j]);
        const lo = Math.min(...column);
        const hi = Math.max(...column);
        if (hi - lo < 3 || column.filter((v) => v === lo).length > 1 || column.filter((v) => v === hi).length > 1) return { degenerate: `feature ${j + 1} barely varies` };
      }
      if (options.method === "standardize") {
        // σ must differ from σ², and each column's μ from the others', for those mistakes to show.
        const record = runScale(matrixOf(data), { method: "standardize", deviation: options.std });
        const s = record.scaler.method === "standardize" ? record.scaler : null;
        if (s !== null && s.std.some((x) => Math.abs(x - 1) < 0.05)) return { degenerate: "a σ is close to 1" };
        if (s !== null && s.mean.some((m, j) => s.mean.some((o, k) => k !== j && Math.abs(m - o) < 0.02 * Math.max(1, Math.abs(m))))) return { degenerate: "two features have the same mean" };
      }
      const document = { type: "scaling", options: { ...options, seed: common.seed, digits: common.digits }, data, method: options.method, ...(options.method === "standardize" ? { std: options.std } : {}) };
      const checkable = checkableOf(data, options.method, options.std, title);
      const worked = scaleWorked(runScale(matrixOf(data), { method: options.method, deviation: options.std }), { method: options.method, deviation: options.std, precision: 8, title });
      const statistics = worked.sections.find((s) => s.id === "statistics")!;
      const scaled = worked.sections.find((s) => s.id === "scaled")!;
      const standardize = options.method === "standardize";
      const question = questionMarkdown({
        intro: standardize
          ? `Standardize each feature (column) of the table: subtract the feature's mean and divide by its ${options.std} standard deviation.`
          : "Scale each feature (column) of the table into [0, 1] with its own minimum and maximum (min-max scaling).",
        given: [`the table: ${options.rows} rows (samples) × ${options.features} features; $x_{j}^{(i)}$ is row $i$ of feature $j$`],
        tables: [worked.sections.find((s) => s.id === "data")!.tables[0]],
        conventions: [
          ...statistics.formulas.map(formulaMath),
          ...scaled.formulas.map(formulaMath),
          ...(standardize ? [`σ is the ${options.std} standard deviation: it divides by ${options.std === "population" ? "$n$" : "$n - 1$"} (${options.rows} rows)`] : []),
        ],
        tasks: [
          standardize
            ? `For each feature $j$: its mean $${renderExpr(sym("mu", "j"), { notation: "latex" })}$ and standard deviation $${renderExpr(sym("sigma", "j"), { notation: "latex" })}$.`
            : "For each feature $j$: its minimum and maximum.",
          `Every scaled value $${renderExpr(sym("xhat", "j", "(i)"), { notation: "latex" })}$.`,
        ],
      });
      return {
        type: "scaling",
        title,
        command,
        document,
        yaml: plainYaml({ title, source: command, data, method: options.method, ...(standardize ? { std: options.std } : {}) }, [`${title}, made by: ${command}`]),
        question,
        worked,
        checkable,
        rejected,
      };
    });
  },
  load(document) {
    const problem = readScaleProblemFile(document);
    if ("file" in problem.data) throw document.error(["data"], "an exercise gives its data in the file, as a list of rows");
    const method = problem.method;
    if (method === undefined) throw document.error(["method"], "is missing: minmax or standardize");
    return checkableOf(problem.data.values, method, problem.deviation ?? "population", problem.text.title);
  },
};
