/**
 * `tracegrad scale DATA --method minmax|standardize`: the worked solution of feature scaling. DATA is a
 * CSV or matrix file, or a problem file (YAML or JSON with `data:`, `method:`, `std:`, and a title,
 * source, notes and published answers); the flags override the problem file's settings.
 *
 * @module
 */
import { DEVIATIONS, SCALER_METHODS, runScale, scaleResults, scaleWorked, scaledCsv } from "tracegrad/internal/explain/scale/explain-scale";
import { parseDataMatrix } from "tracegrad/internal/explain/worked/read-matrix";
import type { DataMatrix } from "tracegrad/internal/explain/worked/read-matrix";
import { isScaleProblem, readScaleProblemFile } from "tracegrad/internal/explain/scale/scale-problem-file";
import type { ScaleProblem } from "tracegrad/internal/explain/scale/scale-problem-file";
import { withProblemText } from "tracegrad/internal/explain/worked/published";
import { parseSource } from "tracegrad/internal/common/source";
import type { ParsedSource } from "tracegrad/internal/common/source";
import { readTextFile } from "../../files/read-text-file.js";
import { resolveNamedFile } from "../../files/named-file.js";
import { renderWorked } from "tracegrad/internal/explain/worked/render-worked";
import { readMatrixFile } from "./read-data.js";
import { writeFileAtomic } from "../../files/write-file-atomic.js";
import { InputError } from "tracegrad";
import type { WorkedCliOptions } from "./worked-options.js";
import { checkWorkedTargets, choiceOption, emitWorked, renderOptions } from "./worked-options.js";

export interface ScaleCommandOptions extends WorkedCliOptions {
  method?: string;
  std?: string;
  scaledOut?: string;
  allowOutside?: boolean;
}

/**
 * The data and the problem around it: a CSV file (read in chunks), a matrix file, or a problem file
 * (YAML or JSON with `data:`), whose `data:` may name a CSV file: relative to the problem file, and
 * inside its folder unless `allowOutside`.
 */
/**
 * The matrix of the file a problem's `data:` names. A file that cannot be read (missing, a folder, not
 * text) is said at the problem's `data:` field; a mistake inside the file, at its own place there.
 */
function readNamedMatrix(path: string, problem: ParsedSource): DataMatrix {
  try {
    return readMatrixFile(path);
  } catch (error) {
    if (!(error instanceof InputError) || error.file !== undefined) throw error;
    throw problem.error(["data"], `${error.message} (named by data)`);
  }
}

function readScaleInput(file: string, allowOutside: boolean): { data: DataMatrix; problem: ScaleProblem | null } {
  if (/\.csv$/i.test(file)) return { data: readMatrixFile(file), problem: null };
  const text = readTextFile(file);
  const document = parseSource(text, file);
  if (isScaleProblem(document)) {
    const problem = readScaleProblemFile(document);
    if (!("file" in problem.data)) return { data: problem.data, problem };
    const position = document.locate(["data"]);
    const named = resolveNamedFile({ file, field: "data", ...(position !== undefined ? { position } : {}) }, problem.data.file, allowOutside);
    return { data: readNamedMatrix(named, document), problem };
  }
  return { data: parseDataMatrix(text, file), problem: null };
}

export function scaleCommand(file: string, options: ScaleCommandOptions): number {
  checkWorkedTargets(options, [{ option: "--scaled-out", path: options.scaledOut, kind: "file" }], [file]);
  const { data, problem } = readScaleInput(file, options.allowOutside === true);
  const chosen = options.method ?? problem?.method;
  if (chosen === undefined) throw new InputError(`--method: give the method, ${SCALER_METHODS.join(" or ")} (or a problem file that names it)`);
  const method = choiceOption(chosen, SCALER_METHODS, "--method");
  const deviation = choiceOption(options.std ?? problem?.deviation ?? "population", DEVIATIONS, "--std");
  const { format, precision } = renderOptions(options);
  if (method === "standardize" && deviation === "sample" && data.values.length < 2) {
    throw new InputError("--std sample divides by n - 1, so it needs at least 2 rows; this file has 1 (use --std population)", { file });
  }
  const record = runScale(data, { method, deviation });
  const worked = withProblemText(scaleWorked(record, { method, deviation, precision }), problem?.text, precision);
  const solution = renderWorked(worked, () => scaleResults(record), { format, precision });
  // The file first: should it fail, nothing has been printed.
  if (options.scaledOut !== undefined) writeFileAtomic(options.scaledOut, scaledCsv(record));
  emitWorked(solution, options);
  return 0;
}
