/**
 * `tracegrad scale DATA --method minmax|standardize`: the worked solution of feature scaling.
 *
 * @module
 */
import { DEVIATIONS, SCALER_METHODS, runScale, scaleResults, scaleWorked, scaledCsv } from "tracegrad/internal/explain/scale/explain-scale";
import { renderWorked } from "tracegrad/internal/explain/worked/render-worked";
import { readMatrixFile } from "./read-data.js";
import { writeFileAtomic } from "../../files/write-file-atomic.js";
import { InputError } from "tracegrad/internal/common/input-error";
import type { WorkedCliOptions } from "./worked-options.js";
import { checkWorkedTargets, choiceOption, emitWorked, renderOptions } from "./worked-options.js";

export interface ScaleCommandOptions extends WorkedCliOptions {
  method?: string;
  std?: string;
  scaledOut?: string;
}

export function scaleCommand(file: string, options: ScaleCommandOptions): number {
  checkWorkedTargets(options, [{ option: "--scaled-out", path: options.scaledOut, kind: "file" }]);
  const method = choiceOption(options.method ?? "standardize", SCALER_METHODS, "--method");
  const deviation = choiceOption(options.std ?? "population", DEVIATIONS, "--std");
  const { format, precision } = renderOptions(options);
  const data = readMatrixFile(file);
  if (method === "standardize" && deviation === "sample" && data.values.length < 2) {
    throw new InputError("--std sample divides by n - 1, so it needs at least 2 rows; this file has 1 (use --std population)", { file });
  }
  const record = runScale(data, { method, deviation });
  const solution = renderWorked(scaleWorked(record, { method, deviation, precision }), () => scaleResults(record), { format, precision });
  // The file first: should it fail, nothing has been printed.
  if (options.scaledOut !== undefined) writeFileAtomic(options.scaledOut, scaledCsv(record));
  emitWorked(solution, options);
  return 0;
}
