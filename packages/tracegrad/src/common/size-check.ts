/**
 * The checks of a size against its budget that the smallest programs need (a network's parameters,
 * a generator's points and classes), apart from the table of every budget in `limits.ts`, so that a
 * browser bundle that trains a network carries these few functions and not the whole table. The
 * budgets here are `LIMITS.parameters`, `LIMITS.points` and `LIMITS.classes`; `limits.ts` re-exports
 * everything.
 *
 * @module
 */
import { excerpt } from "./excerpt.js";
import { InputError } from "./input-error.js";

/** A mebibyte, in bytes. */
export const MB = 1024 * 1024;

/** Weights and biases of a network (80 MB as Float64, before gradients and the optimizer's state): `LIMITS.parameters`. */
export const PARAMETER_LIMIT = 10_000_000;
/** Points a data generator draws: `LIMITS.points`. */
export const POINT_LIMIT = 1_000_000;
/** Classes of a data set or a model: `LIMITS.classes`. */
export const CLASS_LIMIT = 10_000;

/** A count as messages write it: `10,000,000`. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e21) return n.toExponential(3);
  return Math.round(n).toLocaleString("en-US");
}

/** The words of a size over its limit: `12,884,901,889 weights and biases; the limit is 10,000,000`. */
export function limitReason(asked: string, limit: string, hint?: string): string {
  return `${asked}; the limit is ${limit}${hint === undefined ? "" : ` (${hint})`}`;
}

/** How a check reports a size over its limit: by default a plain {@link InputError} of the reason. */
export type LimitError = (reason: string) => Error;

const plainError: LimitError = (reason) => new InputError(reason);

/** How {@link checkLimit} words and reports a size over its limit. */
export interface LimitCheck {
  /** Words before the count: `2-4294967296-1 has `. */
  readonly prefix?: string;
  /** Why the limit is there, or what to do: said in parentheses after it. */
  readonly hint?: string;
  /** Makes the error from the reason (a plain {@link InputError} by default). */
  readonly error?: LimitError;
}

/**
 * Checks a count against its limit; past it, throws `<prefix><asked> <noun>; the limit is <limit>
 * (<hint>)`: `--at: 10,001 points; the limit is 10,000`.
 */
export function checkLimit(asked: number, limit: number, noun: string, options: LimitCheck = {}): void {
  if (asked <= limit) return;
  throw (options.error ?? plainError)(limitReason(`${options.prefix ?? ""}${formatCount(asked)} ${noun}`, formatCount(limit), options.hint));
}

/** The weights and biases of a dense network of these sizes (input first). */
export function networkParameters(sizes: readonly number[], bias = true): number {
  let total = 0;
  for (let l = 1; l < sizes.length; l++) total += sizes[l] * (sizes[l - 1] + (bias ? 1 : 0));
  return total;
}

/** A network's sizes as messages write them: `2-4-1`, cut to its first 40 characters. */
export function networkName(sizes: readonly number[]): string {
  return excerpt(sizes.join("-"));
}

/**
 * Checks a network's sizes (input first) against the budget of parameters: `2-4294967296-1 has
 * 12,884,901,889 weights and biases; the limit is 10,000,000 (...)`. Throws through `error` (a plain
 * {@link InputError} by default). `checkNetworkSize` in `limits.ts` checks the memory of training too.
 */
export function checkParameters(sizes: readonly number[], options: { bias?: boolean; error?: LimitError } = {}): void {
  checkLimit(networkParameters(sizes, options.bias ?? true), PARAMETER_LIMIT, "weights and biases", {
    prefix: `${networkName(sizes)} has `,
    hint: `${((PARAMETER_LIMIT * 8) / MB).toFixed(1)} MB of Float64 weights, before their gradients and the optimizer's state`,
    ...(options.error !== undefined ? { error: options.error } : {}),
  });
}
