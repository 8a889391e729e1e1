/**
 * A parsed YAML or JSON document that remembers where each of its values was written, so that a
 * later check can say where in the file a field is.
 *
 * @module
 */
import { formatPath, InputError } from "./input-error.js";
import type { SourcePosition } from "./input-error.js";

/** @category Worked solutions */
export type SourceFormat = "json" | "yaml";

/**
 * A parsed document and a way back from a field to its place in the text.
 *
 * @category Worked solutions
 */
export interface ParsedSource {
  readonly file: string | undefined;
  readonly format: SourceFormat;
  readonly value: unknown;
  /**
   * The position of the deepest node on `path` that exists: its value, or with `key`, the key of a
   * mapping entry (for an unknown field).
   */
  locate(path: readonly PropertyKey[], options?: { key?: boolean }): SourcePosition | undefined;
  /** An {@link InputError} about a field of this document (at its key, with `key`). */
  error(path: readonly PropertyKey[], reason: string, options?: { key?: boolean }): InputError;
}

/** The line and column (from 1) of an offset into `text`. */
export function positionOf(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: Math.min(offset, text.length) - lineStart + 1 };
}

/** The {@link InputError} of a field of `source`, at its place. */
export function fieldError(source: ParsedSource, path: readonly PropertyKey[], reason: string, options?: { key?: boolean }): InputError {
  return new InputError(reason, { file: source.file, field: formatPath(path), position: source.locate(path, options) });
}

/** The error of a document nested deeper than the limit, at the list or mapping that goes past it. */
export function tooDeep(limit: number, file: string | undefined, position: SourcePosition): InputError {
  return new InputError(`lists and mappings nest more than ${limit} deep here; the limit is ${limit}`, { file, position });
}
