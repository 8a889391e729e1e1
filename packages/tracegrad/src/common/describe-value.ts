/**
 * How messages about a user's file show a value they did not expect, and the one test of a mapping
 * (a plain object, not a list) that the readers of those files share.
 *
 * @module
 */
import { quote } from "./excerpt.js";

/** A value as a message shows it: a string quoted, at most its first 40 characters (see {@link quote}). */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "number") return Number.isNaN(value) ? "NaN" : String(value);
  if (typeof value === "string") return quote(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  return typeof value;
}

/** Whether a parsed value is a mapping: an object that is not a list. */
export function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
