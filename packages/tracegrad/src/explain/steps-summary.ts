/**
 * Several gradient-descent steps in a row, as `tracegrad step FILE --steps N` prints them: each step's
 * complete worked solution under its own heading, or (`--summary`) one table of the loss and every
 * parameter per step, as the online backpropagation calculators show their iterations.
 *
 * @module
 */
import { sym } from "../engine/expr.js";
import type { StepRecord } from "../step/run-step.js";
import { stepResults } from "../step/results.js";
import { explainStep } from "./explain-step.js";
import type { ExplainOptions } from "./explain-step.js";
import { renderWorked } from "./worked/render-worked.js";
import type { Table, Worked } from "./worked/worked.js";
import { section } from "./worked/worked.js";

/** The names of a step's parameters (w1, ..., b1, ...) in the order of the layers' updates. */
function parameterNames(record: StepRecord): string[] {
  const update = record.update!;
  return update.layers.flatMap((layer) => [
    ...Array.from(layer.weights.data, (v, k) => layer.weights.label?.value(k, v).name ?? `w${k + 1}`),
    ...(layer.bias === null ? [] : Array.from(layer.bias.data, (v, k) => layer.bias!.label?.value(k, v).name ?? `b${k + 1}`)),
  ]);
}

function parameterValues(record: StepRecord): number[] {
  return record.update!.layers.flatMap((layer) => [...Array.from(layer.weights.data), ...(layer.bias === null ? [] : Array.from(layer.bias.data))]);
}

/** The table of the loss before each step, every parameter after it, and the loss after it. */
export function stepsSummaryWorked(records: readonly StepRecord[], options: { precision: number }): Worked {
  const first = records[0];
  const L = first.spec.names.loss;
  const names = parameterNames(first);
  const table: Table = {
    title: "",
    columns: ["step", L, ...names, `${L} after`],
    rows: records.map((r, k) => [String(k + 1), r.forward.loss!.item(), ...parameterValues(r), r.after!.loss!.item()]),
  };
  const last = records[records.length - 1];
  return {
    title: `${first.spec.title ?? "Gradient descent"}: ${records.length} steps`,
    summary: `${L} from ${first.forward.loss!.item().toPrecision(options.precision)} to ${last.after!.loss!.item().toPrecision(options.precision)} in ${records.length} steps of η = ${first.spec.learningRate}`,
    conventions: ["each row: the loss before the step, every parameter after it, and the loss after it", "each step starts from the parameters the step before it left"],
    given: [{ title: "settings", values: [sym("eta", undefined, undefined, first.spec.learningRate!)] }],
    sections: [section("summary", "Loss and parameters per step", { tables: [table] })],
    notes: [],
  };
}

/** The numbers of steps in a row, as `--json` prints them. */
export function stepsResults(records: readonly StepRecord[]) {
  return { steps: records.map((r, k) => ({ step: k + 1, ...stepResults(r) })) };
}

/** Renders steps in a row: each step's worked solution, or with `summary` the table of {@link stepsSummaryWorked}. */
export function explainSteps(records: readonly StepRecord[], options: ExplainOptions & { summary?: boolean } = {}): string {
  const format = options.format ?? "text";
  const precision = options.precision ?? 8;
  if (options.summary) return renderWorked(stepsSummaryWorked(records, { precision }), () => stepsResults(records), { format, precision, ascii: options.ascii ?? false });
  if (format === "json") return JSON.stringify(stepsResults(records), null, 2) + "\n";
  const heading = (k: number) => {
    const text = `Step ${k + 1} of ${records.length}`;
    if (format === "markdown") return `# ${text}\n\n`;
    if (format === "latex") return `\\section*{${text}}\n\n`;
    return `${"=".repeat(text.length)}\n${text}\n${"=".repeat(text.length)}\n\n`;
  };
  return records.map((r, k) => heading(k) + explainStep(r, { ...options, ...(k > 0 ? { notes: [] } : {}) })).join("\n");
}
