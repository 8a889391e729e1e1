/**
 * A dense (fully connected) layer on the fast path: Z = X·Wᵀ + b, A = f(Z), with the activation's
 * array kernel from `engine/activations.ts` and the matrix product from `nn/matmul.ts`.
 *
 * Backward: δ = ∂L/∂A ⊙ f'(Z) (or δ given directly by a fused loss), ∂L/∂W = δᵀ·X, ∂L/∂b = Σ_rows δ,
 * ∂L/∂X = δ·W.
 *
 * @module
 */
import type { Activation, FloatArray } from "../../engine/activations.js";
import { activation as activationOf, DEFAULT_LEAKY_ALPHA } from "../../engine/activations.js";
import type { ActivationName } from "../../engine/activations.js";
import { multiply } from "../matmul.js";
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
    this.weights = new Type(outputSize * inputSize);
    this.weightsGradient = new Type(outputSize * inputSize);
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
    const units = this.outputSize;
    const z = this.z.rows(batch);
    const a = this.a.rows(batch);
    this.input = input;
    if (this.bias !== null) {
      const bias = this.bias;
      // A plain loop: TypedArray.set costs more than copying a handful of values.
      for (let n = 0; n < batch; n++) for (let j = 0; j < units; j++) z[n * units + j] = bias[j];
      multiply(z, input, this.weights, batch, units, this.inputSize, false, true, true);
    } else {
      multiply(z, input, this.weights, batch, units, this.inputSize, false, true, false);
    }
    const act = this.activation;
    if (act.kind === "softmax") {
      for (let n = 0; n < batch; n++) act.forwardRow(z.subarray(n * units, (n + 1) * units), a, n * units);
    } else {
      act.forwardArray(z, a, batch * units, this.alpha);
    }
    return a;
  }

  backward(gradOutput: FloatArray, batch: number, inputGradient: boolean): FloatArray | null {
    const units = this.outputSize;
    const z = this.z.rows(batch);
    const a = this.a.rows(batch);
    const dz = this.dz.rows(batch);
    const act = this.activation;
    if (act.kind === "softmax") {
      for (let n = 0; n < batch; n++) {
        let dot = 0;
        for (let j = 0; j < units; j++) dot += gradOutput[n * units + j] * a[n * units + j];
        for (let j = 0; j < units; j++) dz[n * units + j] = a[n * units + j] * (gradOutput[n * units + j] - dot);
      }
    } else {
      act.backwardArray(z, a, gradOutput, dz, batch * units, this.alpha);
    }
    return this.backwardFromPreActivation(dz, batch, inputGradient);
  }

  /** The buffer a fused loss writes δ = ∂L/∂Z into. */
  deltaBuffer(batch: number): FloatArray {
    return this.dz.rows(batch);
  }

  /** Backward from δ = ∂L/∂Z. */
  backwardFromPreActivation(dz: FloatArray, batch: number, inputGradient: boolean): FloatArray | null {
    const units = this.outputSize;
    const input = this.input!;
    multiply(this.weightsGradient, dz, input, units, this.inputSize, batch, true, false, false);
    if (this.biasGradient !== null) {
      const db = this.biasGradient;
      db.fill(0);
      for (let n = 0; n < batch; n++) for (let j = 0; j < units; j++) db[j] += dz[n * units + j];
    }
    if (!inputGradient) return null;
    const dx = this.dx.rows(batch);
    multiply(dx, dz, this.weights, batch, this.inputSize, units, false, false, false);
    return dx;
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
