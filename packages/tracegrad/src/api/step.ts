/**
 * The public entry points of worked solutions: {@link runStep}, {@link explainStep},
 * {@link stepResults} and {@link gradcheckSpec}, each checking its arguments before the engine runs.
 *
 * @module
 */
import { checkBoolean, checkInteger, checkName, checkNumber, checkObject, expected, isPlainObject } from "../common/check-argument.js";
import { Tape } from "../engine/tape.js";
import { parseStepSpec, toInterchange } from "../step/spec/index.js";
import type { InterchangeSpec, StepSpec } from "../step/spec/index.js";
import { runStep as runRecordedStep } from "../step/run-step.js";
import type { StepRecord } from "../step/run-step.js";
import { stepResults as resultsOf } from "../step/results.js";
import type { StepResults } from "../step/results.js";
import { SECTION_IDS } from "../step/sections.js";
import { explainStep as explainRecordedStep, SOLUTION_FORMATS } from "../explain/explain-step.js";
import type { ExplainOptions } from "../explain/explain-step.js";
import { gradcheckSpec as gradcheckCheckedSpec } from "../explain/gradcheck-spec.js";
import type { SpecGradientCheck } from "../explain/gradcheck-spec.js";
import type { GradientCheckOptions } from "../engine/gradcheck.js";

const SPEC_EXPECTED = "a step spec (from parseStepSpec or toStepSpec), or a spec object { inputs, targets, loss, learningRate, layers }";

/**
 * A step spec given to a public function: one that parseStepSpec or toStepSpec made (perhaps changed
 * since: its numbers and shapes are checked again), or a spec document as an object, which is read as
 * parseStepSpec reads it. A mistake in it is an InputError (code `InvalidSpec`) naming the field.
 */
export function readStepSpec(value: unknown, argument = "spec"): StepSpec {
  if (!isPlainObject(value)) throw expected(argument, SPEC_EXPECTED, value);
  if (!("names" in value)) return parseStepSpec(value);
  const spec = value as unknown as StepSpec;
  let document: InterchangeSpec;
  try {
    document = toInterchange(spec);
  } catch {
    throw expected(argument, SPEC_EXPECTED, value);
  }
  parseStepSpec(document);
  const names = spec.names;
  const fits =
    isPlainObject(names) &&
    Array.isArray(names.inputs) &&
    names.inputs.length === document.inputs[0]?.length &&
    Array.isArray(names.layers) &&
    names.layers.length === document.layers.length &&
    names.layers.every((l, i) => Array.isArray(l?.weights) && l.weights.length === document.layers[i].weights.length);
  if (!fits) throw expected(`${argument}.names`, "the names parseStepSpec gave the spec, one per input, unit and weight (leave names out to have them made again)", names);
  return spec;
}

/** A record made by {@link runStep}. */
function readStepRecord(value: unknown, argument = "record"): StepRecord {
  const record = value as Partial<StepRecord> | null;
  if (!isPlainObject(record) || !isPlainObject(record.spec) || !isPlainObject(record.forward) || !(record.forward.tape instanceof Tape)) {
    throw expected(argument, "a step record (from runStep)", value);
  }
  return record as StepRecord;
}

/**
 * Runs one step of gradient descent on a spec, recording every operation on tapes: the forward pass,
 * the loss, the backward pass, the update and a forward pass after it. The record is what
 * {@link explainStep} and {@link stepResults} read.
 *
 * @category Worked solutions
 */
export function runStep(spec: StepSpec | object): StepRecord {
  return runRecordedStep(readStepSpec(spec));
}

/**
 * Renders the worked solution of a recorded step: every formula, every number substituted, every
 * result, as `text` (the default), `markdown`, `latex` or `json`. Worked-solution text numbers layers
 * from 1 ("Layer 1"), as a course does; everything else in the API counts from 0.
 *
 * @category Worked solutions
 */
export function explainStep(record: StepRecord, options: ExplainOptions = {}): string {
  const checked = readStepRecord(record);
  const o = checkObject(options, "options", ["format", "precision", "only", "ascii", "notes"]);
  if (o.format !== undefined) checkName(o.format, SOLUTION_FORMATS, "options.format", "format");
  if (o.precision !== undefined) checkInteger(o.precision, "options.precision", 1, 17);
  if (o.only !== undefined) {
    if (!Array.isArray(o.only)) throw expected("options.only", `an array of sections: ${SECTION_IDS.join(", ")}`, o.only);
    o.only.forEach((id: unknown, i) => checkName(id, SECTION_IDS, `options.only[${i}]`, "section"));
  }
  if (o.ascii !== undefined) checkBoolean(o.ascii, "options.ascii");
  if (o.notes !== undefined && (!Array.isArray(o.notes) || o.notes.some((n) => typeof n !== "string"))) throw expected("options.notes", "an array of strings", o.notes);
  return explainRecordedStep(checked, o as ExplainOptions);
}

/**
 * The numbers of a recorded step: z, a and δ of every layer (batch × units), the gradients, the
 * updated weights and biases, the loss before and after the update. Layers are indexed from 0.
 *
 * @category Worked solutions
 */
export function stepResults(record: StepRecord): StepResults {
  return resultsOf(readStepRecord(record));
}

/**
 * Checks every gradient of a spec against central differences (L(w + ε) - L(w - ε))/2ε, as the Neural
 * Networks Exercises do with ε = 1e-4. Each check names its parameter and its layer (0-based).
 *
 * @category Worked solutions
 */
export function gradcheckSpec(spec: StepSpec | object, options: GradientCheckOptions = {}): SpecGradientCheck {
  const checked = readStepSpec(spec);
  const o = checkObject(options, "options", ["epsilon", "tolerance"]);
  if (o.epsilon !== undefined) checkNumber(o.epsilon, "options.epsilon", { min: 0, minOpen: true });
  if (o.tolerance !== undefined) checkNumber(o.tolerance, "options.tolerance", { min: 0 });
  return gradcheckCheckedSpec(checked, o as GradientCheckOptions);
}
