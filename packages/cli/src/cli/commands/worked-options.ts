/**
 * The options every worked-solution command shares (`--format`, `--json`, `--precision`, `--out`),
 * and the parsing of a choice among names.
 *
 * @module
 */
import type { SolutionFormat } from "tracegrad";
import { didYouMean } from "tracegrad/internal/common/did-you-mean";
import { InputError } from "tracegrad";
import { checkOutputTargets, emit, integerOption } from "../io.js";
import type { OutputTarget } from "../io.js";
import { parseFormat } from "./step.js";

/** The shared options, as commander gives them (strings). */
export interface WorkedCliOptions {
  format?: string;
  json?: boolean;
  precision?: string;
  out?: string;
}

/** The format and precision the shared options ask for. */
export function renderOptions(options: WorkedCliOptions): { format: SolutionFormat; precision: number } {
  return {
    format: options.json ? "json" : parseFormat(options.format ?? "text"),
    precision: options.precision === undefined ? 8 : integerOption(options.precision, "--precision", 1, 17),
  };
}

/** Checks `--out` (a file) and the command's other output targets before any work; none may be one of its `inputs` (files it reads). */
export function checkWorkedTargets(options: WorkedCliOptions, others: readonly OutputTarget[] = [], inputs: readonly (string | undefined)[] = []): void {
  checkOutputTargets([{ option: "--out", path: options.out, kind: "file" }, ...others], inputs);
}

/** Prints a rendered solution, or writes it atomically to `--out`. */
export function emitWorked(content: string, options: WorkedCliOptions): void {
  emit(content, options.out);
}

/** One of a list of names; anything else is an {@link InputError} naming the choices. */
export function choiceOption<T extends string>(value: string, choices: readonly T[], option: string): T {
  if (!(choices as readonly string[]).includes(value)) throw new InputError(`${option}: unknown value "${value}"; choose ${choices.join(", ")}${didYouMean(value, choices)}`);
  return value as T;
}
