/**
 * What the lab keeps of a trained run: its metrics without the history's records, and the loss and
 * accuracy of every epoch as two Float64Arrays (80 kB for 10,000 epochs, where the records take
 * about a megabyte). Node only.
 *
 * @module
 */
import type { MetricsFile } from "../run/training-run.js";

/** A run's metrics.json without its history. */
export type RunSummary = Omit<MetricsFile, "history">;

/** A run's metrics and its learning curve, in arrays. */
export interface RunCurves {
  readonly metrics: RunSummary;
  /** The training loss of each epoch (index 0: epoch 1). */
  readonly losses: Float64Array;
  /** The training accuracy of each epoch, for classification; null otherwise. */
  readonly accuracies: Float64Array | null;
}

/** The curves of a run's metrics. */
export function runCurves(metrics: MetricsFile): RunCurves {
  const { history, ...summary } = metrics;
  const losses = Float64Array.from(history, (r) => r.loss);
  const accuracies = history.length > 0 && history[0].accuracy !== undefined ? Float64Array.from(history, (r) => r.accuracy ?? Number.NaN) : null;
  return { metrics: summary, losses, accuracies };
}
