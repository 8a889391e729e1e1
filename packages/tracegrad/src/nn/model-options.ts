/**
 * The options of {@link Sequential.create} besides the layers, and their checks: the number type, the
 * seed, and what the model knows about its data (the scaler its inputs need, its classes, the names of
 * its features, its loss), which {@link Sequential.save} keeps.
 *
 * @module
 */
import { lossNames } from "../engine/losses.js";
import type { LossName } from "../engine/losses.js";
import type { ScalerJson } from "../data/scalers.js";
import { checkInteger, checkName, checkNumber, checkObject, expected } from "../common/check-argument.js";
import { InvalidArgumentError } from "../common/errors.js";
import type { DType } from "./layers/layer.js";

/**
 * How a {@link Sequential} model is built, and what it knows about its data.
 *
 * @category Models
 */
export interface ModelOptions {
  /** The number type of the weights and of training: `float64` (the default) or `float32`. */
  readonly dtype?: DType;
  /** Seeds the weights' draws (1): the same seed gives the same weights, bit for bit. */
  readonly seed?: number;
  /**
   * The scaler {@link Sequential.predict} applies to its rows before the first layer (from
   * `fitScaler`), or null for none.
   */
  readonly scaler?: ScalerJson | null;
  /** For a classifier: how many classes (2 or more), or their names. */
  readonly classes?: number | readonly string[];
  /** One name per input. */
  readonly featureNames?: readonly string[];
  /** The loss the model is trained with (a Trainer records its own when none is given). */
  readonly loss?: LossName;
}

/** What a model knows about its data, kept by save and load. */
export interface ModelInfo {
  scaler: ScalerJson | null;
  classes: number | null;
  classNames: readonly string[] | null;
  featureNames: readonly string[] | null;
  loss: LossName | null;
}

const OPTION_FIELDS = ["dtype", "seed", "scaler", "classes", "featureNames", "loss"];

function checkNames(value: unknown, argument: string, count: number | undefined, what: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) throw expected(argument, `an array of ${what} (strings)`, value);
  if (count !== undefined && value.length !== count) throw new InvalidArgumentError(argument, `has ${value.length} names, but the model has ${count} ${what}`);
  if (new Set(value).size !== value.length) throw new InvalidArgumentError(argument, `names one ${what.replace(/s$/, "")} twice`);
  return value as string[];
}

/** Checks a scaler for `inputs` features. */
export function checkScaler(value: unknown, argument: string, inputs: number): ScalerJson | null {
  if (value === null) return null;
  const method = checkName((value as { method?: unknown } | undefined)?.method, ["minmax", "standardize"] as const, `${argument}.method`, "scaling method");
  const o = checkObject(value, argument, method === "minmax" ? ["method", "min", "max"] : ["method", "deviation", "mean", "std"], "a scaler (from fitScaler)");
  const vector = (key: string, min?: number) => {
    const v = o[key];
    if (!Array.isArray(v)) throw expected(`${argument}.${key}`, `an array of ${inputs} numbers`, v);
    if (v.length !== inputs) throw new InvalidArgumentError(`${argument}.${key}`, `has ${v.length} numbers, but the model takes ${inputs} inputs`);
    v.forEach((x, i) => checkNumber(x, `${argument}.${key}[${i}]`, min === undefined ? {} : { min }));
    return v as number[];
  };
  if (method === "minmax") return { method, min: vector("min"), max: vector("max") };
  const deviation = checkName(o.deviation, ["population", "sample"] as const, `${argument}.deviation`, "standard deviation");
  return { method, deviation, mean: vector("mean"), std: vector("std", 0) };
}

/** Checks `classes`: a count of 2 or more, or as many distinct names; the model's outputs must fit. */
export function checkClasses(value: unknown, argument: string, outputs: number): { classes: number; classNames: readonly string[] | null } {
  const names = Array.isArray(value) ? checkNames(value, argument, undefined, "classes") : null;
  const classes = names !== null ? names.length : checkInteger(value, argument, 2);
  if (names !== null && classes < 2) throw expected(argument, "2 or more class names", value);
  if (outputs !== classes && !(classes === 2 && outputs === 1)) {
    throw new InvalidArgumentError(argument, `${classes} classes need ${classes === 2 ? "1 output (sigmoid) or 2 (softmax)" : `${classes} outputs (softmax)`}, but the model's last layer has ${outputs}`);
  }
  return { classes, classNames: names };
}

/** Checks the options of `Sequential.create` for a model of `inputs` inputs and `outputs` outputs. */
export function checkModelOptions(value: unknown, inputs: number, outputs: number): { dtype: DType; seed: number; info: ModelInfo } {
  const o = checkObject(value ?? {}, "options", OPTION_FIELDS);
  const dtype = o.dtype === undefined ? "float64" : checkName(o.dtype, ["float64", "float32"] as const, "options.dtype", "number type");
  const seed = o.seed === undefined ? 1 : checkInteger(o.seed, "options.seed", Number.MIN_SAFE_INTEGER);
  const info: ModelInfo = { scaler: null, classes: null, classNames: null, featureNames: null, loss: null };
  if (o.scaler !== undefined) info.scaler = checkScaler(o.scaler, "options.scaler", inputs);
  if (o.classes !== undefined) Object.assign(info, checkClasses(o.classes, "options.classes", outputs));
  if (o.featureNames !== undefined) info.featureNames = checkNames(o.featureNames, "options.featureNames", inputs, "inputs");
  if (o.loss !== undefined) info.loss = checkName(o.loss, lossNames(), "options.loss", "loss");
  return { dtype, seed, info };
}
