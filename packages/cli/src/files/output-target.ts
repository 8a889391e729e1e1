/**
 * The check every command makes of its output targets (`--out`, `-o`, `--scaled-out`, `--state-out`,
 * `--csv`, `--plot`, ...) before it does or prints any work, so that a target it cannot write is one
 * line and exit status 2 with nothing on stdout, not a whole solution followed by an error. Each
 * target is a file or a folder; the check refuses an empty name, a folder where a file goes (and the
 * reverse), a path under a file, a loop of symbolic links, a place without write permission, two
 * targets that are one file, and a target that is one of the files the command reads (compared as
 * files, by device and inode, so that `./a.yaml`, a symbolic link to it or a hard link count). Writing can still fail later (a full disk, `/dev/full`): commands write
 * their files before they print, so that even then nothing reaches stdout first.
 *
 * @module
 */
import { accessSync, constants, statSync } from "node:fs";
import type { Stats } from "node:fs";
import { dirname, resolve } from "node:path";
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

/** Refuses a file target that is one of the command's input files (a path that names no file is no input: a data set's name, inline rows). */
function checkNotAnInput(target: OutputTarget, where: string, inputs: readonly (string | undefined)[]): void {
  const identity = fileIdentity(where);
  if (identity === undefined) return;
  for (const input of inputs) {
    if (input === undefined || input === target.replaces || fileIdentity(input) !== identity) continue;
    throw refuse(target, `it is ${input}, which this command reads; give another file`);
  }
}

function refuse(target: OutputTarget, reason: string): InputError {
  return new InputError(`${target.option}: cannot write ${target.path}: ${reason}`);
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
 * the user named them (undefined where not given): a file target may not be one of them, which it
 * would replace.
 */
export function checkOutputTargets(targets: readonly OutputTarget[], inputs: readonly (string | undefined)[] = []): void {
  const seen = new Map<string, OutputTarget>();
  for (const target of targets) {
    if (target.path === undefined) continue;
    if (target.path.trim() === "") throw new InputError(`${target.option}: give a ${target.kind === "file" ? "file" : "folder"} name, not an empty string`);
    const where = target.kind === "file" ? checkFile(target, target.path) : checkFolder(target, target.path);
    if (target.kind === "file") checkNotAnInput(target, where, inputs);
    const other = seen.get(where);
    if (other !== undefined) throw new InputError(`${other.option} and ${target.option} name the same ${target.kind}: ${target.path}; give each its own`);
    seen.set(where, target);
  }
}
