/**
 * Reading a matrix of numbers (rows × columns) for `tracegrad scale`, `batchnorm` and `dropout`: a
 * CSV file with a header row, or a YAML or JSON document holding a list of rows, a single row, or a
 * mapping of column names to their values. Mistakes are {@link InputError}s with the file, line and
 * column.
 *
 * @module
 */
import { CsvColumnsReader } from "../../data/csv.js";
import type { ValueBudget } from "../../data/csv.js";
import { InputError } from "../../common/input-error.js";
import { checkLimit, LIMITS } from "../../common/limits.js";
import { readNumbers } from "../../step/spec/read-numbers.js";
import { parseSource } from "../../common/source.js";
import type { ParsedSource } from "../../common/source.js";

/** A matrix and the names of its columns. */
export interface DataMatrix {
  /** rows × columns. */
  readonly values: number[][];
  /** The name of each column: the CSV header, the names of a YAML mapping, or `x1`, `x2`, .... */
  readonly columns: string[];
}

/** The budget of the numbers a worked solution of a smaller computation is given: `LIMITS.workedValues`. */
export const WORKED_VALUES: ValueBudget = { limit: LIMITS.workedValues, hint: "a worked solution works every one of them" };

/** Whether text is CSV: by the file's extension, else by a comma on a first line with no bracket or colon. */
export function isCsv(text: string, file: string | undefined): boolean {
  const lower = file?.toLowerCase() ?? "";
  if (lower.endsWith(".csv")) return true;
  if (/\.(json|ya?ml)$/.test(lower)) return false;
  const first = text.trimStart().split("\n")[0] ?? "";
  return first.includes(",") && !/[[{:]/.test(first);
}

function defaultColumns(count: number): string[] {
  return Array.from({ length: count }, (_, j) => `x${j + 1}`);
}

/** Reads a matrix from CSV text given in chunks: every cell a number, at most `budget` of them. */
export class CsvMatrixReader {
  private readonly reader: CsvColumnsReader;

  constructor(file: string | undefined, budget: ValueBudget = WORKED_VALUES) {
    this.reader = new CsvColumnsReader((header) => ({ numbers: header.map((_, c) => c) }), file, budget);
  }

  /** Reads the next chunk of text. */
  write(chunk: string): void {
    this.reader.write(chunk);
  }

  /** Finishes the text and returns the matrix. */
  end(): DataMatrix {
    const { header, rows, values: flat } = this.reader.end();
    const cols = header.length;
    const values = Array.from({ length: rows }, (_, r) => Array.from(flat.subarray(r * cols, (r + 1) * cols)));
    return { values, columns: header.map((h, j) => (h === "" ? `x${j + 1}` : h)) };
  }
}

function fromCsv(text: string, file: string | undefined, budget: ValueBudget): DataMatrix {
  const reader = new CsvMatrixReader(file, budget);
  reader.write(text);
  return reader.end();
}

/** Checks a matrix against a budget of its numbers; `error` makes the error of the reason. */
export function checkMatrixSize(rows: number, cols: number, budget: ValueBudget, error: (reason: string) => Error): void {
  checkLimit(rows * cols, budget.limit, `numbers (${rows.toLocaleString("en-US")} × ${cols.toLocaleString("en-US")})`, { hint: budget.hint, error });
}

/**
 * A matrix at `path` of a parsed document: a list of rows, or a mapping of columns `{x1: [5, 15, 10],
 * x2: [...]}`; more numbers than `budget` allows (`WORKED_VALUES` by default) are refused.
 */
export function matrixFromDocument(source: ParsedSource, path: readonly PropertyKey[] = [], budget: ValueBudget = WORKED_VALUES): DataMatrix {
  let value: unknown = source.value;
  for (const key of path) value = (value as Record<PropertyKey, unknown>)[key];
  if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.values(value).every(Array.isArray)) {
    // A mapping of columns: {x1: [5, 15, 10], x2: [20, 5, 30]}.
    const entries = Object.entries(value as Record<string, unknown[]>);
    if (entries.length === 0) throw source.error([...path], "is empty; expected a matrix of numbers");
    const columns = entries.map(([name, list]) => readNumbers(source, [...path, name], list, `the values of column ${name}`));
    const rows = columns[0].rows[0].length;
    checkMatrixSize(rows, entries.length, budget, (reason) => source.error([...path], reason));
    columns.forEach((c, j) => {
      if (c.rank !== 1) throw source.error([...path, entries[j][0]], "expected a list of numbers (one per row)");
      if (c.rows[0].length !== rows) throw source.error([...path, entries[j][0]], `has ${c.rows[0].length} values, but column ${entries[0][0]} has ${rows}`);
    });
    return { values: Array.from({ length: rows }, (_, r) => columns.map((c) => c.rows[0][r])), columns: entries.map(([name]) => name) };
  }
  const block = readNumbers(source, [...path], value, "a matrix of numbers (a list of rows)");
  checkMatrixSize(block.rows.length, block.rows[0]?.length ?? 0, budget, (reason) => source.error([...path], reason));
  const names = block.names?.[0] ?? null;
  return { values: block.rows, columns: names ?? defaultColumns(block.rows[0].length) };
}

function fromDocument(text: string, file: string | undefined, budget: ValueBudget): DataMatrix {
  return matrixFromDocument(parseSource(text, file), [], budget);
}

/**
 * Reads a matrix from CSV, YAML or JSON text; `file` names it in errors and picks the format. More
 * numbers than `budget` allows (`WORKED_VALUES` by default) are refused.
 */
export function parseDataMatrix(text: string, file?: string, budget: ValueBudget = WORKED_VALUES): DataMatrix {
  if (text.trim() === "") throw new InputError("the file is empty", { file });
  return isCsv(text, file) ? fromCsv(text, file, budget) : fromDocument(text, file, budget);
}

/** Reads a list of numbers given on the command line, `1,-2,0.5`. */
export function parseNumberList(text: string, option: string): number[] {
  const parts = text.split(",").map((s) => s.trim());
  return parts.map((part, i) => {
    const value = part === "" ? Number.NaN : Number(part);
    if (!Number.isFinite(value)) throw new InputError(`${option}: value ${i + 1} is not a number: ${JSON.stringify(part)} (give numbers separated by commas, as 1,-2,0.5)`);
    return value;
  });
}

/** Reads a matrix given on the command line, rows separated by semicolons: `1,2;3,4`. */
export function parseInlineMatrix(text: string, option: string): number[][] {
  const rows = text.split(";").map((row, r) => {
    try {
      return parseNumberList(row, option);
    } catch (error) {
      if (error instanceof InputError && text.includes(";")) throw new InputError(`${error.message.replace(/^[^:]*: /, `${option}: row ${r + 1}: `)}`);
      throw error;
    }
  });
  rows.forEach((row, r) => {
    if (row.length !== rows[0].length) throw new InputError(`${option}: row ${r + 1} has ${row.length} values, but row 1 has ${rows[0].length}`);
  });
  return rows;
}

/** Whether an option's value is a matrix written inline (numbers, commas and semicolons) rather than a file name. */
export function looksInline(text: string): boolean {
  return /^[-+0-9.eE,;\s]+$/.test(text) && /[0-9]/.test(text);
}
