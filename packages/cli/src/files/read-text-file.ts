/**
 * The one reader of every input file of the command line (a spec, answers, a config, a state, a
 * model, a checkpoint, a CSV file, an exercise), with the errors a user can act on.
 *
 * Only a regular file is read: a folder, a FIFO or a device (`/dev/zero`, `/dev/stdin`) is refused
 * before it is opened, so nothing waits for a writer or reads forever. A YAML or JSON file larger than
 * its limit (4 MB and 64 MB, see `input-limits.ts`) is refused before it is parsed, and reading stops
 * at the limit even where the size the system reports is wrong (`/proc`). A CSV file is read in chunks
 * instead and handed to a reader that keeps only its numbers; its budget is theirs. Text must be UTF-8
 * (a byte-order mark is skipped).
 *
 * @module
 */
import { closeSync, constants, fstatSync, openSync, readSync, statSync } from "node:fs";
import type { Stats } from "node:fs";
import { extname } from "node:path";
import { InputError } from "tracegrad/internal/common/input-error";
import { formatBytes } from "tracegrad/internal/common/limits";
import { detectFormat } from "tracegrad/internal/common/source";
import { errnoWords } from "./errno.js";
import { fileSizeLimits } from "./input-limits.js";

/** Bytes read at a time, at most. */
const CHUNK = 1 << 20;
/** Bytes read at a time from a file the system gives no size (`/proc`). */
const UNSIZED_CHUNK = 1 << 16;

/**
 * The buffer to read a file of `size` bytes (as the system says) with: its size and one byte more,
 * up to {@link CHUNK}, so that a small file does not cost a megabyte that every read would allocate
 * and zero (a roster's 20,000 answers files were 20 GB of buffers that way).
 */
function chunkBuffer(size: number): Uint8Array {
  return new Uint8Array(size > 0 ? Math.min(CHUNK, size + 1) : UNSIZED_CHUNK);
}

/** What a file is, when it is not a regular file. */
function kindOf(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return "a folder";
  if (stats.isFIFO()) return "a FIFO (a named pipe)";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

function cannotRead(path: string, error: unknown): InputError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new InputError(`file not found: ${path}`);
  if (code === "ENOTDIR") return new InputError(`file not found: ${path} (a part of the path is a file, not a folder)`);
  return new InputError(`cannot read ${path}: ${errnoWords(error)}`);
}

/** Opens a regular file for reading; anything else is an {@link InputError}. */
function openRegular(path: string): { fd: number; size: number } {
  if (path.trim() === "") throw new InputError("give a file name, not an empty string");
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (error) {
    throw cannotRead(path, error);
  }
  const kind = kindOf(stats);
  if (kind !== undefined) throw new InputError(`${path} is ${kind}, not a file; tracegrad reads regular files only`);
  let fd: number;
  try {
    // Non-blocking, should the path have become a FIFO since: opening one would wait for a writer.
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    throw cannotRead(path, error);
  }
  const opened = fstatSync(fd);
  const now = kindOf(opened);
  if (now !== undefined) {
    closeSync(fd);
    throw new InputError(`${path} is ${now}, not a file; tracegrad reads regular files only`);
  }
  return { fd, size: opened.size };
}

/** Reads chunks of a regular file until its end, or until more than `limit` bytes (then `tooLarge` is thrown). */
function readChunks(path: string, onChunk: (bytes: Uint8Array) => void, limit = Number.POSITIVE_INFINITY, tooLarge?: (bytes: number) => InputError): void {
  const { fd, size } = openRegular(path);
  try {
    if (size > limit) throw tooLarge!(size);
    const buffer = chunkBuffer(size);
    let total = 0;
    for (;;) {
      let n: number;
      try {
        n = readSync(fd, buffer, 0, buffer.length, null);
      } catch (error) {
        throw cannotRead(path, error);
      }
      if (n === 0) break;
      total += n;
      if (total > limit) throw tooLarge!(total);
      onChunk(buffer.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
}

function notUtf8(path: string): InputError {
  return new InputError(`${path} is not UTF-8 text`);
}

/** The format a file's extension names, if any. */
function formatOfName(path: string): "yaml" | "json" | undefined {
  const ext = extname(path).toLowerCase();
  return ext === ".json" ? "json" : ext === ".yaml" || ext === ".yml" ? "yaml" : undefined;
}

function tooLargeError(path: string, format: "yaml" | "json" | undefined, bytes: number, limit: number): InputError {
  const what = format === "yaml" ? "YAML files are" : format === "json" ? "JSON files are" : "files are";
  const needed = Math.max(1, Math.ceil(bytes / (1024 * 1024)));
  return new InputError(`${path} is ${formatBytes(bytes)}; ${what} read up to ${formatBytes(limit)} (--max-file-size ${needed} reads it)`);
}

/**
 * The text of a YAML or JSON file: a missing, unreadable, non-regular or too large file is an
 * {@link InputError}. A file whose extension names neither format is read up to the JSON limit and
 * held to the YAML one unless its text is JSON.
 */
export function readTextFile(path: string): string {
  const limits = fileSizeLimits();
  const named = formatOfName(path);
  const limit = named === "yaml" ? limits.yaml : limits.json;
  const parts: Uint8Array[] = [];
  readChunks(path, (bytes) => parts.push(bytes.slice()), limit, (bytes) => tooLargeError(path, named, bytes, limit));
  const bytes = Buffer.concat(parts);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw notUtf8(path);
  }
  if (named === undefined && bytes.length > limits.yaml && detectFormat(text, path) === "yaml") throw tooLargeError(path, "yaml", bytes.length, limits.yaml);
  return text;
}

/**
 * Reads a text file in chunks (a CSV file), handing each piece of text to `onChunk` as it arrives:
 * the file is never held whole. Only the type of the file is checked here; the reader of the text
 * bounds what it keeps.
 */
export function streamTextFile(path: string, onChunk: (text: string) => void): void {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  const decode = (bytes: Uint8Array, stream: boolean) => {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw notUtf8(path);
    }
  };
  readChunks(path, (bytes) => {
    const text = decode(bytes, true);
    if (text !== "") onChunk(text);
  });
  const rest = decode(new Uint8Array(0), false);
  if (rest !== "") onChunk(rest);
}
