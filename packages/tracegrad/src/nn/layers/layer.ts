/**
 * What every layer of a sequential model provides on the training fast path: a forward and a backward
 * pass over preallocated buffers (no allocation in the steady state), its parameters, and its JSON form.
 *
 * @module
 */
import type { FloatArray } from "../../engine/activations.js";
import type { Random } from "../../engine/random.js";

/** @category Models */
export type DType = "float64" | "float32";

/** The array constructor of a dtype. */
export function arrayType(dtype: DType): Float64ArrayConstructor | Float32ArrayConstructor {
  return dtype === "float32" ? Float32Array : Float64Array;
}

/**
 * A trainable tensor and its gradient.
 *
 * @category Models
 */
export interface Parameter {
  /** `layers[0].weights`, `layers[2].gamma`, ... */
  readonly name: string;
  readonly kind: "weights" | "bias" | "gamma" | "beta";
  /** [units, inputs] for weights, [units] for the others. */
  readonly shape: readonly number[];
  readonly value: FloatArray;
  readonly gradient: FloatArray;
  /** Whether L1, L2 and weight decay apply (weights only). */
  readonly regularized: boolean;
  /** Index of the layer in the model. */
  readonly layer: number;
}

/** @category Models */
export interface Layer {
  readonly type: string;
  readonly inputSize: number;
  readonly outputSize: number;
  parameters(): Parameter[];
  /**
   * Runs the layer on `batch` rows of `input` (batch × inputSize). Returns the output buffer, which
   * the layer owns and rewrites on its next call.
   */
  forward(input: FloatArray, batch: number, training: boolean, random: Random): FloatArray;
  /**
   * Given ∂L/∂output for the rows of the last forward call, fills the parameter gradients and returns
   * ∂L/∂input (a buffer the layer owns), or null when `inputGradient` is false.
   */
  backward(gradOutput: FloatArray, batch: number, inputGradient: boolean): FloatArray | null;
  /** The layer's configuration and values, as plain JSON. */
  toJSON(): LayerJson;
}

/** @category Models */
export interface DenseJson {
  type: "dense";
  units: number;
  activation: string;
  alpha?: number;
  weights: number[][];
  bias: number[] | null;
}

/** @category Models */
export interface DropoutJson {
  type: "dropout";
  rate: number;
}

/** @category Models */
export interface BatchNormJson {
  type: "batch-norm";
  momentum: number;
  epsilon: number;
  gamma: number[];
  beta: number[];
  runningMean: number[];
  runningVariance: number[];
}

/** @category Models */
export type LayerJson = DenseJson | DropoutJson | BatchNormJson;

/** A buffer that grows with the batch and is otherwise reused. */
export class Buffer {
  private data: FloatArray;
  constructor(
    private readonly Type: Float64ArrayConstructor | Float32ArrayConstructor,
    private readonly width: number,
  ) {
    this.data = new Type(0);
  }
  /** A buffer of at least rows × width values (its contents are kept only while it does not grow). */
  rows(rows: number): FloatArray {
    if (this.data.length < rows * this.width) this.data = new this.Type(rows * this.width);
    return this.data;
  }
}

/** Rows of a matrix, as plain arrays. */
export function toRows(data: FloatArray, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
}
