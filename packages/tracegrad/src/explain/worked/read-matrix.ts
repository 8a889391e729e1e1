/**
 * Reading a matrix of numbers (rows × columns) for `tracegrad scale`, `batchnorm` and `dropout`: a
 * CSV file with a header row, or a YAML or JSON document holding a list of rows, a single row, or a
 * mapping of column names to their values. Mistakes are {@link InputError}s with the file, line and
 * column.
 *
 * @module
 */
import { numericColumns, parseCsv } from "../../data/csv.js";
import { InputError } from "../../common/input-error.js";
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

/** Whether text is CSV: by the file's extension, else by a comma on a first line with no bracket or colon. */
function isCsv(text: string, file: string | undefined): boolean {
  const lower = file?.toLowerCase() ?? "";
  if (lower.endsWith(".csv")) return true;
  if (/\.(json|ya?ml)$/.test(lower)) return false;
  const first = text.trimStart().split("\n")[0] ?? "";
  return first.includes(",") && !/[[{:]/.test(first);
}

function defaultColumns(count: number): string[] {
  return Array.from({ length: count }, (_, j) => `x${j + 1}`);
}

function fromCsv(text: string, file: string | undefined): DataMatrix {
  const table = parseCsv(text, file);
  const cols = table.header.length;
  const flat = numericColumns(table, table.header.map((_, c) => c), file);
  const values = table.rows.map((_, r) => Array.from(flat.subarray(r * cols, (r + 1) * cols)));
  return { values, columns: table.header.map((h, j) => (h === "" ? `x${j + 1}` : h)) };
}

/** A matrix at `path` of a parsed document: a list of rows, or a mapping of columns `{x1: [5, 15, 10], x2: [...]}`. */
export function matrixFromDocument(source: ParsedSource, path: readonly PropertyKey[] = []): DataMatrix {
  let value: unknown = source.value;
  for (const key of path) value = (value as Record<PropertyKey, unknown>)[key];
  if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.values(value).every(Array.isArray)) {
    // A mapping of columns: {x1: [5, 15, 10], x2: [20, 5, 30]}.
    const entries = Object.entries(value as Record<string, unknown[]>);
    if (entries.length === 0) throw source.error([...path], "is empty; expected a matrix of numbers");
    const columns = entries.map(([name, list]) => readNumbers(source, [...path, name], list, `the values of column ${name}`));
    const rows = columns[0].rows[0].length;
    columns.forEach((c, j) => {
      if (c.rank !== 1) throw source.error([...path, entries[j][0]], "expected a list of numbers (one per row)");
      if (c.rows[0].length !== rows) throw source.error([...path, entries[j][0]], `has ${c.rows[0].length} values, but column ${entries[0][0]} has ${rows}`);
    });
    return { values: Array.from({ length: rows }, (_, r) => columns.map((c) => c.rows[0][r])), columns: entries.map(([name]) => name) };
  }
  const block = readNumbers(source, [...path], value, "a matrix of numbers (a list of rows)");
  const names = block.names?.[0] ?? null;
  return { values: block.rows, columns: names ?? defaultColumns(block.rows[0].length) };
}

function fromDocument(text: string, file: string | undefined): DataMatrix {
  return matrixFromDocument(parseSource(text, file));
}

/** Reads a matrix from CSV, YAML or JSON text; `file` names it in errors and picks the format. */
export function parseDataMatrix(text: string, file?: string): DataMatrix {
  if (text.trim() === "") throw new InputError("the file is empty", { file });
  return isCsv(text, file) ? fromCsv(text, file) : fromDocument(text, file);
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
