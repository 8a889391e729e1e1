/**
 * Learning curves: the loss (or any measure) against the epoch, one line per series — training and
 * validation loss, or the runs of a sweep.
 *
 * @module
 */
import { lineChart } from "./lines.js";
import type { PlotSpec } from "./plot-spec.js";

/** One curve: its name ("training loss", "learning rate 0.1") and its value at each recorded epoch. */
export interface LearningCurveSeries {
  readonly name: string;
  readonly points: readonly { readonly epoch: number; readonly value: number }[];
}

/** How a learning curve looks. */
export interface LearningCurveOptions {
  /** The chart's title (none). */
  readonly title?: string;
  /** The title of the y axis ("loss"). */
  readonly yTitle?: string;
  /** A log y scale, for losses that fall over decades; values ≤ 0 are left out of it. */
  readonly logScale?: boolean;
}

/**
 * The learning curves of one or more series against the epoch, with a legend when there is more
 * than one. Non-finite values (a diverging run) are left out.
 *
 * @throws RangeError when two series have the same name.
 */
export function learningCurve(series: readonly LearningCurveSeries[], options: LearningCurveOptions = {}): PlotSpec {
  return lineChart(
    series.map(({ name, points }) => ({ name, points: points.map((p) => ({ x: p.epoch, y: p.value })) })),
    { title: options.title, xTitle: "epoch", yTitle: options.yTitle ?? "loss", logScale: options.logScale },
  );
}
