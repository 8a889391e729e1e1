/**
 * Output and errors of the CLI: one-line errors for a user's mistakes (exit 2), option parsing.
 *
 * @module
 */
import type { Command } from "commander";
import { writeFileAtomic } from "../files/write-file-atomic.js";

export { writeFileAtomic };
import { InputError } from "tracegrad";
import { quote } from "tracegrad/internal/common/excerpt";
import { checkOutputTargets } from "../files/output-target.js";
import type { OutputTarget } from "../files/output-target.js";

export { checkOutputTargets };
export type { OutputTarget };

/** Exit statuses: 0 success, 1 a check that did not pass, 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Prints to stdout, or writes to `out` when given. */
export function emit(content: string, out?: string): void {
  if (out === undefined) process.stdout.write(content);
  else writeFileAtomic(out, content);
}

/** Runs a command body; a user's mistake becomes one line on stderr and exit status 2. */
export async function guard(body: () => Promise<number | void> | number | void): Promise<void> {
  try {
    const status = await body();
    process.exitCode = status ?? EXIT_OK;
  } catch (error) {
    // By name and code, not instanceof: each command is bundled on its own, with its own copy of the
    // class. A library argument the command did not check itself is the user's mistake too.
    const code = (error as { code?: unknown } | null)?.code;
    if (error instanceof InputError || (error instanceof Error && (error.name === "InputError" || code === "InvalidSpec" || code === "InvalidArgument"))) {
      process.stderr.write(`tracegrad: ${error.message}\n`);
      process.exitCode = EXIT_USAGE;
      return;
    }
    process.stderr.write(`tracegrad: internal error (please report it): ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = EXIT_FAILED;
  }
}

/** Parses an integer option; a bad one (an empty string included: it is no number) is an {@link InputError}. */
export function integerOption(value: string, name: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = value.trim() === "" ? Number.NaN : Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new InputError(`${name} must be a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}, got ${quote(value)}`);
  return n;
}

/** Parses a number option; a bad one (an empty string included) is an {@link InputError}. */
export function numberOption(value: string, name: string, check?: (x: number) => string | undefined): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n)) throw new InputError(`${name} must be a number, got ${quote(value)}`);
  const problem = check?.(n);
  if (problem !== undefined) throw new InputError(`${name} ${problem}, got ${quote(value)}`);
  return n;
}

/** Adds the options of every worked-solution command: `--format`, `--json`, `--precision`, `--out`. */
export function outputOptions(command: Command): Command {
  return command
    .option("-f, --format <format>", "text, markdown, latex or json", "text")
    .option("--json", "print the numbers and the solution as one JSON object (same as --format json)")
    .option("-p, --precision <digits>", "significant digits of printed numbers", "8")
    .option("-o, --out <file>", "write to a file instead of standard output");
}
