/**
 * A value given as it is (a JavaScript object rather than text) in the form of a parsed document, so
 * that the readers of documents check it the same way: its errors name the field, with no line and
 * column. Apart from `source.ts`, so that checking a value loads no YAML or JSON parser.
 *
 * @module
 */
import { formatPath, InputError } from "./input-error.js";
import type { ParsedSource } from "./source.js";

/** `value` as a parsed document; `file` names it in errors, if anything does. */
export function sourceOfValue(value: unknown, file?: string): ParsedSource {
  const source: ParsedSource = {
    file,
    format: "json",
    value,
    locate: () => undefined,
    error: (path, reason) => new InputError(reason, { ...(file !== undefined ? { file } : {}), field: formatPath(path) }),
  };
  return source;
}
