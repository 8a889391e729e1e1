/**
 * Reads the numeric fields of a spec (`inputs`, `weights`, `bias`, ...) in any of the notations a
 * spec may use, keeping the learner's names where given:
 *
 * - a number: `0.5`
 * - a named number, a one-entry mapping: `w1: 0.8`
 * - a list of either: `[0.8, 0.4]`, `[w1: 0.8, w2: 0.4]`
 * - a mapping of names to numbers: `{i1: 0.1, i2: 0.5}`
 * - a list of lists (a matrix): `[[w1: 0.8, w2: 0.4], [w3: 0.3, w4: 0.2]]`
 *
 * @module
 */
import { NAME_PATTERN } from "./schema.js";
import type { ParsedSource } from "../../common/source.js";
import { describeValue, isMapping } from "../../common/describe-value.js";

export interface NumberBlock {
  /** 0 for a number, 1 for a list or mapping, 2 for a list of lists. */
  readonly rank: 0 | 1 | 2;
  /** The values as rows: a number is one row of one value, a list is one row. */
  readonly rows: number[][];
  /** The names, in the same shape, or null where no entry is named. */
  readonly names: string[][] | null;
}

type Path = readonly PropertyKey[];

function checkNumber(source: ParsedSource, path: Path, v: unknown): number {
  if (typeof v !== "number") throw source.error(path, `expected a number, got ${describeValue(v)}`);
  if (Number.isNaN(v)) throw source.error(path, "is NaN; every value must be a finite number");
  if (!Number.isFinite(v)) throw source.error(path, `is ${v}; every value must be a finite number`);
  return v;
}

function checkName(source: ParsedSource, path: Path, name: string): string {
  if (!NAME_PATTERN.test(name)) throw source.error(path, `"${name}" is not a name tracegrad can print (letters and digits, optionally _sub and ^sup)`);
  return name;
}

/** One entry: a number, or a one-entry mapping name → number. */
function readEntry(source: ParsedSource, path: Path, v: unknown): { value: number; name: string | null } {
  if (isMapping(v)) {
    const keys = Object.keys(v);
    if (keys.length !== 1) throw source.error(path, `a named value is one name: number pair, got a mapping with ${keys.length} entries`);
    return { value: checkNumber(source, [...path, keys[0]], v[keys[0]]), name: checkName(source, path, keys[0]) };
  }
  return { value: checkNumber(source, path, v), name: null };
}

function readRow(source: ParsedSource, path: Path, v: unknown[] | Record<string, unknown>): { values: number[]; names: (string | null)[] } {
  const values: number[] = [];
  const names: (string | null)[] = [];
  if (Array.isArray(v)) {
    v.forEach((item, i) => {
      if (Array.isArray(item)) throw source.error([...path, i], "expected a number here, got a list (rows must all be lists, or none)");
      const e = readEntry(source, [...path, i], item);
      values.push(e.value);
      names.push(e.name);
    });
  } else {
    for (const [key, item] of Object.entries(v)) {
      values.push(checkNumber(source, [...path, key], item));
      names.push(checkName(source, [...path, key], key));
    }
  }
  return { values, names };
}

/** Reads a numeric field; `what` says what it holds, for messages. */
export function readNumbers(source: ParsedSource, path: Path, v: unknown, what: string): NumberBlock {
  if (v === null || v === undefined) throw source.error(path, `expected ${what}, got ${describeValue(v)}`);
  if (typeof v === "number" || (isMapping(v) && Object.keys(v).length === 1 && typeof Object.values(v)[0] === "number")) {
    const e = readEntry(source, path, v);
    return { rank: 0, rows: [[e.value]], names: e.name === null ? null : [[e.name]] };
  }
  if (isMapping(v)) {
    if (Object.keys(v).length === 0) throw source.error(path, `is empty; expected ${what}`);
    const row = readRow(source, path, v);
    return { rank: 1, rows: [row.values], names: [row.names as string[]] };
  }
  if (!Array.isArray(v)) throw source.error(path, `expected ${what}, got ${describeValue(v)}`);
  if (v.length === 0) throw source.error(path, `is empty; expected ${what}`);
  const nested = v.some((item) => Array.isArray(item));
  const rows: { values: number[]; names: (string | null)[] }[] = [];
  if (nested) {
    v.forEach((item, r) => {
      if (!Array.isArray(item)) throw source.error([...path, r], `expected a list (a row), got ${describeValue(item)}`);
      if (item.length === 0) throw source.error([...path, r], "is an empty row");
      const row = readRow(source, [...path, r], item);
      if (rows.length > 0 && row.values.length !== rows[0].values.length)
        throw source.error([...path, r], `has ${row.values.length} values, but row 0 has ${rows[0].values.length}`);
      rows.push(row);
    });
  } else {
    rows.push(readRow(source, path, v));
  }
  const named = rows.some((row) => row.names.some((n) => n !== null));
  if (named) {
    rows.forEach((row, r) =>
      row.names.forEach((n, c) => {
        if (n === null) throw source.error(nested ? [...path, r, c] : [...path, c], "is not named, but other entries are: name every entry or none");
      }),
    );
  }
  return {
    rank: nested ? 2 : 1,
    rows: rows.map((row) => row.values),
    names: named ? rows.map((row) => row.names as string[]) : null,
  };
}
