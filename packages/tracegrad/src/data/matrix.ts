/**
 * Tables of numbers as the API takes them: rows (`number[][]`) or a typed matrix (a flat row-major
 * array with its row and column counts), checked and read into one flat Float64Array.
 *
 * @module
 */
import { expected } from "../common/check-argument.js";
import { InvalidArgumentError } from "../common/errors.js";

/**
 * A matrix stored flat, row by row: element (r, c) is `data[r * columns + c]`.
 *
 * @category Data
 */
export interface Matrix {
  readonly rows: number;
  readonly columns: number;
  readonly data: ArrayLike<number>;
}

/**
 * Rows (`number[][]`) or a typed {@link Matrix}.
 *
 * @category Data
 */
export type Rows = readonly (readonly number[])[] | Matrix;

/** Whether `value` has the shape of a {@link Matrix} (its contents are not checked). */
export function isMatrix(value: unknown): value is Matrix {
  return value !== null && typeof value === "object" && !Array.isArray(value) && "data" in value && "rows" in value && "columns" in value;
}

/**
 * Reads rows or a matrix of `columns` finite numbers each (`columns` undefined: as wide as the first
 * row) into a flat array. `argument` names it in errors; `what` says what a row is ("inputs").
 */
export function readRows(value: unknown, argument: string, columns: number | undefined, what: string): { data: Float64Array; rows: number; columns: number } {
  if (isMatrix(value)) {
    const { rows, columns: width, data } = value;
    if (typeof rows !== "number" || !Number.isInteger(rows) || rows < 0) throw expected(`${argument}.rows`, "a whole number, 0 or more", rows);
    if (typeof width !== "number" || !Number.isInteger(width) || width < 1) throw expected(`${argument}.columns`, "a whole number, 1 or more", width);
    if (columns !== undefined && width !== columns) throw new InvalidArgumentError(`${argument}.columns`, `is ${width}, but each row needs ${columns} ${what}`);
    if (data === null || typeof data !== "object" || typeof (data as { length?: unknown }).length !== "number") throw expected(`${argument}.data`, "an array or typed array of numbers", data);
    if (data.length !== rows * width) throw new InvalidArgumentError(`${argument}.data`, `has ${data.length} numbers, but ${rows} rows of ${width} need ${rows * width}`);
    const out = Float64Array.from(data);
    for (let i = 0; i < out.length; i++) {
      if (!Number.isFinite(out[i])) throw expected(`${argument}.data[${i}] (row ${Math.floor(i / width)}, column ${i % width})`, "a finite number", data[i]);
    }
    return { data: out, rows, columns: width };
  }
  if (!Array.isArray(value)) throw expected(argument, `rows of ${what} (number[][]) or a matrix { rows, columns, data }`, value);
  if (value.length > 0 && !Array.isArray(value[0]) && (typeof value[0] === "number" || value[0] === undefined)) {
    throw new InvalidArgumentError(argument, `expected rows (number[][]), got one flat array of ${value.length} numbers; for one sample write [[${value.slice(0, 3).join(", ")}${value.length > 3 ? ", …" : ""}]]`);
  }
  const width = columns ?? (Array.isArray(value[0]) ? value[0].length : 0);
  const out = new Float64Array(value.length * width);
  value.forEach((row: unknown, r) => {
    if (!Array.isArray(row)) throw expected(`${argument}[${r}]`, `a row of ${width} ${what} (an array)`, row);
    if (row.length !== width) throw new InvalidArgumentError(`${argument}[${r}]`, `has ${row.length} numbers, but each row needs ${width} ${what}`);
    row.forEach((v: unknown, c) => {
      if (typeof v !== "number" || !Number.isFinite(v)) throw expected(`${argument}[${r}][${c}]`, "a finite number", v);
      out[r * width + c] = v;
    });
  });
  return { data: out, rows: value.length, columns: width };
}

/** A flat row-major array as rows. */
export function toRowArrays(data: ArrayLike<number>, rows: number, columns: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: columns }, (_, c) => data[r * columns + c]));
}
