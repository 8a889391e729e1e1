/**
 * `tracegrad step FILE`: the worked solution of one gradient-descent step, or with `--steps N` of N
 * steps in a row (each complete, or `--summary`: one table of the loss and every parameter per step).
 *
 * @module
 */
import { publishedNotes } from "tracegrad/internal/exercise/check";
import { explainStep, SOLUTION_FORMATS } from "tracegrad/internal/explain/explain-step";
import type { SolutionFormat } from "tracegrad";
import { runStep } from "tracegrad/internal/step/run-step";
import { MAX_STEPS, nextStepSpec, runSteps } from "tracegrad/internal/step/run-steps";
import { explainSteps } from "tracegrad/internal/explain/steps-summary";
import type { StepRecord } from "tracegrad";
import { BACKWARD_STYLES, SECTION_IDS } from "tracegrad/internal/explain/solution";
import type { BackwardStyle } from "tracegrad/internal/explain/solution";
import type { SectionId } from "tracegrad";
import { InputError } from "tracegrad";
import { loadStepSpec, namedInputFiles } from "../../files/load-step-spec.js";
import { didYouMean } from "tracegrad/internal/common/did-you-mean";
import { checkOutputTargets, emit, integerOption } from "../io.js";

export interface StepOptions {
  format?: string;
  json?: boolean;
  precision?: string;
  only?: string;
  ascii?: boolean;
  out?: string;
  steps?: string;
  summary?: boolean;
  style?: string;
  allowOutside?: boolean;
}

/** `--style`: delta or chain. */
export function parseStyle(value: string): BackwardStyle {
  if (!(BACKWARD_STYLES as readonly string[]).includes(value)) throw new InputError(`--style: unknown style "${value}"; choose ${BACKWARD_STYLES.join(" or ")}${didYouMean(value, BACKWARD_STYLES)}`);
  return value as BackwardStyle;
}

export function parseOnly(value: string): SectionId[] {
  return value.split(",").map((s) => {
    const id = s.trim();
    if (!(SECTION_IDS as readonly string[]).includes(id)) throw new InputError(`--only: unknown section "${id}"; the sections are ${SECTION_IDS.join(", ")}${didYouMean(id, SECTION_IDS)}`);
    return id as SectionId;
  });
}

export function parseFormat(value: string): SolutionFormat {
  if (!(SOLUTION_FORMATS as readonly string[]).includes(value)) throw new InputError(`--format: unknown format "${value}"; choose ${SOLUTION_FORMATS.join(", ")}${didYouMean(value, SOLUTION_FORMATS)}`);
  return value as SolutionFormat;
}

/** Refuses `--only` sections that a spec has none of: a forward-only spec has no loss, a spec without a learning rate no update. */
function checkSectionsExist(record: StepRecord, only: readonly SectionId[], file: string): void {
  const has: Record<SectionId, boolean> = {
    forward: true,
    loss: record.forward.loss !== null,
    backward: record.forward.loss !== null,
    update: record.update !== null,
    after: record.after !== null,
  };
  const missing = only.filter((id) => !has[id]);
  if (missing.length === 0) return;
  const why = record.forward.loss === null ? "it has no targets, so it is a forward pass only" : "it has no learningRate, so there is no update";
  throw new InputError(`--only: ${file} has no ${missing.join(" or ")} section: ${why}`);
}

export function stepCommand(file: string, options: StepOptions): number {
  checkOutputTargets([{ option: "--out", path: options.out, kind: "file" }], [file]);
  const format = options.json ? "json" : parseFormat(options.format ?? "text");
  const precision = options.precision === undefined ? undefined : integerOption(options.precision, "--precision", 1, 17);
  const only = options.only === undefined ? undefined : parseOnly(options.only);
  const style = parseStyle(options.style ?? "delta");
  const spec = loadStepSpec(file, { allowOutside: options.allowOutside === true });
  // The answers file its published: names is read too: -o may not replace it either.
  checkOutputTargets([{ option: "--out", path: options.out, kind: "file" }], namedInputFiles(spec));
  const record = runStep(spec);
  if (only !== undefined) checkSectionsExist(record, only, file);
  const count = options.steps === undefined ? 1 : integerOption(options.steps, "--steps", 1, MAX_STEPS);
  if (count > 1 || options.summary) {
    if (record.update === null) throw new InputError(`--steps: ${file} has no update to repeat: ${record.forward.loss === null ? "it has no targets" : "it has no learningRate"}`);
    const records = count === 1 ? [record] : [record, ...runSteps(nextStepSpec(record), count - 1)];
    emit(explainSteps(records, { format, notes: publishedNotes(record, precision), ...(precision !== undefined ? { precision } : {}), ...(only !== undefined ? { only } : {}), ascii: options.ascii ?? false, style, summary: options.summary ?? false }), options.out);
    return 0;
  }
  emit(explainStep(record, { format, notes: publishedNotes(record, precision), ...(precision !== undefined ? { precision } : {}), ...(only !== undefined ? { only } : {}), ascii: options.ascii ?? false, style }), options.out);
  return 0;
}
