/**
 * A whole training run, as `tracegrad train` and the lab do it: load and split the data, fit the
 * scaler on the training split, build the model from the seed, train (with checkpoints, resumable),
 * evaluate, and write metrics.json, model.json and the plots. Node only (it reads and writes files).
 *
 * @module
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { csvDataset } from "../data/csv.js";
import type { Dataset } from "../data/dataset.js";
import { DEFAULT_POINTS, generate, isGeneratorName } from "../data/generators.js";
import { mnistSplit } from "../data/mnist.js";
import { applyScaler, fitScaler } from "../data/scalers.js";
import type { ScalerJson } from "../data/scalers.js";
import { splitDataset } from "../data/split.js";
import { Sequential } from "../nn/model.js";
import type { LayerConfig } from "../nn/model.js";
import { modelFile, stringifyCompact } from "../nn/model-file.js";
import type { ModelFile, ModelTask } from "../nn/model-file.js";
import { Trainer } from "../nn/trainer.js";
import type { EpochRecord, StopReason, TrainerCheckpoint, TrainingOptions } from "../nn/trainer.js";
import { InputError } from "../spec/input-error.js";
import { readTextFile } from "../files/read-text-file.js";
import { writeFileAtomic } from "../files/write-file-atomic.js";
import type { RunConfig } from "./run-config.js";

export interface PreparedRun {
  readonly config: RunConfig;
  readonly train: Dataset;
  readonly validation: Dataset | null;
  readonly test: Dataset | null;
  readonly scaler: ScalerJson | null;
  /** The training split before scaling (for plots in the data's own units). */
  readonly unscaledTrain: Dataset;
  readonly task: ModelTask;
  /** A short name of the data: `xor-easy (21 points)`. */
  readonly dataTitle: string;
}

function loadData(config: RunConfig): { data: Dataset; test: Dataset | null; title: string } {
  const outputs = config.layers[config.layers.length - 1];
  if (config.data === "mnist") {
    const { train, test } = mnistSplit(config.seed);
    return { data: train, test, title: "MNIST digits (8,000 train / 2,000 test)" };
  }
  if (isGeneratorName(config.data)) {
    const classes = config.classes ?? (config.data === "spiral" || config.data === "blobs" ? Math.max(2, outputs) : 2);
    const data = generate(config.data, { n: config.points ?? DEFAULT_POINTS[config.data], classes, seed: config.seed, oneHot: outputs > 1 && classes === 2 });
    return { data, test: null, title: `${config.data} (${data.n} points${classes > 2 ? `, ${classes} classes` : ""})` };
  }
  if (!config.data.toLowerCase().endsWith(".csv")) {
    throw new InputError(`--data: "${config.data}" is neither a data set (xor-easy, linear, xor, circle, spiral, moons, blobs, mnist) nor a .csv file`);
  }
  const data = csvDataset(readTextFile(config.data), config.data, { ...(config.target ? { target: config.target } : {}), oneHot: outputs > 1 });
  return { data, test: null, title: `${config.data} (${data.n} rows)` };
}

function scaled(data: Dataset | null, scaler: ScalerJson | null): Dataset | null {
  if (data === null || scaler === null) return data;
  return { ...data, x: applyScaler(scaler, data.x, data.n, data.features) };
}

/** Loads, splits and scales the data of a run, and checks it fits the layers. */
export function prepareRun(config: RunConfig): PreparedRun {
  const loaded = loadData(config);
  const inputs = config.layers[0];
  const outputs = config.layers[config.layers.length - 1];
  if (loaded.data.features !== inputs) throw new InputError(`--layers: starts with ${inputs} input${inputs === 1 ? "" : "s"}, but ${config.data} has ${loaded.data.features} features`);
  if (loaded.data.outputs !== outputs) {
    const need = loaded.data.classes !== undefined ? `${loaded.data.classes} classes: end with ${loaded.data.classes === 2 ? "1 (sigmoid) or 2 (softmax)" : loaded.data.classes}` : `${loaded.data.outputs} target values`;
    throw new InputError(`--layers: ends with ${outputs} output${outputs === 1 ? "" : "s"}, but ${config.data} has ${need}`);
  }
  const split = splitDataset(loaded.data, { validation: config.validation ?? 0, test: loaded.test === null ? (config.test ?? 0) : 0 }, config.seed);
  const scaler = config.scale === undefined ? null : fitScaler(split.train.x, split.train.n, split.train.features, config.scale);
  const task: ModelTask =
    loaded.data.labels !== undefined
      ? { kind: "classification", classes: loaded.data.classes!, ...(loaded.data.classNames ? { classNames: loaded.data.classNames } : {}) }
      : { kind: "regression" };
  return {
    config,
    train: scaled(split.train, scaler)!,
    validation: scaled(split.validation, scaler),
    test: scaled(loaded.test ?? split.test, scaler),
    scaler,
    unscaledTrain: split.train,
    task,
    dataTitle: loaded.title,
  };
}

/** The layers of a run's model. */
export function layerConfigs(config: RunConfig): LayerConfig[] {
  const layers: LayerConfig[] = [];
  const sizes = config.layers;
  for (let l = 1; l < sizes.length; l++) {
    const output = l === sizes.length - 1;
    const activation = output ? config.outputActivation : config.activation;
    layers.push({ type: "dense", units: sizes[l], activation, useBias: config.bias, ...(config.alpha !== undefined ? { alpha: config.alpha } : {}), ...(config.init ? { init: config.init } : {}) });
    if (!output && config.batchNorm) layers.push({ type: "batch-norm" });
    if (!output && config.dropout) layers.push({ type: "dropout", rate: config.dropout });
  }
  return layers;
}

/** The trainer's options of a run. */
export function trainingOptions(config: RunConfig): TrainingOptions {
  return {
    loss: config.loss,
    optimizer: {
      name: config.optimizer,
      ...(config.momentum !== undefined ? { momentum: config.momentum } : {}),
      ...(config.rho !== undefined ? { rho: config.rho } : {}),
      ...(config.beta1 !== undefined ? { beta1: config.beta1 } : {}),
      ...(config.beta2 !== undefined ? { beta2: config.beta2 } : {}),
      ...(config.epsilon !== undefined ? { epsilon: config.epsilon } : {}),
      ...(config.weightDecay !== undefined ? { weightDecay: config.weightDecay } : {}),
    },
    learningRate: config.learningRate,
    epochs: config.epochs,
    seed: config.seed,
    ...(config.batch !== undefined ? { batchSize: config.batch } : {}),
    ...(config.l1 !== undefined ? { l1: config.l1 } : {}),
    ...(config.l2 !== undefined ? { l2: config.l2 } : {}),
    ...(config.clipNorm !== undefined ? { clipNorm: config.clipNorm } : {}),
    ...(config.clipValue !== undefined ? { clipValue: config.clipValue } : {}),
    ...(config.schedule !== undefined ? { schedule: config.schedule } : {}),
    ...(config.warmup !== undefined ? { warmup: config.warmup } : {}),
    ...(config.earlyStopping !== undefined ? { earlyStopping: config.earlyStopping } : {}),
  };
}

export interface FinalMetrics {
  readonly trainLoss: number;
  readonly trainAccuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly testLoss?: number;
  readonly testAccuracy?: number;
}

export interface MetricsFile {
  readonly history: EpochRecord[];
  readonly final: FinalMetrics;
  readonly stopReason: StopReason;
  readonly epochs: number;
  readonly trainSeconds: number;
  readonly divergence?: unknown;
}

export interface RunResult {
  readonly prepared: PreparedRun;
  readonly trainer: Trainer;
  readonly model: Sequential;
  readonly metrics: MetricsFile;
  readonly modelFile: ModelFile;
}

export interface RunOutputs {
  /** The folder for metrics.json, model.json, checkpoint.json and the plots. */
  readonly out?: string;
  /** Write DIR/checkpoint.json every N epochs. */
  readonly checkpointEvery?: number;
  /** Continue from DIR/checkpoint.json. */
  readonly resume?: boolean;
  /** Called after every epoch. */
  readonly onEpoch?: (record: EpochRecord, trainer: Trainer) => void;
}

interface CheckpointFile {
  readonly config: RunConfig;
  readonly trainer: TrainerCheckpoint;
}

function describeDifference(saved: RunConfig, current: RunConfig): string {
  const keys = new Set([...Object.keys(saved), ...Object.keys(current)]);
  for (const key of keys) {
    const a = (saved as unknown as Record<string, unknown>)[key];
    const b = (current as unknown as Record<string, unknown>)[key];
    if (!isDeepStrictEqual(a, b)) return `${key} was ${JSON.stringify(a)} there and is ${JSON.stringify(b)} now`;
  }
  return "";
}

/** Trains a run to its end, writing its files to `outputs.out` when given. */
export function trainRun(config: RunConfig, outputs: RunOutputs = {}): RunResult {
  const prepared = prepareRun(config);
  const options = trainingOptions(config);
  let model: Sequential;
  let checkpoint: TrainerCheckpoint | null = null;
  const checkpointPath = outputs.out === undefined ? null : join(outputs.out, "checkpoint.json");
  if (outputs.resume) {
    if (checkpointPath === null) throw new InputError("--resume needs --out DIR (the folder holding checkpoint.json)");
    if (!existsSync(checkpointPath)) throw new InputError(`--resume: no checkpoint to resume: ${checkpointPath} does not exist`);
    const saved = JSON.parse(readFileSync(checkpointPath, "utf8")) as CheckpointFile;
    if (!isDeepStrictEqual(saved.config, config)) throw new InputError(`--resume: ${checkpointPath} was written with other options (${describeDifference(saved.config, config)}); run with the same options`);
    checkpoint = saved.trainer;
    model = Sequential.fromJSON(config.layers[0], checkpoint.layers, config.dtype);
  } else {
    model = Sequential.create(config.layers[0], layerConfigs(config), { dtype: config.dtype, seed: config.seed });
  }
  const trainer = new Trainer(model, prepared.train, options, prepared.validation);
  if (checkpoint !== null) trainer.restore(checkpoint);
  trainer.run((record, t) => {
    if (checkpointPath !== null && outputs.checkpointEvery !== undefined && record.epoch % outputs.checkpointEvery === 0 && !t.finished) {
      writeFileAtomic(checkpointPath, JSON.stringify({ config, trainer: t.checkpoint() } satisfies CheckpointFile));
    }
    outputs.onEpoch?.(record, t);
  });

  const trainEval = trainer.evaluate(prepared.train);
  const valEval = prepared.validation === null ? null : trainer.evaluate(prepared.validation);
  const testEval = prepared.test === null ? null : trainer.evaluate(prepared.test);
  const final: FinalMetrics = {
    trainLoss: trainEval.loss,
    ...(trainEval.accuracy !== undefined ? { trainAccuracy: trainEval.accuracy } : {}),
    ...(valEval !== null ? { valLoss: valEval.loss, ...(valEval.accuracy !== undefined ? { valAccuracy: valEval.accuracy } : {}) } : {}),
    ...(testEval !== null ? { testLoss: testEval.loss, ...(testEval.accuracy !== undefined ? { testAccuracy: testEval.accuracy } : {}) } : {}),
  };
  const metrics: MetricsFile = {
    history: trainer.history,
    final,
    stopReason: trainer.stopReason ?? "epochs",
    epochs: trainer.epoch,
    trainSeconds: trainer.trainSeconds,
    ...(trainer.divergence !== null ? { divergence: trainer.divergence } : {}),
  };
  const file = modelFile(model, {
    loss: config.loss,
    task: prepared.task,
    ...(prepared.train.featureNames ? { featureNames: prepared.train.featureNames } : {}),
    scaler: prepared.scaler,
    training: config as unknown as Record<string, unknown>,
  });
  if (outputs.out !== undefined) {
    writeFileAtomic(join(outputs.out, "metrics.json"), JSON.stringify(metrics, null, 2) + "\n");
    writeFileAtomic(join(outputs.out, "model.json"), stringifyCompact(file));
  }
  return { prepared, trainer, model, metrics, modelFile: file };
}
