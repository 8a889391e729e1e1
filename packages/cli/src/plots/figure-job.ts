/**
 * What the figure thread (`PlotWriter`'s) and the thread that hands it figures send each other: a
 * chart to write as SVG and PNG, and word that it is written (or why not).
 *
 * @module
 */
import type { PlotSpec } from "./plot-spec.js";
import type { PngOptions } from "./render-png.js";

/** A chart to write to `basePath.svg` and `basePath.png`. */
export interface FigureJob {
  readonly id: number;
  readonly spec: PlotSpec;
  readonly basePath: string;
  readonly options: PngOptions;
}

/** A chart written, or the message of what stopped it. */
export type FigureReply = { readonly id: number } | { readonly id: number; readonly error: string };
