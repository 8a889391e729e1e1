/**
 * The check every command makes of its output targets (`--out`, `-o`, `--scaled-out`, `--state-out`,
 * `--csv`, `--plot`, ...) before it does or prints any work, so that a target it cannot write is one
 * line and exit status 2 with nothing on stdout, not a whole solution followed by an error. Each
 * target is a file or a folder; the check refuses an empty name, a folder where a file goes (and the
 * reverse), a path under a file, a loop of symbolic links, a place without write permission, two
 * targets that are one file, and a target that is one of the files the command reads (compared as
 * files, by device and inode, so that `./a.yaml`, a symbolic link to it or a hard link count). The
 * inputs are every file the command reads, also those it reaches through a folder or a list (an
 * exercise folder's exercise.json, a class's answers files, a roster's), so a command checks its
 * targets again once it has found them, before it writes or prints anything. A folder target names the
 * files the command writes into it (`files`), and each of those is held against the inputs the same
 * way. Writing can still fail later (a full disk, `/dev/full`): commands write their files before they
 * print, so that even then nothing reaches stdout first.
 *
 * @module
 */
import { accessSync, constants, statSync } from "node:fs";
import type { Stats } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { InputError } from "tracegrad/internal/common/input-error";
import { errnoWords } from "./errno.js";
import { followLinks } from "./write-file-atomic.js";

/** One output target of a command. */
export interface OutputTarget {
  /** The option that names it, as the user wrote it: `--out`, `--scaled-out`. */
  readonly option: string;
  /** The path given, or undefined when the option was not given. */
  readonly path: string | undefined;
  /** Whether a file is written there, or a folder of files. */
  readonly kind: "file" | "folder";
  /** The input this target is meant to replace, if any (update's `--state-out` may continue `--state` in place). */
  readonly replaces?: string;
  /**
   * For a folder: the files the command writes (or replaces, or removes) in it, relative to it
   * (`metrics.json`, `01/exercise.json`). None of them may be one of the inputs. Only these are
   * compared, not every file in the folder: a config or set file kept beside a run's outputs is
   * never touched by the run, and refusing it would only get in the way.
   */
  readonly files?: readonly string[];
}

/** The identity of a regular file that exists (its device and inode, links followed), else undefined. */
function fileIdentity(path: string): string | undefined {
  try {
    const found = statSync(path);
    return found.isFile() ? `${found.dev}:${found.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refuses a file the target writes, `written` (the target itself, or a file in a folder target), that
 * is one of the command's input files (a path that names no file is no input: a data set's name,
 * inline rows).
 */
function checkNotAnInput(target: OutputTarget, written: string, inputs: readonly (string | undefined)[], identityOf: (input: string) => string | undefined): void {
  const identity = fileIdentity(written);
  if (identity === undefined) return;
  for (const input of inputs) {
    if (input === undefined || input === target.replaces || identityOf(input) !== identity) continue;
    throw refuse(target, `it is ${input}, which this command reads; give another ${target.kind}`, target.kind === "file" ? target.path : written);
  }
}

function refuse(target: OutputTarget, reason: string, path = target.path): InputError {
  return new InputError(`${target.option}: cannot write ${path}: ${reason}`);
}

function stats(path: string, target: OutputTarget): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    if (code === "ENOTDIR") throw refuse(target, `${nearestExisting(path).path} is a file, not a folder`);
    throw refuse(target, errnoWords(error));
  }
}

/** The nearest path on the way up from `path` that exists, and what it is. */
function nearestExisting(path: string): { path: string; stats: Stats | undefined } {
  for (let parent = dirname(path); ; parent = dirname(parent)) {
    try {
      return { path: parent, stats: statSync(parent) };
    } catch {
      if (parent === dirname(parent)) return { path: parent, stats: undefined };
    }
  }
}

function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Checks that a place that does not exist yet can be made: its nearest existing folder is a folder we may write in. */
function checkCreatable(path: string, target: OutputTarget): void {
  const parent = nearestExisting(path);
  if (parent.stats === undefined) return;
  if (!parent.stats.isDirectory()) throw refuse(target, `${parent.path} is a file, not a folder`);
  if (!writable(parent.path)) throw refuse(target, `permission denied in the folder ${parent.path}`);
}

function checkFile(target: OutputTarget, path: string): string {
  let followed: string;
  try {
    followed = followLinks(path);
  } catch {
    throw refuse(target, "too many levels of symbolic links");
  }
  const found = stats(followed, target);
  if (found === undefined) {
    checkCreatable(followed, target);
  } else if (found.isDirectory()) {
    throw refuse(target, "it is a folder; give a file name");
  } else if (!writable(followed) || (found.isFile() && !writable(dirname(followed)))) {
    throw refuse(target, "permission denied");
  }
  return resolve(followed);
}

function checkFolder(target: OutputTarget, path: string): string {
  const found = stats(path, target);
  if (found === undefined) checkCreatable(resolve(path), target);
  else if (!found.isDirectory()) throw refuse(target, "it is a file, not a folder");
  else if (!writable(path)) throw refuse(target, "permission denied");
  return resolve(path);
}

/**
 * Checks every given output target before a command works: throws the first problem as an
 * {@link InputError} naming the option and the path. `inputs` are the files the command reads, as
 * the user named them (undefined where not given), and those it found through them: a file target,
 * or a file a folder target names in `files`, may not be one of them, which it would replace.
 */
export function checkOutputTargets(targets: readonly OutputTarget[], inputs: readonly (string | undefined)[] = []): void {
  const seen = new Map<string, OutputTarget>();
  // Each input is looked at once, however many targets and files are held against it (a class of 10,000 answers files).
  const identities = new Map<string, string | undefined>();
  const identityOf = (input: string): string | undefined => {
    if (!identities.has(input)) identities.set(input, fileIdentity(input));
    return identities.get(input);
  };
  for (const target of targets) {
    if (target.path === undefined) continue;
    if (target.path.trim() === "") throw new InputError(`${target.option}: give a ${target.kind === "file" ? "file" : "folder"} name, not an empty string`);
    const where = target.kind === "file" ? checkFile(target, target.path) : checkFolder(target, target.path);
    if (target.kind === "file") checkNotAnInput(target, where, inputs, identityOf);
    else for (const file of target.files ?? []) checkNotAnInput(target, join(target.path, file), inputs, identityOf);
    const other = seen.get(where);
    if (other !== undefined) throw new InputError(`${other.option} and ${target.option} name the same ${target.kind}: ${target.path}; give each its own`);
    seen.set(where, target);
  }
}
