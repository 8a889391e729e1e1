/**
 * Rendering a chart to SVG with Vega, without a browser or a canvas: the Vega-Lite specs that do not
 * carry a chart tracegrad draws itself (see `render-svg.ts`). Runs in Node and in browsers.
 *
 * Two things make the output the same on every run and every machine:
 * - texts are measured with the widths of DejaVu Sans (the font the PNGs are drawn with), not Vega's
 *   rough Node estimate, so layout depends on nothing installed;
 * - Vega numbers clip paths and gradients with counters that live as long as the process, so the
 *   second chart rendered gets `clip7` where the first got `clip1`; the ids are renumbered in the
 *   order they appear (see `tidy-svg.ts`, which also rounds coordinates to 0.001 pixel).
 *
 * @module
 */
import * as vega from "vega";
import { compile } from "vega-lite";
import type { PlotSpec } from "./plot-spec.js";
import { dejaVuTextWidth } from "./text-width.js";
import { tidySvg } from "./tidy-svg.js";

/** The part of a Vega text item that its width depends on. */
interface TextItem {
  font?: string;
  fontSize?: number;
  fontWeight?: string | number;
  limit?: number;
}

type WidthFunction = (item: TextItem, text: unknown) => number;

/** Vega's text measurer, which its typings leave out. */
interface TextMetrics {
  width: WidthFunction;
  estimateWidth: WidthFunction;
}

let installed = false;

/**
 * Makes Vega measure DejaVu Sans text with the font's own widths. Texts in other fonts keep Vega's
 * own measure (a canvas in browsers). Called by {@link renderVegaSvg}; once is enough.
 */
export function installTextMetrics(): void {
  if (installed) return;
  installed = true;
  const metrics = (vega as unknown as { textMetrics: TextMetrics }).textMetrics;
  const previous = metrics.width;
  const estimating = previous === metrics.estimateWidth;
  metrics.width = (item, text) => {
    if (!estimating && !/dejavu/i.test(item.font ?? "")) return previous(item, text);
    const line = text == null ? "" : String(text).trim();
    const weight = item.fontWeight;
    const bold = weight === "bold" || weight === "bolder" || Number(weight) >= 600;
    const width = dejaVuTextWidth(line, item.fontSize ?? 11, bold);
    // A text longer than its limit is cut to fit it; Vega measures the uncut text for its bounds.
    return item.limit !== undefined && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}

/** The SVG Vega draws of a spec: a complete `<svg>` document, the same for the same spec on every run. */
export async function renderVegaSvg(spec: PlotSpec): Promise<string> {
  installTextMetrics();
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  try {
    return tidySvg(await view.toSVG());
  } finally {
    view.finalize();
  }
}
