/**
 * How large a YAML or JSON file the command line reads: `LIMITS.yamlFileBytes` (4 MB) and
 * `LIMITS.jsonFileBytes` (64 MB) by default; `--max-file-size MB` raises either to MB. The
 * setting is the process's own: the program sets it before a command runs, and every reader of that
 * command sees it. (It lives on `globalThis` because each command is bundled on its own, with its
 * own copy of this module.)
 *
 * @module
 */
import { LIMITS } from "tracegrad/internal/common/limits";

const KEY = Symbol.for("tracegrad.maxFileBytes");

/** The most bytes read from a YAML or a JSON file. */
export interface FileSizeLimits {
  readonly yaml: number;
  readonly json: number;
}

/** The limits in force: the defaults, each raised to the size `--max-file-size` gave, if larger. */
export function fileSizeLimits(): FileSizeLimits {
  const raised = (globalThis as Record<symbol, unknown>)[KEY];
  const given = typeof raised === "number" ? raised : 0;
  return { yaml: Math.max(LIMITS.yamlFileBytes, given), json: Math.max(LIMITS.jsonFileBytes, given) };
}

/** Sets the size of the YAML and JSON files read from now on, in bytes (`--max-file-size`). */
export function setMaxFileBytes(bytes: number): void {
  (globalThis as Record<symbol, unknown>)[KEY] = bytes;
}

/** The largest `--max-file-size`, in MB: beyond it a string could not hold the file. */
export const MAX_FILE_SIZE_MB = 512;

/** Parses `--max-file-size MB`: a number of megabytes from 1 to 512; returns bytes, or throws the words of the mistake. */
export function parseMaxFileSize(value: string): number {
  const mb = value.trim() === "" ? Number.NaN : Number(value);
  if (!Number.isFinite(mb) || mb < 1 || mb > MAX_FILE_SIZE_MB) throw new RangeError(`give a size in MB from 1 to ${MAX_FILE_SIZE_MB}`);
  return Math.round(mb * 1024 * 1024);
}

/**
 * The answers files a `roster.csv` may list (its data rows), checked as the roster is read, before any
 * of them is: each is graded and its report kept for the gradebook. A file of right answers takes
 * about a millisecond; one whose every answer is wrong some 12 ms and 50-100 KB (each wrong answer is
 * recomputed under every mistake of the catalogue, from the learner's own earlier answers), so 10,000
 * take from seconds to about two minutes and up to a GB. A larger class is graded a roster at a time.
 */
export const ROSTER_ROWS = 10_000;
