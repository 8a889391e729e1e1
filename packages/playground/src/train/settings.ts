/**
 * Train mode's settings: the options of `tracegrad train` (the URL keeps them under the CLI's names)
 * and the changes the page makes to them. A change of the data, the classes, the features or the loss
 * resizes the layers to fit; a change of the learning rate, the regularization, the batch size, the
 * optimizer, the schedule or the stopping rules lets the run go on from its current weights; anything
 * else (data, architecture, initialization, seed) starts it again.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { DEFAULT_NOISE, isGeneratorName, isRegressionGenerator } from "tracegrad/internal/data/generators";
import type { RunOptions } from "tracegrad/internal/run/run-config";
import { DEFAULT_TRAIN_OPTIONS, DIGITS } from "./setup.js";

/** Options whose change continues the run from the current weights. */
export const CONTINUING_OPTIONS: readonly string[] = [
  "lr",
  "l1",
  "l2",
  "batch",
  "optimizer",
  "momentum",
  "rho",
  "beta1",
  "beta2",
  "epsilon",
  "weightDecay",
  "clipNorm",
  "clipValue",
  "schedule",
  "warmup",
  "epochs",
  "stopLossChange",
  "stopGradientNorm",
  "stopWeightChange",
  "patience",
  "minDelta",
  "restoreBest",
];

type Options = Record<string, unknown>;

/** The keys whose values differ (absent and undefined are the same). */
export function changedKeys(before: RunOptions, after: RunOptions): string[] {
  const a = before as Options;
  const b = after as Options;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Whether going from `before` to `after` must start the run again (or may continue it). */
export function restartNeeded(before: RunOptions, after: RunOptions): boolean {
  return changedKeys(before, after).some((k) => !CONTINUING_OPTIONS.includes(k));
}

/** The options with one key set (undefined or "" removes it). */
export function withOption(options: RunOptions, key: string, value: unknown): RunOptions {
  const next: Options = { ...(options as Options) };
  if (value === undefined || value === "") delete next[key];
  else next[key] = value;
  return next as RunOptions;
}

/** The sizes of the options' layers, as written: ["2", "8", "1"]. */
export function layerParts(o: RunOptions): string[] {
  return String(o.layers ?? "2-1").split(/[-,x ]+/).filter((p) => p !== "");
}

/** The hidden sizes of the options' layers: "8-8" of "2-8-8-1". */
export function hiddenSizes(o: RunOptions): string {
  return layerParts(o).slice(1, -1).join("-");
}

/** The layers with other hidden sizes (as written: the schema reads them). */
export function withHidden(o: RunOptions, hidden: string): RunOptions {
  const sizes = layerParts(o);
  const middle = hidden.trim() === "" ? [] : hidden.trim().split(/[-,x ]+/);
  return { ...o, layers: [sizes[0], ...middle, sizes[sizes.length - 1]].join("-") };
}

/** The hidden sizes as numbers, or null when they are not whole numbers ≥ 1. */
export function hiddenNumbers(o: RunOptions): number[] | null {
  const middle = layerParts(o).slice(1, -1).map(Number);
  return middle.every((s) => Number.isInteger(s) && s >= 1) ? middle : null;
}

/** The most hidden layers and units the + buttons add. */
export const MAX_HIDDEN_LAYERS = 6;
export const MAX_HIDDEN_UNITS = 16;

/** Adds a hidden layer (as wide as the last one, or 4) or removes the last one. */
export function withLayerCount(o: RunOptions, change: 1 | -1): RunOptions {
  const hidden = hiddenNumbers(o) ?? [];
  if (change === 1 && hidden.length < MAX_HIDDEN_LAYERS) hidden.push(hidden[hidden.length - 1] ?? 4);
  if (change === -1 && hidden.length > 0) hidden.pop();
  return withHidden(o, hidden.join("-"));
}

/** Adds a unit to hidden layer `layer` (from 0) or removes one (at least 1 stays). */
export function withUnitCount(o: RunOptions, layer: number, change: 1 | -1): RunOptions {
  const hidden = hiddenNumbers(o);
  if (hidden === null || layer >= hidden.length) return o;
  hidden[layer] = Math.max(1, Math.min(MAX_HIDDEN_UNITS, hidden[layer] + change));
  return withHidden(o, hidden.join("-"));
}

/** What the data needs of the layers: its inputs (before any features) and classes (null for regression). */
export interface DataShape {
  readonly features: number;
  readonly classes: number | null;
}

/** The shape of a generated or bundled data set (null for a CSV, whose shape the page reads off the file). */
export function knownShape(o: RunOptions): DataShape | null {
  const data = String(o.data ?? "");
  if (data === DIGITS) return { features: 784, classes: 10 };
  if (!isGeneratorName(data)) return null;
  if (isRegressionGenerator(data)) return { features: 2, classes: null };
  const classes = data === "spiral" || data === "blobs" ? Number(o.classes ?? 3) : 2;
  return { features: 2, classes: Number.isInteger(classes) && classes >= 2 ? classes : 2 };
}

/** The number of the network's inputs: the features', or the data's columns. */
function inputCount(o: RunOptions, shape: DataShape): number {
  const features = o.features;
  if (Array.isArray(features)) return features.length;
  if (typeof features === "string" && features.trim() !== "") return features.split(",").length;
  return shape.features;
}

/**
 * The options with the layers' ends, the loss and the output activation fitted to the data: one input
 * per feature (or column), as many outputs as classes for cross-entropy, one sigmoid output for two
 * classes with bce or mse, one identity output for regression.
 */
export function fitToData(o: RunOptions, shape: DataShape): RunOptions {
  const classes = shape.classes;
  let loss = (o.loss ?? "mse") as string;
  if (classes === null) loss = loss === "half-sse" ? "half-sse" : "mse";
  else if (classes > 2) loss = "cross-entropy";
  else if (loss === "half-sse") loss = "mse";
  const outputs = classes === null ? 1 : loss === "cross-entropy" ? classes : 1;
  const outputActivation = loss === "cross-entropy" ? "softmax" : classes === null ? "identity" : "sigmoid";
  const sizes = layerParts(o);
  const layers = [String(inputCount(o, shape)), ...sizes.slice(1, -1), String(outputs)].join("-");
  return { ...o, loss: loss as RunOptions["loss"], layers, outputActivation };
}

/**
 * The options for another data set: the generator's own noise and classes (3 for the spiral and the
 * blobs), no features for data that has more than two columns, the layers fitted. The digits get a
 * network that suits them.
 */
export function withData(o: RunOptions, data: string, csvShape: DataShape | null = null): RunOptions {
  const next: Options = { ...(o as Options), data };
  for (const key of ["points", "classes", "target", "noise"]) delete next[key];
  if (data === "spiral" || data === "blobs") next.classes = 3;
  if (data === DIGITS) {
    delete next.features;
    Object.assign(next, { layers: "784-32-10", activation: "relu", loss: "cross-entropy", optimizer: "adam", lr: 0.003, batch: 64, epochs: 30, test: 0.2 });
    delete next.scale;
  } else if (String(o.data) === DIGITS) {
    Object.assign(next, { ...DEFAULT_TRAIN_OPTIONS, data, ...(next.classes !== undefined ? { classes: next.classes } : {}) });
  }
  const shape = csvShape ?? knownShape(next as RunOptions);
  if (shape === null) return next as RunOptions;
  if (shape.features !== 2) delete next.features;
  if (csvShape !== null && next.scale === undefined) next.scale = "standardize";
  return fitToData(next as RunOptions, shape);
}

/** The options with another class count (spiral, blobs). */
export function withClasses(o: RunOptions, classes: string): RunOptions {
  const next = withOption(o, "classes", classes === "" ? undefined : classes);
  const shape = knownShape(next);
  return shape === null ? next : fitToData(next, shape);
}

/** The options with other features (an empty list: the raw columns). */
export function withFeatures(o: RunOptions, features: readonly string[], shape: DataShape | null): RunOptions {
  const next = withOption(o, "features", features.length === 0 || (features.length === 2 && features[0] === "x1" && features[1] === "x2") ? undefined : features.join(","));
  return shape === null ? next : fitToData(next, shape);
}

/** The options with another loss, the output layer fitted to it. */
export function withLoss(o: RunOptions, loss: string, shape: DataShape | null): RunOptions {
  const next = { ...o, loss: loss as RunOptions["loss"] };
  return shape === null ? next : fitToData(next, shape);
}

/** The features the options name, as a list (x1, x2 when they name none). */
export function featureList(o: RunOptions): string[] {
  const features = o.features;
  if (Array.isArray(features)) return features.map(String);
  if (typeof features === "string" && features.trim() !== "") return features.split(",").map((s) => s.trim());
  return ["x1", "x2"];
}

/** The noise a generator draws with under these options. */
export function noiseOf(o: RunOptions): number {
  const data = String(o.data ?? "");
  const given = Number(o.noise);
  if (o.noise !== undefined && Number.isFinite(given)) return given;
  return isGeneratorName(data) ? DEFAULT_NOISE[data] : 0;
}
