/**
 * A dense (fully connected) layer on the fast path: Z = X·Wᵀ + b, A = f(Z), computed by the dense
 * kernel of `engine/dense/` (the one the recording engine and the grading simulator use) with the
 * GEMM of `nn/matmul.ts` as its matrix product, over preallocated buffers.
 *
 * Backward: δ = ∂L/∂A ⊙ f'(Z) (or δ given directly by a fused loss), ∂L/∂W = δᵀ·X, ∂L/∂b = Σ_rows δ,
 * ∂L/∂X = δ·W.
 *
 * @module
 */
import type { Activation, FloatArray } from "../../engine/activations.js";
import { activation as activationOf, DEFAULT_LEAKY_ALPHA } from "../../engine/activations.js";
import type { ActivationName } from "../../engine/activations.js";
import { activationBackward, activationForward } from "../../engine/dense/activation.js";
import { biasGradient as denseBiasGradient, denseForward, inputGradient as denseInputGradient, weightGradient } from "../../engine/dense/product.js";
import type { DenseSizes } from "../../engine/dense/product.js";
import { multiply } from "../matmul.js";
import { trainingArray } from "../resident-arrays.js";
import type { DenseJson, DType, Layer, Parameter } from "./layer.js";
import { arrayType, Buffer, toRows } from "./layer.js";

/** A dense layer on the training fast path: Z = X·Wᵀ + b, A = f(Z), over preallocated buffers. */
export class Dense implements Layer {
  readonly type = "dense";
  readonly activation: Activation;
  readonly alpha: number;
  readonly weights: FloatArray;
  readonly bias: FloatArray | null;
  readonly weightsGradient: FloatArray;
  readonly biasGradient: FloatArray | null;
  private readonly z: Buffer;
  private readonly a: Buffer;
  private readonly dz: Buffer;
  private readonly dx: Buffer;
  private input: FloatArray | null = null;
  private readonly index: number;

  constructor(
    readonly inputSize: number,
    readonly outputSize: number,
    activationName: ActivationName,
    options: { alpha?: number; useBias?: boolean; dtype: DType; index: number },
  ) {
    const Type = arrayType(options.dtype);
    this.activation = activationOf(activationName);
    this.alpha = options.alpha ?? DEFAULT_LEAKY_ALPHA;
    this.weights = trainingArray(options.dtype, outputSize * inputSize);
    this.weightsGradient = trainingArray(options.dtype, outputSize * inputSize);
    const useBias = options.useBias ?? true;
    this.bias = useBias ? new Type(outputSize) : null;
    this.biasGradient = useBias ? new Type(outputSize) : null;
    this.z = new Buffer(Type, outputSize);
    this.a = new Buffer(Type, outputSize);
    this.dz = new Buffer(Type, outputSize);
    this.dx = new Buffer(Type, inputSize);
    this.index = options.index;
  }

  parameters(): Parameter[] {
    const list: Parameter[] = [
      { name: `layers[${this.index}].weights`, kind: "weights", shape: [this.outputSize, this.inputSize], value: this.weights, gradient: this.weightsGradient, regularized: true, layer: this.index },
    ];
    if (this.bias !== null && this.biasGradient !== null)
      list.push({ name: `layers[${this.index}].bias`, kind: "bias", shape: [this.outputSize], value: this.bias, gradient: this.biasGradient, regularized: false, layer: this.index });
    return list;
  }

  /** The pre-activations of the last forward call. */
  preActivation(batch: number): FloatArray {
    return this.z.rows(batch);
  }

  forward(input: FloatArray, batch: number): FloatArray {
    const z = this.z.rows(batch);
    const a = this.a.rows(batch);
    this.input = input;
    denseForward(input, this.weights, this.bias, z, this.sizes(batch), multiply);
    activationForward(this.activation, this.alpha, z, a, batch, this.outputSize);
    return a;
  }

  backward(gradOutput: FloatArray, batch: number, inputGradient: boolean): FloatArray | null {
    const dz = this.dz.rows(batch);
    activationBackward(this.activation, this.alpha, this.z.rows(batch), this.a.rows(batch), gradOutput, dz, batch, this.outputSize);
    return this.backwardFromPreActivation(dz, batch, inputGradient);
  }

  /** The buffer a fused loss writes δ = ∂L/∂Z into. */
  deltaBuffer(batch: number): FloatArray {
    return this.dz.rows(batch);
  }

  /** Backward from δ = ∂L/∂Z. */
  backwardFromPreActivation(dz: FloatArray, batch: number, inputGradient: boolean): FloatArray | null {
    const sizes = this.sizes(batch);
    weightGradient(dz, this.input!, this.weightsGradient, sizes, multiply);
    if (this.biasGradient !== null) denseBiasGradient(dz, this.biasGradient, sizes);
    if (!inputGradient) return null;
    const dx = this.dx.rows(batch);
    denseInputGradient(dz, this.weights, dx, sizes, multiply);
    return dx;
  }

  private sizes(batch: number): DenseSizes {
    return { batch, inputs: this.inputSize, units: this.outputSize };
  }

  toJSON(): DenseJson {
    return {
      type: "dense",
      units: this.outputSize,
      activation: this.activation.name,
      ...(this.activation.hasAlpha ? { alpha: this.alpha } : {}),
      weights: toRows(this.weights, this.outputSize, this.inputSize),
      bias: this.bias === null ? null : Array.from(this.bias),
    };
  }
}
