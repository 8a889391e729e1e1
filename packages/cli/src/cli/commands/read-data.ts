/**
 * A data option or argument of the worked-solution commands: a matrix written inline (`1,2;3,4`) or
 * the name of a CSV, YAML or JSON file. A CSV file is read in chunks and refused at the row that
 * passes the budget of numbers; a YAML or JSON file goes through the size-checked reader.
 *
 * @module
 */
import { existsSync } from "node:fs";
import type { ValueBudget } from "tracegrad/internal/data/csv";
import type { DataMatrix } from "tracegrad/internal/explain/worked/read-matrix";
import { checkMatrixSize, CsvMatrixReader, looksInline, parseDataMatrix, parseInlineMatrix, WORKED_VALUES } from "tracegrad/internal/explain/worked/read-matrix";
import { InputError } from "tracegrad/internal/common/input-error";
import { readTextFile, streamTextFile } from "../../files/read-text-file.js";

/** Reads a matrix file: CSV (by its extension) in chunks, anything else whole. */
export function readMatrixFile(path: string, budget: ValueBudget = WORKED_VALUES): DataMatrix {
  if (path.toLowerCase().endsWith(".csv")) {
    const reader = new CsvMatrixReader(path, budget);
    streamTextFile(path, (text) => reader.write(text));
    return reader.end();
  }
  return parseDataMatrix(readTextFile(path), path, budget);
}

/** The matrix a data argument names; `option` names it in errors about an inline matrix. */
export function readData(value: string, option: string, budget: ValueBudget = WORKED_VALUES): DataMatrix {
  if (value.trim() === "") throw new InputError(`${option}: give a file name or rows of numbers (as 1,2;3,4), not an empty string`);
  if (looksInline(value) && !existsSync(value)) {
    const values = parseInlineMatrix(value, option);
    checkMatrixSize(values.length, values[0].length, budget, (reason) => new InputError(`${option}: ${reason}`));
    return { values, columns: values[0].map((_, j) => `x${j + 1}`) };
  }
  return readMatrixFile(value, budget);
}
