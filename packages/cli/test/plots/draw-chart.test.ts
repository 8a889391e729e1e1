// The charts tracegrad draws itself (src/plots/draw-chart.ts): every mark must sit where the chart's
// own axes say its data lies. Each test reads an axis as a reader does (the labels' values and where
// they stand), and checks the marks against the data it gave the builder.
import { test } from "node:test";
import assert from "node:assert/strict";
import { confusionMatrix } from "../../src/plots/confusion-matrix.js";
import { decisionBoundary } from "../../src/plots/decision-boundary.js";
import { learningCurve } from "../../src/plots/learning-curve.js";
import { predictions } from "../../src/plots/predictions.js";
import { renderSvg } from "../../src/plots/render-svg.js";
import { axis, lossCurve, xorEasy } from "./fixtures.js";
import { svgSize } from "./svg.js";
import { dejaVuTextWidth } from "../../src/plots/text-width.js";

/** The bodies of the `<g class="CLASS">` groups, in order. */
function groups(svg: string, className: string): string[] {
  return [...svg.matchAll(new RegExp(`<g class="${className}"[^>]*>([\\s\\S]*?)</g>`, "g"))].map((m) => m[1]);
}

/** The translations of the elements of a group: [x, y] of each. */
function translations(body: string): [number, number][] {
  return [...body.matchAll(/transform="translate\((-?[\d.]+),(-?[\d.]+)\)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

/** A label's number: the minus sign and thousands separators as d3 writes them. */
function labelValue(text: string): number {
  return Number(text.replace("−", "-").replace(/,/g, ""));
}

/** The x axis of a group of labels (centered on their ticks): pixel = a + b · value, fitted to the first and last label. */
function xScale(labelGroup: string): { toValue: (pixel: number) => number; labels: number[] } {
  const texts = [...labelGroup.matchAll(/<text[^>]*transform="translate\((-?[\d.]+),[^)]*\)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({ x: Number(m[1]), value: labelValue(m[2]) }));
  assert.ok(texts.length >= 2, "at least two labels");
  const first = texts[0];
  const last = texts[texts.length - 1];
  const perUnit = (last.x - first.x) / (last.value - first.value);
  // Every label stands where the line through the first and last puts it: the axis is linear.
  for (const t of texts) assert.ok(Math.abs(first.x + (t.value - first.value) * perUnit - t.x) < 0.01, `label ${t.value} at ${t.x}`);
  return { toValue: (pixel) => first.value + (pixel - first.x) / perUnit, labels: texts.map((t) => t.value) };
}

/** The y positions of an axis's tick marks, top to bottom as drawn. */
function tickYs(tickGroup: string): number[] {
  return [...tickGroup.matchAll(/<line [^>]*y1="(-?[\d.]+)"/g)].map((m) => Number(m[1]));
}

test("predictions: every dot is drawn at its point's coordinates, as the axis labels read them, in both panels", async () => {
  const points = xorEasy().map((p) => ({ x: p.x, truth: p.label, predicted: p.label }));
  const svg = await renderSvg(predictions(points));
  const labels = groups(svg, "mark-text role-axis-label");
  const ticks = groups(svg, "mark-rule role-axis-tick");
  const dots = groups(svg, "mark-symbol role-mark");
  assert.equal(dots.length, 2, "two panels");
  for (let panel = 0; panel < 2; panel++) {
    // Each panel draws its x axis, then its y axis.
    const x = xScale(labels[2 * panel]);
    const yLabels = [...labels[2 * panel + 1].matchAll(/>([^<]*)<\/text>/g)].map((m) => labelValue(m[1]));
    const ys = tickYs(ticks[2 * panel + 1]);
    assert.equal(ys.length, yLabels.length, "every y tick labeled");
    const perUnit = (ys[ys.length - 1] - ys[0]) / (yLabels[yLabels.length - 1] - yLabels[0]);
    const yValue = (pixel: number) => yLabels[0] + (pixel - ys[0]) / perUnit;
    const drawn = translations(dots[panel]);
    assert.equal(drawn.length, points.length);
    drawn.forEach(([px, py], i) => {
      assert.ok(Math.abs(x.toValue(px) - points[i].x[0]) < 1e-4, `dot ${i}: x ${x.toValue(px)} for ${points[i].x[0]}`);
      assert.ok(Math.abs(yValue(py) - points[i].x[1]) < 1e-4, `dot ${i}: y ${yValue(py)} for ${points[i].x[1]}`);
    });
    // No dot on the frame: the scale keeps 14 pixels inside each end.
    assert.ok(Math.min(...drawn.map(([px]) => px)) >= 13.99);
  }
});

test("learningCurve: on a log axis the line passes through each loss at its place between the labels of its decade", async () => {
  const curve = lossCurve(1000, 100);
  const svg = await renderSvg(learningCurve([{ name: "loss", points: curve }], { logScale: true }));
  const [xLabels, yLabels] = groups(svg, "mark-text role-axis-label");
  const x = xScale(xLabels);
  const yTicks = tickYs(groups(svg, "mark-rule role-axis-tick")[1]);
  const yValues = [...yLabels.matchAll(/>([^<]*)<\/text>/g)].map((m) => labelValue(m[1]));
  assert.equal(yTicks.length, yValues.length);
  // Pixels per decade, from the first and last labels.
  const perDecade = (yTicks[yTicks.length - 1] - yTicks[0]) / (Math.log10(yValues[yValues.length - 1]) - Math.log10(yValues[0]));
  const path = /<g class="mark-line role-mark"><path d="([^"]+)"/.exec(svg);
  assert.ok(path);
  const vertices = [...path[1].matchAll(/[ML](-?[\d.]+),(-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  assert.equal(vertices.length, curve.length);
  vertices.forEach(([px, py], i) => {
    assert.ok(Math.abs(x.toValue(px) - curve[i].epoch) < 0.01, `epoch ${curve[i].epoch}`);
    const value = 10 ** (Math.log10(yValues[0]) + (py - yTicks[0]) / perDecade);
    assert.ok(Math.abs(value / curve[i].value - 1) < 1e-4, `loss ${value} for ${curve[i].value}`);
  });
});

test("decisionBoundary: the map covers the grid's cells exactly, edge to edge, and the dots sit on their points", async () => {
  const grid = axis(19, 0.05, 0.95); // cells 0.05 wide: the map runs from 0.025 to 0.975 on both axes
  const values = grid.map((x1) => grid.map((x0) => (x0 > x1 ? 0.9 : 0.1)));
  const points = xorEasy().filter((p) => p.x[0] > 0 && p.x[0] < 0.95 && p.x[1] > 0 && p.x[1] < 0.95);
  const svg = await renderSvg(decisionBoundary({ x0: grid, x1: grid, values }, points, { classes: 2 }));
  const x = xScale(groups(svg, "mark-text role-axis-label")[0]);
  const image = /<image [^>]*x="(-?[\d.]+)" y="(-?[\d.]+)" width="([\d.]+)" height="([\d.]+)"/.exec(svg);
  assert.ok(image);
  const [left, , width, height] = image.slice(1).map(Number);
  assert.ok(Math.abs(x.toValue(left) - 0.025) < 1e-4 && Math.abs(x.toValue(left + width) - 0.975) < 1e-4, `${x.toValue(left)} to ${x.toValue(left + width)}`);
  assert.equal(width, height, "square cells stay square");
  const drawn = translations(groups(svg, "mark-symbol role-mark")[0]);
  assert.equal(drawn.length, points.length);
  drawn.forEach(([px], i) => assert.ok(Math.abs(x.toValue(px) - points[i].x[0]) < 1e-4));
});

test("decisionBoundary: dots outside the map are left out, not drawn over the axes", async () => {
  const grid = axis(10, 0.2, 0.8);
  const svg = await renderSvg(decisionBoundary({ x0: grid, x1: grid, values: grid.map(() => grid.map(() => 0.5)) }, xorEasy(), { classes: 2 }));
  const inside = xorEasy().filter((p) => p.x.every((v) => v >= 0.2 - 1 / 30 - 1e-9 && v <= 0.8 + 1 / 30 + 1e-9));
  assert.equal(translations(groups(svg, "mark-symbol role-mark")[0]).length, inside.length);
});

test("confusionMatrix: the cell of true class t and predicted class p is in row t (from the top) and column p, shaded by √(count / largest) along the Blues", async () => {
  const matrix = [[50, 2, 0], [8, 30, 1], [0, 0, 12.5]];
  const labels = ["cat", "dog", "fox"];
  const svg = await renderSvg(confusionMatrix(matrix, labels));
  const [cells] = groups(svg, "mark-rect role-mark");
  const rects = [...cells.matchAll(/<path d="M(-?[\d.]+),(-?[\d.]+)h([\d.]+)v([\d.]+)[^"]*" fill="(#[0-9a-f]{6})"/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), w: Number(m[3]), fill: m[5] }));
  assert.equal(rects.length, 9);
  const blues = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"];
  // The color at t along the nine Blues, each channel mixed linearly between its two neighbors.
  const shade = (count: number): string => {
    const at = Math.sqrt(count / 50) * 8;
    const i = Math.min(7, Math.floor(at));
    const mix = (k: number) => {
      const a = parseInt(blues[i].slice(1 + 2 * k, 3 + 2 * k), 16);
      const b = parseInt(blues[i + 1].slice(1 + 2 * k, 3 + 2 * k), 16);
      return Math.round(a + (at - i) * (b - a)).toString(16).padStart(2, "0");
    };
    return `#${mix(0)}${mix(1)}${mix(2)}`;
  };
  const side = rects[0].w;
  for (const r of rects) {
    const [row, column] = [Math.round(r.y / side), Math.round(r.x / side)];
    assert.equal(r.fill, shade(matrix[row][column]), `row ${row}, column ${column}`);
  }
  // The row labels, top to bottom, and the column labels, left to right, are the classes in order.
  const [columns, rows] = groups(svg, "mark-text role-axis-label").map((g) => translations(g));
  assert.deepEqual([...rows].sort((a, b) => a[1] - b[1]).map((t) => rows.indexOf(t)), [0, 1, 2]);
  assert.deepEqual([...columns].sort((a, b) => a[0] - b[0]).map((t) => columns.indexOf(t)), [0, 1, 2]);
});

test("a chart without a legend is wide enough for its last x label, centered on the axis's end", async () => {
  const svg = await renderSvg(learningCurve([{ name: "loss", points: lossCurve(10_000, 100) }], { logScale: true }));
  const plot = /<g fill="none" stroke-miterlimit="10"><g transform="translate\((-?[\d.]+),/.exec(svg);
  assert.ok(plot, "the plot's place");
  const [xLabels] = groups(svg, "mark-text role-axis-label");
  const last = [...xLabels.matchAll(/translate\((-?[\d.]+),[^)]*\)"[^>]*>([^<]*)<\/text>/g)].at(-1)!;
  assert.equal(last[2], "10,000");
  const right = Number(plot[1]) + Number(last[1]) + dejaVuTextWidth(last[2], 12) / 2;
  assert.ok(right <= svgSize(svg).width, `the label ends at ${right}, the picture at ${svgSize(svg).width}`);
});
