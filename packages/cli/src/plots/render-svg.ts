/**
 * Rendering a chart to SVG. Every chart the plot builders make is drawn by tracegrad itself from the
 * chart its spec carries (`svg-chart.ts`, `draw-chart.ts`): in a few milliseconds, and without
 * loading Vega, which takes a few tenths of a second and tens of MB to start. A Vega-Lite spec from
 * elsewhere is drawn by Vega (`render-vega.ts`), loaded then. Runs in Node and in browsers.
 *
 * @module
 */
import { drawChart } from "./draw-chart.js";
import type { PlotSpec } from "./plot-spec.js";
import { svgChartOf } from "./svg-chart.js";

/** The SVG of a chart: a complete `<svg>` document, the same for the same spec on every run. */
export async function renderSvg(spec: PlotSpec): Promise<string> {
  const chart = svgChartOf(spec);
  if (chart !== undefined) return drawChart(chart);
  const { renderVegaSvg } = await import("./render-vega.js");
  return renderVegaSvg(spec);
}
