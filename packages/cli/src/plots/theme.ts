/**
 * The look shared by every plot: the font, the panel sizes, the colors of classes and series, and
 * the Vega-Lite `config` that sets font sizes, axes and legends.
 *
 * @module
 */
import type { Config } from "vega-lite";

/** The font every plot is set in. PNGs are drawn with the bundled DejaVu Sans, so they look the same on every machine. */
export const FONT_FAMILY = "DejaVu Sans";

/**
 * The fonts an SVG asks for: DejaVu Sans, else Verdana (the design DejaVu Sans grew from, with much
 * the same widths) for browsers without it, else any sans-serif.
 */
export const FONT_STACK = `${FONT_FAMILY}, Verdana, sans-serif`;

/** The size of one full panel (a learning curve, a decision boundary), in pixels, without axes and titles. */
export const PANEL_WIDTH = 500;
export const PANEL_HEIGHT = 350;

/** The side of a square panel that shows points of the plane (the prediction scatter plots). */
export const PLANE_PANEL_SIZE = 360;

/** The size of one small panel in a grid of panels (the activation functions). */
export const SMALL_PANEL_WIDTH = 260;
export const SMALL_PANEL_HEIGHT = 180;

/**
 * The colors of classes: class 0 red and class 1 blue, as Lab01 plots them, then the rest of
 * the Tableau palette, then its lighter half for classes 10 to 19.
 */
export const CLASS_COLORS: readonly string[] = [
  "#d62728", "#1f77b4", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
  "#ff9896", "#aec7e8", "#98df8a", "#ffbb78", "#c5b0d5", "#c49c94", "#f7b6d2", "#c7c7c7", "#dbdb8d", "#9edae5",
];

/** The colors of the lines of a line chart, in the order of the series (Tableau 10). */
export const SERIES_COLORS: readonly string[] = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
];

/**
 * The dashes of the lines of a line chart with several series, in the order of the series (lengths
 * of dash and gap in pixels; none: solid): solid, dashed, dotted, dash-dot, then again. Two series
 * that run together (two learning rates both stuck at the same loss) stay both visible, the first
 * through the gaps of the second, and the lines are told apart without their colors.
 */
export const SERIES_DASHES: readonly (readonly number[])[] = [[], [8, 4], [2, 3], [8, 3, 2, 3]];

/** A line's dashes as SVG's stroke-dasharray, or undefined for a solid line. */
export function dashArray(dash: readonly number[]): string | undefined {
  return dash.length === 0 ? undefined : dash.join(",");
}

/** The first `count` colors of `palette`, repeated from its start when there are more items than colors. */
export function cycleColors(palette: readonly string[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => palette[i % palette.length]);
}

/** The red, green and blue channels (0 to 255) of a `#rrggbb` color. */
export function rgbChannels(color: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as [number, number, number];
}

/** A color as `#rrggbb`, from its channels (whole numbers from 0 to 255). */
export function hexColor(channels: readonly number[]): string {
  return "#" + channels.map((c) => c.toString(16).padStart(2, "0")).join("");
}

/** A `#rrggbb` color mixed with white: `amount` 0 keeps the color, 1 gives white. */
export function tint(color: string, amount: number): string {
  return hexColor(rgbChannels(color).map((c) => Math.round(c + (255 - c) * amount)));
}

/**
 * The color ramp through evenly spaced #rrggbb colors, mixed straight through RGB and rounded: a
 * function from `t` (0 to 1) to its channels, which writes them into `out` (a new array when none is
 * given). The colors are read once, here, for the many calls of a heat map's pixels.
 */
export function colorRamp(colors: readonly string[]): (t: number, out?: number[] | Uint8Array, offset?: number) => number[] | Uint8Array {
  const last = colors.length - 1;
  const channels = colors.map(rgbChannels);
  return (t, out = [0, 0, 0], offset = 0) => {
    const at = Math.min(1, Math.max(0, t)) * last;
    const segment = Math.min(last - 1, Math.floor(at));
    const u = at - segment;
    const from = channels[segment];
    const to = channels[segment + 1];
    for (let k = 0; k < 3; k++) out[offset + k] = Math.round(from[k] + u * (to[k] - from[k]));
    return out;
  };
}

/** The channels at `t` (0 to 1) along evenly spaced #rrggbb colors, mixed straight through RGB, rounded. */
export function rampRgb(colors: readonly string[], t: number): [number, number, number] {
  return colorRamp(colors)(t) as [number, number, number];
}

/** {@link rampRgb} as a `#rrggbb` color. */
export function rampColor(colors: readonly string[], t: number): string {
  return hexColor(rampRgb(colors, t));
}

/** The Vega-Lite configuration every plot uses: readable font sizes, light grid lines, a white background. */
export function plotConfig(): Config {
  return {
    font: FONT_STACK,
    background: "white",
    padding: 12,
    view: { stroke: "#b0b0b0" },
    title: { fontSize: 16, fontWeight: "bold", color: "#222222", anchor: "middle", offset: 12, subtitleFontSize: 12, subtitleColor: "#555555" },
    axis: {
      labelFontSize: 12,
      labelColor: "#333333",
      titleFontSize: 13,
      titleFontWeight: "normal",
      titleColor: "#222222",
      titlePadding: 8,
      gridColor: "#e8e8e8",
      domainColor: "#888888",
      tickColor: "#888888",
      labelLimit: 240,
    },
    legend: {
      labelFontSize: 12,
      labelColor: "#333333",
      titleFontSize: 12,
      titleFontWeight: "normal",
      titleColor: "#222222",
      labelLimit: 260,
      titleLimit: 260,
    },
    header: { labelFontSize: 13, labelFontWeight: "bold", labelColor: "#222222", titleFontSize: 14, labelLimit: 260 },
    concat: { spacing: 28 },
    facet: { spacing: 24 },
  };
}
