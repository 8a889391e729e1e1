/**
 * An answer as a learner types it into practice mode, read as a number: a decimal number (`0.173`,
 * `-2.5e-3`, `.5`), or one written with a decimal comma (`0,173`, as much of the world writes it),
 * which is read with a point. Anything else (`55%`, `1/3`, `0.4o`, `0x1`) is said to the learner beside
 * that answer, and the other answers are graded without it.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { isDecimalNumber } from "tracegrad/internal/common/decimal";

/** What a typed answer is: a number, or why it is not one. */
export type TypedNumber = { readonly value: number } | { readonly problem: string };

/** Reads a typed answer (not blank) as a number; `0,173` is 0.173. */
export function readTypedNumber(typed: string): TypedNumber {
  const text = typed.trim();
  // A decimal comma (one, and no point) is read as the point it stands for.
  const withPoint = text.includes(".") ? text : text.replace(",", ".");
  const decimal = isDecimalNumber(text) ? text : isDecimalNumber(withPoint) ? withPoint : null;
  const value = decimal === null ? Number.NaN : Number(decimal);
  if (Number.isFinite(value)) return { value };
  const shown = JSON.stringify(text.length > 24 ? `${text.slice(0, 24)}…` : text);
  if (/^[+-]?[\d.,]+\s*%$/.test(text)) return { problem: `${shown} is a percentage: write it as a number (55% is 0.55)` };
  return { problem: `${shown} is not a number: write a decimal number, such as 0.173 or -2.5e-3` };
}
