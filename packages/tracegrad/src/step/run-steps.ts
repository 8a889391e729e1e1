/**
 * Several gradient-descent steps in a row (`tracegrad step FILE --steps N`): each step starts from the
 * parameters the step before it left, and is recorded as completely as one step alone (its forward
 * pass, loss, backward pass and update), so that each has its own worked solution and can be graded.
 *
 * @module
 */
import { InputError } from "../common/input-error.js";
import { runStep } from "./run-step.js";
import type { StepRecord } from "./run-step.js";
import type { StepSpec } from "./spec/step-spec.js";

/** The most steps worked in a row. */
export const MAX_STEPS = 1000;

/** The spec of the step after `record`'s: the same data and settings, with the updated parameters. */
export function nextStepSpec(record: StepRecord): StepSpec {
  const update = record.update;
  if (update === null) throw new InputError("a step without an update (no targets or no learningRate) has no next step");
  const { document: _document, published: _published, publishedAt: _publishedAt, ...spec } = record.spec;
  return {
    ...spec,
    layers: spec.layers.map((layer, l) => ({
      ...layer,
      weights: update.layers[l].weights.toRows(),
      bias: layer.bias === null ? null : Array.from(update.layers[l].bias?.data ?? layer.bias),
    })),
  };
}

/** Works `count` steps from `spec`, each from the parameters the one before left. */
export function runSteps(spec: StepSpec, count: number): StepRecord[] {
  if (!Number.isInteger(count) || count < 1 || count > MAX_STEPS) throw new InputError(`--steps must be a whole number from 1 to ${MAX_STEPS}, got ${count}`);
  const records = [runStep(spec)];
  for (let k = 1; k < count; k++) records.push(runStep(nextStepSpec(records[k - 1])));
  return records;
}
