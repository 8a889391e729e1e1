/**
 * A data option or argument of the worked-solution commands: a matrix written inline (`1,2;3,4`) or
 * the name of a CSV, YAML or JSON file.
 *
 * @module
 */
import { existsSync } from "node:fs";
import type { DataMatrix } from "tracegrad/internal/explain/worked/read-matrix";
import { looksInline, parseDataMatrix, parseInlineMatrix } from "tracegrad/internal/explain/worked/read-matrix";
import { readTextFile } from "../../files/read-text-file.js";

/** The matrix a data argument names; `option` names it in errors about an inline matrix. */
export function readData(value: string, option: string): DataMatrix {
  if (looksInline(value) && !existsSync(value)) {
    const values = parseInlineMatrix(value, option);
    return { values, columns: values[0].map((_, j) => `x${j + 1}`) };
  }
  return parseDataMatrix(readTextFile(value), value);
}
