/**
 * A {@link Worked} solution in one of the four formats of `tracegrad step`.
 *
 * @module
 */
import type { SolutionFormat } from "../explain-step.js";
import { DEFAULT_PRECISION } from "../../common/format-number.js";
import { workedToJson } from "./render-worked-json.js";
import { renderWorkedLatex } from "./render-worked-latex.js";
import { renderWorkedMarkdown } from "./render-worked-markdown.js";
import { renderWorkedText } from "./render-worked-text.js";
import type { Worked } from "./worked.js";

export interface WorkedRenderOptions {
  /** `text` (default), `markdown`, `latex` or `json`. */
  readonly format?: SolutionFormat;
  /** Significant digits (8 by default). */
  readonly precision?: number;
  /** Plain ASCII instead of Unicode in the text format. */
  readonly ascii?: boolean;
}

/**
 * Renders a worked solution. The JSON format is one object: `results` (the numbers, for programs)
 * with the solution beside them under `solution`; given as a function, the numbers are computed only
 * for the JSON format, the one that prints them.
 */
export function renderWorked(worked: Worked, results: object | (() => object), options: WorkedRenderOptions = {}): string {
  const precision = options.precision ?? DEFAULT_PRECISION;
  switch (options.format ?? "text") {
    case "text":
      return renderWorkedText(worked, { precision, ascii: options.ascii ?? false });
    case "markdown":
      return renderWorkedMarkdown(worked, { precision });
    case "latex":
      return renderWorkedLatex(worked, { precision });
    case "json":
      return JSON.stringify({ ...(typeof results === "function" ? results() : results), solution: workedToJson(worked, { precision }) }, null, 2) + "\n";
  }
}
