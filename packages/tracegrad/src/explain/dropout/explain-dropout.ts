/**
 * The worked solution of `tracegrad dropout`: inverted dropout of an input, recorded by
 * `engine/ops/dropout.ts`, whose mask is drawn by the training layer's own `drawDropoutMask` from a
 * generator seeded with N: each draw u, the mask m (0 when u < p, else 1/(1 - p)) and y = m·x.
 *
 * @module
 */
import { checkLimit, formatCount, LIMITS } from "../../common/limits.js";
import { partial, sym } from "../../engine/expr.js";
import { dropout, dropoutMaskFormula, dropoutOutputFormula, dropoutSaved, explainDropoutElement } from "../../engine/ops/dropout.js";
import type { DropoutNode } from "../../engine/ops/dropout.js";
import { Random } from "../../engine/random.js";
import { Tape } from "../../engine/tape.js";
import { Tensor } from "../../engine/tensor.js";
import type { TensorLabel } from "../../engine/tensor.js";
import { formatNumber } from "../../common/format-number.js";
import type { WorkedRenderOptions } from "../worked/render-worked.js";
import { renderWorked } from "../worked/render-worked.js";
import type { Table, Worked } from "../worked/worked.js";
import { section } from "../worked/worked.js";

export interface DropoutProblem {
  /** The input, rows × columns (a batch of activations). */
  readonly input: readonly (readonly number[])[];
  /** p, the probability of dropping an element. */
  readonly rate: number;
  /** The generator's seed (1). */
  readonly seed?: number;
  /** Whether the input is the ones of `--shape` (said in the solution). */
  readonly ones?: boolean;
  readonly title?: string;
}

export interface DropoutRecord {
  readonly problem: DropoutProblem;
  readonly tape: Tape;
  readonly node: DropoutNode;
}

function label(name: string, rows: number, cols: number, title: string): TensorLabel {
  const at = (k: number) => sym(name, String((k % cols) + 1), rows > 1 ? `(${Math.floor(k / cols) + 1})` : undefined);
  return { title, value: (k, v) => ({ ...at(k), value: v }), gradient: (k, v) => partial(sym("L"), at(k), v) };
}

/** Drops out the input on a tape, the mask drawn from a generator seeded with the problem's seed. */
export function runDropout(problem: DropoutProblem): DropoutRecord {
  const rows = problem.input.length;
  const cols = problem.input[0].length;
  checkLimit(rows * cols, LIMITS.dropoutElements, "elements in the input", { hint: "1,000 × 1,000" });
  const tape = new Tape();
  const x = Tensor.fromRows(problem.input, { label: label("x", rows, cols, "input") });
  const y = dropout(tape, x, { rate: problem.rate, random: new Random(problem.seed ?? 1) }, label("y", rows, cols, "output"));
  return { problem, tape, node: tape.creator(y) as DropoutNode };
}

/** The numbers, as `tracegrad dropout --json` prints them. */
export function dropoutResults(record: DropoutRecord) {
  const { draws, mask } = dropoutSaved(record.node);
  const y = record.node.output;
  const rows = (data: ArrayLike<number>) => Array.from({ length: y.rows }, (_, r) => Array.from({ length: y.cols }, (_, c) => data[r * y.cols + c]));
  return { rate: record.node.attributes.rate, seed: record.problem.seed ?? 1, draws: rows(draws), mask: rows(mask), y: rows(y.data), kept: Array.from(mask).filter((m) => m !== 0).length };
}

/** Rows and columns of a matrix printed when it has more elements than `LIMITS.wholeTerms`: its top left corner. */
const CORNER = 10;

/** Elements worked one by one when there are more than `LIMITS.wholeTerms`: the first row's first ones. */
const ELEMENTS_SHOWN = 10;

/** A matrix as a table; past `LIMITS.wholeTerms` elements, its top left corner, said in the title. */
function matrix(title: string, data: ArrayLike<number>, rows: number, cols: number): Table {
  const whole = rows * cols <= LIMITS.wholeTerms;
  const shownRows = whole ? rows : Math.min(rows, CORNER);
  const shownCols = whole ? cols : Math.min(cols, CORNER);
  const corner = whole ? "" : `the first ${shownRows} rows and ${shownCols} columns of ${formatCount(rows)} × ${formatCount(cols)}`;
  return {
    title: title === "" ? corner : corner === "" ? title : `${title} (${corner})`,
    columns: ["row", ...Array.from({ length: shownCols }, (_, c) => `column ${c + 1}`)],
    rows: Array.from({ length: shownRows }, (_, r) => [String(r + 1), ...Array.from({ length: shownCols }, (_, c) => data[r * cols + c])]),
  };
}

/** The worked solution of a dropout. */
export function dropoutWorked(record: DropoutRecord, options: { precision: number; title?: string }): Worked {
  const node = record.node;
  const x = node.inputs[0];
  const { mask } = dropoutSaved(node);
  const p = node.attributes.rate;
  const f = (v: number) => formatNumber(v, options.precision);
  const size = x.size;
  let kept = 0;
  for (const m of mask) if (m !== 0) kept++;
  // Past LIMITS.wholeTerms elements, the first ones stand for the rest: the tables and the note give them all.
  const groups =
    size <= LIMITS.wholeTerms
      ? Array.from({ length: x.rows }, (_, r) => ({
          title: x.rows > 1 ? `Row ${r + 1}` : "",
          steps: Array.from({ length: x.cols }, (_, c) => explainDropoutElement(node, r * x.cols + c)).flat(),
        }))
      : [
          {
            title: `Row 1, the first ${Math.min(ELEMENTS_SHOWN, x.cols)} of ${formatCount(size)} elements (more than the ${formatCount(LIMITS.wholeTerms)} worked whole; every element follows the same two rules)`,
            steps: Array.from({ length: Math.min(ELEMENTS_SHOWN, x.cols) }, (_, c) => explainDropoutElement(node, c)).flat(),
          },
        ];
  return {
    title: options.title ?? "Inverted dropout",
    summary: `${x.rows} × ${x.cols} input${record.problem.ones ? " of ones (so y shows the mask)" : ""}, p = ${f(p)}, mask drawn from the generator of seed ${record.problem.seed ?? 1}`,
    conventions: [
      "in training each element draws u uniformly from [0, 1): dropped when u < p, else kept and scaled by 1/(1 - p)",
      "the scaling keeps the expected value: E[y] = (1 - p)·x/(1 - p) = x, so evaluation keeps every element, unscaled",
      "the draws are made element by element, row by row, by the function the training layer uses (nn/layers/dropout.ts)",
    ],
    given: [{ title: "settings", values: [sym("p", undefined, undefined, p), sym("seed", undefined, undefined, record.problem.seed ?? 1)] }],
    sections: [
      section("input", "Input", { tables: [matrix("", x.data, x.rows, x.cols)] }),
      section("mask", "Mask and output", {
        formulas: [
          { lhs: sym("m"), rhs: dropoutMaskFormula(sym("u"), sym("p")) },
          { lhs: sym("y"), rhs: dropoutOutputFormula(sym("m"), sym("x")) },
        ],
        groups,
        tables: [matrix("Mask m", mask, x.rows, x.cols), matrix("Output y", node.output.data, x.rows, x.cols)],
      }),
    ],
    notes: [`${kept} of ${size} elements kept (${f((100 * kept) / size)}%), against ${f(100 * (1 - p))}% expected; each kept element is multiplied by 1/(1 - p) = ${f(1 / (1 - p))}.`],
  };
}

/** Drops out an input and renders the worked solution; JSON carries {@link dropoutResults}. */
export function explainDropout(problem: DropoutProblem, options: WorkedRenderOptions = {}): string {
  const record = runDropout(problem);
  return renderWorked(dropoutWorked(record, { precision: options.precision ?? 8, ...(problem.title !== undefined ? { title: problem.title } : {}) }), () => dropoutResults(record), options);
}
