/**
 * A mistake in a document a user gave tracegrad: a file that is missing or malformed, a field of the
 * wrong shape, an unknown name. The CLI prints it as one line and exits with status 2; it never prints
 * a stack trace for one.
 *
 * @module
 */
import { TracegradError } from "./errors.js";
import { escapeControl, excerpt, shortenLongWords, shortenQuoted } from "./excerpt.js";

/**
 * Where in a file something is. Lines and columns count from 1.
 *
 * @category Errors
 */
export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/**
 * A mistake in a document (a step spec, an answers file, a model file, a CSV table, a run config): its
 * {@link TracegradError.code} is `InvalidSpec`, and its message starts with where the mistake is,
 * `file:line:column: field: `, followed by what is wrong.
 *
 * @category Errors
 */
export class InputError extends TracegradError {
  /** The file, as the user named it (absent for input that came from no file). */
  readonly file: string | undefined;
  /** The field, as `layers[1].weights[0]` (absent when the whole input is at fault). */
  readonly field: string | undefined;
  readonly position: SourcePosition | undefined;
  /** What is wrong, without the location. */
  readonly reason: string;

  constructor(reason: string, where: { file?: string; field?: string; position?: SourcePosition } = {}) {
    // Control characters escaped, any value quoted in it cut to 40 characters and any name to 200: a
    // message is one short line, whatever a file's name or a value holds.
    const words = shortenLongWords(shortenQuoted(escapeControl(reason)));
    super("InvalidSpec", shortenLongWords(escapeControl(formatLocation(where))) + words);
    this.name = "InputError";
    this.reason = words;
    this.file = where.file;
    this.field = where.field;
    this.position = where.position;
  }
}

function formatLocation({ file, field, position }: { file?: string; field?: string; position?: SourcePosition }): string {
  let out = "";
  if (file !== undefined) out += position !== undefined ? `${file}:${position.line}:${position.column}: ` : `${file}: `;
  else if (position !== undefined) out += `line ${position.line}, column ${position.column}: `;
  if (field !== undefined && field !== "") out += `${field}: `;
  return out;
}

/** A path into a document as written in messages: `layers[1].weights[0]`; a long key is cut to its first 40 characters. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? excerpt(String(key)) : `.${excerpt(String(key))}`;
  }
  return out;
}
