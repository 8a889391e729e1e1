/**
 * Batch normalisation as a layer (the formulas are in `engine/normalization.ts`). In training it uses
 * the statistics of the batch and updates running ones, running ← momentum·running + (1 - momentum)·batch;
 * in evaluation it uses the running statistics.
 *
 * @module
 */
import type { FloatArray } from "../../engine/activations.js";
import { batchStatistics, normalize, normalizeBackward } from "../../engine/normalization.js";
import type { BatchNormJson, DType, Layer, Parameter } from "./layer.js";
import { arrayType, Buffer } from "./layer.js";

export const DEFAULT_BATCH_NORM_MOMENTUM = 0.9;
export const DEFAULT_BATCH_NORM_EPSILON = 1e-5;

/** Batch normalisation on the training fast path, with a learnt scale γ and shift β and running statistics for evaluation. */
export class BatchNorm implements Layer {
  readonly type = "batch-norm";
  readonly outputSize: number;
  readonly gamma: FloatArray;
  readonly beta: FloatArray;
  readonly gammaGradient: FloatArray;
  readonly betaGradient: FloatArray;
  readonly runningMean: FloatArray;
  readonly runningVariance: FloatArray;
  private readonly mean: FloatArray;
  private readonly variance: FloatArray;
  private readonly xHat: Buffer;
  private readonly y: Buffer;
  private readonly dx: Buffer;
  private usedBatchStatistics = false;

  constructor(
    readonly inputSize: number,
    readonly momentum: number,
    readonly epsilon: number,
    dtype: DType,
    private readonly index: number,
  ) {
    const Type = arrayType(dtype);
    this.outputSize = inputSize;
    this.gamma = new Type(inputSize).fill(1);
    this.beta = new Type(inputSize);
    this.gammaGradient = new Type(inputSize);
    this.betaGradient = new Type(inputSize);
    this.runningMean = new Type(inputSize);
    this.runningVariance = new Type(inputSize).fill(1);
    this.mean = new Type(inputSize);
    this.variance = new Type(inputSize);
    this.xHat = new Buffer(Type, inputSize);
    this.y = new Buffer(Type, inputSize);
    this.dx = new Buffer(Type, inputSize);
  }

  parameters(): Parameter[] {
    return [
      { name: `layers[${this.index}].gamma`, kind: "gamma", shape: [this.inputSize], value: this.gamma, gradient: this.gammaGradient, regularized: false, layer: this.index },
      { name: `layers[${this.index}].beta`, kind: "beta", shape: [this.inputSize], value: this.beta, gradient: this.betaGradient, regularized: false, layer: this.index },
    ];
  }

  forward(input: FloatArray, batch: number, training: boolean): FloatArray {
    const f = this.inputSize;
    const xHat = this.xHat.rows(batch);
    const y = this.y.rows(batch);
    this.usedBatchStatistics = training;
    if (training) {
      batchStatistics(input, batch, f, this.mean, this.variance);
      for (let j = 0; j < f; j++) {
        this.runningMean[j] = this.momentum * this.runningMean[j] + (1 - this.momentum) * this.mean[j];
        this.runningVariance[j] = this.momentum * this.runningVariance[j] + (1 - this.momentum) * this.variance[j];
      }
      normalize(input, batch, f, this.mean, this.variance, this.epsilon, this.gamma, this.beta, xHat, y);
    } else {
      normalize(input, batch, f, this.runningMean, this.runningVariance, this.epsilon, this.gamma, this.beta, xHat, y);
    }
    return y;
  }

  backward(gradOutput: FloatArray, batch: number, inputGradient: boolean): FloatArray | null {
    if (!this.usedBatchStatistics) throw new Error("batch-norm backward needs a forward pass in training mode");
    const dx = this.dx.rows(batch);
    normalizeBackward(gradOutput, this.xHat.rows(batch), batch, this.inputSize, this.variance, this.epsilon, this.gamma, dx, this.gammaGradient, this.betaGradient);
    return inputGradient ? dx : null;
  }

  toJSON(): BatchNormJson {
    return {
      type: "batch-norm",
      momentum: this.momentum,
      epsilon: this.epsilon,
      gamma: Array.from(this.gamma),
      beta: Array.from(this.beta),
      runningMean: Array.from(this.runningMean),
      runningVariance: Array.from(this.runningVariance),
    };
  }
}
