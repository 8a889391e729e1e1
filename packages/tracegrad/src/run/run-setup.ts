/**
 * Setting up a training run from its options, the parts that need no file system: the generated data
 * sets, the checks that the data fits the layers, the split and the scaler, the model's layers, the
 * trainer's options and the model file. `tracegrad train` (training-run.ts) and the browser playground
 * both build their runs with these, so a page's exported model is the one the CLI would write.
 *
 * @module
 */
import type { AnyDataset, Dataset } from "../data/dataset.js";
import { DEFAULT_POINTS, generate, isGeneratorName, isRegressionGenerator } from "../data/generators.js";
import { FEATURE_INPUTS, withFeatures } from "../data/features.js";
import { applyScaler, fitScaler } from "../data/scalers.js";
import type { ScalerJson } from "../data/scalers.js";
import { splitDataset } from "../data/split.js";
import type { Split } from "../data/split.js";
import { formatNumber } from "../common/format-number.js";
import { InputError } from "../common/input-error.js";
import { quote } from "../common/excerpt.js";
import { Sequential } from "../nn/model.js";
import type { LayerConfig } from "../nn/model.js";
import { modelFile } from "../nn/model-file.js";
import type { ModelFile, ModelTask } from "../nn/model-file.js";
import type { ResolvedTrainingOptions } from "../nn/trainer.js";
import { givenFields, OPTIMIZER_SETTINGS, optionError, TRAINING_SETTINGS } from "./run-config.js";
import { checkNetworkSize } from "../common/limits.js";
import { UPDATE_RULES } from "../engine/update-rules.js";
import type { RunConfig } from "./run-config.js";

/** The data of a run as loaded, before splitting. */
export interface LoadedData<Data extends AnyDataset = Dataset> {
  readonly data: Data;
  /** A test split the data set comes with (MNIST's), if any. */
  readonly test: Data | null;
  /** A short name of the data: `xor-easy (21 points)`. */
  readonly title: string;
}

/** A run prepared: its data in Float64Arrays unless `Data` says otherwise (a float32 run's MNIST digits). */
export interface PreparedRun<Data extends AnyDataset = Dataset> {
  readonly config: RunConfig;
  /** The splits as the network takes them: the features computed (if the run names any) and scaled. */
  readonly train: Data;
  readonly validation: Data | null;
  readonly test: Data | null;
  readonly scaler: ScalerJson | null;
  /** The training split as loaded, before the features and the scaling (for plots in the data's own units). */
  readonly unscaledTrain: Data;
  /** Every split as loaded, before the features and the scaling. */
  readonly raw: Split<Data>;
  readonly task: ModelTask;
  readonly dataTitle: string;
}

/** The classes a generated data set gets: spiral and blobs as many as the output layer's units. */
function generatedClasses(config: RunConfig): number {
  const outputs = config.layers[config.layers.length - 1];
  return config.classes ?? (config.data === "spiral" || config.data === "blobs" ? Math.max(2, outputs) : 2);
}

/** The data of a run whose data is a generator's (null when it names another source). */
export function generatedData(config: RunConfig): LoadedData | null {
  if (!isGeneratorName(config.data)) return null;
  const outputs = config.layers[config.layers.length - 1];
  const classes = isRegressionGenerator(config.data) ? null : generatedClasses(config);
  const data = generate(config.data, {
    n: config.points ?? DEFAULT_POINTS[config.data],
    ...(classes !== null ? { classes } : {}),
    seed: config.seed,
    oneHot: outputs > 1 && classes === 2,
    ...(config.noise !== undefined ? { noise: config.noise } : {}),
  });
  return { data, test: null, title: `${config.data} (${data.n} points${classes !== null && classes > 2 ? `, ${classes} classes` : ""})` };
}

/** The data with its inputs scaled (into a Float64Array, whatever they were in). */
function scaled<Data extends AnyDataset>(data: Data | null, scaler: ScalerJson | null): Data | null {
  if (data === null || scaler === null) return data;
  return { ...data, x: applyScaler(scaler, data.x, data.n, data.features) } as Data;
}

/**
 * The training, validation and test splits; every split asked for must get at least one sample, and
 * some must be left to train on. (A data set with its own test split, MNIST, ignores --test.)
 */
function checkedSplit<Data extends AnyDataset>(config: RunConfig, loaded: LoadedData<Data>): Split<Data> {
  const n = loaded.data.n;
  const fractions = { validation: config.validation ?? 0, test: loaded.test === null ? (config.test ?? 0) : 0 };
  const held = (["validation", "test"] as const).filter((key) => fractions[key] > 0);
  if (fractions.validation + fractions.test >= 1) throw optionError("validation", `${fractions.validation} and --test ${fractions.test} hold out the whole data set; together they must be below 1`);
  // Data is Dataset or AnyDataset: the parts cut off, in Float64Arrays, are either.
  const split = splitDataset(loaded.data, fractions, config.seed) as Split<Data>;
  for (const key of held) {
    if (split[key] === null) throw optionError(key, `${fractions[key]} of ${n} samples is no sample at all; give at least one sample's worth, 1/${n} ≈ ${formatNumber(1 / n, 3)}`);
  }
  if (split.train.n === 0) throw optionError(held[0], `${held.map((key) => (key === held[0] ? "" : `--${key} `) + fractions[key]).join(" and ")} of ${n} samples: that leaves none to train on`);
  return split;
}

/** A data file whose rows are all of one class is no classification: an {@link InputError} naming the file. */
function checkClassCount(config: RunConfig, data: AnyDataset): void {
  if (data.classes === undefined || data.classes >= 2) return;
  const only = data.classNames?.[0];
  throw new InputError(`every row has the same class${only === undefined ? "" : `, ${quote(only)}`}; a classifier needs 2 or more classes`, { file: config.data });
}

/**
 * Checks that loaded data fits the layers, splits it, computes the run's features (if it names any) and
 * fits the scaler on the training split.
 */
export function prepareLoaded<Data extends AnyDataset = Dataset>(config: RunConfig, loaded: LoadedData<Data>): PreparedRun<Data> {
  const inputs = config.layers[0];
  const outputs = config.layers[config.layers.length - 1];
  const features = config.features;
  if (features !== undefined && loaded.data.features !== FEATURE_INPUTS) {
    throw optionError("features", `are computed from two columns (x1, x2), but ${config.data} has ${loaded.data.features} features`);
  }
  if (features !== undefined && features.length !== inputs) {
    throw optionError("layers", `starts with ${inputs} input${inputs === 1 ? "" : "s"}, but the features ${features.join(", ")} are ${features.length}`);
  }
  if (features === undefined && loaded.data.features !== inputs) throw optionError("layers", `starts with ${inputs} input${inputs === 1 ? "" : "s"}, but ${config.data} has ${loaded.data.features} features`);
  checkClassCount(config, loaded.data);
  if (loaded.data.outputs !== outputs) {
    const need = loaded.data.classes !== undefined ? `${loaded.data.classes} classes: end with ${loaded.data.classes === 2 ? "1 (sigmoid) or 2 (softmax)" : loaded.data.classes}` : `${loaded.data.outputs} target values`;
    throw optionError("layers", `ends with ${outputs} output${outputs === 1 ? "" : "s"}, but ${config.data} has ${need}`);
  }
  const raw = checkedSplit(config, loaded);
  const featured = (data: Data | null) => (data === null || features === undefined ? data : (withFeatures(data, features) as Data));
  const split: Split<Data> = { train: featured(raw.train)!, validation: featured(raw.validation), test: featured(raw.test) };
  const n = split.train.n;
  const batch = Math.min(config.batch ?? n, n);
  checkNetworkSize(config.layers, {
    bias: config.bias,
    batch,
    optimizerStates: UPDATE_RULES[config.optimizer].stateNames.length,
    error: (reason) => optionError("layers", reason),
    batchError: (reason) => optionError("batch", reason),
  });
  if (config.batchNorm && (batch < 2 || n % batch === 1)) {
    throw optionError("batchNorm", `needs at least 2 samples in every batch (their variance), but ${n} training samples in batches of ${batch} leave a batch of 1; choose another --batch`);
  }
  const scaler = config.scale === undefined ? null : fitScaler(split.train.x, split.train.n, split.train.features, config.scale);
  const task: ModelTask =
    loaded.data.labels !== undefined
      ? { kind: "classification", classes: loaded.data.classes!, ...(loaded.data.classNames ? { classNames: loaded.data.classNames } : {}) }
      : { kind: "regression" };
  return {
    config,
    train: scaled(split.train, scaler)!,
    validation: scaled(split.validation, scaler),
    test: scaled(featured(loaded.test) ?? split.test, scaler),
    scaler,
    unscaledTrain: raw.train,
    raw: { ...raw, test: loaded.test ?? raw.test },
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

/** The model of a run, its weights drawn from the seed. */
export function buildModel(config: RunConfig): Sequential {
  return Sequential.create(config.layers[0], layerConfigs(config), { dtype: config.dtype, seed: config.seed });
}

/** The trainer's options of a run. */
export function trainingOptions(config: RunConfig): ResolvedTrainingOptions {
  return {
    loss: config.loss,
    optimizer: { name: config.optimizer, ...givenFields(config, OPTIMIZER_SETTINGS) },
    learningRate: config.learningRate,
    epochs: config.epochs,
    seed: config.seed,
    ...(config.batch !== undefined ? { batchSize: config.batch } : {}),
    ...givenFields(config, TRAINING_SETTINGS),
  };
}

/** The model file `tracegrad train` writes for a run and its model. */
export function runModelFile(run: PreparedRun<AnyDataset>, model: Sequential): ModelFile {
  return modelFile(model, {
    loss: run.config.loss,
    task: run.task,
    ...(run.unscaledTrain.featureNames ? { featureNames: run.unscaledTrain.featureNames } : {}),
    ...(run.config.features !== undefined ? { features: run.config.features } : {}),
    scaler: run.scaler,
    training: run.config as unknown as Record<string, unknown>,
  });
}
