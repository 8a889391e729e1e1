/**
 * Writing files so that no reader ever sees one half-written: to a temporary name in the same folder,
 * then a rename. A symbolic link is followed (its target is replaced, the link kept); something that
 * is not a regular file (a FIFO, a device such as /dev/null) is written to directly, never replaced.
 *
 * @module
 */
import { lstatSync, mkdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "tracegrad/internal/common/input-error";

/** Links followed before giving up (as the kernel's own limit, ELOOP). */
const MAX_LINKS = 40;

/** The path a write to `path` lands on: `path` with its last component's symbolic links followed. */
function followLinks(path: string): string {
  let current = path;
  for (let i = 0; i < MAX_LINKS; i++) {
    let isLink: boolean;
    try {
      isLink = lstatSync(current).isSymbolicLink();
    } catch {
      return current;
    }
    if (!isLink) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new InputError(`cannot write ${path}: too many levels of symbolic links`);
}

/** The nearest folder on the way to `path` that exists as something other than a folder, if any. */
function fileInTheWay(path: string): string | undefined {
  for (let parent = dirname(path); parent !== dirname(parent); parent = dirname(parent)) {
    try {
      return statSync(parent).isDirectory() ? undefined : parent;
    } catch {
      // Missing: look further up.
    }
  }
  return undefined;
}

/** Why writing `path` failed, in words a user can act on. */
function reason(path: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOTDIR":
    case "EEXIST": {
      const blocker = fileInTheWay(path);
      return blocker === undefined ? (error.message ?? String(error)) : `${blocker} is a file, not a folder`;
    }
    case "EISDIR":
      return "it is a folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    case "ENOENT":
      return `the folder ${dirname(path)} does not exist and cannot be created`;
    default:
      return error.message ?? String(error);
  }
}

/** Writes a file through a temporary name and a rename, creating its folder if needed. */
export function writeFileAtomic(path: string, content: string | Uint8Array): void {
  const target = followLinks(path);
  const temporary = `${target}.tmp-${process.pid}`;
  try {
    const existing = statSync(target, { throwIfNoEntry: false });
    if (existing !== undefined && !existing.isFile() && !existing.isDirectory()) {
      writeFileSync(target, content);
      return;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(temporary, content);
    renameSync(temporary, target);
  } catch (error) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // The temporary file was never made (its folder cannot be reached): nothing to clean up.
    }
    throw new InputError(`cannot write ${path}: ${reason(target, error as NodeJS.ErrnoException)}`);
  }
}
