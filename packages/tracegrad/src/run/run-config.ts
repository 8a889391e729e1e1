/**
 * The options of a training run, from command-line flags, a YAML config file, or both (flags win).
 * Both go through one zod schema, so a mistake is reported the same way wherever it was made: one line
 * with the option (and the file, line and column for a config file).
 *
 * @module
 */
import * as z from "zod";
import { MAX_POINTS } from "../data/generators.js";
import { FEATURE_NAMES } from "../data/feature-names.js";
import type { FeatureName } from "../data/feature-names.js";
import { activationNames } from "../engine/activations.js";
import type { ActivationName } from "../engine/activations.js";
import { lossNames } from "../engine/losses.js";
import type { LossName } from "../engine/losses.js";
import { optimizerNames } from "../engine/update-rules.js";
import type { OptimizerName } from "../engine/update-rules.js";
import { INITIALIZER_NAMES } from "../nn/initializers.js";
import type { InitializerName } from "../nn/initializers.js";
import type { DType } from "../nn/layers/layer.js";
import type { OptimizerConfig } from "../nn/optimizer.js";
import type { ScheduleConfig } from "../nn/schedules.js";
import type { EarlyStopping, TrainingOptions } from "../nn/trainer.js";
import { didYouMean } from "../common/did-you-mean.js";
import { InputError } from "../common/input-error.js";
import type { ParsedSource } from "../common/source.js";
import { describeValue } from "../common/describe-value.js";
import { checkNetworkSize, LIMITS } from "../common/limits.js";

/** The optimizer's settings among a run's options, named as {@link OptimizerConfig} names them. */
export const OPTIMIZER_SETTINGS = ["momentum", "rho", "beta1", "beta2", "epsilon", "weightDecay"] as const;

/** The trainer's settings among a run's options, named as {@link TrainingOptions} names them. */
export const TRAINING_SETTINGS = ["l1", "l2", "clipNorm", "clipValue", "schedule", "warmup", "earlyStopping"] as const;

/** The fields of `source` named in `keys` that it gives: one that is absent or undefined is left out. */
export function givenFields<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

/**
 * Everything a training run needs, checked and with defaults filled in; the optimizer's and the
 * trainer's settings under their own names.
 */
export interface RunConfig extends Omit<OptimizerConfig, "name">, Pick<TrainingOptions, (typeof TRAINING_SETTINGS)[number]> {
  /** A generator name (`xor-easy`, `linear`, ...), `mnist`, or a CSV file. */
  readonly data: string;
  /** Points to draw, for generators. */
  readonly points?: number;
  /** Classes, for spiral and blobs (the output layer's size when not given). */
  readonly classes?: number;
  /** How far a generator's points stray from its pattern (each generator's own default when not given). */
  readonly noise?: number;
  /** The input features computed from the data's two columns (x1, x2, x1^2, ...); the raw columns when not given. */
  readonly features?: readonly FeatureName[];
  /** Target columns of a CSV file. */
  readonly target?: readonly string[];
  /** Sizes from the input to the output: [2, 4, 4, 1]. */
  readonly layers: readonly number[];
  readonly activation: ActivationName;
  readonly outputActivation: ActivationName;
  readonly alpha?: number;
  readonly loss: LossName;
  readonly optimizer: OptimizerName;
  readonly learningRate: number;
  readonly epochs: number;
  /** Samples per update; the whole training set when absent. */
  readonly batch?: number;
  readonly seed: number;
  readonly init?: InitializerName;
  readonly bias: boolean;
  readonly dtype: DType;
  /** Dropout after every hidden layer, at this rate. */
  readonly dropout?: number;
  /** Batch normalisation after every hidden dense layer. */
  readonly batchNorm: boolean;
  /** Fractions of the data held out. */
  readonly validation?: number;
  readonly test?: number;
  readonly scale?: "minmax" | "standardize";
}

/** The defaults: Lab01 (2-4-4-1 sigmoid, MSE, SGD, η = 1, 10,000 epochs, full batch). */
export const DEFAULT_RUN: Omit<RunConfig, "outputActivation"> = {
  data: "xor-easy",
  layers: [2, 4, 4, 1],
  activation: "sigmoid",
  loss: "mse",
  optimizer: "sgd",
  learningRate: 1,
  epochs: 10000,
  seed: 1,
  bias: true,
  dtype: "float64",
  batchNorm: false,
};

/** A number, also from a command-line string. */
function numberField(check?: (x: number) => string | undefined) {
  return z.union([z.number(), z.string()], { error: (i) => `expected a number, got ${describeValue(i.input)}` }).transform((v, ctx) => {
    const n = typeof v === "number" ? v : v.trim() === "" ? Number.NaN : Number(v);
    if (!Number.isFinite(n)) {
      ctx.addIssue({ code: "custom", message: `expected a number, got ${describeValue(v)}` });
      return z.NEVER;
    }
    const problem = check?.(n);
    if (problem !== undefined) {
      ctx.addIssue({ code: "custom", message: `${problem}, got ${n}` });
      return z.NEVER;
    }
    return n;
  });
}

const positive = numberField((x) => (x > 0 ? undefined : "must be greater than 0"));
const nonNegative = numberField((x) => (x >= 0 ? undefined : "must be 0 or more"));
/**
 * The largest whole number a double counts exactly (Number.MAX_SAFE_INTEGER): a count or seed past it
 * (1e308) is refused here, at its place in a config file. Written out rather than formatted with
 * toLocaleString, which at load time would start Intl's number formatting, some 6 MB of every
 * training run's memory.
 */
const LARGEST_WHOLE = "9,007,199,254,740,991 (2⁵³ − 1)";
const count = numberField((x) => (!Number.isInteger(x) || x < 1 ? "must be a whole number, 1 or more" : x > Number.MAX_SAFE_INTEGER ? `must be at most ${LARGEST_WHOLE}` : undefined));
const fraction = numberField((x) => (x >= 0 && x < 1 ? undefined : "must be a fraction in [0, 1)"));

function unknownName(input: unknown, values: readonly string[], what: string): string {
  return typeof input === "string" ? `unknown ${what} "${input}"; expected one of ${values.join(", ")}${didYouMean(input, values)}` : `expected ${what}, got ${describeValue(input)}`;
}

function oneOf<T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: (i) => unknownName(i.input, values, what) });
}

/** A name from a registry (activations), read when the options are checked, so that names registered later count. */
function registeredName(names: () => readonly string[], what: string) {
  return z.string({ error: (i) => unknownName(i.input, names(), what) }).superRefine((value, ctx) => {
    const known = names();
    if (!known.includes(value)) ctx.addIssue({ code: "custom", input: value, message: unknownName(value, known, what) });
  });
}

const boolean = z.union([z.boolean(), z.enum(["true", "false"])], { error: (i) => `expected true or false, got ${describeValue(i.input)}` }).transform((v) => v === true || v === "true");

/** `2-4-4-1`, `[2, 4, 4, 1]` or `2,4,4,1`. */
const layerSizes = z.union([z.string(), z.array(z.number())], { error: (i) => `expected sizes like 2-4-4-1, got ${describeValue(i.input)}` }).transform((v, ctx) => {
  const sizes = typeof v === "string" ? v.split(/[-,x ]+/).map(Number) : v;
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
    ctx.addIssue({ code: "custom", message: `expected at least two whole sizes from input to output, like 2-4-4-1, got ${describeValue(v)}` });
    return z.NEVER;
  }
  try {
    checkNetworkSize(sizes);
  } catch (error) {
    ctx.addIssue({ code: "custom", message: (error as InputError).reason });
    return z.NEVER;
  }
  return sizes;
});

/** `x1,x2,x1^2` or `[x1, x2, x1^2]`: features, each once. */
const featureList = z.union([z.string(), z.array(z.string())], { error: (i) => `expected features like x1,x2,x1^2, got ${describeValue(i.input)}` }).transform((v, ctx): FeatureName[] => {
  const names = (typeof v === "string" ? v.split(",") : v).map((s) => s.trim());
  for (const name of names) {
    if (!(FEATURE_NAMES as readonly string[]).includes(name)) {
      ctx.addIssue({ code: "custom", message: `unknown feature "${name}"; expected some of ${FEATURE_NAMES.join(", ")}${didYouMean(name, FEATURE_NAMES)}` });
      return z.NEVER;
    }
  }
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice !== undefined || names.length === 0) {
    ctx.addIssue({ code: "custom", message: twice !== undefined ? `names ${twice} twice; give each feature once` : "names no feature; give at least one, like x1,x2" });
    return z.NEVER;
  }
  return names as FeatureName[];
});

/** `step:every=100,factor=0.5`, `cosine`, or the same as a mapping. */
const schedule = z.union([z.string(), z.record(z.string(), z.unknown())]).transform((v, ctx): ScheduleConfig => {
  const raw: Record<string, unknown> =
    typeof v === "string"
      ? Object.fromEntries([["type", v.split(":")[0]], ...(v.split(":")[1] ?? "").split(",").filter(Boolean).map((kv) => kv.split("=") as [string, string])])
      : v;
  const parsed = scheduleSchema.safeParse(raw);
  if (!parsed.success) {
    ctx.addIssue({ code: "custom", message: `${parsed.error.issues[0].path.join(".") || "type"}: ${parsed.error.issues[0].message}` });
    return z.NEVER;
  }
  return parsed.data;
});

const scheduleSchema = z.discriminatedUnion(
  "type",
  [
    z.strictObject({ type: z.literal("constant") }),
    z.strictObject({ type: z.literal("step"), every: count, factor: positive }),
    z.strictObject({ type: z.literal("exponential"), factor: positive }),
    z.strictObject({ type: z.literal("cosine"), minimum: nonNegative.optional() }),
    z.strictObject({ type: z.literal("plateau"), factor: positive, patience: count, minimum: nonNegative.optional(), threshold: nonNegative.optional() }),
  ],
  { error: (i) => `unknown schedule ${describeValue((i.input as { type?: unknown } | undefined)?.type)}; expected constant, step:every=N,factor=F, exponential:factor=F, cosine, or plateau:factor=F,patience=N` },
);

/** The options as a config file or the command line spell them. */
export const runOptionsSchema = z.strictObject({
  data: z.string().optional(),
  points: numberField((x) => (Number.isInteger(x) && x >= 1 && x <= MAX_POINTS ? undefined : `must be a whole number from 1 to ${MAX_POINTS}`)).optional(),
  classes: numberField((x) => (!Number.isInteger(x) || x < 2 ? "must be a whole number, 2 or more" : x > LIMITS.classes ? `must be at most ${LIMITS.classes.toLocaleString("en-US")} (the limit of classes)` : undefined)).optional(),
  // The generated points lie within a few units of the origin; noise past 1,000 only drowns them (and near 1e308 makes them infinite).
  noise: numberField((x) => (x >= 0 && x <= 1000 ? undefined : "must be from 0 to 1,000")).optional(),
  features: featureList.optional(),
  target: z.union([z.string(), z.array(z.string())]).transform((v) => (typeof v === "string" ? v.split(",") : v)).optional(),
  layers: layerSizes.optional(),
  activation: registeredName(activationNames, "activation").optional(),
  outputActivation: registeredName(activationNames, "activation").optional(),
  alpha: nonNegative.optional(),
  loss: registeredName(lossNames, "loss").optional(),
  optimizer: registeredName(optimizerNames, "optimizer").optional(),
  lr: positive.optional(),
  epochs: count.optional(),
  batch: count.optional(),
  seed: numberField((x) => (!Number.isInteger(x) ? "must be a whole number" : Math.abs(x) > Number.MAX_SAFE_INTEGER ? `must be at most ${LARGEST_WHOLE} in size` : undefined)).optional(),
  init: oneOf(INITIALIZER_NAMES, "initializer").optional(),
  bias: boolean.optional(),
  dtype: oneOf(["float64", "float32"] as const, "dtype").optional(),
  momentum: fraction.optional(),
  rho: fraction.optional(),
  beta1: fraction.optional(),
  beta2: fraction.optional(),
  epsilon: positive.optional(),
  weightDecay: nonNegative.optional(),
  l1: nonNegative.optional(),
  l2: nonNegative.optional(),
  clipNorm: positive.optional(),
  clipValue: positive.optional(),
  schedule: schedule.optional(),
  warmup: count.optional(),
  dropout: fraction.optional(),
  batchNorm: boolean.optional(),
  validation: fraction.optional(),
  test: fraction.optional(),
  scale: oneOf(["minmax", "standardize", "none"] as const, "scaling").optional(),
  stopLossChange: positive.optional(),
  stopGradientNorm: positive.optional(),
  stopWeightChange: positive.optional(),
  patience: count.optional(),
  minDelta: nonNegative.optional(),
  restoreBest: boolean.optional(),
});

export type RunOptions = z.input<typeof runOptionsSchema>;

/** The spelling of an option on the command line: `outputActivation` → `--output-activation`. */
export function flagName(key: string): string {
  return "--" + key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** The schema's spelling of a key a config file may write in kebab-case: `output-activation` → `outputActivation`. */
function camelKey(key: string): string {
  return key.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());
}

/** Converts kebab-case keys of a config file (`output-activation`) to the schema's (`outputActivation`). */
function camelKeys(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [camelKey(k), v]));
}

/** The key as the config file wrote it (`output-activation` or `outputActivation`), for the schema's `key`. */
function spelledKey(source: ParsedSource, key: string): string {
  const value = source.value;
  if (value === null || typeof value !== "object") return key;
  return Object.keys(value).find((k) => camelKey(k) === key) ?? key;
}

/**
 * A mistake in one option, named as the command line spells it (`--layers: ...`). When the option
 * came from a config file, {@link inConfigFile} says it at its place there instead.
 */
export function optionError(key: string, reason: string): InputError {
  return new InputError(reason, { field: flagName(key) });
}

/**
 * An {@link optionError} about an option whose value came from the config file (not the command
 * line), said at that value in the file with the key as the file writes it: `run.yaml:3:20:
 * output-activation: ...`. Any other error is returned as it is.
 */
export function inConfigFile(error: unknown, source: ParsedSource, flags: Readonly<Record<string, unknown>>): unknown {
  if (!(error instanceof InputError) || error.file !== undefined || error.field === undefined || !error.field.startsWith("--")) return error;
  const key = camelKey(error.field.slice(2));
  const spelled = spelledKey(source, key);
  if (flags[key] !== undefined || !Object.hasOwn(source.value as object, spelled)) return error;
  return source.error([spelled], error.reason);
}

/** Checks options; `source` (a parsed config file) locates mistakes in it. */
export function checkRunOptions(options: unknown, source?: ParsedSource): z.output<typeof runOptionsSchema> {
  const result = runOptionsSchema.safeParse(camelKeys(options));
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const keys = Object.keys(runOptionsSchema.shape);
  if (issue.code === "unrecognized_keys") {
    const key = source === undefined ? issue.keys[0] : spelledKey(source, issue.keys[0]);
    const message = `unknown option "${key}"${didYouMean(key, key.includes("-") ? keys.map((k) => flagName(k).slice(2)) : keys)}`;
    throw source !== undefined ? source.error([key], message, { key: true }) : new InputError(message);
  }
  const key = String(issue.path[0]);
  if (source !== undefined) throw source.error([spelledKey(source, key), ...issue.path.slice(1)] as PropertyKey[], issue.message);
  throw optionError(key, issue.message);
}

/** Merges a config file's options with the command line's (which win), fills in defaults, checks the whole. */
export function resolveRunConfig(fromFile: z.output<typeof runOptionsSchema>, fromFlags: z.output<typeof runOptionsSchema>): RunConfig {
  const o = { ...fromFile, ...Object.fromEntries(Object.entries(fromFlags).filter(([, v]) => v !== undefined)) } as z.output<typeof runOptionsSchema>;
  const loss = o.loss ?? DEFAULT_RUN.loss;
  const activation = o.activation ?? DEFAULT_RUN.activation;
  const outputActivation = o.outputActivation ?? (loss === "cross-entropy" ? "softmax" : loss === "bce" ? "sigmoid" : activation);
  if (loss === "cross-entropy" && outputActivation !== "softmax") throw optionError("outputActivation", `the loss cross-entropy needs softmax, got ${outputActivation}`);
  if (outputActivation === "softmax" && loss !== "cross-entropy") throw optionError("outputActivation", `softmax needs the loss cross-entropy, got ${loss}`);
  if (activation === "softmax") throw optionError("activation", "softmax is for the output layer only (use --output-activation)");
  const stopping: EarlyStopping = {
    ...(o.stopLossChange !== undefined ? { lossChange: o.stopLossChange } : {}),
    ...(o.stopGradientNorm !== undefined ? { gradientNorm: o.stopGradientNorm } : {}),
    ...(o.stopWeightChange !== undefined ? { weightChange: o.stopWeightChange } : {}),
    ...(o.patience !== undefined ? { patience: o.patience } : {}),
    ...(o.minDelta !== undefined ? { minDelta: o.minDelta } : {}),
    ...(o.restoreBest !== undefined ? { restoreBest: o.restoreBest } : {}),
  };
  if (stopping.patience !== undefined && !(o.validation && o.validation > 0)) throw optionError("patience", "watches the validation loss: give a validation split too (--validation 0.2, or validation: 0.2 in a config file)");
  return {
    data: o.data ?? DEFAULT_RUN.data,
    layers: o.layers ?? DEFAULT_RUN.layers,
    activation,
    outputActivation,
    loss,
    optimizer: o.optimizer ?? DEFAULT_RUN.optimizer,
    learningRate: o.lr ?? DEFAULT_RUN.learningRate,
    epochs: o.epochs ?? DEFAULT_RUN.epochs,
    seed: o.seed ?? DEFAULT_RUN.seed,
    bias: o.bias ?? DEFAULT_RUN.bias,
    dtype: o.dtype ?? DEFAULT_RUN.dtype,
    batchNorm: o.batchNorm ?? DEFAULT_RUN.batchNorm,
    ...givenFields(o, ["points", "classes", "noise", "features", "target", "alpha", "batch", "init", ...OPTIMIZER_SETTINGS, "l1", "l2", "clipNorm", "clipValue", "schedule", "warmup", "dropout", "validation", "test"]),
    ...(o.scale !== undefined && o.scale !== "none" ? { scale: o.scale } : {}),
    ...(Object.keys(stopping).length > 0 ? { earlyStopping: stopping } : {}),
  };
}
