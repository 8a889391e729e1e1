/**
 * The options of a {@link Trainer}, their defaults, and their checks against the model and the data:
 * every name exact (with the closest known one suggested), every number in its range, the loss fitting
 * the model's output layer, the data fitting the model.
 *
 * @module
 */
import { lossNames } from "../engine/losses.js";
import type { LossName } from "../engine/losses.js";
import { optimizerNames } from "../engine/update-rules.js";
import type { OptimizerName } from "../engine/update-rules.js";
import type { AnyDataset } from "../data/dataset.js";
import { checkDataset } from "../data/check-dataset.js";
import { checkBoolean, checkInteger, checkName, checkNumber, checkObject, expected, isPlainObject } from "../common/check-argument.js";
import { InvalidArgumentError } from "../common/errors.js";
import type { Sequential } from "./model.js";
import type { OptimizerConfig } from "./optimizer.js";
import { SCHEDULE_TYPES } from "./schedules.js";
import type { ScheduleConfig } from "./schedules.js";

/**
 * The convergence criteria of the Module 11 activity; each one set stops training when it holds.
 *
 * @category Training
 */
export interface EarlyStopping {
  /** Stop when |L_e - L_(e-1)| falls below this. */
  readonly lossChange?: number;
  /** Stop when the norm of the gradient (of the epoch's last batch) falls below this. */
  readonly gradientNorm?: number;
  /** Stop when no weight moved by more than this during an epoch. */
  readonly weightChange?: number;
  /** Stop when the validation loss has not improved by more than `minDelta` for this many epochs. */
  readonly patience?: number;
  readonly minDelta?: number;
  /** With `patience`: put back the weights of the best validation loss. */
  readonly restoreBest?: boolean;
}

/**
 * How a {@link Trainer} trains. Only `loss` is required.
 *
 * @category Training
 */
export interface TrainingOptions {
  /** `half-sse`, `mse`, `bce` (a sigmoid or softmax output) or `cross-entropy` (a softmax output). */
  readonly loss: LossName;
  /** The update rule: a name (`"adam"`) or a name with settings (`{ name: "adam", beta1: 0.9 }`); `sgd` by default. */
  readonly optimizer?: OptimizerConfig | OptimizerName;
  /** η (0 or more; 0 leaves the weights as they are); by default 0.01 for `sgd`, `momentum` and `nesterov`, 0.001 for `rmsprop`, `adam` and `adamw` (Keras's defaults). */
  readonly learningRate?: number;
  /** How many epochs training lasts, unless a criterion stops it sooner ({@link DEFAULT_EPOCHS}: 100). */
  readonly epochs?: number;
  /** Samples per update: the whole set by default (full batch); 1 is per-sample training. */
  readonly batchSize?: number;
  /** Shuffle the samples every epoch (the default when the batch is smaller than the set). */
  readonly shuffle?: boolean;
  /** Seeds the shuffles and the dropout masks (1). */
  readonly seed?: number;
  /** λ of the L1 penalty λΣ|w| (weights only). */
  readonly l1?: number;
  /** λ of the L2 penalty λΣw² (weights only): adds 2λw to the gradient. */
  readonly l2?: number;
  /** Scale the gradient down when its global L2 norm exceeds this. */
  readonly clipNorm?: number;
  /** Clamp every gradient value to [-clipValue, clipValue]. */
  readonly clipValue?: number;
  /** How η changes from epoch to epoch (constant by default). */
  readonly schedule?: ScheduleConfig;
  /** Epochs of linear warm-up of the learning rate. */
  readonly warmup?: number;
  readonly earlyStopping?: EarlyStopping;
  /**
   * Train a small Float64 network of dense layers in the WebAssembly small-network trainer, where the
   * runtime has WebAssembly SIMD (`true`, the default), or keep every epoch on the TypeScript path
   * (`false`). Which networks qualify, and what the path does not do (no per-batch reports: `fit`'s
   * `onBatchEnd` needs `false`), is told at {@link Trainer.webAssembly}. Both paths give the same bits
   * in V8, except where a layer is tanh (the kernel's tanh is within 0.51 ulp, `Math.tanh` within 1.8).
   */
  readonly smallNet?: boolean;
}

/**
 * The options with their defaults filled in, as a {@link Trainer} uses them.
 *
 * @category Training
 */
export interface ResolvedTrainingOptions extends Omit<TrainingOptions, "optimizer" | "learningRate" | "epochs"> {
  readonly optimizer: OptimizerConfig;
  readonly learningRate: number;
  readonly epochs: number;
}

/**
 * The epochs a training lasts when `epochs` is not given.
 *
 * @category Training
 */
export const DEFAULT_EPOCHS = 100;

/**
 * The learning rate an optimizer gets when `learningRate` is not given: 0.01 for the SGD family, 0.001 for the adaptive ones (Keras's).
 *
 * @category Training
 */
export function defaultLearningRate(optimizer: OptimizerName): number {
  return optimizer === "sgd" || optimizer === "momentum" || optimizer === "nesterov" ? 0.01 : 0.001;
}

const OPTION_FIELDS = ["loss", "optimizer", "learningRate", "epochs", "batchSize", "shuffle", "seed", "l1", "l2", "clipNorm", "clipValue", "schedule", "warmup", "earlyStopping", "smallNet"];
const OPTIMIZER_FIELDS = ["name", "momentum", "rho", "beta1", "beta2", "epsilon", "weightDecay"];
const EARLY_FIELDS = ["lossChange", "gradientNorm", "weightChange", "patience", "minDelta", "restoreBest"];
const SCHEDULE_FIELDS: Readonly<Record<(typeof SCHEDULE_TYPES)[number], readonly string[]>> = {
  constant: ["type"],
  step: ["type", "every", "factor"],
  exponential: ["type", "factor"],
  cosine: ["type", "minimum"],
  plateau: ["type", "factor", "patience", "minimum", "threshold"],
};

const nonNegative = { min: 0 };
const positive = { min: 0, minOpen: true };

function checkOptimizer(value: unknown): OptimizerConfig {
  const at = "options.optimizer";
  if (typeof value === "string" || !isPlainObject(value)) return { name: checkName(value, optimizerNames(), at, "optimizer") };
  const name = checkName(value.name, optimizerNames(), `${at}.name`, "optimizer");
  const o = checkObject(value, at, OPTIMIZER_FIELDS);
  if (o.momentum !== undefined) checkNumber(o.momentum, `${at}.momentum`, { min: 0, max: 1, maxOpen: true });
  if (o.rho !== undefined) checkNumber(o.rho, `${at}.rho`, { min: 0, max: 1, maxOpen: true });
  if (o.beta1 !== undefined) checkNumber(o.beta1, `${at}.beta1`, { min: 0, max: 1, maxOpen: true });
  if (o.beta2 !== undefined) checkNumber(o.beta2, `${at}.beta2`, { min: 0, max: 1, maxOpen: true });
  if (o.epsilon !== undefined) checkNumber(o.epsilon, `${at}.epsilon`, positive);
  if (o.weightDecay !== undefined) checkNumber(o.weightDecay, `${at}.weightDecay`, nonNegative);
  return { ...(o as unknown as OptimizerConfig), name };
}

function checkSchedule(value: unknown): ScheduleConfig {
  const at = "options.schedule";
  const type = checkName(isPlainObject(value) ? value.type : value, SCHEDULE_TYPES, `${at}.type`, "schedule");
  const o = checkObject(value, at, SCHEDULE_FIELDS[type]);
  if (o.every !== undefined || type === "step") checkInteger(o.every, `${at}.every`, 1);
  if (o.factor !== undefined || type !== "constant" && type !== "cosine") checkNumber(o.factor, `${at}.factor`, type === "plateau" ? { min: 0, max: 1, minOpen: true, maxOpen: true } : positive);
  if (o.patience !== undefined || type === "plateau") checkInteger(o.patience, `${at}.patience`, 1);
  if (o.minimum !== undefined) checkNumber(o.minimum, `${at}.minimum`, nonNegative);
  if (o.threshold !== undefined) checkNumber(o.threshold, `${at}.threshold`, nonNegative);
  return o as unknown as ScheduleConfig;
}

function checkEarlyStopping(value: unknown): EarlyStopping {
  const at = "options.earlyStopping";
  const o = checkObject(value, at, EARLY_FIELDS);
  for (const key of ["lossChange", "gradientNorm", "weightChange", "minDelta"]) if (o[key] !== undefined) checkNumber(o[key], `${at}.${key}`, nonNegative);
  if (o.patience !== undefined) checkInteger(o.patience, `${at}.patience`, 1);
  if (o.restoreBest !== undefined) checkBoolean(o.restoreBest, `${at}.restoreBest`);
  return o as EarlyStopping;
}

/** Checks that the loss suits the model's output layer: cross-entropy needs softmax, bce outputs in (0, 1). */
function checkLossFitsModel(loss: LossName, model: Sequential): void {
  const output = model.outputLayer?.activation.name ?? null;
  if (loss === "cross-entropy" && output !== "softmax") {
    throw new InvalidArgumentError("options.loss", `the loss "cross-entropy" needs a softmax output layer (the model's last layer is ${output === null ? model.layers[model.layers.length - 1].type : `a ${output} dense layer`})`);
  }
  if (loss === "bce" && output !== "sigmoid" && output !== "softmax") {
    throw new InvalidArgumentError("options.loss", `the loss "bce" needs outputs in (0, 1), from a sigmoid (or softmax) output layer (the model's last layer is ${output === null ? model.layers[model.layers.length - 1].type : `a ${output} dense layer`})`);
  }
}

/** Checks a training's options (`options`), with its model in mind, and fills in the defaults. */
export function checkTrainingOptions(value: unknown, model: Sequential): ResolvedTrainingOptions {
  const o = checkObject(value, "options", OPTION_FIELDS);
  if (o.loss === undefined) throw expected("options.loss", `a loss: one of ${lossNames().map((n) => `"${n}"`).join(", ")}`, undefined);
  const loss = checkName(o.loss, lossNames(), "options.loss", "loss");
  checkLossFitsModel(loss, model);
  const optimizer = o.optimizer === undefined ? { name: "sgd" as const } : checkOptimizer(o.optimizer);
  const learningRate = o.learningRate === undefined ? defaultLearningRate(optimizer.name) : checkNumber(o.learningRate, "options.learningRate", nonNegative);
  const epochs = o.epochs === undefined ? DEFAULT_EPOCHS : checkInteger(o.epochs, "options.epochs", 1);
  if (o.batchSize !== undefined) checkInteger(o.batchSize, "options.batchSize", 1);
  if (o.shuffle !== undefined) checkBoolean(o.shuffle, "options.shuffle");
  if (o.seed !== undefined) checkInteger(o.seed, "options.seed", Number.MIN_SAFE_INTEGER);
  for (const key of ["l1", "l2"]) if (o[key] !== undefined) checkNumber(o[key], `options.${key}`, nonNegative);
  for (const key of ["clipNorm", "clipValue"]) if (o[key] !== undefined) checkNumber(o[key], `options.${key}`, positive);
  if (o.warmup !== undefined) checkInteger(o.warmup, "options.warmup", 0);
  if (o.smallNet !== undefined) checkBoolean(o.smallNet, "options.smallNet");
  const schedule = o.schedule === undefined ? undefined : checkSchedule(o.schedule);
  const earlyStopping = o.earlyStopping === undefined ? undefined : checkEarlyStopping(o.earlyStopping);
  return { ...(o as unknown as TrainingOptions), loss, optimizer, learningRate, epochs, ...(schedule ? { schedule } : {}), ...(earlyStopping ? { earlyStopping } : {}) };
}

/** Checks that `value` is a {@link Dataset} (in Float64Arrays or Float32Arrays) that fits the model; `argument` names it. */
export function checkDatasetFits(value: unknown, argument: string, model: Sequential): AnyDataset {
  const d = checkDataset(value, argument, true);
  if (d.features !== model.inputSize) throw new InvalidArgumentError(`${argument}.features`, `the data has ${d.features} features, but the model takes ${model.inputSize} inputs`);
  if (d.outputs !== model.outputSize) throw new InvalidArgumentError(`${argument}.outputs`, `the data has ${d.outputs} targets per sample, but the model has ${model.outputSize} outputs`);
  return d;
}
