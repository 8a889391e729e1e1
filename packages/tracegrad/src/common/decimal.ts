/**
 * A decimal number as a person writes one in a data file or an answer: a sign, digits with a decimal
 * point, an exponent (`1e-3`, `.5`, `-0.25`, `+3`, `2.`). JavaScript's `Number` also reads `0x10`,
 * `0b101`, `0o7`, `Infinity` and a string of spaces (as 0), which nobody means as numbers there.
 *
 * @module
 */

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Whether `text` (no spaces around it) is a decimal number. */
export function isDecimalNumber(text: string): boolean {
  return DECIMAL.test(text);
}
