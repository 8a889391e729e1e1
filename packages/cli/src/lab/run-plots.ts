/**
 * The plots of a training run: the learning curve; for two-dimensional data the ground truth beside
 * the prediction (as Lab01 shows them) and the decision boundary; for classification the confusion
 * matrix (of the test split when there is one). A plot of the model's outputs is drawn only where they
 * are numbers: after a run diverged they are NaN, and such a plot is left out (and an older one of the
 * same name removed, so the folder never shows another run's predictions).
 *
 * @module
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import type { AnyDataset } from "tracegrad/internal/data/dataset";
import { networkInputs } from "tracegrad/internal/data/features";
import { asFloat64 } from "tracegrad/internal/data/dataset";
import { confusionMatrix as countConfusion, NO_CLASS, predictedClasses } from "tracegrad/internal/nn/metrics";
import { confusionMatrix, decisionBoundary, learningCurve, predictions } from "../plots/specs.js";
import type { PlotSpec } from "../plots/specs.js";
import type { PlotWriter } from "../plots/plot-writer.js";
import type { RunResult } from "../run/training-run.js";

/** What the plots of a run's data are drawn from: the data and the trained model. */
export type ModelOnData = Pick<RunResult, "prepared" | "model">;

/** Grid points per axis of a decision-boundary plot. */
const GRID = 100;

/**
 * The most points a scatter plot draws: a larger data set is drawn decimated (every k-th point), so
 * that the figures of a million rows render as quickly as those of a thousand (the renderer's own
 * limit of nodes is far above this).
 */
export const MAX_PLOT_POINTS = 5000;

/** The most classes the plots colored by class (predictions, decision boundary, confusion matrix) draw; past it they are left out. */
export const MAX_PLOT_CLASSES = 50;

/** The rows drawn of `n`: all of them, or every k-th when there are more than {@link MAX_PLOT_POINTS}. */
function drawnRows(n: number): number[] {
  const stride = Math.ceil(n / MAX_PLOT_POINTS);
  const rows: number[] = [];
  for (let r = 0; r < n; r += stride) rows.push(r);
  return rows;
}

/**
 * The probability of class 1 (two classes; clamped into [0, 1], as an output without a sigmoid may
 * leave it) or the predicted class (more), for raw inputs; null when an output is NaN.
 */
function classMap(result: ModelOnData, x: Float64Array, rows: number): number[] | null {
  const { model, prepared } = result;
  const transform = { scaler: prepared.scaler, ...(prepared.config.features !== undefined ? { features: prepared.config.features } : {}) };
  const out = model.predictFlat(networkInputs(transform, x, rows, prepared.unscaledTrain.features), rows);
  if (out.some(Number.isNaN)) return null;
  const k = model.outputSize;
  if ((prepared.task.classes ?? 2) === 2) return Array.from({ length: rows }, (_, r) => Math.min(1, Math.max(0, k === 1 ? out[r] : out[r * k + 1])));
  return Array.from(predictedClasses(out, rows, k));
}

/** The base names of every plot a run may write (or remove) in its folder: see {@link writeRunPlots}. */
export const RUN_PLOT_NAMES = ["learning-curve", "predictions", "decision-boundary", "confusion-matrix"] as const;

/** The files of a plot: SVG and PNG (as `writePlot` writes them). */
export const PLOT_EXTENSIONS = [".svg", ".png"] as const;

/** Removes an older plot of this name: the run's model cannot draw it. */
function removePlot(dir: string, name: string): void {
  for (const extension of PLOT_EXTENSIONS) rmSync(join(dir, name + extension), { force: true });
}

function axisRange(data: AnyDataset, feature: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < data.n; r++) {
    const v = data.x[r * data.features + feature];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const margin = 0.1 * (hi - lo || 1);
  return [lo - margin, hi + margin];
}

/** The plots of a run's data and model, by their base names. */
export type DataPlotName = "predictions" | "decision-boundary" | "confusion-matrix";

/**
 * Draws at once, or hands the chart to `writer` (written by the time its `flush()` returns). The
 * renderer and resvg are loaded only to draw here: with a writer, this thread never loads them.
 */
function plotWriter(writer: PlotWriter | undefined): (spec: PlotSpec, base: string) => Promise<unknown> {
  return async (spec, base) => (writer === undefined ? (await import("../plots/write-plot.js")).writePlot(spec, base) : writer.write(spec, base));
}

/**
 * Writes the run's plots into `dir` (SVG and PNG of each): its learning curve, then those of
 * {@link writeDataPlots}; returns their base names. With `writer`, they are drawn on its figure
 * thread and written by the time `writer.flush()` returns.
 */
export async function writeRunPlots(result: RunResult, dir: string, writer?: PlotWriter): Promise<string[]> {
  const { prepared, metrics } = result;
  const history = metrics.history.filter((r) => Number.isFinite(r.loss));
  const positive = history.every((r) => r.loss > 0);
  const series = [{ name: "training loss", points: history.map((r) => ({ epoch: r.epoch, value: r.loss })) }];
  if (history.some((r) => r.valLoss !== undefined)) series.push({ name: "validation loss", points: history.filter((r) => r.valLoss !== undefined).map((r) => ({ epoch: r.epoch, value: r.valLoss! })) });
  const diverged = metrics.divergence === undefined ? "" : ` (diverged at epoch ${metrics.divergence.epoch})`;
  await plotWriter(writer)(learningCurve(series, { title: `Learning curve: ${prepared.dataTitle}${diverged}`, yTitle: `${prepared.config.loss} loss`, logScale: positive }), join(dir, "learning-curve"));
  return ["learning-curve", ...(await writeDataPlots(result, dir, writer))];
}

/**
 * Writes the plots of the run's data and model into `dir` (SVG and PNG of each): for two-dimensional
 * data the ground truth beside the prediction and the decision boundary, for classification the
 * confusion matrix; returns their base names. With `only`, just those of them (the lab draws only the
 * figures its report shows).
 */
export async function writeDataPlots(result: ModelOnData, dir: string, writer?: PlotWriter, only?: ReadonlySet<DataPlotName>): Promise<string[]> {
  const wanted = (name: DataPlotName) => only === undefined || only.has(name);
  const writePlot = plotWriter(writer);
  const { prepared } = result;
  const written: string[] = [];
  const raw = prepared.unscaledTrain;
  const classes = prepared.task.classes;
  if (classes === undefined || raw.labels === undefined) return written;
  if (classes > MAX_PLOT_CLASSES) {
    for (const name of ["predictions", "decision-boundary", "confusion-matrix"]) removePlot(dir, name);
    return written;
  }
  const names = prepared.task.classNames ? [...prepared.task.classNames] : undefined;
  const [xTitle, yTitle] = raw.featureNames ?? ["x1", "x2"];
  if (raw.features === 2 && (wanted("predictions") || wanted("decision-boundary"))) {
    const [x0lo, x0hi] = axisRange(raw, 0);
    const [x1lo, x1hi] = axisRange(raw, 1);
    // Data near ±1e308 spans more than a double holds once the margin is added: no axis or grid can be
    // drawn over it (a linear scale's ticks and the grid's cells become NaN), so neither figure is.
    const drawable = [x0lo, x0hi, x1lo, x1hi].every(Number.isFinite) && Number.isFinite(GRID * (x0hi - x0lo)) && Number.isFinite(GRID * (x1hi - x1lo));
    const map = drawable ? classMap(result, asFloat64(raw.x), raw.n) : null;
    if (map === null) {
      removePlot(dir, "predictions");
      removePlot(dir, "decision-boundary");
    } else {
      const predicted = map.map((v) => (classes === 2 ? (v >= 0.5 ? 1 : 0) : v));
      let right = 0;
      for (let r = 0; r < raw.n; r++) if (predicted[r] === raw.labels[r]) right++;
      const rows = drawnRows(raw.n);
      const points = rows.map((r) => ({ x: [raw.x[2 * r], raw.x[2 * r + 1]] as [number, number], truth: raw.labels![r], predicted: predicted[r] }));
      const sampled = rows.length < raw.n ? { accuracyOfAll: { right, total: raw.n } } : {};
      if (wanted("predictions")) {
        await writePlot(predictions(points, { title: `${prepared.dataTitle}: ground truth and prediction`, classes, ...(names ? { classNames: names } : {}), xTitle, yTitle, ...sampled }), join(dir, "predictions"));
        written.push("predictions");
      }
      if (wanted("decision-boundary")) {
        const x0 = Array.from({ length: GRID }, (_, i) => x0lo + ((i + 0.5) * (x0hi - x0lo)) / GRID);
        const x1 = Array.from({ length: GRID }, (_, i) => x1lo + ((i + 0.5) * (x1hi - x1lo)) / GRID);
        const grid = new Float64Array(GRID * GRID * 2);
        for (let i1 = 0; i1 < GRID; i1++) for (let i0 = 0; i0 < GRID; i0++) grid.set([x0[i0], x1[i1]], 2 * (i1 * GRID + i0));
        const flat = classMap(result, grid, GRID * GRID);
        if (flat === null) {
          removePlot(dir, "decision-boundary");
        } else {
          const values = Array.from({ length: GRID }, (_, i1) => flat.slice(i1 * GRID, (i1 + 1) * GRID));
          await writePlot(
            decisionBoundary({ x0, x1, values }, points.map((p) => ({ x: p.x, label: p.truth })), { classes, title: `${prepared.dataTitle}: decision boundary`, ...(names ? { classNames: names } : {}), xTitle, yTitle }),
            join(dir, "decision-boundary"),
          );
          written.push("decision-boundary");
        }
      }
    }
  }
  const evaluated = prepared.test ?? prepared.train;
  if (evaluated.labels !== undefined && wanted("confusion-matrix")) {
    const out = result.model.predictFlat(evaluated.x, evaluated.n);
    const predicted = predictedClasses(out, evaluated.n, result.model.outputSize);
    if (predicted.includes(NO_CLASS)) {
      removePlot(dir, "confusion-matrix");
    } else {
      const matrix = countConfusion(evaluated.labels, predicted, classes);
      const labels = names ?? Array.from({ length: classes }, (_, i) => String(i));
      await writePlot(confusionMatrix(matrix, labels, { title: `Confusion matrix (${prepared.test !== null ? "test" : "training"} set)` }), join(dir, "confusion-matrix"));
      written.push("confusion-matrix");
    }
  }
  return written;
}
