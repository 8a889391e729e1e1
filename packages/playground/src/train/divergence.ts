/**
 * Whether a run is diverging, said as soon as it shows: the loss or a weight became NaN or infinite
 * (the trainer stops and says where), the loss has risen for many epochs in a row, it stands far
 * above where it started, or it does not settle (it never gets below where it started, or swings back
 * above it and stays well above the best it had reached). Each comes with a hint: lower the learning rate, and which layer's weights
 * grew the most.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { formatNumber } from "tracegrad/internal/common/format-number";
import type { Divergence } from "tracegrad/internal/nn/trainer";
import type { RunHistory } from "./run-history.js";

/** A loss that rose this many epochs in a row is overshooting. */
export const RISING_EPOCHS = 50;
/** A loss this many times its first epoch's has left the valley. */
export const ABOVE_START = 10;

/** Epochs over which a loss that does not settle is watched. */
export const SWINGING_EPOCHS = 100;
/** A loss that went back above its start and stays this many times above the best it reached does not settle. */
export const SWING = 1.5;

export interface DivergenceReport {
  readonly kind: "not-a-number" | "rising" | "above-start" | "not-settling";
  readonly message: string;
  readonly hint: string;
}

/** The largest |w| of each dense layer's weights. */
export function largestWeights(weights: readonly { readonly weights: ArrayLike<number> }[]): number[] {
  return weights.map((layer) => {
    let largest = 0;
    for (let i = 0; i < layer.weights.length; i++) {
      const w = Math.abs(layer.weights[i]);
      largest = Number.isNaN(w) || w > largest ? w : largest;
    }
    return largest;
  });
}

/** The layer (from 1) whose largest weight grew the most since the start, and by how much, in words. */
function grewMost(before: readonly number[], now: readonly number[]): string {
  let best = -1;
  let ratio = 0;
  now.forEach((w, l) => {
    const r = !Number.isFinite(w) ? Number.POSITIVE_INFINITY : w / Math.max(before[l] ?? 1, 1e-12);
    if (best < 0 || r > ratio) {
      best = l;
      ratio = r;
    }
  });
  if (best < 0) return "";
  const w = now[best];
  if (!Number.isFinite(w)) return ` Layer ${best + 1}'s weights are no longer numbers.`;
  if (!(ratio > 2)) return "";
  return ` Layer ${best + 1}'s weights grew the most: the largest is ${formatNumber(w, 3)} now, ${formatNumber(before[best], 3)} at the start.`;
}

/** How many epochs in a row, up to the last, the loss has risen. */
export function risingRun(history: RunHistory): number {
  let run = 0;
  for (let e = history.epochs; e >= 2; e--) {
    if (history.lossAt(e) > history.lossAt(e - 1)) run++;
    else break;
  }
  return run;
}

/**
 * The run's divergence, or null while it is not diverging. `learningRate` is η now; `weightsAtStart`
 * and `weightsNow` the largest |w| of each dense layer at epoch 0 and now.
 */
export function assessDivergence(history: RunHistory, divergence: Divergence | null, learningRate: number, weightsAtStart: readonly number[], weightsNow: readonly number[]): DivergenceReport | null {
  const lower = `Lower the learning rate η (now ${formatNumber(learningRate, 4)}): try ${formatNumber(learningRate / 10, 4)}.`;
  if (divergence !== null) {
    const what = divergence.quantity === "loss" ? "the loss" : `the weights of layer ${divergence.layer}`;
    return {
      kind: "not-a-number",
      message: `Diverged at epoch ${divergence.epoch}: ${what} became NaN or infinite, and training stopped.`,
      hint: `${lower}${grewMost(weightsAtStart, weightsNow)} Then press Reset to start again.`,
    };
  }
  const epochs = history.epochs;
  if (epochs === 0) return null;
  const last = history.lossAt(epochs);
  if (!Number.isFinite(last)) {
    return { kind: "not-a-number", message: `Diverged at epoch ${epochs}: the loss is ${last}.`, hint: `${lower}${grewMost(weightsAtStart, weightsNow)}` };
  }
  const first = history.lossAt(1);
  if (first > 0 && last > ABOVE_START * first) {
    return {
      kind: "above-start",
      message: `Overshooting: the loss is ${formatNumber(last, 4)}, ${formatNumber(last / first, 3)} times what it was at epoch 1 (${formatNumber(first, 4)}).`,
      hint: `${lower}${grewMost(weightsAtStart, weightsNow)}`,
    };
  }
  const rising = risingRun(history);
  if (rising >= RISING_EPOCHS) {
    return {
      kind: "rising",
      message: `Overshooting: the loss has risen for ${rising} epochs in a row, from ${formatNumber(history.lossAt(epochs - rising), 4)} to ${formatNumber(last, 4)}.`,
      hint: `${lower}${grewMost(weightsAtStart, weightsNow)}`,
    };
  }
  // A step too large to settle, neither rising for long nor far enough above its start for the rules
  // above: over the last epochs the loss never got below where it started (stuck, or swinging at chance),
  // or it went back above its start and stays well above the best it had reached (Adam at η = 3 on the
  // circle swings between 0.5 and 1.4 after reaching 0.33). A run that learns gets below its start
  // within its first epochs and does not go back above it.
  if (epochs > SWINGING_EPOCHS) {
    let best = Number.POSITIVE_INFINITY;
    let bestEpoch = 0;
    let least = Number.POSITIVE_INFINITY;
    let most = 0;
    for (let e = 1; e <= epochs; e++) {
      const loss = history.lossAt(e);
      if (loss < best) {
        best = loss;
        bestEpoch = e;
      }
      if (e > epochs - SWINGING_EPOCHS) {
        least = Math.min(least, loss);
        most = Math.max(most, loss);
      }
    }
    const window = `over the last ${SWINGING_EPOCHS} epochs the loss`;
    const hint = `${lower}${grewMost(weightsAtStart, weightsNow)}`;
    if (least >= first) {
      return { kind: "not-settling", message: `Not learning: ${window} stayed between ${formatNumber(least, 3)} and ${formatNumber(most, 3)}, never below where it started (${formatNumber(first, 4)} at epoch 1).`, hint };
    }
    if (most > first && least > SWING * best) {
      return {
        kind: "not-settling",
        message: `Not settling: ${window} swung between ${formatNumber(least, 3)} and ${formatNumber(most, 3)}, back above where it started (${formatNumber(first, 4)}), after it reached ${formatNumber(best, 3)} at epoch ${bestEpoch}.`,
        hint: `Each step overshoots the valley. ${hint}`,
      };
    }
  }
  return null;
}
