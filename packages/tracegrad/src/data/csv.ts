/**
 * Reading data sets from CSV text with a header row, whose names must all differ. Every feature must
 * be a number; the target columns (the last column unless named) hold class labels (any text, or
 * integers) or values.
 *
 * The readers take the text in chunks ({@link CsvDatasetReader}, {@link CsvColumnsReader}) and keep
 * only numbers, in typed arrays, so a file of a million rows costs memory for its numbers, not its
 * text; `LIMITS.csvValues` bounds them. Mistakes are {@link InputError}s at the line and the
 * column (a cell number, from 1).
 *
 * @module
 */
import { isDecimalNumber } from "../common/decimal.js";
import { InputError } from "../common/input-error.js";
import { quote } from "../common/excerpt.js";
import { checkLimit, LIMITS } from "../common/limits.js";
import { CsvParser } from "./csv-parser.js";
import { classificationDataset } from "./dataset.js";
import type { Dataset } from "./dataset.js";
import { GrowableFloat64, GrowableInt32 } from "./growable.js";

export interface CsvTable {
  readonly header: string[];
  /** The cells, as text, one array per data row. */
  readonly rows: string[][];
  /** The line in the file of each data row (from 1). */
  readonly lines: number[];
}

/** What a reader of rows does with the header and each row. */
export interface CsvRowHandler {
  /** Called once, with the header's names (checked to differ). */
  header(names: readonly string[]): void;
  /** Called for each data row, with as many cells as the header has names. */
  row(cells: readonly string[], line: number): void;
}

/**
 * CSV text in chunks, as a header and rows of its width: a header that names a column twice, a row of
 * another width, a file with no header or no data row is an {@link InputError}.
 */
export class CsvRows {
  private readonly parser: CsvParser;
  private names: readonly string[] | null = null;
  private count = 0;

  constructor(
    private readonly handler: CsvRowHandler,
    private readonly file?: string,
  ) {
    this.parser = new CsvParser((cells, line) => this.record(cells, line), file);
  }

  private record(cells: string[], line: number): void {
    if (this.names === null) {
      const seen = new Map<string, number>();
      cells.forEach((name, j) => {
        const first = seen.get(name);
        if (first !== undefined) throw new InputError(`the header names ${quote(name)} twice, in columns ${first + 1} and ${j + 1}; every column needs its own name`, { file: this.file, position: { line, column: j + 1 } });
        seen.set(name, j);
      });
      this.names = cells;
      this.handler.header(cells);
      return;
    }
    if (cells.length !== this.names.length) {
      throw new InputError(`malformed CSV: this row has ${cells.length} cell${cells.length === 1 ? "" : "s"}; the header has ${this.names.length} columns`, { file: this.file, position: { line, column: 1 } });
    }
    this.count++;
    this.handler.row(cells, line);
  }

  /** Reads the next chunk of text. */
  write(chunk: string): void {
    this.parser.write(chunk);
  }

  /** Finishes the text; returns the number of data rows. */
  end(): number {
    this.parser.end();
    if (this.names === null) throw new InputError("the file is empty", { file: this.file });
    if (this.count === 0) throw new InputError("has a header row but no data", { file: this.file, position: { line: 1, column: 1 } });
    return this.count;
  }
}

/** A cell as a number: NaN for an empty cell or one that is not a finite decimal number. */
function cellNumber(cell: string): number {
  // A CSV number is decimal, spaces around it allowed.
  if (!isDecimalNumber(cell.trim())) return Number.NaN;
  const value = Number(cell);
  return Number.isFinite(value) ? value : Number.NaN;
}

function notANumber(column: string, cell: string, file: string | undefined, line: number, index: number): InputError {
  return new InputError(`column ${quote(column)}: expected a number, got ${quote(cell)}`, { file, position: { line, column: index + 1 } });
}

/** A budget of the numbers a reader keeps, and why it is there. */
export interface ValueBudget {
  readonly limit: number;
  readonly hint: string;
}

/** The budget of any CSV file: `LIMITS.csvValues`. */
const CSV_VALUES: ValueBudget = { limit: LIMITS.csvValues, hint: "256 MB of Float64" };

/** Checks that the numbers kept so far stay within the budget, at the line that goes past it. */
function checkValues(kept: number, budget: ValueBudget, file: string | undefined, line: number): void {
  checkLimit(kept, budget.limit, "numbers by this row", {
    hint: budget.hint,
    error: (reason) => new InputError(reason, { file, position: { line, column: 1 } }),
  });
}

/** Parses CSV text with a header row, keeping every cell as text (for small texts; the readers below stream). */
export function parseCsv(text: string, file?: string): CsvTable {
  let header: string[] = [];
  const rows: string[][] = [];
  const lines: number[] = [];
  const reader = new CsvRows(
    {
      header: (names) => (header = [...names]),
      row: (cells, line) => {
        rows.push([...cells]);
        lines.push(line);
      },
    },
    file,
  );
  reader.write(text);
  reader.end();
  return { header, rows, lines };
}

/** The cells of a table as numbers; a cell that is not one is an {@link InputError} at its line and column. */
export function numericColumns(table: CsvTable, columns: number[], file?: string): Float64Array {
  const out = new Float64Array(table.rows.length * columns.length);
  table.rows.forEach((row, r) =>
    columns.forEach((c, j) => {
      const value = cellNumber(row[c]);
      if (Number.isNaN(value)) throw notANumber(table.header[c], row[c], file, table.lines[r], c);
      out[r * columns.length + j] = value;
    }),
  );
  return out;
}

/** Which columns a {@link CsvColumnsReader} keeps, chosen once the header is known. */
export interface CsvColumnsPlan {
  /** Columns read as numbers, in this order (every cell must be one). */
  readonly numbers: readonly number[];
  /** A column read as a label, each cell mapped to a whole number by `id` (which may throw). */
  readonly label?: { readonly column: number; readonly id: (cell: string, line: number) => number };
}

/** What a {@link CsvColumnsReader} read. */
export interface CsvColumns {
  readonly header: readonly string[];
  readonly rows: number;
  /** rows × the plan's `numbers`, row by row. */
  readonly values: Float64Array;
  /** The label of each row, when the plan reads one. */
  readonly labels?: Int32Array;
}

/** Reads chosen columns of CSV text, in chunks, as numbers (and one column as labels). */
export class CsvColumnsReader {
  private readonly rows: CsvRows;
  private plan: CsvColumnsPlan | null = null;
  private names: readonly string[] = [];
  private readonly values = new GrowableFloat64();
  private readonly labels = new GrowableInt32();

  /**
   * @param choose picks the columns from the header (and may refuse it with an {@link InputError}).
   * @param file names the text in errors.
   * @param budget the most numbers kept (`LIMITS.csvValues` by default).
   */
  constructor(
    choose: (header: readonly string[]) => CsvColumnsPlan,
    private readonly file?: string,
    private readonly budget: ValueBudget = CSV_VALUES,
  ) {
    this.rows = new CsvRows(
      {
        header: (names) => {
          this.names = names;
          this.plan = choose(names);
        },
        row: (cells, line) => this.row(cells, line),
      },
      file,
    );
  }

  private row(cells: readonly string[], line: number): void {
    const plan = this.plan!;
    for (const c of plan.numbers) {
      const value = cellNumber(cells[c]);
      if (Number.isNaN(value)) throw notANumber(this.names[c], cells[c], this.file, line, c);
      this.values.push(value);
    }
    checkValues(this.values.length, this.budget, this.file, line);
    if (plan.label !== undefined) this.labels.push(plan.label.id(cells[plan.label.column], line));
  }

  /** Reads the next chunk of text. */
  write(chunk: string): void {
    this.rows.write(chunk);
  }

  /** Finishes the text and returns the columns. */
  end(): CsvColumns {
    const rows = this.rows.end();
    return { header: this.names, rows, values: this.values.values(), ...(this.plan?.label !== undefined ? { labels: this.labels.values() } : {}) };
  }
}

/** @category Data */
export interface CsvDatasetOptions {
  /** The target columns, by name (the last column by default). */
  readonly target?: readonly string[];
  /** `classification` treats the targets as labels, `regression` as values; `auto` decides from the values. */
  readonly task?: "auto" | "classification" | "regression";
  readonly oneHot?: boolean;
}

/** Labels told apart at most, by `auto`, for a column of whole numbers to count as classes. */
const AUTO_CLASSES = 20;

/**
 * Reads a data set from CSV text in chunks. The features must be numbers; a single target column is
 * read both as text labels and as numbers until the end, where the task is decided as before: labels
 * when they are text, or whole numbers with at most 20 values, values otherwise (`auto`).
 */
export class CsvDatasetReader {
  private readonly rows: CsvRows;
  private header: readonly string[] = [];
  private features: number[] = [];
  private targets: number[] = [];
  private readonly x = new GrowableFloat64();
  private readonly y = new GrowableFloat64();
  /** The label of each row, an index into `labelNames` in order of first appearance (one target column only). */
  private readonly labelIds = new GrowableInt32();
  private readonly labelNames = new Map<string, number>();
  /** Whether the labels are still told apart (dropped past the class budget when every value is a number). */
  private keepLabels = true;
  private allNumeric = true;
  private allIntegers = true;
  /** The first target cell that is not a number, for the error of a regression. */
  private firstText: { cell: string; line: number; column: number } | null = null;

  constructor(
    private readonly file: string | undefined,
    private readonly options: CsvDatasetOptions = {},
  ) {
    this.rows = new CsvRows({ header: (names) => this.chooseColumns(names), row: (cells, line) => this.row(cells, line) }, file);
  }

  private at(line: number, column = 1) {
    return { file: this.file, position: { line, column } };
  }

  private chooseColumns(header: readonly string[]): void {
    this.header = header;
    const names = this.options.target ?? [header[header.length - 1]];
    this.targets = names.map((name) => {
      const index = header.indexOf(name);
      if (index < 0) throw new InputError(`no column named ${quote(name)}; the columns are ${header.length > 20 ? `${header.slice(0, 20).join(", ")}, ...` : header.join(", ")}`, this.at(1));
      return index;
    });
    this.features = header.map((_, i) => i).filter((i) => !this.targets.includes(i));
    if (this.features.length === 0) throw new InputError("no feature columns besides the target", this.at(1));
  }

  private row(cells: readonly string[], line: number): void {
    for (const c of this.features) {
      const value = cellNumber(cells[c]);
      if (Number.isNaN(value)) throw notANumber(this.header[c], cells[c], this.file, line, c);
      this.x.push(value);
    }
    if (this.targets.length > 1) {
      for (const c of this.targets) {
        const value = cellNumber(cells[c]);
        if (Number.isNaN(value)) throw notANumber(this.header[c], cells[c], this.file, line, c);
        this.y.push(value);
      }
    } else {
      this.target(cells[this.targets[0]], line);
    }
    checkValues(this.x.length + this.y.length, CSV_VALUES, this.file, line);
  }

  /** Keeps a single target cell both as a number and as a label. */
  private target(cell: string, line: number): void {
    const value = cellNumber(cell);
    this.y.push(value);
    if (Number.isNaN(value)) {
      this.allNumeric = false;
      this.firstText ??= { cell, line, column: this.targets[0] + 1 };
    } else if (!Number.isInteger(value)) {
      this.allIntegers = false;
    }
    if (!this.keepLabels) {
      if (!this.allNumeric) this.tooManyClasses(line);
      return;
    }
    let id = this.labelNames.get(cell);
    if (id === undefined) {
      id = this.labelNames.size;
      if (id >= LIMITS.classes) {
        // Past the budget of classes only a column of numbers (a regression) can still be read.
        if (!this.allNumeric || this.options.task === "classification") this.tooManyClasses(line);
        this.keepLabels = false;
        return;
      }
      this.labelNames.set(cell, id);
    }
    this.labelIds.push(id);
  }

  private tooManyClasses(line: number): never {
    throw new InputError(`the target column ${quote(this.header[this.targets[0]])} holds more than ${LIMITS.classes.toLocaleString("en-US")} different labels by here; the limit of classes is ${LIMITS.classes.toLocaleString("en-US")}`, this.at(line, this.targets[0] + 1));
  }

  /** Reads the next chunk of text. */
  write(chunk: string): void {
    this.rows.write(chunk);
  }

  /** Finishes the text and returns the data set. */
  end(): Dataset {
    const n = this.rows.end();
    const x = this.x.values();
    const featureNames = this.features.map((i) => this.header[i]);
    const task = this.options.task ?? "auto";
    const classification =
      this.targets.length === 1 &&
      this.keepLabels &&
      (task === "classification" || (task === "auto" && (!this.allNumeric || (this.allIntegers && this.labelNames.size <= AUTO_CLASSES))));
    if (classification) {
      const byAppearance = [...this.labelNames.keys()];
      const names = [...byAppearance].sort((a, b) => (this.allNumeric ? Number(a) - Number(b) : a < b ? -1 : a > b ? 1 : 0));
      const sortedIndex = new Map(names.map((name, i) => [name, i]));
      const order = Int32Array.from(byAppearance, (name) => sortedIndex.get(name)!);
      const labels = Int32Array.from(this.labelIds.values(), (id) => order[id]);
      return classificationDataset(x, this.features.length, labels, names.length, { featureNames, classNames: names, oneHot: this.options.oneHot ?? false });
    }
    if (this.targets.length === 1 && this.firstText !== null) {
      const { cell, line, column } = this.firstText;
      throw notANumber(this.header[this.targets[0]], cell, this.file, line, column - 1);
    }
    return { x, y: this.y.values(), n, features: this.features.length, outputs: this.targets.length, featureNames };
  }
}

/** A data set from CSV text (all of it at once; {@link CsvDatasetReader} takes it in chunks). */
export function csvDataset(text: string, file: string | undefined, options: CsvDatasetOptions = {}): Dataset {
  const reader = new CsvDatasetReader(file, options);
  reader.write(text);
  return reader.end();
}
