/**
 * The loss on the fast path: for a batch, the sum of the loss terms (the epoch's loss is built from
 * these) and the gradient that starts the backward pass. It uses the same declarations as the
 * recording engine, through the loss head of the dense kernel (`engine/dense/loss-head.ts`); for the
 * fused pairs (sigmoid with bce, softmax with cross-entropy) it takes the terms from the logits, which
 * stays finite where a rounds to 0 or 1.
 *
 * @module
 */
import type { FloatArray } from "../engine/activations.js";
import { fusedDelta, fusedWith, lossGradient, lossTermSum } from "../engine/dense/loss-head.js";
import type { FusedDelta, LossDefinition } from "../engine/losses.js";
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
  private readonly fusedDelta: FusedDelta | null;
  private readonly output: Dense | null;
  private readonly gradient: Buffer;
  private readonly outputs: number;

  constructor(
    readonly loss: LossDefinition,
    model: Sequential,
  ) {
    this.output = model.outputLayer;
    this.outputs = model.outputSize;
    this.fusedDelta = this.output === null ? null : fusedWith(loss, this.output.activation.name);
    this.fused = this.fusedDelta !== null;
    this.gradient = new Buffer(arrayType(model.dtype), this.outputs);
  }

  /** The loss terms of a batch; with `withGradient`, also the gradient for the backward pass. */
  evaluate(a: FloatArray, t: FloatArray, batch: number, withGradient: boolean): LossEvaluation {
    const k = this.outputs;
    const count = this.loss.count(batch, k);
    const fused = this.fusedDelta;
    const z = fused === null ? a : this.output!.preActivation(batch);
    const termSum = lossTermSum(this.loss, fused, z, a, t, batch, k);
    const gradient = fused === null ? this.gradient.rows(batch) : this.output!.deltaBuffer(batch);
    if (withGradient) {
      if (fused === null) lossGradient(this.loss, a, t, gradient, count, batch * k);
      else fusedDelta(fused, a, t, gradient, count, batch * k);
    }
    return { termSum, gradient };
  }

  /**
   * `sum` plus the loss terms of a batch, added one by one in the order of its rows (what
   * {@link LossHead.evaluate} sums, continued from `sum`): batches added so in turn give the bits of
   * one batch of all their rows.
   */
  addTerms(sum: number, a: FloatArray, t: FloatArray, batch: number): number {
    const fused = this.fusedDelta;
    return lossTermSum(this.loss, fused, fused === null ? a : this.output!.preActivation(batch), a, t, batch, this.outputs, sum);
  }

  /** The loss of `rows` samples whose terms sum to `termSum`. */
  value(termSum: number, rows: number): number {
    return this.loss.coefficient(this.loss.count(rows, this.outputs)).value * termSum;
  }
}
