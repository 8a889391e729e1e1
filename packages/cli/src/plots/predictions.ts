/**
 * Ground truth and prediction side by side: the same points of the plane twice, colored by their
 * true class on the left and by the network's on the right, as Lab01 shows its results.
 *
 * @module
 */
import { checkClass } from "./checks.js";
import { classLegend } from "./classes.js";
import type { PlotSpec } from "./plot-spec.js";
import { topLevel } from "./plot-spec.js";
import { withSvgChart } from "./svg-chart.js";
import type { SvgAxis } from "./svg-chart.js";
import { PLANE_PANEL_SIZE } from "./theme.js";

/** A point of the plane with its true and its predicted class. */
export interface PredictionPoint {
  readonly x: readonly [number, number];
  readonly truth: number;
  readonly predicted: number;
}

/** How the prediction plot looks. */
export interface PredictionsOptions {
  /** The chart's title (none). */
  readonly title?: string;
  /** The number of classes (one more than the largest class in the data). */
  readonly classes?: number;
  /** The names of the classes in the legend ("0", "1", ...). */
  readonly classNames?: readonly string[];
  /** The titles of the axes ("x₁", "x₂"). */
  readonly xTitle?: string;
  readonly yTitle?: string;
  /**
   * The accuracy over all the data, when `points` are a sample of it (a large data set is drawn
   * decimated): the subtitle then gives it and says how many points are drawn.
   */
  readonly accuracyOfAll?: { readonly right: number; readonly total: number };
}

/** Pixels between the outermost points and the frame, so that no point sits on an axis. */
const POINT_PADDING = 14;

/** The size of the panels' titles, below the chart's own. */
const PANEL_TITLE_SIZE = 14;

/** A percentage rounded to one decimal: 95.2%, 100%. */
function percent(part: number, whole: number): string {
  return `${whole === 0 ? 0 : Math.round((1000 * part) / whole) / 10}%`;
}

/**
 * Two scatter panels, "Ground truth" and "Prediction", each point colored by its class. The
 * prediction panel's subtitle gives the accuracy; points predicted wrong are ringed in black there.
 *
 * @throws RangeError when a class is not a whole number below `classes`, or the class names do not fit.
 */
export function predictions(points: readonly PredictionPoint[], options: PredictionsOptions = {}): PlotSpec {
  const largest = points.reduce((m, p) => Math.max(m, p.truth, p.predicted), 0);
  const classes = classLegend(options.classes ?? Math.max(largest + 1, options.classNames?.length ?? 2), options.classNames, "predictions");
  const count = classes.names.length;
  const values = points.map((p, i) => {
    checkClass(p.truth, count, "predictions", `points[${i}].truth`);
    checkClass(p.predicted, count, "predictions", `points[${i}].predicted`);
    return { x0: p.x[0], x1: p.x[1], truth: classes.names[p.truth], predicted: classes.names[p.predicted], wrong: p.truth !== p.predicted };
  });
  const wrong = values.filter((v) => v.wrong).length;
  const right = points.length - wrong;
  const color = { type: "nominal", scale: { domain: [...classes.names], range: [...classes.colors] }, legend: { title: "class" } } as const;
  const position = {
    x: { field: "x0", type: "quantitative", title: options.xTitle ?? "x₁", scale: { zero: false, nice: false, padding: POINT_PADDING } },
    y: { field: "x1", type: "quantitative", title: options.yTitle ?? "x₂", scale: { zero: false, nice: false, padding: POINT_PADDING } },
  } as const;
  const point = { type: "circle", size: 70, opacity: 0.9, aria: false } as const;
  const all = options.accuracyOfAll;
  const accuracy =
    all === undefined
      ? `accuracy ${right}/${points.length} (${percent(right, points.length)})` + (wrong > 0 ? ", wrong ones ringed" : "")
      : `accuracy ${all.right.toLocaleString("en-US")}/${all.total.toLocaleString("en-US")} (${percent(all.right, all.total)}); ${points.length.toLocaleString("en-US")} points drawn` + (wrong > 0 ? ", wrong ones ringed" : "");
  const extent = (k: 0 | 1): [number, number] => points.reduce<[number, number]>(([low, high], p) => [Math.min(low, p.x[k]), Math.max(high, p.x[k])], [Infinity, -Infinity]);
  const axis = (k: 0 | 1, title: string): SvgAxis => ({ title, domain: extent(k), nice: false, padding: POINT_PADDING });
  const dot = (p: PredictionPoint, k: number, ringed: boolean) => ({ x: p.x[0], y: p.x[1], color: classes.colors[k], ...(ringed ? { ringed } : {}) });
  const spec: PlotSpec = {
    ...topLevel(options.title),
    data: { values },
    hconcat: [
      {
        // A blank subtitle keeps the two panels level.
        title: { text: "Ground truth", subtitle: " ", fontSize: PANEL_TITLE_SIZE },
        width: PLANE_PANEL_SIZE,
        height: PLANE_PANEL_SIZE,
        mark: point,
        encoding: { ...position, color: { field: "truth", ...color } },
      },
      {
        title: { text: "Prediction", subtitle: accuracy, fontSize: PANEL_TITLE_SIZE },
        width: PLANE_PANEL_SIZE,
        height: PLANE_PANEL_SIZE,
        mark: { ...point, strokeWidth: 2 },
        encoding: {
          ...position,
          color: { field: "predicted", ...color },
          stroke: { condition: { test: "datum.wrong", value: "#000000" }, value: null },
        },
      },
    ],
    resolve: { scale: { x: "shared", y: "shared", color: "shared" } },
  };
  return withSvgChart(spec, {
    kind: "panels",
    ...(options.title !== undefined ? { title: options.title } : {}),
    size: PLANE_PANEL_SIZE,
    x: axis(0, options.xTitle ?? "x₁"),
    y: axis(1, options.yTitle ?? "x₂"),
    dotRadius: Math.sqrt(point.size / Math.PI),
    dotOpacity: point.opacity,
    panels: [
      { title: "Ground truth", subtitle: "", dots: points.map((p) => dot(p, p.truth, false)) },
      { title: "Prediction", subtitle: accuracy, dots: points.map((p) => dot(p, p.predicted, p.truth !== p.predicted)) },
    ],
    legend: { title: "class", names: classes.names, colors: classes.colors, symbol: "circle" },
  });
}
