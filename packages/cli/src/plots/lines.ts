/**
 * The line chart the learning curves are drawn with: one line per series, a legend when there is more
 * than one, a linear or a log y scale.
 *
 * @module
 */
import { checkUniqueNames } from "./checks.js";
import { decimate, MAX_POINTS_PER_SERIES } from "./decimate.js";
import type { XY } from "./decimate.js";
import type { PlotSpec } from "./plot-spec.js";
import { topLevel } from "./plot-spec.js";
import { withSvgChart } from "./svg-chart.js";
import { PANEL_HEIGHT, PANEL_WIDTH, SERIES_COLORS, SERIES_DASHES, cycleColors, dashArray } from "./theme.js";

export type { XY } from "./decimate.js";

/** One line: its name (in the legend) and its points. */
export interface LineSeries {
  readonly name: string;
  readonly points: readonly XY[];
}

/** How a line chart looks. */
export interface LineChartOptions {
  readonly title?: string;
  /** The title of the x axis ("x"). */
  readonly xTitle?: string;
  /** The title of the y axis (the series' name when there is one series, else "y"). */
  readonly yTitle?: string;
  /** The title over the legend (none). */
  readonly legendTitle?: string;
  /** A log y scale; points with y ≤ 0 cannot be shown on it and are left out. */
  readonly logScale?: boolean;
  /** The size of the plot area in pixels (500 × 350). */
  readonly width?: number;
  readonly height?: number;
  /** Longer series are thinned to this many points, keeping each stretch's lowest and highest (1000). */
  readonly maxPointsPerSeries?: number;
}

/** A line's dash field (SVG's stroke-dasharray), absent for a solid line. */
function dashOf(dash: readonly number[]): { dash?: string } {
  const array = dashArray(dash);
  return array === undefined ? {} : { dash: array };
}

/** Series with at most this many points show a dot on every point. */
const DOTS_UP_TO = 30;

/**
 * The ticks of a log axis from `low` to `high`: the powers of 10 that cover them, with 2 and 5 times
 * each when they span fewer than four decades. (Vega's own log ticks put a grid line at every
 * multiple of each power, which crowds the chart.)
 */
export function logTicks(low: number, high: number): number[] {
  if (!(low > 0 && high >= low && Number.isFinite(high))) return [];
  const first = Math.floor(Math.log10(low));
  const last = Math.ceil(Math.log10(high));
  const steps = last - first < 4 ? [1, 2, 5] : [1];
  const ticks: number[] = [];
  for (let power = first; power <= last; power++) {
    // Decimal strings give 0.001 exactly, where 10 ** -3 would be 0.0010000000000000002.
    for (const step of steps) ticks.push(Number(`${step}e${power}`));
  }
  return ticks.filter((t) => t <= Number(`1e${last}`));
}

/**
 * A line chart of the series, one color each and, when there are several, one dash pattern each
 * (solid, dashed, dotted, dash-dot), in the order given. Points that are not finite (a
 * diverging run's NaN and Infinity), and on a log scale points with y ≤ 0, are left out.
 *
 * @throws RangeError when two series have the same name.
 */
export function lineChart(series: readonly LineSeries[], options: LineChartOptions = {}): PlotSpec {
  const names = series.map((s) => s.name);
  checkUniqueNames(names, "lineChart", "series");
  const logScale = options.logScale ?? false;
  const maxPoints = options.maxPointsPerSeries ?? MAX_POINTS_PER_SERIES;
  const values: { series: string; x: number; y: number }[] = [];
  const drawn: number[][] = [];
  let longest = 0;
  let low = Infinity;
  let high = -Infinity;
  let first = Infinity;
  let last = -Infinity;
  for (const { name, points } of series) {
    const shown = points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!logScale || p.y > 0));
    shown.sort((a, b) => a.x - b.x);
    longest = Math.max(longest, shown.length);
    for (const p of shown) {
      low = Math.min(low, p.y);
      high = Math.max(high, p.y);
    }
    if (shown.length > 0) {
      first = Math.min(first, shown[0].x);
      last = Math.max(last, shown[shown.length - 1].x);
    }
    const kept = decimate(shown, maxPoints);
    drawn.push(kept.flatMap((p) => [p.x, p.y]));
    for (const p of kept) values.push({ series: name, x: p.x, y: p.y });
  }
  const yTitle = options.yTitle ?? (series.length === 1 ? series[0].name : "y");
  const xTitle = options.xTitle ?? "x";
  const width = options.width ?? PANEL_WIDTH;
  const height = options.height ?? PANEL_HEIGHT;
  const colors = cycleColors(SERIES_COLORS, names.length);
  // Several series: each its own dashes as well as its color (SERIES_DASHES); one series is solid.
  const dashes = names.map((_, i) => (series.length > 1 ? SERIES_DASHES[i % SERIES_DASHES.length] : []));
  const legend = series.length > 1 ? { title: options.legendTitle ?? null, symbolStrokeWidth: 3 } : null;
  const yTicks = logTicks(low, high);
  const spec: PlotSpec = {
    ...topLevel(options.title),
    width,
    height,
    data: { values },
    mark: {
      type: "line",
      strokeWidth: 2,
      aria: false,
      point: longest <= DOTS_UP_TO ? { filled: true, size: 30 } : false,
    },
    encoding: {
      x: { field: "x", type: "quantitative", title: xTitle, scale: { zero: false } },
      y: {
        field: "y",
        type: "quantitative",
        title: yTitle,
        scale: logScale ? { type: "log" } : {},
        axis: logScale ? { format: "~g", values: yTicks } : {},
      },
      color: { field: "series", type: "nominal", scale: { domain: names, range: colors }, legend },
      // Vega-Lite merges the two legends of one field into one; [1, 0] is its solid line.
      strokeDash: { field: "series", type: "nominal", scale: { domain: names, range: dashes.map((d) => (d.length === 0 ? [1, 0] : [...d])) }, legend },
    },
  };
  return withSvgChart(spec, {
    kind: "lines",
    ...(options.title !== undefined ? { title: options.title } : {}),
    width,
    height,
    x: { title: xTitle, domain: [first, last], nice: true },
    // Vega-Lite's linear y scale starts at zero (its default); the log scale covers the data.
    y: logScale ? { title: yTitle, domain: [low, high], nice: true, logTicks: yTicks } : { title: yTitle, domain: [Math.min(0, low), Math.max(0, high)], nice: true },
    series: drawn.map((points, i) => ({ color: colors[i], ...dashOf(dashes[i]), points })),
    dotRadius: longest <= DOTS_UP_TO ? Math.sqrt(30 / Math.PI) : 0,
    ...(series.length > 1 ? { legend: { ...(options.legendTitle !== undefined ? { title: options.legendTitle } : {}), names, colors, symbol: "line" as const, dashes: dashes.map(dashArray) } } : {}),
  });
}
