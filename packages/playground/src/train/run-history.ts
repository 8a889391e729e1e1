/**
 * The page's record of a run, put together from the worker's snapshots: the loss, accuracy and
 * learning rate of every epoch (in growing typed arrays, a million epochs in a few megabytes), and the
 * test loss and accuracy at the epochs the worker sampled them (every few milliseconds of training,
 * so that it trains at nearly full speed between).
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import type { Snapshot } from "./session.js";

/** A column of numbers that grows. */
class Column {
  private data = new Float64Array(1024);
  length = 0;

  push(values: ArrayLike<number>): void {
    if (this.length + values.length > this.data.length) {
      const grown = new Float64Array(Math.max(this.data.length * 2, this.length + values.length));
      grown.set(this.data.subarray(0, this.length));
      this.data = grown;
    }
    for (let i = 0; i < values.length; i++) this.data[this.length + i] = values[i];
    this.length += values.length;
  }

  get(i: number): number {
    return this.data[i];
  }

  /** The values, as a view (valid until the next push). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export class RunHistory {
  /** Per epoch, from epoch 1. */
  readonly loss = new Column();
  readonly accuracy = new Column();
  readonly valLoss = new Column();
  readonly learningRate = new Column();
  hasAccuracy = false;
  hasValidation = false;
  /** At each snapshot: the epoch, and the test split's loss and accuracy. */
  readonly testEpoch = new Column();
  readonly testLoss = new Column();
  readonly testAccuracy = new Column();

  /** Epochs recorded. */
  get epochs(): number {
    return this.loss.length;
  }

  /** Takes in a snapshot: its new epochs and its test evaluation. */
  absorb(snapshot: Snapshot): void {
    const h = snapshot.history;
    // Epochs already recorded (a snapshot that repeats some) are skipped.
    const skip = Math.max(0, this.epochs - (h.from - 1));
    const take = (values: Float64Array) => values.subarray(skip);
    if (h.from - 1 > this.epochs) return;
    this.loss.push(take(h.loss));
    this.learningRate.push(take(h.learningRate));
    this.accuracy.push(h.accuracy !== null ? take(h.accuracy) : new Float64Array(h.loss.length - skip).fill(Number.NaN));
    this.valLoss.push(h.valLoss !== null ? take(h.valLoss) : new Float64Array(h.loss.length - skip).fill(Number.NaN));
    this.hasAccuracy ||= h.accuracy !== null;
    this.hasValidation ||= h.valLoss !== null;
    const t = snapshot.testHistory;
    for (let i = 0; i < t.epoch.length; i++) {
      if (this.testEpoch.length > 0 && this.testEpoch.get(this.testEpoch.length - 1) >= t.epoch[i]) continue;
      this.testEpoch.push([t.epoch[i]]);
      this.testLoss.push([t.loss[i]]);
      this.testAccuracy.push([t.accuracy[i]]);
    }
  }

  /** The loss of epoch `epoch` (from 1). */
  lossAt(epoch: number): number {
    return this.loss.get(epoch - 1);
  }
}
