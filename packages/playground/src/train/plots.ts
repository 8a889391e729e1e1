/**
 * The plots of Train mode, drawn through a {@link Painter} (a canvas every frame, or SVG for the
 * export): the learning curve, the decision boundary with the data points, and one small map per
 * unit of what it outputs over the plane. Colors and log ticks are those of `src/plots` (class 0 red,
 * class 1 blue, regions tinted 60 % toward white, white at p = 0.5).
 *
 * @module
 */
import { formatNumber } from "tracegrad/internal/common/format-number";
import type { EpochRecord } from "tracegrad/internal/nn/trainer";
import { decimate } from "@tracegrad/cli/internal/plots/decimate";
import { logTicks } from "@tracegrad/cli/internal/plots/lines";
import { CLASS_COLORS, SERIES_COLORS, tint } from "@tracegrad/cli/internal/plots/theme";
import type { PlaneGrid } from "./grid.js";
import type { CellColor, Painter } from "./painter.js";

const AXIS = "#888888";
const GRID = "#e8e8e8";
const LABEL = "#333333";
const REGION_TINT = 0.6;

type RGB = readonly [number, number, number];

function rgbOf(color: string): RGB {
  return [1, 3, 5].map((i) => parseInt(color.slice(i, i + 2), 16)) as unknown as RGB;
}

/** a mixed toward b by t (0..1), as 0xRRGGBB. */
function mix(a: RGB, b: RGB, t: number): number {
  return (Math.round(a[0] + (b[0] - a[0]) * t) << 16) | (Math.round(a[1] + (b[1] - a[1]) * t) << 8) | Math.round(a[2] + (b[2] - a[2]) * t);
}

const WHITE: RGB = [255, 255, 255];

/** Round ticks covering [low, high]: 1, 2 or 5 times a power of ten apart. */
export function niceTicks(low: number, high: number, count = 5): number[] {
  if (!(high > low) || !Number.isFinite(low) || !Number.isFinite(high)) return Number.isFinite(low) ? [low] : [];
  const raw = (high - low) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => raw <= s) ?? 10 * power;
  const ticks: number[] = [];
  for (let t = Math.ceil(low / step) * step; t <= high + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : Number(t.toPrecision(12)));
  return ticks;
}

function tickLabel(x: number): string {
  return formatNumber(x, 4);
}

/** The frame of a plot: its area inside the margins. */
interface Frame {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

function frameOf(p: Painter, left = 52, right = 14, top = 12, bottom = 40): Frame {
  return { x: left, y: top, w: Math.max(10, p.width - left - right), h: Math.max(10, p.height - top - bottom) };
}

export interface CurveSeries {
  readonly name: string;
  readonly color: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

/**
 * The points of a long series, thinned without copying it: the first and last, and each bucket's
 * lowest and highest point, in order (as `decimate` of `src/plots` keeps them).
 */
function envelope(history: readonly EpochRecord[], value: (r: EpochRecord) => number | undefined, buckets: number): { x: number; y: number }[] {
  const out: { x: number; y: number }[] = [];
  const n = history.length;
  if (n <= buckets * 2) {
    for (const r of history) {
      const y = value(r);
      if (y !== undefined && Number.isFinite(y)) out.push({ x: r.epoch, y });
    }
    return out;
  }
  const size = n / buckets;
  for (let b = 0; b < buckets; b++) {
    const start = Math.floor(b * size);
    const end = Math.min(n, Math.floor((b + 1) * size));
    let low = -1;
    let high = -1;
    for (let i = start; i < end; i++) {
      const y = value(history[i]);
      if (y === undefined || !Number.isFinite(y)) continue;
      if (low < 0 || y < value(history[low])!) low = i;
      if (high < 0 || y > value(history[high])!) high = i;
    }
    if (low < 0) continue;
    for (const i of low <= high ? [low, high] : [high, low]) if (out.length === 0 || out[out.length - 1].x !== history[i].epoch) out.push({ x: history[i].epoch, y: value(history[i])! });
  }
  const last = history[n - 1];
  const y = value(last);
  if (y !== undefined && Number.isFinite(y) && out[out.length - 1]?.x !== last.epoch) out.push({ x: last.epoch, y });
  return out;
}

/** The loss against the epoch, on a log scale when every value is positive. */
export function drawLearningCurve(p: Painter, history: readonly EpochRecord[], options: { yTitle?: string } = {}): void {
  p.rect(0, 0, p.width, p.height, "#ffffff");
  const buckets = Math.max(50, Math.round(p.width));
  const series: CurveSeries[] = [{ name: "training loss", color: SERIES_COLORS[0], points: envelope(history, (r) => r.loss, buckets) }];
  if (history.some((r) => r.valLoss !== undefined)) series.push({ name: "validation loss", color: SERIES_COLORS[1], points: envelope(history, (r) => r.valLoss, buckets) });
  drawLines(p, series, { xTitle: "epoch", yTitle: options.yTitle ?? "loss" });
}

/** Lines on shared axes, log y when every value is positive. */
export function drawLines(p: Painter, series: readonly CurveSeries[], titles: { xTitle: string; yTitle: string }): void {
  const f = frameOf(p);
  const all = series.flatMap((s) => s.points);
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
  if (all.length === 0) {
    [x0, x1, y0, y1] = [0, 1, log ? 0.1 : 0, 1];
  }
  if (!(x1 > x0)) x1 = x0 + 1;
  let yTicks: number[];
  if (log) {
    const ticks = logTicks(y0, y1);
    yTicks = ticks.filter((t) => t >= y0 / 1.0001 && t <= y1 * 1.0001);
    const lowTick = ticks.filter((t) => t <= y0).pop();
    const highTick = ticks.find((t) => t >= y1);
    y0 = Math.min(y0, lowTick ?? y0);
    y1 = Math.max(y1, highTick ?? y1);
    if (!(y1 > y0)) [y0, y1] = [y0 / 2, y1 * 2];
    yTicks = ticks.filter((t) => t >= y0 && t <= y1);
  } else {
    if (!(y1 > y0)) [y0, y1] = [y0 - 0.5, y1 + 0.5];
    yTicks = niceTicks(y0, y1);
    y0 = Math.min(y0, yTicks[0] ?? y0);
    y1 = Math.max(y1, yTicks[yTicks.length - 1] ?? y1);
  }
  const sx = (x: number) => f.x + ((x - x0) / (x1 - x0)) * f.w;
  const ty = log ? (y: number) => Math.log10(y) : (y: number) => y;
  const sy = (y: number) => f.y + f.h - ((ty(y) - ty(y0)) / (ty(y1) - ty(y0))) * f.h;
  // Grid and axes.
  for (const t of yTicks) {
    const y = sy(t);
    p.line(f.x, y, f.x + f.w, y, GRID);
    p.text(f.x - 6, y, tickLabel(t), { anchor: "end", baseline: "middle", size: 10, color: LABEL });
  }
  for (const t of niceTicks(x0, x1, Math.max(2, Math.floor(f.w / 70)))) {
    const x = sx(t);
    p.line(x, f.y, x, f.y + f.h, GRID);
    p.text(x, f.y + f.h + 5, tickLabel(t), { anchor: "middle", baseline: "top", size: 10, color: LABEL });
  }
  p.rect(f.x, f.y, f.w, f.h, null, AXIS);
  p.text(f.x + f.w / 2, p.height - 4, titles.xTitle, { anchor: "middle", baseline: "bottom", size: 11, color: LABEL });
  p.text(12, f.y + f.h / 2, titles.yTitle + (log ? " (log)" : ""), { anchor: "middle", baseline: "middle", size: 11, color: LABEL, rotate: -90 });
  p.clip(f.x, f.y, f.w, f.h);
  for (const s of series) {
    const shown = s.points.length > 4 * f.w ? decimate(s.points, Math.round(f.w * 2)) : s.points;
    const coords: number[] = [];
    for (const q of shown) coords.push(sx(q.x), sy(q.y));
    if (shown.length === 1) p.circle(coords[0], coords[1], 2.5, s.color);
    else p.polyline(coords, s.color, 2);
  }
  p.unclip();
  if (series.length > 1) {
    let x = f.x + f.w - 8;
    for (const s of [...series].reverse()) {
      p.text(x, f.y + 10, s.name, { anchor: "end", baseline: "middle", size: 10, color: s.color, bold: true });
      x -= s.name.length * 6 + 14;
    }
  }
}

export interface BoundaryData {
  readonly grid: PlaneGrid;
  /** The data in its own units: x (n × features), labels. */
  readonly x: ArrayLike<number>;
  readonly labels: ArrayLike<number>;
  readonly n: number;
  readonly features: number;
  readonly classes: number;
  readonly xTitle: string;
  readonly yTitle: string;
}

/** The colour of a cell: p(class 1) from red through white to blue, or the predicted class's tint, lighter where unsure. */
function regionColors(classes: number): (values: Float64Array, k: number, width: number) => number {
  const tints = CLASS_COLORS.map((c) => rgbOf(tint(c, REGION_TINT)));
  if (classes === 2) {
    return (values, k, width) => {
      const p1 = width === 1 ? values[k] : values[k * width + 1];
      const p = Math.min(1, Math.max(0, Number.isFinite(p1) ? p1 : 0.5));
      return p < 0.5 ? mix(tints[0], WHITE, p / 0.5) : mix(WHITE, tints[1], (p - 0.5) / 0.5);
    };
  }
  return (values, k, width) => {
    let best = 0;
    for (let c = 1; c < width; c++) if (values[k * width + c] > values[k * width + best]) best = c;
    const confidence = Math.min(1, Math.max(0, (values[k * width + best] - 1 / width) / (1 - 1 / width)));
    return mix(WHITE, tints[best % tints.length], 0.35 + 0.65 * confidence);
  };
}

/** The decision boundary: the output over the plane as a heat map, the points on top, with axes. */
export function drawBoundary(p: Painter, data: BoundaryData): void {
  p.rect(0, 0, p.width, p.height, "#ffffff");
  const f = frameOf(p, 44, 10, 10, 36);
  const { grid } = data;
  const [a, b, c, d] = grid.extent;
  const out = grid.layers[grid.layers.length - 1];
  const color = regionColors(data.classes);
  p.cells(f.x, f.y, f.w, f.h, grid.cols, grid.rows, (i, j) => color(out.values, j * grid.cols + i, out.units));
  const sx = (x: number) => f.x + ((x - a) / (b - a)) * f.w;
  const sy = (y: number) => f.y + f.h - ((y - c) / (d - c)) * f.h;
  for (const t of niceTicks(a, b, Math.max(2, Math.floor(f.w / 60)))) p.text(sx(t), f.y + f.h + 5, tickLabel(t), { anchor: "middle", baseline: "top", size: 10, color: LABEL });
  for (const t of niceTicks(c, d, Math.max(2, Math.floor(f.h / 50)))) p.text(f.x - 5, sy(t), tickLabel(t), { anchor: "end", baseline: "middle", size: 10, color: LABEL });
  p.rect(f.x, f.y, f.w, f.h, null, AXIS);
  p.text(f.x + f.w / 2, p.height - 3, data.xTitle, { anchor: "middle", baseline: "bottom", size: 11, color: LABEL });
  p.text(11, f.y + f.h / 2, data.yTitle, { anchor: "middle", baseline: "middle", size: 11, color: LABEL, rotate: -90 });
  p.clip(f.x, f.y, f.w, f.h);
  const r = data.n > 400 ? 2.5 : 4;
  for (let k = 0; k < data.n; k++) {
    const label = data.labels[k];
    p.circle(sx(data.x[k * data.features]), sy(data.x[k * data.features + 1]), r, CLASS_COLORS[label % CLASS_COLORS.length], "#ffffff", 1);
  }
  p.unclip();
}

/**
 * The colours of one unit's output over the plane, from red (negative) through white (0) to blue
 * (positive); a sigmoid or softmax output (0..1) is centred on 0.5 instead, other ranges than tanh's
 * scaled to their largest magnitude.
 */
export function unitColors(grid: PlaneGrid, layer: number, unit: number, step = 1): CellColor {
  const g = grid.layers[layer];
  const n = grid.cols * grid.rows;
  const centred = g.activation === "sigmoid" || g.activation === "softmax" || g.activation === "gaussian";
  let scale = 1;
  if (!centred && g.activation !== "tanh") {
    let max = 0;
    for (let k = 0; k < n; k++) max = Math.max(max, Math.abs(g.values[k * g.units + unit]));
    scale = max > 0 ? 1 / max : 1;
  }
  const negative = rgbOf(CLASS_COLORS[0]);
  const positive = rgbOf(CLASS_COLORS[1]);
  return (i, j) => {
    const v = g.values[(j * step * grid.cols + i * step) * g.units + unit];
    const t = Math.max(-1, Math.min(1, centred ? (v - 0.5) * 2 : v * scale));
    return t < 0 ? mix(WHITE, negative, -t * 0.85) : mix(WHITE, positive, t * 0.85);
  };
}

/** One unit's map, through a painter. */
export function drawUnit(p: Painter, grid: PlaneGrid, layer: number, unit: number): void {
  p.cells(0, 0, p.width, p.height, grid.cols, grid.rows, unitColors(grid, layer, unit));
  p.rect(0, 0, p.width, p.height, null, "#b0b0b0");
}
