/**
 * A sequential model: dense, dropout and batch-norm layers in a row, on the training fast path.
 *
 * @module
 */
import type { FloatArray } from "../engine/activations.js";
import { Random } from "../engine/random.js";
import { checkParameters } from "../common/size-check.js";
import { InvalidArgumentError } from "../common/errors.js";
import { applyScaler } from "../data/scalers.js";
import type { ScalerJson } from "../data/scalers.js";
import { isMatrix, readRows, toRowArrays } from "../data/matrix.js";
import type { Matrix } from "../data/matrix.js";
import { checkInteger, expected } from "../common/check-argument.js";
import type { LossName } from "../engine/losses.js";
import { defaultInitializer, initialize, INITIALIZERS } from "./initializers.js";
import { BatchNorm, DEFAULT_BATCH_NORM_EPSILON, DEFAULT_BATCH_NORM_MOMENTUM } from "./layers/batch-norm.js";
import { Dense } from "./layers/dense.js";
import { Dropout } from "./layers/dropout.js";
import type { DType, Layer, LayerJson, Parameter } from "./layers/layer.js";
import { arrayType } from "./layers/layer.js";
import { checkLayerConfigs } from "./layer-config.js";
import type { DenseConfig, LayerConfig } from "./layer-config.js";
import { checkClasses, checkModelOptions, checkScaler } from "./model-options.js";
import type { ModelInfo, ModelOptions } from "./model-options.js";
import { readModelFile, readModelText } from "./model-file.js";
import type { ModelFile, ModelTask } from "./model-file.js";

export type { LayerConfig, DenseConfig, DropoutConfig, BatchNormConfig } from "./layer-config.js";
export type { ModelOptions } from "./model-options.js";

/**
 * A sequential model: dense, dropout and batch-norm layers in a row, with what it knows about its data
 * (the scaler its inputs need, its classes, its loss), which {@link Sequential.save} keeps.
 *
 * @example
 * ```ts
 * const model = Sequential.create(2, [
 *   { type: "dense", units: 8, activation: "tanh" },
 *   { type: "dense", units: 1, activation: "sigmoid" },
 * ], { seed: 1 });
 * model.predict([[0.5, -0.2]]); // [[0.46…]]
 * ```
 *
 * @category Models
 */
export class Sequential {
  /** The layers, first to last (0-based: `layers[0]` takes the inputs). */
  readonly layers: readonly Layer[];
  /** The number type of the weights and of training. */
  readonly dtype: DType;
  private readonly info: ModelInfo;
  private training: Readonly<Record<string, unknown>> = {};

  private constructor(
    /** The number of inputs each sample has. */
    readonly inputSize: number,
    layers: Layer[],
    dtype: DType,
    info: ModelInfo,
  ) {
    this.layers = layers;
    this.dtype = dtype;
    this.info = info;
  }

  /**
   * Builds a model of `inputSize` inputs and the given layers, and draws its weights from the seed.
   * Every argument is checked: a mistake is an {@link InvalidArgumentError} naming the layer and field
   * (`layers[1].activation: unknown activation "sigmoidd"; … (did you mean "sigmoid"?)`), and a network
   * past the budget of parameters (`LIMITS.parameters`) is one too, before anything is allocated.
   */
  static create(inputSize: number, layers: readonly LayerConfig[], options: ModelOptions = {}): Sequential {
    checkInteger(inputSize, "inputSize", 1);
    const configs = checkLayerConfigs(layers, "layers");
    checkParameters([inputSize, ...configs.flatMap((c) => (c.type === "dense" ? [c.units] : []))], { error: (reason) => new InvalidArgumentError("layers", reason) });
    const lastDense = configs.filter((c): c is DenseConfig => c.type === "dense").pop()!;
    const { dtype, seed, info } = checkModelOptions(options, inputSize, lastDense.units);
    const random = new Random(seed);
    const built: Layer[] = [];
    let width = inputSize;
    configs.forEach((config, index) => {
      if (config.type === "dense") {
        const layer = new Dense(width, config.units, config.activation, { alpha: config.alpha, useBias: config.useBias ?? true, dtype, index });
        initialize(INITIALIZERS[config.init ?? defaultInitializer(config.activation)], layer.weights, width, config.units, random);
        built.push(layer);
        width = config.units;
      } else if (config.type === "dropout") {
        built.push(new Dropout(width, config.rate, dtype));
      } else {
        built.push(new BatchNorm(width, config.momentum ?? DEFAULT_BATCH_NORM_MOMENTUM, config.epsilon ?? DEFAULT_BATCH_NORM_EPSILON, dtype, index));
      }
    });
    return new Sequential(inputSize, built, dtype, info);
  }

  /**
   * Rebuilds a model from its layers' JSON ({@link Sequential.layersJson}), which must already have
   * been checked (as a model file's are); for a saved model use {@link Sequential.load}.
   *
   * @internal
   */
  static fromJSON(inputSize: number, layers: readonly LayerJson[], dtype: DType = "float64"): Sequential {
    const built: Layer[] = [];
    let width = inputSize;
    layers.forEach((json, index) => {
      if (json.type === "dense") {
        const layer = new Dense(width, json.units, json.activation as Dense["activation"]["name"], { alpha: json.alpha, useBias: json.bias !== null, dtype, index });
        layer.weights.set(json.weights.flat());
        if (json.bias !== null) layer.bias!.set(json.bias);
        built.push(layer);
        width = json.units;
      } else if (json.type === "dropout") {
        built.push(new Dropout(width, json.rate, dtype));
      } else {
        const layer = new BatchNorm(width, json.momentum, json.epsilon, dtype, index);
        layer.gamma.set(json.gamma);
        layer.beta.set(json.beta);
        layer.runningMean.set(json.runningMean);
        layer.runningVariance.set(json.runningVariance);
        built.push(layer);
      }
    });
    return new Sequential(inputSize, built, dtype, { scaler: null, classes: null, classNames: null, featureNames: null, loss: null });
  }

  /**
   * A model saved by {@link Sequential.save}: the object itself, the same after `JSON.stringify` and
   * `JSON.parse`, or the JSON text (a `model.json` that `tracegrad train --out` wrote loads too). Its
   * input size, layers, weights, scaler, classes and loss come back. A malformed one is an
   * {@link InputError} (code `InvalidSpec`) naming the field, and `file` if given.
   */
  static load(saved: ModelFile | string, file?: string): Sequential {
    if (file !== undefined && typeof file !== "string") throw expected("file", "a file name (a string)", file);
    if (typeof saved === "string") return loadModel(readModelText(saved, file));
    if (saved === null || typeof saved !== "object" || Array.isArray(saved)) throw expected("saved", "a saved model (from model.save()) or its JSON text", saved);
    return loadModel(readModelFile(saved, file));
  }

  /**
   * The model as a plain, JSON-safe object: `JSON.stringify(model.save())` is the model file that
   * {@link Sequential.load} and `tracegrad predict` read. `JSON.stringify(model)` gives the same.
   */
  save(): ModelFile {
    const { scaler, classes, classNames, featureNames, loss } = this.info;
    const task: ModelTask = classes === null ? { kind: "regression" } : { kind: "classification", classes, ...(classNames !== null ? { classNames: [...classNames] } : {}) };
    return {
      format: "tracegrad-model",
      version: 1,
      inputs: this.inputSize,
      outputs: this.outputSize,
      dtype: this.dtype,
      layers: this.layersJson(),
      ...(loss !== null ? { loss } : {}),
      task,
      ...(featureNames !== null ? { featureNames: [...featureNames] } : {}),
      scaler,
      training: this.training,
    };
  }

  /** The saved model, for `JSON.stringify(model)`; the same as {@link Sequential.save}. */
  toJSON(): ModelFile {
    return this.save();
  }

  /** The layers' configuration and values, as plain JSON (the `layers` of {@link Sequential.save}). */
  layersJson(): LayerJson[] {
    return this.layers.map((l) => l.toJSON());
  }

  /** The number of outputs (units of the last dense layer). */
  get outputSize(): number {
    return this.layers[this.layers.length - 1].outputSize;
  }

  /** The scaler {@link Sequential.predict} applies to its rows, or null. */
  get scaler(): ScalerJson | null {
    return this.info.scaler;
  }

  /** Sets the scaler {@link Sequential.predict} applies (from `fitScaler`); null for none. */
  set scaler(value: ScalerJson | null) {
    this.info.scaler = checkScaler(value, "scaler", this.inputSize);
  }

  /** For a classifier, the number of classes; null for a regression model (or one not told). */
  get classes(): number | null {
    return this.info.classes;
  }

  /** The names of the classes, when known. */
  get classNames(): readonly string[] | null {
    return this.info.classNames;
  }

  /** Sets the classes: a count (2 or more) or their names; the model's outputs must fit them. */
  setClasses(classes: number | readonly string[]): void {
    Object.assign(this.info, checkClasses(classes, "classes", this.outputSize));
  }

  /** The names of the inputs, when known. */
  get featureNames(): readonly string[] | null {
    return this.info.featureNames;
  }

  /** The loss the model was trained with, when known. */
  get loss(): LossName | null {
    return this.info.loss;
  }

  /**
   * Records what a training told about the model where the model does not know it yet: its loss, its
   * classes, its features' names.
   *
   * @internal
   */
  adopt(found: { loss?: LossName; classes?: number; classNames?: readonly string[]; featureNames?: readonly string[] }): void {
    const info = this.info;
    if (info.loss === null && found.loss !== undefined) info.loss = found.loss;
    if (info.classes === null && found.classes !== undefined) {
      info.classes = found.classes;
      info.classNames = found.classNames ?? null;
    }
    if (info.featureNames === null && found.featureNames !== undefined && found.featureNames.length === this.inputSize) info.featureNames = found.featureNames;
  }

  /**
   * Keeps the options of the run that trained the model, to be saved with it (the CLI's model.json).
   *
   * @internal
   */
  setTrainingRecord(training: Readonly<Record<string, unknown>>): void {
    this.training = training;
  }

  /** The last dense layer, whose activation the loss may fuse with. */
  get outputLayer(): Dense | null {
    const last = this.layers[this.layers.length - 1];
    return last instanceof Dense ? last : null;
  }

  /** Every trainable tensor, layer by layer. */
  parameters(): Parameter[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** The number of trainable values. */
  get parameterCount(): number {
    return this.parameters().reduce((s, p) => s + p.value.length, 0);
  }

  /**
   * Runs every layer; returns the output buffer (owned by the last layer).
   *
   * @internal
   */
  forward(input: FloatArray, batch: number, training: boolean, random: Random): FloatArray {
    let x = input;
    for (const layer of this.layers) x = layer.forward(x, batch, training, random);
    return x;
  }

  /**
   * Backward through every layer. `gradient` is ∂L/∂output, or, when `preActivation` is true, δ = ∂L/∂z
   * of the output layer (from a fused loss).
   *
   * @internal
   */
  backward(gradient: FloatArray, batch: number, preActivation: boolean): void {
    let g: FloatArray | null = gradient;
    for (let i = this.layers.length - 1; i >= 0 && g !== null; i--) {
      const layer = this.layers[i];
      const needInput = i > 0;
      g = preActivation && i === this.layers.length - 1 ? (layer as Dense).backwardFromPreActivation(g, batch, needInput) : layer.backward(g, batch, needInput);
    }
  }

  /**
   * The model's outputs for each row of inputs, in evaluation mode (no dropout, batch norm's running
   * statistics). Rows in, rows out: `number[][]` gives `number[][]`, a {@link Matrix} gives a Matrix
   * with a Float64Array. The rows are raw inputs: the model's {@link Sequential.scaler}, if any, is
   * applied first. A flat array, a row of the wrong width or a NaN is an {@link InvalidArgumentError}.
   */
  predict(rows: readonly (readonly number[])[]): number[][];
  predict(rows: Matrix): Matrix & { readonly data: Float64Array };
  predict(rows: readonly (readonly number[])[] | Matrix): number[][] | Matrix;
  predict(rows: readonly (readonly number[])[] | Matrix): number[][] | Matrix {
    const input = readRows(rows, "rows", this.inputSize, "inputs");
    const scaled = this.info.scaler === null ? input.data : applyScaler(this.info.scaler, input.data, input.rows, this.inputSize);
    const out = this.predictFlat(scaled, input.rows);
    return isMatrix(rows) ? { rows: input.rows, columns: this.outputSize, data: out } : toRowArrays(out, input.rows, this.outputSize);
  }

  /**
   * The outputs for `rows` rows of a flat row-major array (rows × inputSize) that is already scaled
   * (no scaler is applied and nothing is checked), in evaluation mode, as Float64.
   *
   * @internal
   */
  predictFlat(x: ArrayLike<number>, rows: number, chunk = 1024): Float64Array {
    const Type = arrayType(this.dtype);
    const out = new Float64Array(rows * this.outputSize);
    const random = new Random(0);
    for (let start = 0; start < rows; start += chunk) {
      const count = Math.min(chunk, rows - start);
      const input = new Type(count * this.inputSize);
      for (let i = 0; i < input.length; i++) input[i] = x[start * this.inputSize + i];
      const y = this.forward(input, count, false, random);
      for (let i = 0; i < count * this.outputSize; i++) out[start * this.outputSize + i] = y[i];
    }
    return out;
  }
}

/**
 * The model of a model file that has been checked (by `parseModelFile` or `readModelFile`), with what
 * it knows about its data.
 */
export function loadModel(file: ModelFile): Sequential {
  const model = Sequential.fromJSON(file.inputs, file.layers, file.dtype);
  const { task } = file;
  model.adopt({
    ...(file.loss !== undefined ? { loss: file.loss } : {}),
    ...(task.kind === "classification" && task.classes !== undefined ? { classes: task.classes, ...(task.classNames !== undefined ? { classNames: task.classNames } : {}) } : {}),
    ...(file.featureNames !== undefined ? { featureNames: file.featureNames } : {}),
  });
  if (file.scaler !== null) model.scaler = file.scaler;
  model.setTrainingRecord(file.training);
  return model;
}
