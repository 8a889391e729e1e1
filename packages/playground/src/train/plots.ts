/**
 * The plots of train mode, drawn through a {@link Painter} (a canvas every frame, or SVG for the
 * export): the learning curve (training, test and validation loss), the network's output over the
 * plane with the data points (a decision boundary for classes, the fit for a regression), and the
 * colours of one unit's output over the plane. Colours and log ticks are those of the CLI's plots
 * (class 0 red, class 1 blue, regions tinted 60 % toward white, white at p = 0.5).
 *
 * Axes stay readable whatever the values: at most about six ticks on each, a log scale only when
 * every value is positive and finite, values that are not numbers left out.
 *
 * @module
 */
import { formatNumber } from "tracegrad/internal/common/format-number";
import { logTicks } from "@tracegrad/cli/internal/plots/lines";
import { CLASS_COLORS, SERIES_COLORS, tint } from "@tracegrad/cli/internal/plots/theme";
import type { Extent } from "./grid.js";
import type { CellColor, Painter } from "./painter.js";

const AXIS = "#888888";
const GRID = "#e8e8e8";
const LABEL = "#333333";
const REGION_TINT = 0.6;
/** The most ticks an axis gets. */
const MAX_TICKS = 6;

type RGB = readonly [number, number, number];

export function rgbOf(color: string): RGB {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as unknown as RGB;
}

/** a mixed toward b by t (0..1), as 0xRRGGBB. */
export function mix(a: RGB, b: RGB, t: number): number {
  return (Math.round(a[0] + (b[0] - a[0]) * t) << 16) | (Math.round(a[1] + (b[1] - a[1]) * t) << 8) | Math.round(a[2] + (b[2] - a[2]) * t);
}

const WHITE: RGB = [255, 255, 255];

/** Round ticks covering [low, high]: 1, 2 or 5 times a power of ten apart, about `count` of them. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low) || !Number.isFinite(low) || !Number.isFinite(high)) return Number.isFinite(low) ? [low] : [];
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => raw <= s) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return ticks;
}

/** Log ticks from low to high, thinned to every k-th power of ten where there are too many to read. */
export function readableLogTicks(low: number, high: number): number[] {
  const ticks = logTicks(low, high);
  if (ticks.length <= MAX_TICKS) return ticks;
  const decades = ticks.filter((t) => Number.isInteger(Math.log10(t)) || Math.abs(Math.log10(t) - Math.round(Math.log10(t))) < 1e-9);
  const stride = Math.ceil(decades.length / MAX_TICKS);
  const last = decades.length - 1;
  // Keep the top tick: the axis ends on it.
  return decades.filter((_, i) => (last - i) % stride === 0);
}

function tickLabel(x: number): string {
  return formatNumber(x, 4);
}

/** A log axis's tick: 0.01 to 10,000 in decimals, powers of ten beyond as 1e-6. */
function logTickLabel(x: number): string {
  const exponent = Math.round(Math.log10(x));
  if (Math.abs(x / 10 ** exponent - 1) < 1e-9 && (exponent < -2 || exponent > 4)) return `1e${exponent}`;
  return formatNumber(x, 4);
}

/** The frame of a plot: its area inside the margins. */
interface Frame {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function frameOf(p: Painter, left = 56, right = 14, top = 14, bottom = 40): Frame {
  return { x: left, y: top, w: Math.max(10, p.width - left - right), h: Math.max(10, p.height - top - bottom) };
}

/** A series of a line chart: its name, colour and points (x ascending). */
export interface CurveSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
  /** Dashed (a series sampled now and then, such as the test loss). */
  readonly dashed?: boolean;
}

/**
 * The points of a long column (epoch e at index e - 1), thinned without copying it: the first and
 * last, and each bucket's lowest and highest finite point, in order. Values that are not finite are
 * left out.
 */
export function envelope(values: ArrayLike<number>, count: number, buckets: number): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  if (count <= buckets * 2) {
    for (let i = 0; i < count; i++) if (Number.isFinite(values[i])) out.push({ x: i + 1, y: values[i] });
    return out;
  }
  const size = count / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(count, Math.floor((b + 1) * size));
    let low = -1;
    let high = -1;
    for (let i = start; i < end; i++) {
      const y = values[i];
      if (!Number.isFinite(y)) continue;
      if (low < 0 || y < values[low]) low = i;
      if (high < 0 || y > values[high]) high = i;
    }
    if (low < 0) continue;
    for (const i of low <= high ? [low, high] : [high, low]) if (out.length === 0 || out[out.length - 1].x !== i + 1) out.push({ x: i + 1, y: values[i] });
  }
  const last = count - 1;
  if (Number.isFinite(values[last]) && out[out.length - 1]?.x !== count) out.push({ x: count, y: values[last] });
  return out;
}

/** Lines on shared axes: log y when every value is positive, linear otherwise. */
export function drawLines(p: Painter, series: readonly CurveSeries[], titles: { xTitle: string; yTitle: string }): void {
  p.rect(0, 0, p.width, p.height, "#ffffff");
  const f = frameOf(p);
  const all = series.flatMap((s) => s.points).filter((q) => Number.isFinite(q.y) && Number.isFinite(q.x));
  const log = all.length > 0 && all.every((q) => q.y > 0);
  let x0 = Infinity;
  let x1 = -Infinity;
  let y0 = Infinity;
  let y1 = -Infinity;
  for (const q of all) {
    x0 = Math.min(x0, q.x);
    x1 = Math.max(x1, q.x);
    y0 = Math.min(y0, q.y);
    y1 = Math.max(y1, q.y);
  }
  if (all.length === 0) [x0, x1, y0, y1] = [0, 1, log ? 0.1 : 0, 1];
  if (!(x1 > x0)) x1 = x0 + 1;
  let yTicks: number[];
  if (log) {
    const lowTick = logTicks(y0, y0)[0] ?? y0;
    const highTick = logTicks(y1, y1).pop() ?? y1;
    y0 = Math.min(y0, lowTick);
    y1 = Math.max(y1, highTick);
    if (!(y1 > y0)) [y0, y1] = [y0 / 2, y1 * 2];
    yTicks = readableLogTicks(y0, y1).filter((t) => t >= y0 / 1.000001 && t <= y1 * 1.000001);
  } else {
    if (!(y1 > y0)) [y0, y1] = [y0 - 0.5, y1 + 0.5];
    yTicks = niceTicks(y0, y1, 5);
    y0 = Math.min(y0, yTicks[0] ?? y0);
    y1 = Math.max(y1, yTicks[yTicks.length - 1] ?? y1);
  }
  const sx = (x: number) => f.x + ((x - x0) / (x1 - x0)) * f.w;
  const ty = log ? (y: number) => Math.log10(y) : (y: number) => y;
  const sy = (y: number) => f.y + f.h - ((ty(y) - ty(y0)) / (ty(y1) - ty(y0))) * f.h;
  for (const t of yTicks) {
    const y = sy(t);
    p.line(f.x, y, f.x + f.w, y, GRID);
    p.text(f.x - 6, y, log ? logTickLabel(t) : tickLabel(t), { anchor: "end", baseline: "middle", size: 11, color: LABEL });
  }
  for (const t of niceTicks(x0, x1, Math.max(2, Math.min(MAX_TICKS, Math.floor(f.w / 70))))) {
    const x = sx(t);
    p.line(x, f.y, x, f.y + f.h, GRID);
    p.text(x, f.y + f.h + 5, tickLabel(t), { anchor: "middle", baseline: "top", size: 11, color: LABEL });
  }
  p.rect(f.x, f.y, f.w, f.h, null, AXIS);
  p.text(f.x + f.w / 2, p.height - 4, titles.xTitle, { anchor: "middle", baseline: "bottom", size: 12, color: LABEL });
  p.text(12, f.y + f.h / 2, titles.yTitle + (log ? " (log)" : ""), { anchor: "middle", baseline: "middle", size: 12, color: LABEL, rotate: -90 });
  p.clip(f.x, f.y, f.w, f.h);
  for (const s of series) {
    const coords: number[] = [];
    for (const q of s.points) if (Number.isFinite(q.y)) coords.push(sx(q.x), sy(q.y));
    if (coords.length === 2) p.circle(coords[0], coords[1], 2.5, s.color);
    else p.polyline(coords, s.color, s.dashed ? 1.5 : 2);
  }
  p.unclip();
  if (series.length > 1) {
    let x = f.x + f.w - 8;
    for (const s of [...series].reverse()) {
      p.text(x, f.y + 10, s.name, { anchor: "end", baseline: "middle", size: 11, color: s.color, bold: true });
      x -= s.name.length * 6.5 + 14;
    }
  }
}

/** The learning curve's series: training loss per epoch, test loss at each snapshot, validation loss per epoch. */
export function curveSeries(history: {
  readonly epochs: number;
  readonly loss: { view(): Float64Array };
  readonly valLoss: { view(): Float64Array };
  readonly hasValidation: boolean;
  readonly testEpoch: { view(): Float64Array };
  readonly testLoss: { view(): Float64Array };
}, buckets: number): CurveSeries[] {
  const series: CurveSeries[] = [{ name: "training loss", color: SERIES_COLORS[0], points: envelope(history.loss.view(), history.epochs, buckets) }];
  const testEpochs = history.testEpoch.view();
  if (testEpochs.length > 0) {
    const losses = history.testLoss.view();
    const points: { x: number; y: number }[] = [];
    const stride = Math.max(1, Math.ceil(testEpochs.length / (buckets * 2)));
    for (let i = 0; i < testEpochs.length; i += stride) points.push({ x: testEpochs[i], y: losses[i] });
    const last = testEpochs.length - 1;
    if (points[points.length - 1]?.x !== testEpochs[last]) points.push({ x: testEpochs[last], y: losses[last] });
    series.push({ name: "test loss", color: SERIES_COLORS[1], points, dashed: true });
  }
  if (history.hasValidation) series.push({ name: "validation loss", color: SERIES_COLORS[2], points: envelope(history.valLoss.view(), history.epochs, buckets) });
  return series;
}

/** Points of the plane: raw coordinates (n × 2) and each one's class or target value. */
export interface PlanePoints {
  readonly n: number;
  readonly x: ArrayLike<number>;
  readonly labels: ArrayLike<number> | null;
  readonly values: ArrayLike<number> | null;
}

export interface OutputPlot {
  readonly extent: Extent;
  readonly cols: number;
  readonly rows: number;
  /** The output layer over the grid: cells × outputs. */
  readonly output: ArrayLike<number>;
  readonly outputs: number;
  /** Classes (0 for a regression). */
  readonly classes: number;
  readonly train: PlanePoints;
  /** Drawn hollow, when shown. */
  readonly test: PlanePoints | null;
  /** Regions by the predicted class only, without shades of confidence. */
  readonly discretize: boolean;
  /** The range of the regression targets, for the colours. */
  readonly valueRange: readonly [number, number];
  readonly xTitle: string;
  readonly yTitle: string;
}

/** Steps of the diverging scale on each side of 0 (the maps are painted from a table, not mixed per cell). */
const SCALE_STEPS = 256;

/** The diverging scale from -1 (red) through 0 (white) to 1 (blue), 2·SCALE_STEPS + 1 colours as 0xRRGGBB. */
const DIVERGING: Uint32Array = (() => {
  const negative = rgbOf(CLASS_COLORS[0]);
  const positive = rgbOf(CLASS_COLORS[1]);
  return Uint32Array.from({ length: 2 * SCALE_STEPS + 1 }, (_, k) => {
    const c = k / SCALE_STEPS - 1;
    return c < 0 ? mix(WHITE, negative, -c * 0.85) : mix(WHITE, positive, c * 0.85);
  });
})();

/** The colour of a value in [-1, 1]: red through white to blue (0, white, for what is not a number). */
function diverging(t: number): number {
  const c = t > 1 ? 1 : t < -1 ? -1 : t === t ? t : 0;
  return DIVERGING[Math.round((c + 1) * SCALE_STEPS)];
}

/** The colour of a cell of the output. */
function outputColor(plot: OutputPlot): (k: number) => number {
  const tints = CLASS_COLORS.map((c) => rgbOf(tint(c, REGION_TINT)));
  const { output, outputs } = plot;
  if (plot.classes === 0) {
    const [low, high] = plot.valueRange;
    const scale = Math.max(Math.abs(low), Math.abs(high), 1e-12);
    return (k) => diverging(output[k * outputs] / scale);
  }
  if (plot.classes === 2) {
    return (k) => {
      const p1 = outputs === 1 ? output[k] : output[k * outputs + 1];
      const p = Math.min(1, Math.max(0, Number.isFinite(p1) ? p1 : 0.5));
      if (plot.discretize) return p < 0.5 ? mix(tints[0], WHITE, 0) : mix(WHITE, tints[1], 1);
      return p < 0.5 ? mix(tints[0], WHITE, p / 0.5) : mix(WHITE, tints[1], (p - 0.5) / 0.5);
    };
  }
  return (k) => {
    let best = 0;
    for (let c = 1; c < outputs; c++) if (output[k * outputs + c] > output[k * outputs + best]) best = c;
    const confidence = plot.discretize ? 1 : Math.min(1, Math.max(0, (output[k * outputs + best] - 1 / outputs) / (1 - 1 / outputs)));
    return mix(WHITE, tints[best % tints.length], 0.35 + 0.65 * confidence);
  };
}

/** The network's output over the plane as a heat map, the points on top (test points hollow), with axes. */
export function drawOutput(p: Painter, plot: OutputPlot): void {
  p.rect(0, 0, p.width, p.height, "#ffffff");
  const f = frameOf(p, 46, 10, 10, 38);
  const [a, b, c, d] = plot.extent;
  const color = outputColor(plot);
  p.cells(f.x, f.y, f.w, f.h, plot.cols, plot.rows, (i, j) => color(j * plot.cols + i));
  const sx = (x: number) => f.x + ((x - a) / (b - a)) * f.w;
  const sy = (y: number) => f.y + f.h - ((y - c) / (d - c)) * f.h;
  for (const t of niceTicks(a, b, Math.max(2, Math.min(MAX_TICKS, Math.floor(f.w / 60))))) p.text(sx(t), f.y + f.h + 5, tickLabel(t), { anchor: "middle", baseline: "top", size: 11, color: LABEL });
  for (const t of niceTicks(c, d, Math.max(2, Math.min(MAX_TICKS, Math.floor(f.h / 50))))) p.text(f.x - 5, sy(t), tickLabel(t), { anchor: "end", baseline: "middle", size: 11, color: LABEL });
  p.rect(f.x, f.y, f.w, f.h, null, AXIS);
  p.text(f.x + f.w / 2, p.height - 3, plot.xTitle, { anchor: "middle", baseline: "bottom", size: 12, color: LABEL });
  p.text(11, f.y + f.h / 2, plot.yTitle, { anchor: "middle", baseline: "middle", size: 12, color: LABEL, rotate: -90 });
  p.clip(f.x, f.y, f.w, f.h);
  const [low, high] = plot.valueRange;
  const scale = Math.max(Math.abs(low), Math.abs(high), 1e-12);
  const pointColor = (set: PlanePoints, k: number) => {
    if (set.labels !== null) return CLASS_COLORS[set.labels[k] % CLASS_COLORS.length];
    const v = set.values![k] / scale;
    return "#" + diverging(Math.sign(v) * Math.max(0.25, Math.abs(v))).toString(16).padStart(6, "0");
  };
  const total = plot.train.n + (plot.test?.n ?? 0);
  const r = total > 600 ? 2.5 : 3.8;
  for (let k = 0; k < plot.train.n; k++) p.circle(sx(plot.train.x[2 * k]), sy(plot.train.x[2 * k + 1]), r, pointColor(plot.train, k), "#ffffff", 1);
  if (plot.test !== null) {
    for (let k = 0; k < plot.test.n; k++) p.circle(sx(plot.test.x[2 * k]), sy(plot.test.x[2 * k + 1]), r, "#ffffff", pointColor(plot.test, k), 2);
  }
  p.unclip();
}

/**
 * The colours of one unit's output over the plane, from red (negative) through white (0) to blue
 * (positive); a sigmoid, softmax or Gaussian output (0..1) is centred on 0.5 instead, other ranges
 * than tanh's scaled to their largest magnitude. `values` is cells × `width`, the unit is column `unit`.
 */
export function unitColors(values: ArrayLike<number>, width: number, unit: number, cols: number, rows: number, activation: string | null): CellColor {
  const n = cols * rows;
  const centred = activation === "sigmoid" || activation === "softmax" || activation === "gaussian";
  let scale = 1;
  if (!centred && activation !== "tanh") {
    let max = 0;
    for (let k = 0; k < n; k++) {
      const v = Math.abs(values[k * width + unit]);
      if (Number.isFinite(v) && v > max) max = v;
    }
    scale = max > 0 ? 1 / max : 1;
  }
  return (i, j) => {
    const v = values[(j * cols + i) * width + unit];
    return diverging(centred ? (v - 0.5) * 2 : v * scale);
  };
}
