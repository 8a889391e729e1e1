/**
 * `tracegrad dropout --rate p --seed N [--input DATA | --shape 2x4]`: the worked solution of
 * inverted dropout: the draws, the mask and the scaled output.
 *
 * @module
 */
import { dropoutResults, dropoutWorked, runDropout } from "tracegrad/internal/explain/dropout/explain-dropout";
import { renderWorked } from "tracegrad/internal/explain/worked/render-worked";
import { InputError } from "tracegrad";
import { quote } from "tracegrad/internal/common/excerpt";
import { integerOption, numberOption } from "../io.js";
import { readData } from "./read-data.js";
import type { WorkedCliOptions } from "./worked-options.js";
import { checkWorkedTargets, emitWorked, renderOptions } from "./worked-options.js";
import { LIMITS } from "tracegrad/internal/common/limits";

export interface DropoutCommandOptions extends WorkedCliOptions {
  rate?: string;
  seed?: string;
  input?: string;
  shape?: string;
}

/** `2x4` as [rows, columns]. */
export function parseShape(value: string): [number, number] {
  const m = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/.exec(value);
  if (m === null) throw new InputError(`--shape: give rows x columns, as 2x4; got ${quote(value)}`);
  return [integerOption(m[1], "--shape: rows", 1, 1000), integerOption(m[2], "--shape: columns", 1, 1000)];
}

export function dropoutCommand(options: DropoutCommandOptions): number {
  checkWorkedTargets(options, [], [options.input]);
  const { format, precision } = renderOptions(options);
  if (options.rate === undefined) throw new InputError("--rate: give p, the probability of dropping an element (as 0.5)");
  const rate = numberOption(options.rate, "--rate", (x) => (x >= 0 && x < 1 ? undefined : "must be from 0 up to (not including) 1"));
  const seed = integerOption(options.seed ?? "1", "--seed", 0, 0xffffffff);
  if (options.input !== undefined && options.shape !== undefined) throw new InputError("--input and --shape: give one (the input, or the shape of an input of ones)");
  let input: number[][];
  let ones = false;
  if (options.input !== undefined) {
    input = readData(options.input, "--input", { limit: LIMITS.dropoutElements, hint: "1,000 × 1,000" }).values;
  } else {
    const [rows, cols] = parseShape(options.shape ?? "2x4");
    input = Array.from({ length: rows }, () => new Array<number>(cols).fill(1));
    ones = true;
  }
  const record = runDropout({ input, rate, seed, ones });
  emitWorked(renderWorked(dropoutWorked(record, { precision }), () => dropoutResults(record), { format, precision }), options);
  return 0;
}
