/**
 * Activation functions and their derivatives, one small panel each, as the Module 11 activity draws sigmoid, tanh,
 * ReLU and Gaussian: the function solid, the derivative dashed.
 *
 * @module
 */
import { checkLength, checkUniqueNames } from "./checks.js";
import type { PlotSpec } from "./plot-spec.js";
import { topLevel } from "./plot-spec.js";
import { withSvgChart } from "./svg-chart.js";
import type { SvgGridChart } from "./svg-chart.js";
import { SERIES_COLORS, SMALL_PANEL_HEIGHT, SMALL_PANEL_WIDTH, cycleColors } from "./theme.js";

/** One panel: a function's name (the panel's title) and its value and derivative at the points x. */
export interface ActivationPanel {
  readonly name: string;
  readonly x: readonly number[];
  readonly value: readonly number[];
  readonly derivative: readonly number[];
}

/** How the grid of panels looks. */
export interface ActivationPanelsOptions {
  /** The title over the whole grid (none). */
  readonly title?: string;
  /** Panels per row (3). */
  readonly columns?: number;
}

/** The legend's names of the two curves of a panel. */
export const CURVE_NAMES = ["function", "derivative"] as const;

/**
 * A grid of panels, `columns` to a row, in the order given. Each panel has its own y scale, a line
 * at y = 0 and its own color; the legend tells the solid function from its dashed derivative.
 * Points that are not finite are left out.
 *
 * @throws RangeError when two panels have the same name or a panel's arrays differ in length.
 */
export function activationPanels(panels: readonly ActivationPanel[], options: ActivationPanelsOptions = {}): PlotSpec {
  const plot = "activationPanels";
  const names = panels.map((p) => p.name);
  checkUniqueNames(names, plot, "panel");
  const values: { panel: string; curve: string; x: number; y: number }[] = [];
  for (const panel of panels) {
    checkLength(panel.value, panel.x.length, plot, `the values of ${panel.name}`);
    checkLength(panel.derivative, panel.x.length, plot, `the derivatives of ${panel.name}`);
    const curves = [panel.value, panel.derivative];
    curves.forEach((ys, c) => {
      panel.x.forEach((x, i) => {
        if (Number.isFinite(x) && Number.isFinite(ys[i])) values.push({ panel: panel.name, curve: CURVE_NAMES[c], x, y: ys[i] });
      });
    });
  }
  const colors = cycleColors(SERIES_COLORS, names.length);
  const extent = (values: readonly number[]): [number, number] => values.reduce<[number, number]>(([low, high], v) => (Number.isFinite(v) ? [Math.min(low, v), Math.max(high, v)] : [low, high]), [Infinity, -Infinity]);
  const chart: SvgGridChart = {
    kind: "grid",
    ...(options.title !== undefined && options.title !== "" ? { title: options.title } : {}),
    columns: options.columns ?? 3,
    width: SMALL_PANEL_WIDTH,
    height: SMALL_PANEL_HEIGHT,
    panels: panels.map((panel, p) => {
      const lines = [panel.value, panel.derivative].map((ys, c) => ({
        color: colors[p],
        ...(c === 1 ? { dash: "6,4" } : {}),
        points: panel.x.flatMap((x, i) => (Number.isFinite(x) && Number.isFinite(ys[i]) ? [x, ys[i]] : [])),
      }));
      const [low, high] = extent([...panel.value, ...panel.derivative]);
      // Vega-Lite's linear y scale starts at zero (its default), and is rounded out to ticks.
      return { title: panel.name, x: { title: "x", domain: extent(panel.x), nice: true }, y: { title: "", domain: [Math.min(0, low), Math.max(0, high)], nice: true }, lines };
    }),
    legend: { names: [...CURVE_NAMES], dashes: [undefined, "6,4"], color: "#444444" },
    zeroLine: true,
  };
  return withSvgChart({
    ...topLevel(options.title),
    data: { values },
    facet: { field: "panel", type: "nominal", sort: names, header: { title: null, labelOrient: "top", labelPadding: 6 } },
    columns: options.columns ?? 3,
    spec: {
      width: SMALL_PANEL_WIDTH,
      height: SMALL_PANEL_HEIGHT,
      mark: { type: "line", strokeWidth: 2, clip: true, aria: false },
      encoding: {
        x: { field: "x", type: "quantitative", title: "x" },
        y: {
          field: "y",
          type: "quantitative",
          title: null,
          // The grid line at y = 0 is drawn darker, as the x axis of the function's own plot.
          axis: { grid: true, gridColor: { condition: { test: "datum.value === 0", value: "#999999" }, value: "#e8e8e8" } },
        },
        color: { field: "panel", type: "nominal", scale: { domain: names, range: cycleColors(SERIES_COLORS, names.length) }, legend: null },
        strokeDash: {
          field: "curve",
          type: "nominal",
          scale: { domain: [...CURVE_NAMES], range: [[1, 0], [6, 4]] },
          legend: { title: null, orient: "top", direction: "horizontal", symbolStrokeColor: "#444444", symbolStrokeWidth: 2, symbolSize: 400 },
        },
      },
    },
    resolve: { scale: { y: "independent" }, axis: { x: "independent" } },
  }, chart);
}
