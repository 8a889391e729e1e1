/**
 * Files named inside other files (a spec's `published:` answers, and the like): the path resolves
 * relative to the file that names it and must stay inside that file's folder, unless the user gives
 * `--allow-outside`. An instructor grading files that students wrote thus never has a student's spec
 * read `/etc/shadow` or `../../secret` into a message. A path outside the folder is refused before the
 * file system is asked anything about it, so the message never tells whether such a file exists; a
 * symbolic link inside the folder that leads out of it is refused the same way. Files found by listing
 * a folder (a class's answers files, a set's, a student's folder of them) keep to that folder alike:
 * {@link checkListedFile} refuses an entry that is a symbolic link leading out of it.
 *
 * @module
 */
import { realpathSync } from "node:fs";
import { dirname, isAbsolute, join, relative, resolve, sep } from "node:path";
import { quote } from "tracegrad/internal/common/excerpt";
import { InputError } from "tracegrad/internal/common/input-error";
import type { SourcePosition } from "tracegrad/internal/common/input-error";

/** Whether `path` is `folder` or inside it (both absolute and normalised). */
function inside(folder: string, path: string): boolean {
  const r = relative(folder, path);
  return r === "" || (!r.startsWith(`..${sep}`) && r !== ".." && !isAbsolute(r));
}

/** The real path of `path`, or of its nearest existing ancestor with the rest appended (symbolic links resolved). */
function realPathOf(path: string): string {
  let rest = "";
  for (let current = path; ; current = dirname(current)) {
    try {
      return resolve(realpathSync(current), rest);
    } catch {
      if (current === dirname(current)) return path;
      rest = rest === "" ? relative(dirname(current), current) : `${relative(dirname(current), current)}${sep}${rest}`;
    }
  }
}

/** How a named file is reported: the file that names it and the field. */
export interface NamingPlace {
  /** The file that names the other, as the user gave it. */
  readonly file: string;
  /** The field that holds the name: `published`. */
  readonly field: string;
  /** Where the name is written in the file, when known (a roster's line and column). */
  readonly position?: SourcePosition;
}

/**
 * The path a file names in one of its fields, resolved relative to that file (as the naming file's own
 * path is written: relative stays relative); outside its folder (by the path itself, or by the
 * symbolic links on the way), an {@link InputError} unless `allowOutside`.
 */
export function resolveNamedFile(place: NamingPlace, name: string, allowOutside: boolean): string {
  const where = { file: place.file, field: place.field, ...(place.position !== undefined ? { position: place.position } : {}) };
  if (name.trim() === "") throw new InputError("names no file (an empty string)", where);
  const folder = resolve(dirname(place.file));
  const path = resolve(folder, name);
  const written = isAbsolute(name) ? name : join(dirname(place.file), name);
  if (allowOutside) return written;
  const refusal = new InputError(`names a file outside the folder of ${place.file} (${quote(name)}); tracegrad reads only files in that folder or below it, unless given --allow-outside`, where);
  if (!inside(folder, path)) throw refusal;
  if (!inside(realPathOf(folder), realPathOf(path))) throw refusal;
  return written;
}

/**
 * Refuses, before it is read or listed, an entry of `folder` found by listing it (`path`, as
 * `join(folder, name)`), or of a folder below it, whose symbolic links lead outside `folder`: an
 * answers folder a student filled may not have tracegrad read `~/.aws/credentials` into a message
 * through a link. The message names the entry, never where it leads, so it does not tell whether the
 * outside file exists. With `allowOutside`, any entry is read.
 */
export function checkListedFile(folder: string, path: string, allowOutside: boolean): void {
  if (allowOutside) return;
  if (inside(realPathOf(resolve(folder)), realPathOf(resolve(path)))) return;
  throw new InputError(`leads outside the folder ${folder} (a symbolic link); tracegrad reads only files in that folder or below it, unless given --allow-outside`, { file: path });
}
