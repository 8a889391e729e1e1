/**
 * Writing files so that no reader ever sees one half-written: to a temporary name in the same folder
 * (`NAME.tracegrad-tmp-PID`, removed by the next write into that folder should this process be killed
 * first), then a rename. A symbolic link is followed (its target is replaced, the link kept);
 * something that is not a regular file (a FIFO, a device such as /dev/null) is written to directly,
 * never replaced. Files that belong together are all written to their temporary names before any is
 * renamed into place (`writeFilesAtomic`).
 *
 * @module
 */
import { closeSync, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { InputError } from "tracegrad/internal/common/input-error";
import { errnoWords } from "./errno.js";
import { sweepTemporaryFiles, temporaryName } from "./temporary-files.js";

/** Links followed before giving up (as the kernel's own limit, ELOOP). */
const MAX_LINKS = 40;

/** The path a write to `path` lands on: `path` with its last component's symbolic links followed. */
export function followLinks(path: string): string {
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
export function fileInTheWay(path: string): string | undefined {
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
      return blocker === undefined ? errnoWords(error) : `${blocker} is a file, not a folder`;
    }
    case "ENOENT":
      return `the folder ${dirname(path)} does not exist and cannot be created`;
    default:
      return errnoWords(error);
  }
}

/** Writes `content` to `path`; text given in pieces is written one piece after another, never joined. */
function writeContent(path: string, content: string | Uint8Array | Iterable<string>): void {
  if (typeof content === "string" || content instanceof Uint8Array) {
    writeFileSync(path, content);
    return;
  }
  const fd = openSync(path, "w");
  try {
    for (const piece of content) {
      const bytes = Buffer.from(piece, "utf8");
      for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
    }
  } finally {
    closeSync(fd);
  }
}

/** The content of a file to write: text, bytes, or text in pieces. */
export type FileContent = string | Uint8Array | Iterable<string>;

/** A file to write: where, and what. */
export interface FileToWrite {
  readonly path: string;
  readonly content: FileContent;
}

/**
 * A file written as far as its temporary name: `commit` renames it into place (or, for a FIFO or
 * device, writes to it directly), `discard` removes the temporary file.
 */
interface StagedFile {
  commit(): void;
  discard(): void;
}

function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // The temporary file was never made (its folder cannot be reached): nothing to clean up.
  }
}

/** The error of a failed write of `path` (the user's to mend when the system refused it). */
function writeError(path: string, target: string, error: unknown): unknown {
  // Only the system's refusals are the user's to mend; a failure to make the text (pieces given by a
  // generator that threw) is tracegrad's, and goes on as it is.
  if (typeof (error as NodeJS.ErrnoException)?.code !== "string") return error;
  return new InputError(`cannot write ${path}: ${reason(target, error as NodeJS.ErrnoException)}`);
}

/** Writes a file's content to its temporary name (creating its folder), ready to be renamed into place. */
function stage({ path, content }: FileToWrite): StagedFile {
  const target = followLinks(path);
  const temporary = temporaryName(target);
  const attempt = (action: () => void) => {
    try {
      action();
    } catch (error) {
      removeQuietly(temporary);
      throw writeError(path, target, error);
    }
  };
  let direct = false;
  attempt(() => {
    const existing = statSync(target, { throwIfNoEntry: false });
    if (existing?.isDirectory()) throw Object.assign(new Error("a folder"), { code: "EISDIR" });
    direct = existing !== undefined && !existing.isFile();
    if (direct) return;
    mkdirSync(dirname(target), { recursive: true });
    sweepTemporaryFiles(dirname(target));
    writeContent(temporary, content);
  });
  return {
    commit: () => attempt(() => (direct ? writeContent(target, content) : renameSync(temporary, target))),
    discard: () => removeQuietly(temporary),
  };
}

/**
 * Writes a file through a temporary name and a rename, creating its folder if needed. Text may come in
 * pieces (an iterable of strings, such as a generator's), so that a long text need never be one string.
 */
export function writeFileAtomic(path: string, content: FileContent): void {
  stage({ path, content }).commit();
}

/**
 * Writes files that belong together (a run's metrics.json and model.json): every one to its temporary
 * name first, and only when all are written, each renamed into place. A file that cannot be written
 * leaves every one of them as it was (the temporary files removed). A FIFO or device among them is
 * written to when the others are renamed.
 */
export function writeFilesAtomic(files: readonly FileToWrite[]): void {
  const staged: StagedFile[] = [];
  try {
    for (const file of files) staged.push(stage(file));
  } catch (error) {
    for (const s of staged) s.discard();
    throw error;
  }
  staged.forEach((s, k) => {
    try {
      s.commit();
    } catch (error) {
      for (const later of staged.slice(k + 1)) later.discard();
      throw error;
    }
  });
}
