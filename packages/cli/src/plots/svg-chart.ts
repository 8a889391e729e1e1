/**
 * The charts tracegrad draws to SVG itself, without Vega: line charts (the learning curves), the
 * ground-truth and prediction scatter panels, the decision boundary, the confusion matrix and grids of
 * small line charts (the activation functions). Each plot builder that makes
 * one of them describes it here as plain data, with everything already decided (the points after
 * thinning, the colors, the titles, the scale of each axis), and puts that description in the
 * Vega-Lite spec it returns, under `usermeta` (which Vega-Lite keeps for its users and ignores).
 * Every chart of tracegrad's is one of these (learning curves, prediction panels, decision boundaries,
 * confusion matrices, the activation functions' panels); Vega draws only specs from elsewhere.
 * The spec is thus the one thing a builder returns: `renderSvg` draws it from this description
 * (`draw-chart.ts`) in a few milliseconds and without loading Vega, and a browser can still hand the
 * spec to vega-embed.
 *
 * @module
 */
import type { PlotSpec } from "./plot-spec.js";

/** An axis: its title, and a linear scale over the data's extent, or a log scale with these ticks. */
export interface SvgAxis {
  readonly title: string;
  /** The data's extent along this axis, before any rounding. */
  readonly domain: readonly [number, number];
  /** Round the domain out to nice tick values (Vega-Lite's `nice`). */
  readonly nice: boolean;
  /** Pixels kept free inside each end of the axis, so that points do not sit on the frame. */
  readonly padding?: number;
  /** A log scale, labeled at these values. */
  readonly logTicks?: readonly number[];
}

/** A legend of classes or series: its title (none when absent), and a name and color per entry. */
export interface SvgLegend {
  readonly title?: string;
  readonly names: readonly string[];
  readonly colors: readonly string[];
  /** How an entry is marked: a short line (series) or a dot (classes). */
  readonly symbol: "line" | "circle";
  /** Each line's dashes (SVG's stroke-dasharray; none for a solid line), for lines. */
  readonly dashes?: readonly (string | undefined)[];
}

/** Lines, one per series: x and y of each point, interleaved (x₀, y₀, x₁, y₁, ...). */
export interface SvgLineChart {
  readonly kind: "lines";
  readonly title?: string;
  readonly width: number;
  readonly height: number;
  readonly x: SvgAxis;
  readonly y: SvgAxis;
  /** Each line's color, dashes (SVG's stroke-dasharray; none for a solid line) and points. */
  readonly series: readonly { readonly color: string; readonly dash?: string; readonly points: readonly number[] }[];
  /** The radius of a dot on every point (short series), or 0. */
  readonly dotRadius: number;
  readonly legend?: SvgLegend;
}

/** A dot of a scatter panel. */
export interface SvgDot {
  readonly x: number;
  readonly y: number;
  readonly color: string;
  /** Ringed in black (a wrong prediction). */
  readonly ringed?: boolean;
}

/** Square scatter panels side by side, with shared axes and one legend. */
export interface SvgPanelsChart {
  readonly kind: "panels";
  readonly title?: string;
  readonly size: number;
  readonly x: SvgAxis;
  readonly y: SvgAxis;
  readonly dotRadius: number;
  readonly dotOpacity: number;
  readonly panels: readonly { readonly title: string; readonly subtitle: string; readonly dots: readonly SvgDot[] }[];
  readonly legend: SvgLegend;
}

/** A cell of a heat map drawn as a rectangle (an uneven grid), in data coordinates. */
export interface SvgCell {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly color: string;
}

/** A heat map over the whole plot area with dots on top, and its legends. */
export interface SvgHeatmapChart {
  readonly kind: "heatmap";
  readonly title?: string;
  readonly width: number;
  readonly height: number;
  readonly x: SvgAxis;
  readonly y: SvgAxis;
  /** The map as one image (a PNG data URL) stretched over the plot area, or as rectangles. */
  readonly image?: string;
  readonly cells?: readonly SvgCell[];
  readonly dots: readonly SvgDot[];
  readonly dotRadius: number;
  /** The scale of the map's colors, where they shade a number. */
  readonly gradient?: SvgGradient;
  readonly legend: SvgLegend;
}

/** A color gradient from 0 (bottom) to 1 (top): its colors at evenly spaced stops, and its labels. */
export interface SvgGradient {
  readonly title: string;
  /** The colors at 0, 1/(n - 1), ..., 1. */
  readonly colors: readonly string[];
  /** Each label and where it stands, from 0 (bottom) to 1 (top). */
  readonly labels: readonly { readonly at: number; readonly text: string }[];
  /** The length of the bar, in pixels (160). */
  readonly length?: number;
}

/** A square matrix of cells, rows and columns named by the same labels, each cell colored with its text in it. */
export interface SvgMatrixChart {
  readonly kind: "matrix";
  readonly title?: string;
  readonly size: number;
  readonly labels: readonly string[];
  /** The titles of the columns' axis (below) and the rows' axis (left). */
  readonly columnsTitle: string;
  readonly rowsTitle: string;
  /** Row after row: the cell's fill, its text and the text's color. */
  readonly cells: readonly { readonly color: string; readonly text: string; readonly textColor: string }[];
  readonly fontSize: number;
  readonly gradient: SvgGradient;
}

/** One small line chart of a grid: its title, its own scales and its lines. */
export interface SvgGridPanel {
  readonly title: string;
  readonly x: SvgAxis;
  readonly y: SvgAxis;
  /** Each line's color, dashes (SVG's stroke-dasharray; none for a solid line) and points (x₀, y₀, x₁, y₁, ...). */
  readonly lines: readonly { readonly color: string; readonly dash?: string; readonly points: readonly number[] }[];
}

/** Small line charts in a grid, `columns` to a row, and one legend of the lines' styles above them. */
export interface SvgGridChart {
  readonly kind: "grid";
  readonly title?: string;
  readonly columns: number;
  /** The size of each panel's plot area. */
  readonly width: number;
  readonly height: number;
  readonly panels: readonly SvgGridPanel[];
  /** The styles of the lines: a name and dashes each (none for solid), drawn in `color`. */
  readonly legend: { readonly names: readonly string[]; readonly dashes: readonly (string | undefined)[]; readonly color: string };
  /** The grid line at y = 0 drawn darker, as the x axis of a function's plot. */
  readonly zeroLine: boolean;
}

/** A chart tracegrad draws itself. */
export type SvgChart = SvgLineChart | SvgPanelsChart | SvgHeatmapChart | SvgMatrixChart | SvgGridChart;

/** Where a spec keeps its chart: `spec.usermeta[SVG_CHART_KEY]`. */
export const SVG_CHART_KEY = "tracegradChart";

/** The spec with its chart put in `usermeta`. */
export function withSvgChart<T extends PlotSpec>(spec: T, chart: SvgChart): T {
  return { ...spec, usermeta: { ...(spec.usermeta ?? {}), [SVG_CHART_KEY]: chart } };
}

/** The chart a spec carries, if it carries one. */
export function svgChartOf(spec: PlotSpec): SvgChart | undefined {
  const chart = spec.usermeta?.[SVG_CHART_KEY] as SvgChart | undefined;
  return chart !== undefined && (chart.kind === "lines" || chart.kind === "panels" || chart.kind === "heatmap" || chart.kind === "matrix" || chart.kind === "grid") ? chart : undefined;
}
