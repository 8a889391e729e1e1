/**
 * Reading a text file in Node with the errors a user can act on.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { InputError } from "tracegrad/internal/common/input-error";

/** The text of a file; a missing or unreadable file is an {@link InputError}. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new InputError(`file not found: ${path}`);
    if (code === "EISDIR") throw new InputError(`${path} is a folder, not a file`);
    if (code === "EACCES") throw new InputError(`cannot read ${path}: permission denied`);
    throw new InputError(`cannot read ${path}: ${(error as Error).message}`);
  }
}
