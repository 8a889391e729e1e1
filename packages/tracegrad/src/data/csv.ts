/**
 * Reading data sets from CSV text with a header row, whose names must all differ. Every feature must
 * be a number; the target columns (the last column unless named) hold class labels (any text, or
 * integers) or values.
 *
 * @module
 */
import { parse } from "csv-parse/sync";
import { InputError } from "../common/input-error.js";
import { classificationDataset } from "./dataset.js";
import type { Dataset } from "./dataset.js";

export interface CsvTable {
  readonly header: string[];
  /** The cells, as text, one array per data row. */
  readonly rows: string[][];
  /** The line in the file of each data row (from 1). */
  readonly lines: number[];
}

/** Parses CSV text with a header row. */
export function parseCsv(text: string, file?: string): CsvTable {
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, skip_empty_lines: true, trim: true, relax_column_count: false }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const e = error as { message: string; lines?: number };
    throw new InputError(`malformed CSV: ${e.message.replace(/^Invalid Record Length: /, "")}`, { file, ...(e.lines !== undefined ? { position: { line: e.lines, column: 1 } } : {}) });
  }
  if (records.length === 0) throw new InputError("the file is empty", { file });
  if (records.length === 1) throw new InputError("has a header row but no data", { file, position: { line: 1, column: 1 } });
  const header = records[0].record;
  header.forEach((name, j) => {
    const first = header.indexOf(name);
    if (first < j) throw new InputError(`the header names "${name}" twice, in columns ${first + 1} and ${j + 1}; every column needs its own name`, { file, position: { line: 1, column: j + 1 } });
  });
  return { header, rows: records.slice(1).map((r) => r.record), lines: records.slice(1).map((r) => r.info.lines) };
}

/** The cells of a table as numbers; a cell that is not one is an {@link InputError} at its line and column. */
export function numericColumns(table: CsvTable, columns: number[], file?: string): Float64Array {
  const out = new Float64Array(table.rows.length * columns.length);
  table.rows.forEach((row, r) =>
    columns.forEach((c, j) => {
      const cell = row[c];
      const value = cell === "" ? Number.NaN : Number(cell);
      if (!Number.isFinite(value))
        throw new InputError(`column "${table.header[c]}": expected a number, got ${JSON.stringify(cell)}`, { file, position: { line: table.lines[r], column: c + 1 } });
      out[r * columns.length + j] = value;
    }),
  );
  return out;
}

/** @category Data */
export interface CsvDatasetOptions {
  /** The target columns, by name (the last column by default). */
  readonly target?: readonly string[];
  /** `classification` treats the targets as labels, `regression` as values; `auto` decides from the values. */
  readonly task?: "auto" | "classification" | "regression";
  readonly oneHot?: boolean;
}

/** A data set from CSV text. */
export function csvDataset(text: string, file: string | undefined, options: CsvDatasetOptions = {}): Dataset {
  const table = parseCsv(text, file);
  const targetNames = options.target ?? [table.header[table.header.length - 1]];
  const targets = targetNames.map((name) => {
    const index = table.header.indexOf(name);
    if (index < 0) throw new InputError(`no column named "${name}"; the columns are ${table.header.join(", ")}`, { file, position: { line: 1, column: 1 } });
    return index;
  });
  const features = table.header.map((_, i) => i).filter((i) => !targets.includes(i));
  if (features.length === 0) throw new InputError("no feature columns besides the target", { file, position: { line: 1, column: 1 } });
  const x = numericColumns(table, features, file);
  const featureNames = features.map((i) => table.header[i]);
  const values = table.rows.map((row) => row[targets[0]]);
  const numeric = values.every((v) => v !== "" && Number.isFinite(Number(v)));
  const task = options.task ?? "auto";
  const classification = targets.length === 1 && (task === "classification" || (task === "auto" && (!numeric || (values.every((v) => Number.isInteger(Number(v))) && new Set(values).size <= 20))));
  if (classification) {
    const names = [...new Set(values)].sort((a, b) => (numeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
    const labels = Int32Array.from(values, (v) => names.indexOf(v));
    return classificationDataset(x, features.length, labels, names.length, { featureNames, classNames: names, oneHot: options.oneHot ?? false });
  }
  const y = numericColumns(table, targets, file);
  return { x, y, n: table.rows.length, features: features.length, outputs: targets.length, featureNames };
}
