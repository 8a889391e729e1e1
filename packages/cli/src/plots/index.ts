/**
 * Plots: each chart built as a Vega-Lite spec from plain data (`./specs.js`), and rendered to SVG by
 * tracegrad itself (`draw-chart.ts`); any other Vega-Lite spec by Vega, loaded when first needed.
 * Everything here runs in Node and in browsers; PNGs and files are in `./node.js`.
 *
 * @example
 * ```ts
 * import { learningCurve, renderSvg } from "./plots/index.js";
 *
 * const spec = learningCurve([{ name: "training loss", points: [{ epoch: 0, value: 0.25 }, { epoch: 100, value: 0.1 }] }], { logScale: true });
 * const svg = await renderSvg(spec);
 * ```
 *
 * @module
 */
export * from "./specs.js";
export { renderSvg } from "./render-svg.js";
