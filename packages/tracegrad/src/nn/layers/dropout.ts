/**
 * Inverted dropout: in training each value is kept with probability 1 - p and scaled by 1/(1 - p), so
 * that evaluation (which keeps everything, unscaled) sees the same expected activation. The mask is
 * drawn from the model's seeded generator.
 *
 * @module
 */
import type { FloatArray } from "../../engine/activations.js";
import type { Random } from "../../engine/random.js";
import { drawDropoutMask } from "../../engine/dropout-mask.js";
import type { DropoutJson, DType, Layer, Parameter } from "./layer.js";
import { arrayType, Buffer } from "./layer.js";

/** Inverted dropout on the training fast path: in training, each value is kept with probability 1 - rate and scaled by 1/(1 - rate). */
export class Dropout implements Layer {
  readonly type = "dropout";
  readonly outputSize: number;
  private readonly mask: Buffer;
  private readonly out: Buffer;
  private readonly dx: Buffer;
  private masked = false;

  constructor(
    readonly inputSize: number,
    readonly rate: number,
    dtype: DType,
  ) {
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${rate}`);
    const Type = arrayType(dtype);
    this.outputSize = inputSize;
    this.mask = new Buffer(Type, inputSize);
    this.out = new Buffer(Type, inputSize);
    this.dx = new Buffer(Type, inputSize);
  }

  parameters(): Parameter[] {
    return [];
  }

  forward(input: FloatArray, batch: number, training: boolean, random: Random): FloatArray {
    this.masked = training && this.rate > 0;
    if (!this.masked) return input;
    const n = batch * this.inputSize;
    const mask = this.mask.rows(batch);
    const out = this.out.rows(batch);
    drawDropoutMask(mask, n, this.rate, random);
    for (let i = 0; i < n; i++) out[i] = input[i] * mask[i];
    return out;
  }

  backward(gradOutput: FloatArray, batch: number, inputGradient: boolean): FloatArray | null {
    if (!inputGradient) return null;
    if (!this.masked) return gradOutput;
    const n = batch * this.inputSize;
    const mask = this.mask.rows(batch);
    const dx = this.dx.rows(batch);
    for (let i = 0; i < n; i++) dx[i] = gradOutput[i] * mask[i];
    return dx;
  }

  toJSON(): DropoutJson {
    return { type: "dropout", rate: this.rate };
  }
}
