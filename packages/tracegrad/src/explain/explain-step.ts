/**
 * The worked solution of a step, rendered in one of four formats.
 *
 * @module
 */
import { DEFAULT_PRECISION, formatNumber } from "../common/format-number.js";
import { gradeRecord } from "../grade/grade.js";
import { stepResults } from "../step/results.js";
import type { StepRecord } from "../step/run-step.js";
import { buildSolution } from "./solution.js";
import type { SectionId } from "./solution.js";
import { renderWorked } from "./worked/render-worked.js";

export const SOLUTION_FORMATS = ["text", "markdown", "latex", "json"] as const;
export type SolutionFormat = (typeof SOLUTION_FORMATS)[number];

export interface ExplainOptions {
  /** `text` (default), `markdown`, `latex` or `json`. */
  readonly format?: SolutionFormat;
  /** Significant digits (8 by default). */
  readonly precision?: number;
  /** The sections to print (all by default). */
  readonly only?: readonly SectionId[];
  /** Plain ASCII instead of Unicode in the text format. */
  readonly ascii?: boolean;
}

/**
 * Renders the worked solution of a recorded step. The JSON format is one object: the numbers of
 * {@link stepResults} with the solution beside them under `solution`.
 */
export function explainStep(record: StepRecord, options: ExplainOptions = {}): string {
  const precision = options.precision ?? DEFAULT_PRECISION;
  const solution = buildSolution(record, { precision, ...(options.only !== undefined ? { only: options.only } : {}), extraNotes: publishedNotes(record, precision) });
  return renderWorked(solution, stepResults(record), { format: options.format ?? "text", precision, ascii: options.ascii ?? false });
}

/**
 * Where the answers a spec's source published (its `published:` field, in the answers format of
 * `tracegrad check`) differ from the engine's values by more than their own rounding, each with its
 * diagnosis. (A published value is held to the digits it prints, not to the 0.5% a learner gets.)
 */
export function publishedNotes(record: StepRecord, precision: number): string[] {
  const published = record.spec.published;
  if (published === undefined || published === null || typeof published !== "object") return [];
  // Read from the document they came from, for the line and column of a mistake in them (a copy of
  // the spec, perhaps with other answers, has no document: see withOrigin).
  const where = record.spec.publishedAt;
  const [answers, at] = where !== undefined ? [where.source, where.path] : [{ published }, ["published"]];
  const report = gradeRecord(record, answers, { precision, at, printedPrecision: true, answeredBy: "source" });
  const source = record.spec.source ?? "the source";
  return report.items
    .filter((item) => !item.ok)
    .map(
      (item) =>
        `Where ${source} differs: it publishes ${item.quantity} = ${formatNumber(item.given, precision)}; the value is ${formatNumber(item.expected, precision)}` +
        `${item.diagnosis !== null ? ` (${item.diagnosis})` : ""}.${item.explanation !== null ? ` ${item.explanation}` : ""}`,
    );
}
