/**
 * Train mode's state and the one function that changes it: `trainReducer(model, action)`. The model
 * holds the settings as the controls show them (perhaps with a mistake, said beside its control with a
 * button that fixes it), the options of the run being trained, the changes made during that run, and
 * what the page says about the last change: that the run goes on from its weights, or starts again.
 * The view compares the run's id and options before and after an action to know whether to start a run
 * in the worker or to pass it the new options.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { formatNumber } from "tracegrad/internal/common/format-number";
import type { RunOptions } from "tracegrad/internal/run/run-config";
import type { TrainState } from "../lib/url-state.js";
import { checkSettings, CONTROL_LABELS } from "./problems.js";
import type { SettingsProblem } from "./problems.js";
import type { RunEdit, WeightRef } from "./session.js";
import { changedKeys, knownShape, restartNeeded, withClasses, withData, withFeatures, withLoss, withOption } from "./settings.js";
import type { DataShape } from "./settings.js";
import { DEFAULT_SPEED } from "./defaults.js";
import { DEFAULT_TRAIN_OPTIONS, DIGITS, NO_SOURCES } from "./setup.js";
import type { CsvFile } from "./setup.js";

/** Speeds, as epochs per frame (0: as fast as it goes), and their names; the default ({@link DEFAULT_SPEED}) is to watch it learn. */
export const SPEEDS: readonly (readonly [string, string])[] = [
  ["0", "as fast as it goes"],
  ["100", "100 epochs per frame"],
  [String(DEFAULT_SPEED), `${DEFAULT_SPEED} epochs per frame`],
  ["10", "10 epochs per frame"],
  ["1", "1 epoch per frame"],
];

/** Epochs per second of a speed (frames at 60 per second). */
export function speedRate(speed: number): number {
  return speed === 0 ? Number.POSITIVE_INFINITY : speed * 60;
}

export interface TrainModel {
  /** The settings as the controls show them. */
  readonly options: RunOptions;
  /** What is wrong with them, if anything (the run keeps its own options meanwhile). */
  readonly problem: SettingsProblem | null;
  /** The options of the run being trained; null before the first good settings. */
  readonly running: RunOptions | null;
  /** The options the run started with (before the changes in `edits`). */
  readonly start: RunOptions | null;
  /** Counts the runs started: a new id is a new run. */
  readonly runId: number;
  /** The changes made during this run (other options, weights set by hand), at their epochs. */
  readonly edits: readonly RunEdit[];
  /** The run's epoch, as last reported. */
  readonly epoch: number;
  readonly csv: CsvFile | null;
  readonly csvShape: DataShape | null;
  /** Epochs per frame; 0 as fast as it goes. */
  readonly speed: number;
  readonly showTest: boolean;
  readonly discretize: boolean;
  /** What the page says about the last change. */
  readonly notice: string | null;
}

export type TrainAction =
  /** A control changed: an option by its key ("" or undefined clears it). */
  | { readonly type: "set"; readonly key: string; readonly value: unknown }
  /** Whole options (a fix button, the layer and unit buttons). */
  | { readonly type: "options"; readonly options: RunOptions; readonly what: string }
  | { readonly type: "data"; readonly name: string }
  | { readonly type: "classes"; readonly text: string }
  | { readonly type: "features"; readonly features: readonly string[] }
  | { readonly type: "loss"; readonly loss: string }
  | { readonly type: "csv"; readonly file: CsvFile; readonly shape: DataShape | null }
  | { readonly type: "weight"; readonly ref: WeightRef; readonly value: number }
  | { readonly type: "epoch"; readonly epoch: number }
  /** The run's changes as the worker made them, at its own epochs. */
  | { readonly type: "edits"; readonly edits: readonly RunEdit[] }
  | { readonly type: "reset" }
  | { readonly type: "speed"; readonly speed: number }
  | { readonly type: "show-test"; readonly on: boolean }
  | { readonly type: "discretize"; readonly on: boolean }
  /** The worker could not set the run up: the problem, named by the option the error names. */
  | { readonly type: "failed"; readonly problem: SettingsProblem };

/** The model the page opens with: the default options, about to start. */
export function initialTrainModel(): TrainModel {
  return settle(
    { options: { ...DEFAULT_TRAIN_OPTIONS }, problem: null, running: null, start: null, runId: 0, edits: [], epoch: 0, csv: null, csvShape: null, speed: DEFAULT_SPEED, showTest: true, discretize: false, notice: null },
    "",
  );
}

/** The settings' shape of data, for fitting the layers: the uploaded file's, or a generator's. */
function shapeOf(model: TrainModel, options: RunOptions): DataShape | null {
  return model.csv !== null && options.data === model.csv.name ? model.csvShape : knownShape(options);
}

/** The settings checked; the digits (which only the worker loads) by their options alone. */
function problemOf(model: TrainModel, options: RunOptions): SettingsProblem | null {
  if (options.data === DIGITS) {
    const checked = checkSettings({ ...options, data: "xor", layers: "2-1" }, NO_SOURCES);
    return checked.problem !== null && checked.problem.key !== "layers" && checked.problem.key !== "data" ? checked.problem : null;
  }
  return checkSettings(options, { csv: model.csv, digits: null }, shapeOf(model, options)).problem;
}

/** The names of changed options, as the page shows them. */
function changedNames(before: RunOptions, after: RunOptions): string {
  const keys = changedKeys(before, after);
  const names = keys.map((k) => CONTROL_LABELS[k] ?? k);
  return names.length <= 2 ? names.join(" and ") : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The model with these settings: checked, and the run started again or continued as they need. */
function settle(model: TrainModel, what: string): TrainModel {
  const problem = problemOf(model, model.options);
  if (problem !== null) return { ...model, problem, notice: null };
  const running = model.running;
  if (running !== null && changedKeys(running, model.options).length === 0) return { ...model, problem: null };
  // Before the first epoch a run that goes on is a run that starts with these options.
  const fresh = model.epoch === 0 && model.edits.length === 0;
  if (running === null || restartNeeded(running, model.options) || fresh) {
    const changed = running === null ? "" : what || changedNames(running, model.options);
    const notice = running === null || changed === "" ? null : restartNeeded(running, model.options) ? `${changed} changed: the run starts again at epoch 0 with new weights.` : `${changed} changed.`;
    return { ...model, problem: null, running: model.options, start: model.options, runId: model.runId + 1, edits: [], epoch: 0, notice };
  }
  const notice = `${what || changedNames(running, model.options)} changed at epoch ${model.epoch}: the run goes on from its current weights.`;
  return { ...model, problem: null, running: model.options, edits: [...model.edits, { epoch: model.epoch, options: model.options }], notice };
}

/** The model after an action. */
export function trainReducer(model: TrainModel, action: TrainAction): TrainModel {
  switch (action.type) {
    case "set":
      return settle({ ...model, options: withOption(model.options, action.key, action.value) }, "");
    case "options":
      return settle({ ...model, options: action.options }, action.what);
    case "data":
      return settle({ ...model, options: withData(model.options, action.name, model.csv !== null && action.name === model.csv.name ? model.csvShape : null) }, "The data set");
    case "classes":
      return settle({ ...model, options: withClasses(model.options, action.text) }, "The classes");
    case "features":
      return settle({ ...model, options: withFeatures(model.options, action.features, shapeOf(model, model.options)) }, "The input features");
    case "loss":
      return settle({ ...model, options: withLoss(model.options, action.loss, shapeOf(model, model.options)) }, "The loss");
    case "csv": {
      const next = { ...model, csv: action.file, csvShape: action.shape };
      return settle({ ...next, options: withData(model.options, action.file.name, action.shape) }, "The data set");
    }
    case "weight":
      return { ...model, edits: [...model.edits, { epoch: model.epoch, weight: action.ref, value: action.value }], notice: `A weight was set to ${formatNumber(action.value, 6)} at epoch ${model.epoch}: the run goes on from there.` };
    case "epoch":
      return { ...model, epoch: action.epoch };
    case "edits":
      return { ...model, edits: action.edits };
    case "reset":
      return model.problem === null ? { ...model, runId: model.runId + 1, edits: [], epoch: 0, running: model.options, start: model.options, notice: null } : model;
    case "speed":
      return { ...model, speed: action.speed };
    case "show-test":
      return { ...model, showTest: action.on };
    case "discretize":
      return { ...model, discretize: action.on };
    case "failed":
      return { ...model, problem: action.problem, running: null, start: null, notice: null };
  }
}

/** The state the URL keeps: the settings, the epoch reached, the changes made on the way. */
export function trainLinkState(model: TrainModel, maxCsv: number): TrainState {
  const csv = model.csv !== null && model.csv.text.length <= maxCsv && model.options.data === model.csv.name ? { csv: model.csv } : {};
  const run = model.running ?? model.options;
  return {
    options: run as Record<string, unknown>,
    epoch: model.epoch,
    speed: model.speed,
    ...(model.edits.length > 0 ? { edits: model.edits.map((e) => ({ ...e })) as TrainState["edits"], ...(model.start !== null ? { startOptions: model.start as Record<string, unknown> } : {}) } : {}),
    ...(model.showTest ? {} : { showTest: false }),
    ...(model.discretize ? { discretize: true } : {}),
    ...csv,
  };
}

/**
 * The model of a link's state: its first options start the run, its changes are replayed up to its
 * epoch. A problem with its options is the problem of the settings, said in one line.
 */
export function restoreTrain(model: TrainModel, state: TrainState): { model: TrainModel; problem: string | null } {
  const edits = (state.edits ?? []) as readonly RunEdit[];
  const firstOptions = edits.length > 0 ? firstRunOptions(state) : (state.options as RunOptions);
  const base: TrainModel = {
    ...model,
    csv: state.csv ?? model.csv,
    speed: SPEEDS.some(([v]) => Number(v) === state.speed) ? state.speed : DEFAULT_SPEED,
    showTest: state.showTest ?? true,
    discretize: state.discretize ?? false,
    options: firstOptions,
    running: null,
  };
  const started = settle(base, "");
  if (started.problem !== null) {
    return { model: settle({ ...model, running: null }, ""), problem: `the link's training settings: ${CONTROL_LABELS[started.problem.key] ?? started.problem.key}: ${started.problem.message}` };
  }
  return { model: { ...started, options: state.options as RunOptions, running: state.options as RunOptions, start: firstOptions, edits, epoch: state.epoch, notice: null }, problem: null };
}

/** The options a link's run started with: its `startOptions` when it changed options on the way, else its options. */
function firstRunOptions(state: TrainState): RunOptions {
  return (state.startOptions ?? state.options) as RunOptions;
}
