/**
 * The legends of the charts tracegrad draws itself: a list of series or classes (a short line or a
 * dot, then the name), and a color gradient with its scale from 0 to 1.
 *
 * @module
 */
import type { SvgGradient, SvgLegend } from "./svg-chart.js";
import { dotPath, markGroup, px, rectPath, textElement } from "./svg-markup.js";
import { dejaVuTextWidth, widestText } from "./text-width.js";

/** The look of legends (the same as the Vega-Lite `config` of theme.ts). */
const STYLE = {
  titleSize: 12,
  titleColor: "#222222",
  titlePadding: 5,
  labelSize: 12,
  labelColor: "#333333",
  /** Height of an entry. */
  row: 16,
  /** Width of an entry's symbol, and the gap between it and the name. */
  symbol: 10,
  /** Width of a line's symbol: long enough for a whole cycle of its dashes. */
  lineSymbol: 24,
  labelOffset: 5,
  gradientWidth: 16,
  gradientLength: 160,
} as const;

/** A legend drawn at the origin, and the space it takes. */
export interface DrawnLegend {
  readonly width: number;
  readonly height: number;
  readonly markup: string;
  /** Definitions it refers to (a gradient). */
  readonly defs: readonly string[];
}

/** The title of a legend at its top, and the height it takes. */
function legendTitle(title: string | undefined): { markup: string; height: number; width: number } {
  if (title === undefined || title === "") return { markup: "", height: 0, width: 0 };
  return {
    markup: markGroup("mark-text role-legend-title", [textElement(title, 0, 0, { baseline: "top", size: STYLE.titleSize, color: STYLE.titleColor })]),
    height: STYLE.titleSize + STYLE.titlePadding,
    width: dejaVuTextWidth(title, STYLE.titleSize),
  };
}

/** A legend of series (lines) or classes (dots), one entry a row. */
export function symbolLegend(legend: SvgLegend): DrawnLegend {
  const title = legendTitle(legend.title);
  const rowMiddle = (i: number) => title.height + i * STYLE.row + STYLE.row / 2;
  const half = STYLE.symbol / 2;
  const dashed = legend.symbol === "line" && (legend.dashes ?? []).some((dash) => dash !== undefined);
  const symbolWidth = dashed ? STYLE.lineSymbol : STYLE.symbol;
  const symbols = legend.names.map((_, i) => {
    if (legend.symbol === "circle") return dotPath(half, rowMiddle(i), half, `fill="${legend.colors[i]}"`);
    const dash = legend.dashes?.[i];
    return `<path d="M0,${px(rowMiddle(i))}h${symbolWidth}" stroke="${legend.colors[i]}" stroke-width="3"${dash === undefined ? "" : ` stroke-dasharray="${dash}"`}/>`;
  });
  const labelX = symbolWidth + STYLE.labelOffset;
  const labels = legend.names.map((name, i) => textElement(name, labelX, rowMiddle(i), { baseline: "middle", size: STYLE.labelSize, color: STYLE.labelColor }));
  const widest = widestText(legend.names, STYLE.labelSize);
  return {
    width: Math.max(title.width, labelX + widest),
    height: title.height + legend.names.length * STYLE.row,
    markup: title.markup + markGroup("mark-symbol role-legend-symbol", symbols) + markGroup("mark-text role-legend-label", labels),
    defs: [],
  };
}

/** A vertical gradient bar, 0 at the bottom and 1 at the top, with its labels; `id` names the gradient. */
export function gradientLegend(gradient: SvgGradient, id: string): DrawnLegend {
  const title = legendTitle(gradient.title);
  const length = gradient.length ?? STYLE.gradientLength;
  const top = title.height;
  const bottom = top + length;
  const labelX = STYLE.gradientWidth + 4;
  const labels = gradient.labels.map(({ at, text }) => {
    // The end labels stand inside the bar's ends, the others centered on their place.
    const baseline = at >= 1 ? "top" : at <= 0 ? "bottom" : "middle";
    return textElement(text, labelX, bottom - at * length, { baseline, size: STYLE.labelSize, color: STYLE.labelColor });
  });
  const stops = gradient.colors.map((color, i) => `<stop offset="${px(i / Math.max(1, gradient.colors.length - 1))}" stop-color="${color}"/>`);
  const widest = widestText(gradient.labels.map((l) => l.text), STYLE.labelSize);
  return {
    width: Math.max(title.width, labelX + widest),
    height: bottom,
    markup: title.markup + markGroup("mark-rect role-legend-gradient", [rectPath(0, top, STYLE.gradientWidth, length, `fill="url(#${id})"`)]) + markGroup("mark-text role-legend-label", labels),
    defs: [`<linearGradient id="${id}" x1="0" y1="1" x2="0" y2="0">${stops.join("")}</linearGradient>`],
  };
}
