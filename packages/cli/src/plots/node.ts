/**
 * Plots in Node: everything in `./index.js`, plus drawing PNGs and writing plot files.
 *
 * @example
 * ```ts
 * import { learningCurve, writePlot } from "./plots/node.js";
 *
 * await writePlot(learningCurve(series, { logScale: true }), "out/xor/loss");  // out/xor/loss.svg and .png
 * ```
 *
 * @module
 */
export * from "./index.js";
export { svgToPng, svgToPngAsync, DEFAULT_PNG_SCALE, FONT_FILES } from "./render-png.js";
export type { PngOptions } from "./render-png.js";
export { writePlot } from "./write-plot.js";
export { PlotWriter } from "./plot-writer.js";
export type { WrittenPlot } from "./write-plot.js";
