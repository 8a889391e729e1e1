/**
 * The axes of the charts tracegrad draws itself: the scale of an axis (d3-scale, as Vega's own, with
 * Vega-Lite's defaults: about one tick per 40 pixels, the domain rounded out to ticks where asked),
 * its ticks and labels, and the axis drawn below or left of the plot area with its grid lines.
 *
 * @module
 */
import { format } from "d3-format";
import { scaleLinear, scaleLog } from "d3-scale";
import type { SvgAxis } from "./svg-chart.js";
import { escapeXml, markGroup, px, textElement } from "./svg-markup.js";
import { dejaVuTextWidth, widestText } from "./text-width.js";

/** The look of the axes (the same as the Vega-Lite `config` of theme.ts). */
export const AXIS_STYLE = {
  tickSize: 5,
  labelPadding: 2,
  labelSize: 12,
  labelColor: "#333333",
  titlePadding: 8,
  titleSize: 13,
  titleColor: "#222222",
  gridColor: "#e8e8e8",
  domainColor: "#888888",
  /** Pixels kept between neighboring labels; closer ones are thinned to every other one. */
  labelSeparation: 12,
} as const;

/** An axis laid along `size` pixels: where each value falls, and the ticks with their labels. */
export interface PlacedAxis {
  readonly title: string;
  readonly size: number;
  /** Pixels from the start of the axis (the left, or the bottom for a y axis) to `value`. */
  readonly position: (value: number) => number;
  readonly ticks: readonly number[];
  readonly labels: readonly string[];
}

/** About one tick per 40 pixels, as Vega-Lite counts them. */
function tickCount(size: number): number {
  return Math.ceil(size / 40);
}

/** A finite, non-empty domain: a single value gets half a unit each side (a tenth of itself on a log scale). */
function usableDomain(domain: readonly [number, number], log: boolean): [number, number] {
  const [low, high] = domain;
  if (!(Number.isFinite(low) && Number.isFinite(high)) || low > high || (log && low <= 0)) return log ? [0.1, 1] : [0, 1];
  if (low === high) return log ? [low / 10, high * 10] : [low - 0.5, high + 0.5];
  return [low, high];
}

/** The axis laid along `size` pixels. */
export function placeAxis(axis: SvgAxis, size: number): PlacedAxis {
  const count = tickCount(size);
  if (axis.logTicks !== undefined) {
    const scale = scaleLog().domain(usableDomain(axis.domain, true)).range([0, size]);
    if (axis.nice) scale.nice();
    const [low, high] = scale.domain();
    const ticks = axis.logTicks.filter((t) => t >= low * (1 - 1e-12) && t <= high * (1 + 1e-12));
    const label = format("~g");
    return { title: axis.title, size, position: (v) => scale(v), ticks, labels: ticks.map(label) };
  }
  let [low, high] = usableDomain(axis.domain, false);
  const padding = axis.padding ?? 0;
  if (padding > 0 && size > 2 * padding) {
    // Vega-Lite's padding widens the domain so that its ends lie `padding` pixels inside the axis.
    const perPixel = (high - low) / (size - 2 * padding);
    low -= padding * perPixel;
    high += padding * perPixel;
  }
  const scale = scaleLinear().domain([low, high]).range([0, size]);
  // Rounded out as Vega rounds a domain (to ten ticks), whatever number of ticks it then labels.
  if (axis.nice) scale.nice();
  const ticks = scale.ticks(count);
  const label = scale.tickFormat(count);
  return { title: axis.title, size, position: (v) => scale(v), ticks, labels: ticks.map(label) };
}

/**
 * The labels shown: all of them, or, where neighbors would touch, every other one, then every fourth,
 * ... (Vega's "parity" rule). `extent` gives a label's start and end along the axis.
 */
function shownLabels(axis: PlacedAxis, extent: (i: number) => [number, number]): number[] {
  let shown = axis.labels.map((_, i) => i);
  const crowded = (indices: number[]) =>
    indices.some((i, k) => {
      if (k === 0) return false;
      const [a0, a1] = extent(indices[k - 1]);
      const [b0, b1] = extent(i);
      return Math.min(a1, b1) + AXIS_STYLE.labelSeparation > Math.max(a0, b0);
    });
  while (shown.length > 2 && crowded(shown)) shown = shown.filter((_, k) => k % 2 === 0);
  return shown;
}

/** Where an x axis's label `i` starts and ends: centered on its tick. */
function xLabelExtent(axis: PlacedAxis, i: number): [number, number] {
  const at = axis.position(axis.ticks[i]);
  const half = dejaVuTextWidth(axis.labels[i], AXIS_STYLE.labelSize) / 2;
  return [at - half, at + half];
}

/** The labels an x axis shows. */
function shownXLabels(axis: PlacedAxis): number[] {
  return shownLabels(axis, (i) => xLabelExtent(axis, i));
}

/** How far an x axis's labels reach past the right end of the axis (its last label, centered on its tick, may). */
export function xAxisOverhang(axis: PlacedAxis): number {
  return shownXLabels(axis).reduce((over, i) => Math.max(over, xLabelExtent(axis, i)[1] - axis.size), 0);
}

/** The widest label of an axis, in pixels. */
export function widestLabel(axis: PlacedAxis): number {
  return widestText(axis.labels, AXIS_STYLE.labelSize);
}

/** How far an x axis reaches below the plot area: ticks, labels and title. */
export function xAxisDepth(): number {
  const s = AXIS_STYLE;
  return s.tickSize + s.labelPadding + s.labelSize + s.titlePadding + s.titleSize;
}

/** How far a y axis reaches left of the plot area (its title, when it has one, included). */
export function yAxisDepth(axis: PlacedAxis): number {
  const s = AXIS_STYLE;
  return s.tickSize + s.labelPadding + widestLabel(axis) + (axis.title === "" ? 0 : s.titlePadding + s.titleSize);
}

/**
 * The grid lines of both axes across a plot area of `width` × `height` (drawn first, under the data);
 * with `zeroLine`, the one at y = 0 darker.
 */
export function gridLines(x: PlacedAxis, y: PlacedAxis, width: number, height: number, zeroLine = false): string {
  const lines = [
    ...x.ticks.map((t) => `<line x1="${px(x.position(t))}" y1="0" x2="${px(x.position(t))}" y2="${px(height)}"/>`),
    ...y.ticks.map((t) => `<line x1="0" y1="${px(height - y.position(t))}" x2="${px(width)}" y2="${px(height - y.position(t))}"${zeroLine && t === 0 ? ' stroke="#999999"' : ""}/>`),
  ];
  return markGroup("mark-rule role-axis-grid", lines, ` stroke="${AXIS_STYLE.gridColor}" stroke-width="1"`);
}

/** The x axis along the bottom of a plot area `height` pixels high: domain line, ticks, labels, title. */
export function xAxis(axis: PlacedAxis, height: number): string {
  const s = AXIS_STYLE;
  const at = (i: number) => axis.position(axis.ticks[i]);
  const shown = shownXLabels(axis);
  const labelTop = height + s.tickSize + s.labelPadding;
  return axisGroup("X", axis, [
    markGroup("mark-rule role-axis-tick", axis.ticks.map((_, i) => `<line x1="${px(at(i))}" y1="${px(height)}" x2="${px(at(i))}" y2="${px(height + s.tickSize)}"/>`), ` stroke="${s.domainColor}"`),
    markGroup("mark-text role-axis-label", shown.map((i) => textElement(axis.labels[i], at(i), labelTop, { anchor: "middle", baseline: "top", size: s.labelSize, color: s.labelColor }))),
    markGroup("mark-rule role-axis-domain", [`<line x1="0" y1="${px(height)}" x2="${px(axis.size)}" y2="${px(height)}"/>`], ` stroke="${s.domainColor}"`),
    markGroup("mark-text role-axis-title", [textElement(axis.title, axis.size / 2, labelTop + s.labelSize + s.titlePadding, { anchor: "middle", baseline: "top", size: s.titleSize, color: s.titleColor })]),
  ]);
}

/** An axis's parts in one group, named for screen readers as Vega names its axes. */
function axisGroup(name: "X" | "Y", axis: PlacedAxis, parts: readonly string[]): string {
  const titled = axis.title === "" ? "" : ` titled '${axis.title}'`;
  const range = axis.labels.length === 0 ? "" : ` with values from ${axis.labels[0]} to ${axis.labels[axis.labels.length - 1]}`;
  return `<g class="mark-group role-axis" aria-label="${escapeXml(`${name}-axis${titled}${range}`, true)}">${parts.join("")}</g>`;
}

/** The y axis along the left of a plot area `height` pixels high. */
export function yAxis(axis: PlacedAxis, height: number): string {
  const s = AXIS_STYLE;
  const at = (i: number) => height - axis.position(axis.ticks[i]);
  const shown = shownLabels(axis, (i) => [at(i) - s.labelSize / 2, at(i) + s.labelSize / 2]);
  const labelRight = -(s.tickSize + s.labelPadding);
  const titleAt = labelRight - widestLabel(axis) - s.titlePadding;
  return axisGroup("Y", axis, [
    markGroup("mark-rule role-axis-tick", axis.ticks.map((_, i) => `<line x1="${px(-s.tickSize)}" y1="${px(at(i))}" x2="0" y2="${px(at(i))}"/>`), ` stroke="${s.domainColor}"`),
    markGroup("mark-text role-axis-label", shown.map((i) => textElement(axis.labels[i], labelRight, at(i), { anchor: "end", baseline: "middle", size: s.labelSize, color: s.labelColor }))),
    markGroup("mark-rule role-axis-domain", [`<line x1="0" y1="0" x2="0" y2="${px(height)}"/>`], ` stroke="${s.domainColor}"`),
    axis.title === "" ? "" : markGroup("mark-text role-axis-title", [textElement(axis.title, titleAt, height / 2, { anchor: "middle", baseline: "bottom", size: s.titleSize, color: s.titleColor, rotate: -90 })]),
  ]);
}

/** Pixels between a band axis's labels and the plot (Vega-Lite's `labelPadding` of the confusion matrix). */
const BAND_LABEL_PADDING = 6;

/** How far a band y axis (labels right-aligned, no ticks) reaches left of the plot area. */
export function bandYAxisDepth(labels: readonly string[]): number {
  const s = AXIS_STYLE;
  return BAND_LABEL_PADDING + widestText(labels, s.labelSize) + s.titlePadding + s.titleSize;
}

/** How far a band x axis reaches below the plot area. */
export function bandXAxisDepth(): number {
  const s = AXIS_STYLE;
  return BAND_LABEL_PADDING + s.labelSize + s.titlePadding + s.titleSize;
}

/**
 * Band axes of a square of `labels.length` bands on each side, `size` pixels long: each label centered
 * on its band (columns below, rows at the left, the first at the top), then the titles. Every label is
 * shown, however crowded (a class must not lose its name).
 */
export function bandAxes(labels: readonly string[], size: number, columnsTitle: string, rowsTitle: string): string {
  const s = AXIS_STYLE;
  const band = size / Math.max(1, labels.length);
  const middle = (i: number) => (i + 0.5) * band;
  const below = size + BAND_LABEL_PADDING;
  const widest = widestText(labels, s.labelSize);
  const style = { size: s.labelSize, color: s.labelColor };
  return [
    markGroup("mark-text role-axis-label", labels.map((label, i) => textElement(label, middle(i), below, { ...style, anchor: "middle", baseline: "top" }))),
    markGroup("mark-text role-axis-title", [textElement(columnsTitle, size / 2, below + s.labelSize + s.titlePadding, { anchor: "middle", baseline: "top", size: s.titleSize, color: s.titleColor })]),
    markGroup("mark-text role-axis-label", labels.map((label, i) => textElement(label, -BAND_LABEL_PADDING, middle(i), { ...style, anchor: "end", baseline: "middle" }))),
    markGroup("mark-text role-axis-title", [textElement(rowsTitle, -BAND_LABEL_PADDING - widest - s.titlePadding, size / 2, { anchor: "middle", baseline: "bottom", size: s.titleSize, color: s.titleColor, rotate: -90 })]),
  ].join("");
}
