/**
 * Checks of the arguments of public functions and constructors. Each check throws an
 * {@link InvalidArgumentError} that names the argument (`options.loss`, `layers[1].units`), says what
 * was expected and what was given, and for an unknown name suggests the closest known one. Names are
 * exact: `"Dense"` is refused (and `"dense"` suggested), with no case-folding and no aliases.
 *
 * @module
 */
import { closest } from "./did-you-mean.js";
import { InvalidArgumentError } from "./errors.js";

/** A value as an argument error shows it: `"sigmoidd"`, `4`, `undefined`, `an array of 2`. */
export function describeArgument(value: unknown): string {
  if (value === undefined) return "undefined";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (typeof value === "function") return "a function";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name}`;
  return "an object";
}

/** The error for `argument`: "expected …, got …". */
export function expected(argument: string, what: string, value: unknown): InvalidArgumentError {
  return new InvalidArgumentError(argument, `expected ${what}, got ${describeArgument(value)}`);
}

/** Whether a value is a plain object (not null, not an array, not a typed array). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) && !ArrayBuffer.isView(value);
}

function suggestion(word: string, known: readonly string[]): string {
  const guess = closest(word, known);
  return guess === undefined ? "" : ` (did you mean "${guess}"?)`;
}

/** A name from `known`, exactly; `what` says what it names ("activation"). */
export function checkName<T extends string>(value: unknown, known: readonly T[], argument: string, what: string): T {
  if (typeof value === "string" && (known as readonly string[]).includes(value)) return value as T;
  const list = known.map((k) => `"${k}"`).join(", ");
  if (typeof value !== "string") throw expected(argument, `${what}: one of ${list}`, value);
  throw new InvalidArgumentError(argument, `unknown ${what} ${describeArgument(value)}; expected one of ${list}${suggestion(value, known)}`);
}

/** A plain object whose keys are all in `known` (an unknown key is refused, with the closest known one). */
export function checkObject(value: unknown, argument: string, known: readonly string[], what = "an object"): Record<string, unknown> {
  if (!isPlainObject(value)) throw expected(argument, what, value);
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      throw new InvalidArgumentError(`${argument}.${key}`, `unknown field; ${argument} takes ${known.map((k) => `"${k}"`).join(", ")}${suggestion(key, known)}`);
    }
  }
  return value;
}

/** A whole number from `min` to `max`. */
export function checkInteger(value: unknown, argument: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) throw expected(argument, `a whole number, ${range}`, value);
  return value;
}

/** The bounds of a number: `[min, max]` by default; `open` makes either end excluded. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  readonly minOpen?: boolean;
  readonly maxOpen?: boolean;
}

function rangeText(range: NumberRange): string {
  const { min, max, minOpen = false, maxOpen = false } = range;
  if (min !== undefined && max !== undefined) return `in ${minOpen ? "(" : "["}${min}, ${max}${maxOpen ? ")" : "]"}`;
  if (min !== undefined) return minOpen ? `greater than ${min}` : `${min} or more`;
  if (max !== undefined) return maxOpen ? `less than ${max}` : `${max} or less`;
  return "finite";
}

/** A finite number within `range`. */
export function checkNumber(value: unknown, argument: string, range: NumberRange = {}): number {
  const { min, max, minOpen = false, maxOpen = false } = range;
  const ok =
    typeof value === "number" &&
    Number.isFinite(value) &&
    (min === undefined || (minOpen ? value > min : value >= min)) &&
    (max === undefined || (maxOpen ? value < max : value <= max));
  if (!ok) throw expected(argument, `a number ${rangeText(range)}`, value);
  return value as number;
}

/** `true` or `false`. */
export function checkBoolean(value: unknown, argument: string): boolean {
  if (typeof value !== "boolean") throw expected(argument, "true or false", value);
  return value;
}

/** A function. */
export function checkFunction(value: unknown, argument: string): (...args: never[]) => unknown {
  if (typeof value !== "function") throw expected(argument, "a function", value);
  return value as (...args: never[]) => unknown;
}

/** Checks `value` with `check` when it is not undefined. */
export function optional<T>(value: unknown, check: (value: unknown) => T): T | undefined {
  return value === undefined ? undefined : check(value);
}
