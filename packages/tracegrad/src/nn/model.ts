/**
 * A sequential model: dense, dropout and batch-norm layers in a row, on the training fast path.
 *
 * @module
 */
import type { ActivationName, FloatArray } from "../engine/activations.js";
import { isActivationName } from "../engine/activations.js";
import { Random } from "../engine/random.js";
import { checkNetworkSize } from "../common/limits.js";
import { defaultInitializer, initialize, INITIALIZERS } from "./initializers.js";
import type { InitializerName } from "./initializers.js";
import { BatchNorm, DEFAULT_BATCH_NORM_EPSILON, DEFAULT_BATCH_NORM_MOMENTUM } from "./layers/batch-norm.js";
import { Dense } from "./layers/dense.js";
import { Dropout } from "./layers/dropout.js";
import type { DType, Layer, LayerJson, Parameter } from "./layers/layer.js";
import { arrayType } from "./layers/layer.js";

export interface DenseConfig {
  readonly type: "dense";
  readonly units: number;
  readonly activation: ActivationName;
  /** Slope of leaky-relu below zero. */
  readonly alpha?: number;
  /** Whether the layer has biases (true). */
  readonly useBias?: boolean;
  /** How the weights are drawn (He for ReLU layers, Xavier otherwise); biases start at 0. */
  readonly init?: InitializerName;
}

export interface DropoutConfig {
  readonly type: "dropout";
  readonly rate: number;
}

export interface BatchNormConfig {
  readonly type: "batch-norm";
  readonly momentum?: number;
  readonly epsilon?: number;
}

export type LayerConfig = DenseConfig | DropoutConfig | BatchNormConfig;

export interface ModelOptions {
  readonly dtype?: DType;
  /** Seeds the weights' draws (1). */
  readonly seed?: number;
}

export class Sequential {
  readonly layers: readonly Layer[];
  readonly dtype: DType;

  private constructor(
    readonly inputSize: number,
    layers: Layer[],
    dtype: DType,
  ) {
    this.layers = layers;
    this.dtype = dtype;
  }

  /**
   * Builds a model and draws its weights from the seed. A network past the budget of parameters
   * (`LIMITS.parameters`) is an {@link InputError}, before anything is allocated.
   */
  static create(inputSize: number, configs: readonly LayerConfig[], options: ModelOptions = {}): Sequential {
    checkNetworkSize([inputSize, ...configs.flatMap((c) => (c.type === "dense" ? [c.units] : []))]);
    const dtype = options.dtype ?? "float64";
    const random = new Random(options.seed ?? 1);
    const layers: Layer[] = [];
    let width = inputSize;
    configs.forEach((config, index) => {
      if (config.type === "dense") {
        const layer = new Dense(width, config.units, config.activation, { alpha: config.alpha, useBias: config.useBias ?? true, dtype, index });
        initialize(INITIALIZERS[config.init ?? defaultInitializer(config.activation)], layer.weights, width, config.units, random);
        layers.push(layer);
        width = config.units;
      } else if (config.type === "dropout") {
        layers.push(new Dropout(width, config.rate, dtype));
      } else {
        layers.push(new BatchNorm(width, config.momentum ?? DEFAULT_BATCH_NORM_MOMENTUM, config.epsilon ?? DEFAULT_BATCH_NORM_EPSILON, dtype, index));
      }
    });
    return new Sequential(inputSize, layers, dtype);
  }

  /** Rebuilds a model from {@link Sequential.toJSON}'s layers. */
  static fromJSON(inputSize: number, layers: readonly LayerJson[], dtype: DType = "float64"): Sequential {
    const built: Layer[] = [];
    let width = inputSize;
    layers.forEach((json, index) => {
      if (json.type === "dense") {
        if (!isActivationName(json.activation)) throw new Error(`unknown activation ${json.activation}`);
        const layer = new Dense(width, json.units, json.activation, { alpha: json.alpha, useBias: json.bias !== null, dtype, index });
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
    return new Sequential(inputSize, built, dtype);
  }

  get outputSize(): number {
    return this.layers[this.layers.length - 1].outputSize;
  }

  /** The last dense layer, whose activation the loss may fuse with. */
  get outputLayer(): Dense | null {
    const last = this.layers[this.layers.length - 1];
    return last instanceof Dense ? last : null;
  }

  parameters(): Parameter[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** The number of trainable values. */
  get parameterCount(): number {
    return this.parameters().reduce((s, p) => s + p.value.length, 0);
  }

  /** Runs every layer; returns the output buffer (owned by the last layer). */
  forward(input: FloatArray, batch: number, training: boolean, random: Random): FloatArray {
    let x = input;
    for (const layer of this.layers) x = layer.forward(x, batch, training, random);
    return x;
  }

  /**
   * Backward through every layer. `gradient` is ∂L/∂output, or, when `preActivation` is true, δ = ∂L/∂z
   * of the output layer (from a fused loss).
   */
  backward(gradient: FloatArray, batch: number, preActivation: boolean): void {
    let g: FloatArray | null = gradient;
    for (let i = this.layers.length - 1; i >= 0 && g !== null; i--) {
      const layer = this.layers[i];
      const needInput = i > 0;
      g = preActivation && i === this.layers.length - 1 ? (layer as Dense).backwardFromPreActivation(g, batch, needInput) : layer.backward(g, batch, needInput);
    }
  }

  /** The outputs for `rows` rows of `x` (rows × inputSize), in evaluation mode, as Float64. */
  predict(x: ArrayLike<number>, rows: number, chunk = 1024): Float64Array {
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

  toJSON(): LayerJson[] {
    return this.layers.map((l) => l.toJSON());
  }
}
