/**
 * The loss on the fast path: for a batch, the sum of the loss terms (the epoch's loss is built from
 * these) and the gradient that starts the backward pass. It uses the same declarations as the
 * recording engine (`engine/losses.ts`); for the fused pairs (sigmoid with bce, softmax with
 * cross-entropy) it takes the terms from the logits, which stays finite where a rounds to 0 or 1.
 *
 * @module
 */
import type { FloatArray } from "../engine/activations.js";
import type { LossDefinition } from "../engine/losses.js";
import { Buffer } from "./layers/layer.js";
import { arrayType } from "./layers/layer.js";
import type { Dense } from "./layers/dense.js";
import type { Sequential } from "./model.js";

export interface LossEvaluation {
  /** Σ term(t, a) over the batch (multiply by the loss's coefficient for its value). */
  readonly termSum: number;
  /** ∂L/∂a, or δ = ∂L/∂z of the output layer when {@link LossHead.fused}. */
  readonly gradient: FloatArray;
}

export class LossHead {
  /** Whether δ comes straight from the fused formula of the loss. */
  readonly fused: boolean;
  private readonly output: Dense | null;
  private readonly gradient: Buffer;
  private readonly outputs: number;

  constructor(
    readonly loss: LossDefinition,
    model: Sequential,
  ) {
    this.output = model.outputLayer;
    this.outputs = model.outputSize;
    this.fused = loss.fused !== undefined && this.output !== null && this.output.activation.name === loss.fused.activation;
    this.gradient = new Buffer(arrayType(model.dtype), this.outputs);
  }

  /** The loss terms of a batch; with `withGradient`, also the gradient for the backward pass. */
  evaluate(a: FloatArray, t: FloatArray, batch: number, withGradient: boolean): LossEvaluation {
    const loss = this.loss;
    const k = this.outputs;
    const count = loss.count(batch, k);
    let termSum = 0;
    if (this.fused) {
      const fused = loss.fused!;
      const z = this.output!.preActivation(batch);
      for (let n = 0; n < batch; n++) termSum += fused.termsFromLogits(z, t, n * k, k);
      const delta = this.output!.deltaBuffer(batch);
      if (withGradient) for (let i = 0; i < batch * k; i++) delta[i] = fused.delta(a[i], t[i], count);
      return { termSum, gradient: delta };
    }
    for (let i = 0; i < batch * k; i++) termSum += loss.term(t[i], a[i]);
    const g = this.gradient.rows(batch);
    if (withGradient) for (let i = 0; i < batch * k; i++) g[i] = loss.gradient(a[i], t[i], count);
    return { termSum, gradient: g };
  }

  /** The loss of `rows` samples whose terms sum to `termSum`. */
  value(termSum: number, rows: number): number {
    return this.loss.coefficient(this.loss.count(rows, this.outputs)).value * termSum;
  }
}
