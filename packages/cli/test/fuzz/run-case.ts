/**
 * Runs one fuzz case as a user would: the built `tracegrad` in a child process, in a folder of the
 * case's own files, with a time limit and a memory limit (`--max-old-space-size`), and classifies what
 * happened. A run is acceptable when it is a normal run (exit 0 or 1, as documented: a wrong answer, a
 * failed gradient check, a diverged training) or a clean error (exit 2, nothing on stdout, one short
 * line on stderr starting `tracegrad: `); anything else is a crash (a stack trace, an internal error,
 * a signal, another exit status, a dirty error) or a hang (the time limit).
 *
 * @module
 */
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CLI } from "./inputs.js";

/** What a case did. */
export type OutcomeKind = "accepted" | "clean-error" | "crash" | "hang";

export interface Outcome {
  readonly kind: OutcomeKind;
  readonly status: number | null;
  readonly signal: string | null;
  readonly stderr: string;
  readonly stdoutBytes: number;
  readonly milliseconds: number;
  /** Why a crash is one. */
  readonly why?: string;
}

/** The limits of one case. */
export interface CaseLimits {
  readonly timeoutMs: number;
  readonly heapMb: number;
}

export const DEFAULT_LIMITS: CaseLimits = { timeoutMs: 60_000, heapMb: 512 };

/** The longest line of a clean error, in characters. */
const MAX_ERROR_LENGTH = 600;

/**
 * Classifies a finished run. With `partial`, a run that grades many files (a class, a set) may print
 * the grades of the others and exit 2 for the files it could not grade, one clean line each, as
 * `tracegrad check` documents.
 */
export function classify(status: number | null, signal: string | null, stdoutBytes: number, stderr: string, timedOut: boolean, partial = false): { kind: OutcomeKind; why?: string } {
  if (timedOut) return { kind: "hang", why: "ran past the time limit" };
  if (signal !== null) return { kind: "crash", why: `killed by ${signal}` };
  if (/internal error|\n\s+at |FATAL ERROR|heap out of memory|Maximum call stack/.test(stderr)) return { kind: "crash", why: "an internal error or a stack trace" };
  if (status === 0 || status === 1) return { kind: "accepted" };
  if (status !== 2) return { kind: "crash", why: `exit status ${status}` };
  const lines = stderr.replace(/\n$/, "").split("\n");
  if (partial && stdoutBytes > 0) {
    const dirty = lines.find((line) => !line.startsWith("tracegrad: ") || line.length > MAX_ERROR_LENGTH);
    return dirty === undefined ? { kind: "clean-error" } : { kind: "crash", why: `a grading error line that is not one clean line: ${dirty.slice(0, 80)}` };
  }
  if (stdoutBytes > 0) return { kind: "crash", why: "exit 2 after printing to stdout" };
  if (lines.length !== 1) return { kind: "crash", why: `exit 2 with ${lines.length} lines on stderr` };
  if (!lines[0].startsWith("tracegrad: ")) return { kind: "crash", why: "exit 2 without a tracegrad: message" };
  if (lines[0].length > MAX_ERROR_LENGTH) return { kind: "crash", why: `an error line of ${lines[0].length} characters` };
  return { kind: "clean-error" };
}

/** Runs `tracegrad args` in a fresh folder holding `files`; resolves with the outcome. */
export function runCase(args: readonly string[], files: Readonly<Record<string, string | Uint8Array>>, limits: CaseLimits = DEFAULT_LIMITS, partial = false): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-fuzz-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${limits.heapMb}`, CLI, ...args], { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });
    let stdoutBytes = 0;
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => (stdoutBytes += chunk.length));
    child.stderr.on("data", (chunk: Buffer) => {
      if (stderr.length < 100_000) stderr += chunk.toString();
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, limits.timeoutMs);
    child.on("close", (status, signal) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      const verdict = classify(status, timedOut ? null : signal, stdoutBytes, stderr, timedOut, partial);
      resolve({ ...verdict, status, signal, stderr, stdoutBytes, milliseconds: performance.now() - started });
    });
  });
}
