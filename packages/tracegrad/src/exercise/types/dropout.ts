/**
 * `tracegrad exercise --type dropout`: inverted dropout of a small matrix with the draws given (the
 * mask, the output and its expected value). The draws and the worked solution are `tracegrad
 * dropout`'s (the training layer's own mask, from a generator of the exercise's seed); `exercise.json`
 * gives the input, p and that seed.
 *
 * @module
 */
import { isMapping } from "../../common/describe-value.js";
import { dropoutSaved } from "../../engine/ops/dropout.js";
import { Random } from "../../engine/random.js";
import { dropoutWorked, runDropout } from "../../explain/dropout/explain-dropout.js";
import type { DropoutProblem } from "../../explain/dropout/explain-dropout.js";
import { dropoutComputation } from "../../grade/computations/dropout.js";
import type { ExerciseType, TypedExercise } from "../exercise-type.js";
import { plainYaml } from "../plain-yaml.js";
import { TYPE_INFO } from "../type-options.js";
import { workedCheckable } from "../worked-working.js";
import { commandOf, drawNumber, drawUntil, exerciseTitle, formulaMath, hiddenMistake, questionMarkdown } from "./common.js";

export interface DropoutOptions {
  readonly rows: number;
  readonly cols: number;
  readonly rate: number | null;
}

const RATES = [0.2, 0.25, 0.4, 0.5];

function checkableOf(problem: DropoutProblem) {
  const record = runDropout(problem);
  const { draws, mask } = dropoutSaved(record.node);
  const computation = dropoutComputation({ input: problem.input, rate: problem.rate, draws: Array.from(draws), mask: Array.from(mask) });
  return { record, checkable: workedCheckable(computation, (precision) => dropoutWorked(runDropout(problem), { precision, ...(problem.title !== undefined ? { title: problem.title } : {}) })) };
}

export const dropoutType: ExerciseType<DropoutOptions> = {
  name: "dropout",
  ...TYPE_INFO.dropout,
  readOptions(read) {
    const shape = read.raw("shape");
    let rows = 2;
    let cols = 3;
    if (shape !== undefined) {
      const m = /^\s*(\d+)\s*x\s*(\d+)\s*$/.exec(String(shape));
      if (m === null || Number(m[1]) < 1 || Number(m[1]) > 4 || Number(m[2]) < 1 || Number(m[2]) > 6) throw read.error("shape", `must be ROWSxCOLS with 1 to 4 rows and 1 to 6 columns, as in 2x3; got ${JSON.stringify(shape)}`);
      rows = Number(m[1]);
      cols = Number(m[2]);
    }
    return { rows, cols, rate: read.number("rate", null, (x) => (x > 0 && x < 1 ? undefined : "must be greater than 0 and below 1")) };
  },
  flags: (o) => [`--shape ${o.rows}x${o.cols}`, ...(o.rate !== null ? [`--rate ${o.rate}`] : [])],
  draw(options, common) {
    const random = new Random(common.seed);
    const title = exerciseTitle(TYPE_INFO.dropout.title, common);
    const command = commandOf("dropout", dropoutType.flags(options), common);
    return drawUntil<TypedExercise>("dropout exercise", common.seed, (rejected) => {
      const rate = options.rate ?? RATES[random.integer(RATES.length)];
      const input = Array.from({ length: options.rows }, () => Array.from({ length: options.cols }, () => drawNumber(random, -2, 2, common.digits, true)));
      const maskSeed = 1 + random.integer(1000);
      const problem: DropoutProblem = { input, rate, seed: maskSeed, title };
      const { record, checkable } = checkableOf(problem);
      const { draws, mask } = dropoutSaved(record.node);
      const size = options.rows * options.cols;
      // Some kept and some dropped, and no draw so close to p that its 3 printed decimals would decide otherwise.
      const kept = Array.from(mask).filter((m) => m !== 0).length;
      if (size > 1 && (kept === 0 || kept === size)) return { degenerate: "every element kept, or every one dropped" };
      if (Array.from(draws).some((u) => Math.abs(u - rate) < 0.002 || Math.abs(u - (1 - rate)) < 0.002)) return { degenerate: "a draw too close to p" };
      const hidden = hiddenMistake(checkable.computation, 0.02);
      if (hidden !== null) return { degenerate: `the numbers hide the mistake ${hidden}` };
      const worked = dropoutWorked(record, { precision: 8, title });
      const u = Array.from(draws).map((v) => Number(v.toFixed(3)));
      const document = { type: "dropout", options: { ...options, seed: common.seed, digits: common.digits }, input, rate, seed: maskSeed, draws: Array.from({ length: options.rows }, (_, r) => u.slice(r * options.cols, (r + 1) * options.cols)) };
      const question = questionMarkdown({
        intro: `Apply inverted dropout with p = ${rate} to the input x: element (i, j) is dropped when its draw u < p; a kept element is scaled by 1/(1 - p).`,
        given: [`p = ${rate}`],
        tables: [
          { title: "Input x (row i, column j)", columns: ["row", ...Array.from({ length: options.cols }, (_, c) => `column ${c + 1}`)], rows: input.map((r, i) => [String(i + 1), ...r.map(String)]) },
          { title: "Draws u", columns: ["row", ...Array.from({ length: options.cols }, (_, c) => `column ${c + 1}`)], rows: document.draws.map((r, i) => [String(i + 1), ...r.map(String)]) },
        ],
        conventions: worked.sections.find((s) => s.id === "mask")!.formulas.map(formulaMath),
        tasks: ["The mask $m_{j}^{(i)}$ of every element.", "The output $y_{j}^{(i)} = m_{j}^{(i)} x_{j}^{(i)}$.", "The expected value $E[y_{j}^{(i)}]$ of every output over the draws of u."],
      });
      return {
        type: "dropout",
        title,
        command,
        document,
        yaml: plainYaml({ title, source: command, input, rate, seed: maskSeed }, [`${title}, made by: ${command}`]),
        question,
        worked,
        checkable,
        rejected,
      };
    });
  },
  load(document) {
    const v = document.value;
    if (!isMapping(v)) throw document.error([], "expected a mapping with input, rate and seed");
    const input = v.input;
    if (!Array.isArray(input) || input.length === 0 || !input.every((r) => Array.isArray(r) && r.length === (input[0] as unknown[]).length && r.every((x) => typeof x === "number" && Number.isFinite(x))))
      throw document.error(["input"], "expected rows of numbers, every row as long as the first");
    const rate = v.rate;
    if (typeof rate !== "number" || !(rate > 0 && rate < 1)) throw document.error(["rate"], "expected p, a number greater than 0 and below 1");
    const seed = v.seed;
    if (typeof seed !== "number" || !Number.isInteger(seed) || seed < 0) throw document.error(["seed"], "expected the mask's seed, a whole number from 0");
    return checkableOf({ input: input as number[][], rate, seed, ...(typeof v.title === "string" ? { title: v.title } : {}) }).checkable;
  },
};
