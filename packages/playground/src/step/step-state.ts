/**
 * Step mode's state and the one function that changes it: `stepReducer(model, action)` gives the
 * model after an action (an example picked, the YAML edited, a form control changed, a stage
 * stepped, ...). Every network goes through the spec parser, so every mistake is the parser's own
 * message; the form writes what it was given into the YAML (numbers as numbers, anything else as the
 * text typed) and lets the parser judge it.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import type { ActivationName } from "tracegrad/internal/engine/activations";
import type { LossName } from "tracegrad/internal/engine/losses";
import { DEFAULT_PRECISION } from "tracegrad/internal/common/format-number";
import { publishedNotes } from "tracegrad/internal/exercise/check";
import { buildSolution } from "tracegrad/internal/explain/solution";
import type { BackwardStyle } from "tracegrad/internal/explain/solution";
import type { Solution } from "tracegrad/internal/explain/solution";
import { stepResults } from "tracegrad/internal/step/results";
import type { StepResults } from "tracegrad/internal/step/results";
import { runStep } from "tracegrad/internal/step/run-step";
import { nextStepSpec } from "tracegrad/internal/step/run-steps";
import type { StepRecord } from "tracegrad/internal/step/run-step";
import type { StepSpec } from "tracegrad/internal/step/spec/index";
import type { StepState } from "../lib/url-state.js";
import { errorLine } from "../lib/errors.js";
import { DEFAULT_EXAMPLE, exampleById } from "./example-catalog.js";
import type { ExampleCatalog } from "./example-catalog.js";
import { architecture, editable, netToYaml, parseNet, specToYaml, withActivation, withArchitecture, withBias, withLoss, withSamples, withSetting, withValue } from "./net.js";
import type { EditableNet, RawValue, ValueRef } from "./net.js";
import { resolvePublished } from "./published.js";
import { itemOf, stagesOf } from "./stages.js";
import type { Stage } from "./stages.js";

/** The largest layer the form builds: the diagram and the table show every weight. */
export const MAX_FORM_UNITS = 64;
/** The most samples the form builds. */
export const MAX_FORM_SAMPLES = 64;

/** One network, run: its record and everything read off it. */
export interface Computed {
  readonly spec: StepSpec;
  readonly record: StepRecord;
  readonly results: StepResults;
  /** Where the spec's published answers differ, as notes (what `tracegrad step` prints after the spec's own). */
  readonly notes: readonly string[];
  readonly solution: Solution;
  readonly stages: readonly Stage[];
}

/** Runs a network and reads everything off its record, as `tracegrad step` does. */
export function compute(spec: StepSpec, precision: number, style: BackwardStyle = "delta"): Computed {
  const record = runStep(spec);
  const notes = publishedNotes(record, precision);
  return { spec, record, results: stepResults(record), notes, solution: buildSolution(record, { precision, extraNotes: notes, style }), stages: stagesOf(record) };
}

/** A form control's value the parser refused, shown beside the control (the network shown stays). */
export interface FieldError {
  /** The control: `architecture`, `learning-rate`, `l2`, `samples`, `value-w1`, ... */
  readonly control: string;
  /** What was typed. */
  readonly text: string;
  readonly message: string;
}

export interface StepModel {
  readonly catalog: ExampleCatalog;
  readonly current: Computed;
  /** The bundled example shown, unchanged; null for a network of one's own. */
  readonly exampleId: string | null;
  /** The YAML editor's text. */
  readonly text: string;
  /** The parser's message about `text`, when it holds a mistake (the network shown is the last good one). */
  readonly textError: string | null;
  readonly fieldError: FieldError | null;
  /** Stages revealed in the current step. */
  readonly stage: number;
  /** Which step of gradient descent this is, from 1. */
  readonly stepNo: number;
  readonly selected: string | null;
  readonly precision: number;
  readonly sample: number;
  /** The solution panel shows every stage so far, not only the last. */
  readonly showAll: boolean;
  /** How the backward pass is written: δ, or the chain rule's factors (as `tracegrad step --style`). */
  readonly style: BackwardStyle;
}

/** A change of one control of the form. */
export type FormEdit =
  | { readonly kind: "architecture"; readonly text: string }
  | { readonly kind: "loss"; readonly loss: LossName | null }
  | { readonly kind: "learning-rate"; readonly text: string }
  | { readonly kind: "l2"; readonly text: string }
  | { readonly kind: "activation"; readonly layer: number; readonly activation: ActivationName }
  | { readonly kind: "bias"; readonly layer: number; readonly on: boolean }
  | { readonly kind: "samples"; readonly text: string }
  | { readonly kind: "value"; readonly ref: ValueRef; readonly name: string; readonly text: string };

export type StepAction =
  | { readonly type: "example"; readonly id: string }
  | { readonly type: "text"; readonly text: string }
  | { readonly type: "form"; readonly edit: FormEdit }
  | { readonly type: "advance" }
  | { readonly type: "go-to"; readonly stage: number }
  | { readonly type: "select"; readonly id: string | null }
  | { readonly type: "precision"; readonly precision: number }
  | { readonly type: "sample"; readonly sample: number }
  | { readonly type: "show-all"; readonly on: boolean }
  | { readonly type: "style"; readonly style: BackwardStyle };

/** The model the page opens with: the CLI's default example at its first stage. */
export function initialStepModel(catalog: ExampleCatalog): StepModel {
  const first = exampleById(catalog, DEFAULT_EXAMPLE) ?? catalog.examples[0];
  return {
    catalog,
    current: compute(first.spec, DEFAULT_PRECISION),
    exampleId: first.id,
    text: first.text,
    textError: null,
    fieldError: null,
    stage: 0,
    stepNo: 1,
    selected: null,
    precision: DEFAULT_PRECISION,
    sample: 0,
    showAll: false,
    style: "delta",
  };
}

/** The name a typed network is read under, in messages. */
export const EDITOR_FILE = "network.yaml";

/** Reads YAML as `tracegrad step` reads a file (its published answers attached). Throws the parser's InputError. */
export function readNetwork(text: string, file: string, catalog: ExampleCatalog): StepSpec {
  return resolvePublished(parseNet(text, file), file, catalog.files);
}

/** A new network: computed, at the start of its first step, the selection kept where the network still has it. */
function withNetwork(model: StepModel, spec: StepSpec, text: string, exampleId: string | null): StepModel {
  const current = compute(spec, model.precision, model.style);
  return {
    ...model,
    current,
    exampleId,
    text,
    textError: null,
    fieldError: null,
    stage: 0,
    stepNo: 1,
    sample: Math.min(model.sample, spec.inputs.length - 1),
    selected: model.selected !== null && itemOf(current.record, model.selected) !== null ? model.selected : null,
  };
}

/** What a form edit asks for: a network, or the YAML that carries what was typed for the parser to judge. */
function formNetwork(net: EditableNet, edit: FormEdit, seed: number): { net: EditableNet; raw?: RawValue } | { message: string } {
  const number = (text: string) => (text.trim() === "" ? Number.NaN : Number(text));
  switch (edit.kind) {
    case "architecture": {
      const parts = edit.text.split(/[-,x ]+/).filter((p) => p !== "");
      const sizes = parts.map(Number);
      if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1 || s > MAX_FORM_UNITS)) {
        return { message: `expected the inputs, then the units of each layer, like 2-2-2 (whole numbers from 1 to ${MAX_FORM_UNITS} here), got "${edit.text}"` };
      }
      return { net: withArchitecture(net, sizes, seed) };
    }
    case "loss":
      return { net: withLoss(net, edit.loss) };
    case "learning-rate": {
      if (edit.text.trim() === "") return { net: withSetting(net, "learningRate", null) };
      const value = number(edit.text);
      return Number.isFinite(value) ? { net: withSetting(net, "learningRate", value) } : { net, raw: { target: "learningRate", text: edit.text } };
    }
    case "l2": {
      const value = number(edit.text);
      return Number.isFinite(value) ? { net: withSetting(net, "l2", value) } : { net, raw: { target: "l2", text: edit.text } };
    }
    case "activation":
      return { net: withActivation(net, edit.layer, edit.activation) };
    case "bias":
      return { net: withBias(net, edit.layer, edit.on) };
    case "samples": {
      const n = number(edit.text);
      if (!(Number.isInteger(n) && n >= 1 && n <= MAX_FORM_SAMPLES)) return { message: `expected a whole number of samples from 1 to ${MAX_FORM_SAMPLES}, got "${edit.text}"` };
      return { net: withSamples(net, n) };
    }
    case "value": {
      const value = number(edit.text);
      return Number.isFinite(value) ? { net: withValue(net, edit.ref, value) } : { net, raw: { target: edit.ref, text: edit.text } };
    }
  }
}

/** The control of a form edit, as the view names it. */
export function controlOf(edit: FormEdit): string {
  switch (edit.kind) {
    case "activation":
      return `activation-${edit.layer + 1}`;
    case "bias":
      return `bias-${edit.layer + 1}`;
    case "value":
      return `value-${edit.name}`;
    case "loss":
      return "loss-select";
    default:
      return edit.kind;
  }
}

function applyForm(model: StepModel, edit: FormEdit): StepModel {
  const control = controlOf(edit);
  const typed = "text" in edit ? edit.text : "";
  const wanted = formNetwork(editable(model.current.spec), edit, model.stepNo);
  if ("message" in wanted) return { ...model, fieldError: { control, text: typed, message: wanted.message } };
  const text = netToYaml(wanted.net, wanted.raw);
  try {
    return withNetwork(model, readNetwork(text, EDITOR_FILE, model.catalog), text, null);
  } catch (error) {
    return { ...model, fieldError: { control, text: typed, message: errorLine(error) } };
  }
}

/** The model after an action. */
export function stepReducer(model: StepModel, action: StepAction): StepModel {
  switch (action.type) {
    case "example": {
      const example = exampleById(model.catalog, action.id);
      if (example === undefined) return model;
      return { ...withNetwork({ ...model, selected: null, sample: 0 }, example.spec, example.text, example.id) };
    }
    case "text":
      try {
        return withNetwork(model, readNetwork(action.text, EDITOR_FILE, model.catalog), action.text, null);
      } catch (error) {
        return { ...model, text: action.text, textError: errorLine(error), fieldError: null };
      }
    case "form":
      return applyForm(model, action.edit);
    case "advance":
      if (model.stage < model.current.stages.length) return { ...model, stage: model.stage + 1 };
      return nextStep(model);
    case "go-to":
      return { ...model, stage: Math.max(0, Math.min(action.stage, model.current.stages.length)) };
    case "select":
      return { ...model, selected: action.id === model.selected ? null : action.id };
    case "precision":
      return { ...model, precision: action.precision, current: compute(model.current.spec, action.precision, model.style) };
    case "sample":
      return { ...model, sample: Math.max(0, Math.min(action.sample, model.current.spec.inputs.length - 1)) };
    case "show-all":
      return { ...model, showAll: action.on };
    case "style":
      return { ...model, style: action.style, current: compute(model.current.spec, model.precision, action.style) };
  }
}

/**
 * The next step of gradient descent, from the updated weights (the model itself when the step has no
 * update), as `tracegrad step --steps` takes it: the source's published answers are those of the
 * first step, so they are not compared with the next one's.
 */
function nextStep(model: StepModel): StepModel {
  if (model.current.record.update === null) return model;
  const spec = nextStepSpec(model.current.record);
  return { ...model, current: compute(spec, model.precision, model.style), exampleId: null, text: specToYaml(spec), textError: null, fieldError: null, stepNo: model.stepNo + 1, stage: 0 };
}

/** The state the URL keeps. */
export function stepLinkState(model: StepModel): StepState {
  const example = model.exampleId === null ? undefined : exampleById(model.catalog, model.exampleId);
  const unchanged = example !== undefined && model.textError === null && model.text === example.text;
  return {
    ...(unchanged ? { example: example.id } : { yaml: specToYaml(model.current.spec) }),
    ...(model.textError !== null ? { draft: model.text } : {}),
    stage: model.stage,
    stepNo: model.stepNo,
    selected: model.selected,
    precision: model.precision,
    sample: model.sample,
  };
}

/** The model of a link's state, and the problem with it in one line (null when there is none). */
export function restoreStep(model: StepModel, state: StepState): { model: StepModel; problem: string | null } {
  let spec = model.current.spec;
  let next: StepModel = { ...model, precision: state.precision, fieldError: null, textError: null };
  let problem: string | null = null;
  if (state.example !== undefined && state.yaml === undefined) {
    const example = exampleById(model.catalog, state.example);
    if (example === undefined) problem = `the link's example "${state.example}" is not bundled with this playground`;
    else {
      spec = example.spec;
      next = { ...next, exampleId: example.id, text: example.text };
    }
  } else if (state.yaml !== undefined) {
    try {
      spec = readNetwork(state.yaml, "link.yaml", model.catalog);
      next = { ...next, exampleId: null, text: state.yaml };
    } catch (error) {
      problem = `the link's network: ${errorLine(error)}`;
    }
  }
  next = { ...next, current: compute(spec, state.precision, next.style) };
  if (problem !== null) return { model: { ...next, text: state.yaml ?? next.text, textError: problem }, problem };
  if (state.draft !== undefined) {
    let textError: string | null = null;
    try {
      readNetwork(state.draft, EDITOR_FILE, model.catalog);
    } catch (error) {
      textError = errorLine(error);
    }
    next = { ...next, text: state.draft, textError };
  }
  return {
    model: {
      ...next,
      stage: Math.min(state.stage, next.current.stages.length),
      stepNo: state.stepNo,
      sample: Math.min(state.sample, next.current.spec.inputs.length - 1),
      selected: state.selected !== null && itemOf(next.current.record, state.selected) !== null ? state.selected : null,
    },
    problem: null,
  };
}

/** The sizes of the network shown, inputs first. */
export function layerSizes(model: StepModel): number[] {
  return architecture(editable(model.current.spec));
}
