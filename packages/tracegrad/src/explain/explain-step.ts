/**
 * The worked solution of a step, rendered in one of four formats.
 *
 * @module
 */
import { DEFAULT_PRECISION } from "../common/format-number.js";
import { stepResults } from "../step/results.js";
import type { StepRecord } from "../step/run-step.js";
import { buildSolution } from "./solution.js";
import type { SectionId } from "./solution.js";
import { renderWorked } from "./worked/render-worked.js";

/** @category Worked solutions */
export const SOLUTION_FORMATS = ["text", "markdown", "latex", "json"] as const;
/** @category Worked solutions */
export type SolutionFormat = (typeof SOLUTION_FORMATS)[number];

/** @category Worked solutions */
export interface ExplainOptions {
  /** `text` (default), `markdown`, `latex` or `json`. */
  readonly format?: SolutionFormat;
  /** Significant digits (8 by default). */
  readonly precision?: number;
  /** The sections to print (all by default). */
  readonly only?: readonly SectionId[];
  /** Plain ASCII instead of Unicode in the text format. */
  readonly ascii?: boolean;
  /**
   * Notes to print after the spec's own: where a source's published answers differ
   * (`publishedNotes` of `exercise/check.ts`, which grades them), or anything a caller adds.
   */
  readonly notes?: readonly string[];
}

/**
 * Renders the worked solution of a recorded step. The JSON format is one object: the numbers of
 * {@link stepResults} with the solution beside them under `solution`.
 */
export function explainStep(record: StepRecord, options: ExplainOptions = {}): string {
  const precision = options.precision ?? DEFAULT_PRECISION;
  const solution = buildSolution(record, { precision, ...(options.only !== undefined ? { only: options.only } : {}), extraNotes: options.notes ?? [] });
  return renderWorked(solution, () => stepResults(record), { format: options.format ?? "text", precision, ascii: options.ascii ?? false });
}
