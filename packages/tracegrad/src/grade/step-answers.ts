/**
 * The answers to a step in the form of `tracegrad step --json`: `loss`, `dataLoss`, `penalty`,
 * `lossAfter`, and `layers[i].z/a/delta/dW/db/weights/bias` as lists of rows (a flat list for one row
 * or one column), beside the learner names that every computation takes.
 *
 * @module
 */
import { didYouMean } from "../common/did-you-mean.js";
import { describeValue, isMapping } from "../common/describe-value.js";
import type { StepSpec } from "../step/spec/step-spec.js";
import type { LayerKind } from "../step/quantities.js";
import { LAYER_KINDS, layerKindShape, quantityPath } from "../step/quantities.js";
import type { AnswerSink, StructuredAnswers } from "./computation.js";

type Path = readonly PropertyKey[];

/** Fields of `tracegrad step --json` that are accepted and not graded. */
const IGNORED_FIELDS = ["solution"];

/** The numbers of `tracegrad step --json` outside the layers; null there means the step has none. */
const STEP_FIELDS = ["loss", "dataLoss", "penalty", "lossAfter"];

/** The shape a field has in `tracegrad step --json`, and why, for messages. */
function shapeOf(spec: StepSpec, l: number, kind: LayerKind): { rows: number; cols: number; what: string } {
  const units = spec.layers[l].weights.length;
  const inputs = spec.layers[l].weights[0].length;
  const batch = spec.inputs.length;
  switch (layerKindShape(kind)) {
    case "samples":
      return { rows: batch, cols: units, what: `${batch} sample${batch === 1 ? "" : "s"} × ${units} unit${units === 1 ? "" : "s"}` };
    case "matrix":
      return { rows: units, cols: inputs, what: `${units} unit${units === 1 ? "" : "s"} × ${inputs} input${inputs === 1 ? "" : "s"}` };
    case "vector":
      return { rows: 1, cols: units, what: `one per unit (${units})` };
  }
}

function missingReason(spec: StepSpec, l: number, kind: LayerKind): string {
  if ((kind === "db" || kind === "bias") && spec.layers[l].bias === null) return "it has no bias";
  if (spec.targets === null || spec.loss === null) return "the spec has no targets, so no backward pass";
  return "the spec has no learning rate, so no update";
}

function layerField(spec: StepSpec, sink: AnswerSink, path: Path, l: number, kind: LayerKind, value: unknown): void {
  if (value === null || value === undefined) return;
  const { rows, cols, what } = shapeOf(spec, l, kind);
  const source = sink.source;
  const cell = (row: number, col: number, p: Path, v: unknown) => {
    const at = quantityPath({ kind, layer: l, row: layerKindShape(kind) === "vector" ? 0 : row, col });
    if (!sink.has(at)) throw source.error(path, `layer ${l + 1} has no ${kind} to grade: ${missingReason(spec, l, kind)}`);
    sink.give(at, p, v);
  };
  if (!Array.isArray(value)) {
    if (rows * cols === 1) return cell(0, 0, path, value);
    throw source.error(path, `expected a list (${what}), got ${describeValue(value)}`);
  }
  if (value.some((x) => Array.isArray(x))) {
    if (value.length !== rows) throw source.error(path, `has ${value.length} row${value.length === 1 ? "" : "s"}; ${kind} of layer ${l + 1} is ${what}`);
    value.forEach((row, r) => {
      if (!Array.isArray(row)) throw source.error([...path, r], `expected a row (a list), got ${describeValue(row)}`);
      if (row.length !== cols) throw source.error([...path, r], `has ${row.length} value${row.length === 1 ? "" : "s"}; ${kind} of layer ${l + 1} is ${what}`);
      row.forEach((x, c) => cell(r, c, [...path, r, c], x));
    });
    return;
  }
  // A flat list: one row, or one column.
  if (value.length === cols && rows === 1) value.forEach((x, c) => cell(0, c, [...path, c], x));
  else if (cols === 1 && value.length === rows) value.forEach((x, r) => cell(r, 0, [...path, r], x));
  else if (value.length === cols) throw source.error(path, `is one row, but ${kind} of layer ${l + 1} is ${what}: give a list of rows`);
  else throw source.error(path, `has ${value.length} value${value.length === 1 ? "" : "s"}; ${kind} of layer ${l + 1} is ${what}`);
}

function layers(spec: StepSpec, sink: AnswerSink, path: Path, v: unknown): void {
  if (v === null || v === undefined) return;
  const source = sink.source;
  if (!Array.isArray(v)) throw source.error(path, `expected a list of layers, got ${describeValue(v)}`);
  if (v.length > spec.layers.length) throw source.error([...path, spec.layers.length], `there are ${v.length} layers here, but the network has ${spec.layers.length}`);
  v.forEach((layer, l) => {
    const here = [...path, l];
    if (layer === null || layer === undefined) return;
    if (!isMapping(layer)) throw source.error(here, `expected a mapping with the fields ${LAYER_KINDS.join(", ")}, got ${describeValue(layer)}`);
    for (const [field, value] of Object.entries(layer)) {
      if (!(LAYER_KINDS as readonly string[]).includes(field))
        throw source.error([...here, field], `unknown field "${field}"${didYouMean(field, LAYER_KINDS)}; a layer's fields are ${LAYER_KINDS.join(", ")}`, { key: true });
      layerField(spec, sink, [...here, field], l, field as LayerKind, value);
    }
  });
}

/** The fields of `tracegrad step --json` as answers to a spec's step. */
export function stepJsonAnswers(spec: StepSpec): StructuredAnswers {
  return {
    read(key, v, here, sink) {
      if (key === "layers") {
        layers(spec, sink, here, v);
        return true;
      }
      if (IGNORED_FIELDS.includes(key)) return true;
      if ((key === "dataLoss" || key === "penalty") && spec.l2 === 0) return true; // step --json prints them without L2
      if (STEP_FIELDS.includes(key) && (v === null || v === undefined)) return true;
      if ((key === "dataLoss" || key === "penalty" || key === "lossAfter") && sink.has(key)) {
        sink.give(key, here, v);
        return true;
      }
      return false;
    },
  };
}
