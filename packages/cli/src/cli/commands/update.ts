/**
 * `tracegrad update [FILE] --weights 1,-2,0.5 --gradient 0.1,-0.4,0.2 --lr 0.1 [--l2 λ | --weight-decay λ]
 * [--optimizer NAME --state FILE --steps N]`: the worked solution of optimizer steps. FILE, a YAML or
 * JSON problem file, gives the same settings (the flags override it) and can carry a title, source,
 * notes and published answers.
 *
 * @module
 */
import { optimizerNames } from "tracegrad";
import { explainUpdate, runUpdates } from "tracegrad/internal/explain/update/explain-update";
import { readUpdateState } from "tracegrad/internal/explain/update/read-state";
import type { UpdateProblem, UpdateState } from "tracegrad/internal/explain/update/run-update";
import { finalState } from "tracegrad/internal/explain/update/run-update";
import { parseInlineMatrix, parseNumberList } from "tracegrad/internal/explain/worked/read-matrix";
import { readUpdateProblemFile } from "tracegrad/internal/explain/update/update-problem-file";
import type { UpdateSettings } from "tracegrad/internal/explain/update/update-problem-file";
import { parseSource } from "tracegrad/internal/common/source";
import { readTextFile } from "../../files/read-text-file.js";
import { writeFileAtomic } from "../../files/write-file-atomic.js";
import { InputError } from "tracegrad";
import { integerOption, numberOption } from "../io.js";
import type { WorkedCliOptions } from "./worked-options.js";
import { checkWorkedTargets, choiceOption, emitWorked, renderOptions } from "./worked-options.js";

export interface UpdateCommandOptions extends WorkedCliOptions {
  weights?: string;
  gradient?: string;
  lr?: string;
  l2?: string;
  weightDecay?: string;
  compare?: boolean;
  optimizer?: string;
  momentum?: string;
  rho?: string;
  beta1?: string;
  beta2?: string;
  epsilon?: string;
  state?: string;
  stateOut?: string;
  steps?: string;
}

const positive = (x: number) => (x > 0 ? undefined : "must be greater than 0");
const nonNegative = (x: number) => (x >= 0 ? undefined : "must be 0 or more");
const fraction = (x: number) => (x >= 0 && x < 1 ? undefined : "must be from 0 up to (not including) 1");

/** The settings the command line gives (each flag may be left out). */
function settingsFromOptions(options: UpdateCommandOptions): UpdateSettings {
  const number = (value: string | undefined, name: string, check: (x: number) => string | undefined) => (value === undefined ? undefined : numberOption(value, name, check));
  const settings = {
    weights: options.weights === undefined ? undefined : parseNumberList(options.weights, "--weights"),
    gradients: options.gradient === undefined ? undefined : parseInlineMatrix(options.gradient, "--gradient"),
    learningRate: number(options.lr, "--lr", positive),
    optimizer: options.optimizer === undefined ? undefined : choiceOption(options.optimizer, optimizerNames(), "--optimizer"),
    steps: options.steps === undefined ? undefined : integerOption(options.steps, "--steps", 1, 10000),
    compare: options.compare,
    momentum: number(options.momentum, "--momentum", fraction),
    rho: number(options.rho, "--rho", fraction),
    beta1: number(options.beta1, "--beta1", fraction),
    beta2: number(options.beta2, "--beta2", fraction),
    epsilon: number(options.epsilon, "--epsilon", nonNegative),
    l2: number(options.l2, "--l2", nonNegative),
    weightDecay: number(options.weightDecay, "--weight-decay", nonNegative),
  };
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as UpdateSettings;
}

/**
 * The problem the options describe, on top of a problem file's settings (`fromFile`), which the
 * command line overrides field by field.
 */
export function updateProblem(options: UpdateCommandOptions, fromFile: UpdateSettings = {}): UpdateProblem {
  const given = settingsFromOptions(options);
  if (given.l2 !== undefined && given.weightDecay !== undefined) throw new InputError("--l2 and --weight-decay are two conventions for λ: give one (and --compare to see the other)");
  // A convention given on the command line replaces the file's.
  const file = given.l2 !== undefined || given.weightDecay !== undefined ? { ...fromFile, l2: undefined, weightDecay: undefined } : fromFile;
  const settings: UpdateSettings = { ...file, ...given };
  if (settings.learningRate === undefined) throw new InputError("--lr: give the learning rate η");
  if (settings.gradients === undefined) throw new InputError("--gradient: give ∂L/∂w, as 0.1,-0.4,0.2 (or one row per step, rows separated by ';')");
  let weights = settings.weights;
  let state: UpdateState | undefined = settings.state;
  let resolved = settings.optimizer;
  if (options.state !== undefined) {
    const stateFile = readUpdateState(readTextFile(options.state), options.state, { ...(resolved !== undefined ? { optimizer: resolved } : {}), ...(weights !== undefined ? { weights } : {}) });
    weights = stateFile.weights;
    state = stateFile.state;
    resolved = stateFile.optimizer;
  }
  if (weights === undefined) throw new InputError("--weights: give the weights, as 1,-2,0.5 (or a --state file that holds them)");
  const gradients = settings.gradients;
  if (gradients[0].length !== weights.length) throw new InputError(`--gradient: has ${gradients[0].length} values; give one per weight: ${weights.length}`);
  const steps = settings.steps;
  if (steps !== undefined && gradients.length > 1 && steps !== gradients.length) throw new InputError(`--steps: ${steps} steps, but --gradient gives ${gradients.length} rows (one per step)`);
  if (settings.compare && settings.l2 === undefined && settings.weightDecay === undefined) throw new InputError("--compare: give --l2 λ or --weight-decay λ to compare with the other convention");
  const hyper = { momentum: settings.momentum, rho: settings.rho, beta1: settings.beta1, beta2: settings.beta2, epsilon: settings.epsilon, l2: settings.l2, weightDecay: settings.weightDecay };
  return {
    weights,
    gradients,
    learningRate: settings.learningRate,
    ...(steps !== undefined ? { steps } : {}),
    ...(resolved !== undefined ? { optimizer: resolved } : {}),
    ...(state !== undefined ? { state } : {}),
    ...Object.fromEntries(Object.entries(hyper).filter(([, v]) => v !== undefined)),
    ...(settings.compare ? { compare: true } : {}),
    ...(settings.bias !== undefined ? { bias: settings.bias, ...(settings.biasGradients !== undefined ? { biasGradients: settings.biasGradients } : {}) } : {}),
  };
}

export function updateCommand(file: string | undefined, options: UpdateCommandOptions): number {
  // --state-out may continue the --state it started from, in place.
  checkWorkedTargets(options, [{ option: "--state-out", path: options.stateOut, kind: "file", ...(options.state !== undefined ? { replaces: options.state } : {}) }], [file, options.state]);
  const { format, precision } = renderOptions(options);
  const fromFile = file === undefined ? undefined : readUpdateProblemFile(parseSource(readTextFile(file), file));
  const problem = updateProblem(options, fromFile?.settings);
  const solution = explainUpdate(problem, { format, precision, ...(fromFile !== undefined ? { text: fromFile.text } : {}) });
  // The file first: should it fail, nothing has been printed.
  if (options.stateOut !== undefined) writeFileAtomic(options.stateOut, JSON.stringify(finalState(runUpdates(problem)[0]), null, 2) + "\n");
  emitWorked(solution, options);
  return 0;
}
