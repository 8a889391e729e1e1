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
  // Plain loops: Float64Array.from with a mapping function takes the iterator protocol, several
  // times slower over 10,000 records.
  const losses = new Float64Array(history.length);
  for (let e = 0; e < history.length; e++) losses[e] = history[e].loss;
  if (history.length === 0 || history[0].accuracy === undefined) return { metrics: summary, losses, accuracies: null };
  const accuracies = new Float64Array(history.length);
  for (let e = 0; e < history.length; e++) accuracies[e] = history[e].accuracy ?? Number.NaN;
  return { metrics: summary, losses, accuracies };
}
