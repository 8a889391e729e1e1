/**
 * `tracegrad update --weights 1,-2,0.5 --gradient 0.1,-0.4,0.2 --lr 0.1 [--l2 λ | --weight-decay λ]
 * [--optimizer NAME --state FILE --steps N]`: the worked solution of optimizer steps.
 *
 * @module
 */
import { OPTIMIZER_NAMES } from "tracegrad/internal/engine/update-rules";
import type { OptimizerName } from "tracegrad/internal/engine/update-rules";
import { explainUpdate, runUpdates } from "tracegrad/internal/explain/update/explain-update";
import { readUpdateState } from "tracegrad/internal/explain/update/read-state";
import type { UpdateProblem, UpdateState } from "tracegrad/internal/explain/update/run-update";
import { finalState } from "tracegrad/internal/explain/update/run-update";
import { parseInlineMatrix, parseNumberList } from "tracegrad/internal/explain/worked/read-matrix";
import { readTextFile } from "../../files/read-text-file.js";
import { writeFileAtomic } from "../../files/write-file-atomic.js";
import { InputError } from "tracegrad/internal/common/input-error";
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

/** The problem the options describe. */
export function updateProblem(options: UpdateCommandOptions): UpdateProblem {
  if (options.lr === undefined) throw new InputError("--lr: give the learning rate η (seed 004's exercise 6 takes 0.1)");
  if (options.gradient === undefined) throw new InputError("--gradient: give ∂L/∂w, as 0.1,-0.4,0.2 (or one row per step, rows separated by ';')");
  if (options.l2 !== undefined && options.weightDecay !== undefined) throw new InputError("--l2 and --weight-decay are two conventions for λ: give one (and --compare to see the other)");
  const optimizer: OptimizerName | undefined = options.optimizer === undefined ? undefined : choiceOption(options.optimizer, OPTIMIZER_NAMES, "--optimizer");
  const weightsOption = options.weights === undefined ? undefined : parseNumberList(options.weights, "--weights");
  let weights = weightsOption;
  let state: UpdateState | undefined;
  let resolved = optimizer;
  if (options.state !== undefined) {
    const file = readUpdateState(readTextFile(options.state), options.state, { ...(optimizer !== undefined ? { optimizer } : {}), ...(weightsOption !== undefined ? { weights: weightsOption } : {}) });
    weights = file.weights;
    state = file.state;
    resolved = file.optimizer;
  }
  if (weights === undefined) throw new InputError("--weights: give the weights, as 1,-2,0.5 (or a --state file that holds them)");
  const gradients = parseInlineMatrix(options.gradient, "--gradient");
  if (gradients[0].length !== weights.length) throw new InputError(`--gradient: has ${gradients[0].length} values; give one per weight: ${weights.length}`);
  const steps = options.steps === undefined ? undefined : integerOption(options.steps, "--steps", 1, 10000);
  if (steps !== undefined && gradients.length > 1 && steps !== gradients.length) throw new InputError(`--steps: ${steps} steps, but --gradient gives ${gradients.length} rows (one per step)`);
  const number = (value: string | undefined, name: string, check: (x: number) => string | undefined) => (value === undefined ? undefined : numberOption(value, name, check));
  const hyper = {
    momentum: number(options.momentum, "--momentum", fraction),
    rho: number(options.rho, "--rho", fraction),
    beta1: number(options.beta1, "--beta1", fraction),
    beta2: number(options.beta2, "--beta2", fraction),
    epsilon: number(options.epsilon, "--epsilon", nonNegative),
    l2: number(options.l2, "--l2", nonNegative),
    weightDecay: number(options.weightDecay, "--weight-decay", nonNegative),
  };
  if (options.compare && hyper.l2 === undefined && hyper.weightDecay === undefined) throw new InputError("--compare: give --l2 λ or --weight-decay λ to compare with the other convention");
  return {
    weights,
    gradients,
    learningRate: numberOption(options.lr, "--lr", positive),
    ...(steps !== undefined ? { steps } : {}),
    ...(resolved !== undefined ? { optimizer: resolved } : {}),
    ...(state !== undefined ? { state } : {}),
    ...Object.fromEntries(Object.entries(hyper).filter(([, v]) => v !== undefined)),
    ...(options.compare ? { compare: true } : {}),
  };
}

export function updateCommand(options: UpdateCommandOptions): number {
  checkWorkedTargets(options, [{ option: "--state-out", path: options.stateOut, kind: "file" }]);
  const { format, precision } = renderOptions(options);
  const problem = updateProblem(options);
  const solution = explainUpdate(problem, { format, precision });
  // The file first: should it fail, nothing has been printed.
  if (options.stateOut !== undefined) writeFileAtomic(options.stateOut, JSON.stringify(finalState(runUpdates(problem)[0]), null, 2) + "\n");
  emitWorked(solution, options);
  return 0;
}
