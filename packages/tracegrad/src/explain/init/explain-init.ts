/**
 * `tracegrad init` as one function: draw a network's weights (and diagnose them on some inputs), or
 * diagnose a given network.
 *
 * @module
 */
import { parseStepSpec } from "../../step/spec/index.js";
import { InputError } from "../../common/input-error.js";
import type { StepSpec } from "../../step/spec/step-spec.js";
import type { WorkedRenderOptions } from "../worked/render-worked.js";
import { renderWorked } from "../worked/render-worked.js";
import type { Worked } from "../worked/worked.js";
import { diagnoseWeights, diagnosisResults, diagnosisWorked } from "./diagnose-weights.js";
import type { DrawnLayer, InitOptions } from "./draw-weights.js";
import { drawInitialWeights, initWorked } from "./draw-weights.js";

/** The spec of a drawn network run on some inputs (batch × features), for a diagnosis. */
export function drawnSpec(layers: readonly DrawnLayer[], inputs: readonly (readonly number[])[]): StepSpec {
  const interchange = { inputs, layers: layers.map((l) => ({ activation: l.activation, weights: l.weights, bias: l.bias })) };
  return parseStepSpec(JSON.stringify(interchange), undefined, "json");
}

/** A spec with other inputs (batch × features); `option` names them in errors. */
export function withInputs(spec: StepSpec, inputs: readonly (readonly number[])[], option: string): StepSpec {
  const features = spec.names.inputs.length;
  inputs.forEach((row, r) => {
    if (row.length !== features) throw new InputError(`${option}: row ${r + 1} has ${row.length} values; the network takes ${features} inputs`);
  });
  return { ...spec, inputs: inputs.map((r) => [...r]), targets: null, loss: null };
}

/** Draws the weights; with inputs, diagnoses them too. Returns the solution and the numbers. */
export function initSolution(options: InitOptions & { inputs?: readonly (readonly number[])[] }, precision: number): { worked: Worked; results: object } {
  const layers = drawInitialWeights(options);
  const worked = initWorked(options, layers);
  const results = { seed: options.seed ?? 1, layers };
  if (options.inputs === undefined) return { worked, results };
  const diagnosis = diagnoseWeights(withInputs(drawnSpec(layers, options.inputs), options.inputs, "--inputs"));
  const diagnosed = diagnosisWorked(diagnosis, { precision });
  return {
    worked: { ...worked, sections: [...worked.sections, ...diagnosed.sections], conventions: [...worked.conventions, ...diagnosed.conventions], notes: [...worked.notes, ...diagnosed.notes] },
    results: { ...results, diagnosis: diagnosisResults(diagnosis) },
  };
}

/** The diagnosis of a given network as a solution and its numbers. */
export function diagnosisSolution(spec: StepSpec, precision: number): { worked: Worked; results: object } {
  const diagnosis = diagnoseWeights(spec);
  return { worked: diagnosisWorked(diagnosis, { precision }), results: diagnosisResults(diagnosis) };
}

/** Draws (and diagnoses) weights, rendered in a format. */
export function explainInit(options: InitOptions & { inputs?: readonly (readonly number[])[] } & WorkedRenderOptions): string {
  const precision = options.precision ?? 8;
  const { worked, results } = initSolution(options, precision);
  return renderWorked(worked, results, options);
}

/** Diagnoses a given network, rendered in a format. */
export function explainWeightDiagnosis(spec: StepSpec, options: WorkedRenderOptions = {}): string {
  const { worked, results } = diagnosisSolution(spec, options.precision ?? 8);
  return renderWorked(worked, results, options);
}
