/**
 * A zod issue in words, at its place in a parsed file: `model.json:12:9: layers[0].weights[1][0]:
 * expected a finite number, got "x"`. For the files tracegrad writes itself (model.json,
 * checkpoint.json), whose schemas need no hand-written messages.
 *
 * @module
 */
import type { z } from "zod";
import { describeValue } from "./describe-value.js";
import type { InputError } from "./input-error.js";
import type { ParsedSource } from "./source.js";

const TYPE_NAMES: Readonly<Record<string, string>> = {
  number: "a finite number",
  int: "a whole number",
  string: "a string",
  boolean: "true or false",
  array: "a list",
  object: "a mapping",
  null: "null",
};

/** The words of a zod issue (without its path). */
export function issueMessage(issue: z.core.$ZodIssue): string {
  const got = describeValue(issue.input);
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${got}${issue.input === null && issue.expected === "number" ? " (JSON writes NaN and infinities as null)" : ""}`;
    case "invalid_value":
      return `expected ${issue.values.length > 1 ? "one of " : ""}${issue.values.map((v) => JSON.stringify(v)).join(", ")}, got ${got}`;
    // A strict bound (zod's gt, lt, positive) excludes the bound itself: "greater than", "less than".
    case "too_small":
      if (issue.origin === "array") return `needs at least ${String(issue.minimum)} entries, got ${(issue.input as unknown[]).length}`;
      return `must be ${issue.inclusive === false ? "greater than" : "at least"} ${String(issue.minimum)}, got ${got}`;
    case "too_big":
      if (issue.origin === "array") return `has at most ${String(issue.maximum)} entries, got ${(issue.input as unknown[]).length}`;
      return `must be ${issue.inclusive === false ? "less than" : "at most"} ${String(issue.maximum)}, got ${got}`;
    case "unrecognized_keys":
      return `unknown field "${issue.keys[0]}"`;
    case "invalid_union": {
      const key = issue.path[issue.path.length - 1];
      const value = issue.input !== null && typeof issue.input === "object" ? (issue.input as Record<PropertyKey, unknown>)[key as PropertyKey] : issue.input;
      return `unknown ${String(key)} ${describeValue(value)}`;
    }
    default:
      return issue.message;
  }
}

/** The first issue of a failed parse (made with `reportInput: true`) as an {@link InputError} at its place in `source`. */
export function issueError(source: ParsedSource, error: z.core.$ZodError): InputError {
  const issue = error.issues[0];
  const path = issue.path as PropertyKey[];
  if (issue.code === "unrecognized_keys") return source.error([...path, issue.keys[0]], issueMessage(issue), { key: true });
  return source.error(path, issueMessage(issue));
}
