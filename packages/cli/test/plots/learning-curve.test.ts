import { test } from "node:test";
import assert from "node:assert/strict";
import { learningCurve } from "../../src/plots/learning-curve.js";
import { lineChart, logTicks } from "../../src/plots/lines.js";
import { decimate } from "../../src/plots/decimate.js";
import { renderSvg } from "../../src/plots/render-svg.js";
import { countMarks, texts, visibleTexts } from "./svg.js";
import { lossCurve } from "./fixtures.js";

/** The data rows of a one-layer spec. */
function rows(spec: object): { series: string; x: number; y: number }[] {
  return (spec as { data: { values: { series: string; x: number; y: number }[] } }).data.values;
}

test("learningCurve: one line per series, a legend naming them, axis titles epoch and loss", async () => {
  const svg = await renderSvg(learningCurve([
    { name: "training loss", points: lossCurve(10_000, 10) },
    { name: "validation loss", points: lossCurve(10_000, 10).map((p) => ({ ...p, value: p.value * 1.3 })) },
  ], { title: "XOR" }));
  assert.equal(countMarks(svg, "mark-line role-mark"), 2);
  assert.deepEqual(texts(svg, "mark-text role-legend-label"), ["training loss", "validation loss"]);
  assert.deepEqual(texts(svg, "mark-text role-axis-title"), ["epoch", "loss"]);
  assert.deepEqual(texts(svg, "mark-text role-title-text"), ["XOR"]);
  assert.ok(visibleTexts(svg, "mark-text role-axis-label").includes("10,000"));
});

test("learningCurve: a single series has no legend", async () => {
  const svg = await renderSvg(learningCurve([{ name: "training loss", points: lossCurve(100) }], { yTitle: "half-SSE" }));
  assert.equal(countMarks(svg, "mark-line role-mark"), 1);
  assert.ok(!svg.includes("role-legend"));
  assert.deepEqual(texts(svg, "mark-text role-axis-title"), ["epoch", "half-SSE"]);
});

test("learningCurve: a sweep of five runs has five lines in five colors and five legend entries", async () => {
  const rates = [1, 0.5, 0.1, 0.05, 0.01];
  const svg = await renderSvg(learningCurve(rates.map((r) => ({ name: `learning rate ${r}`, points: lossCurve(1000, 10) }))));
  assert.equal(countMarks(svg, "mark-line role-mark"), 5);
  assert.deepEqual(texts(svg, "mark-text role-legend-label"), rates.map((r) => `learning rate ${r}`));
  const strokes = new Set([...svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*><path[^>]* stroke="([^"]+)"/g)].map((m) => m[1]));
  assert.equal(strokes.size, 5);
});

test("learningCurve: several series are solid, dashed, dotted and dash-dot, each line as its legend symbol; one series is solid", async () => {
  // Two learning rates stuck on the same plateau (Lab01's η = 0.01 and 0.1): the same points, drawn
  // one over the other; the second is dashed, so the first shows through its gaps.
  const plateau = Array.from({ length: 50 }, (_, i) => ({ epoch: i + 1, value: 0.25 }));
  const names = ["η = 0.01", "η = 0.1", "η = 1", "η = 10", "η = 100"];
  const svg = await renderSvg(learningCurve(names.map((name, i) => ({ name, points: i < 2 ? plateau : lossCurve(50, i) })), { logScale: true }));
  const dashOf = (attributes: string) => /stroke-dasharray="([^"]+)"/.exec(attributes)?.[1] ?? "solid";
  const lines = [...svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*><path([^>]*)\/>/g)].map((m) => dashOf(m[1]));
  assert.deepEqual(lines, ["solid", "8,4", "2,3", "8,3,2,3", "solid"]);
  const legend = /<g class="mark-symbol role-legend-symbol"[^>]*>(.*?)<\/g>/.exec(svg);
  assert.ok(legend, "the legend's symbols");
  assert.deepEqual([...legend[1].matchAll(/<path([^>]*)\/>/g)].map((m) => dashOf(m[1])), lines);
  // Vega-Lite's spec says the same, in one legend with the colors.
  const spec = learningCurve(names.map((name) => ({ name, points: plateau })));
  const encoding = (spec as unknown as { encoding: Record<string, { scale: { range: unknown[] }; legend: unknown }> }).encoding;
  assert.deepEqual(encoding.strokeDash.scale.range, [[1, 0], [8, 4], [2, 3], [8, 3, 2, 3], [1, 0]]);
  assert.deepEqual(encoding.strokeDash.legend, encoding.color.legend);

  const single = await renderSvg(learningCurve([{ name: "loss", points: plateau }]));
  assert.ok(!single.includes("stroke-dasharray"), "one series: a solid line");
});

test("learningCurve: a log scale leaves out values ≤ 0 and non-finite ones; a linear scale keeps 0", () => {
  const points = [{ epoch: 0, value: 0.25 }, { epoch: 1, value: 0 }, { epoch: 2, value: -1 }, { epoch: 3, value: Number.NaN }, { epoch: 4, value: Infinity }, { epoch: 5, value: 0.01 }];
  assert.deepEqual(rows(learningCurve([{ name: "loss", points }], { logScale: true })).map((r) => r.x), [0, 5]);
  assert.deepEqual(rows(learningCurve([{ name: "loss", points }])).map((r) => r.x), [0, 1, 2, 5]);
});

test("learningCurve: the log axis is labeled at 1, 2 and 5 times powers of 10", async () => {
  const svg = await renderSvg(learningCurve([{ name: "loss", points: lossCurve(10_000, 100) }], { logScale: true }));
  const labels = visibleTexts(svg, "mark-text role-axis-label");
  for (const label of ["0.001", "0.01", "0.1", "0.5", "1"]) assert.ok(labels.includes(label), `label ${label} in ${labels.join(" ")}`);
});

test("logTicks: decades, with 2 and 5 between them under four decades", () => {
  assert.deepEqual(logTicks(0.004, 0.25), [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1]);
  assert.deepEqual(logTicks(0.004, 4000), [0.001, 0.01, 0.1, 1, 10, 100, 1000, 10000]);
  assert.deepEqual(logTicks(0, 1), []);
});

test("lineChart: two series of the same name are refused", () => {
  assert.throws(() => lineChart([{ name: "a", points: [] }, { name: "a", points: [] }]), /the series name "a" appears twice/);
});

test("decimate: 10,001 points become at most 1000, keeping the ends, the lowest and the highest", () => {
  const points = Array.from({ length: 10_001 }, (_, i) => ({ x: i, y: Math.sin(i / 50) + (i === 4321 ? 5 : 0) - (i === 777 ? 5 : 0) }));
  const kept = decimate(points, 1000);
  assert.ok(kept.length <= 1000 && kept.length > 900, `${kept.length} points`);
  assert.equal(kept[0], points[0]);
  assert.equal(kept[kept.length - 1], points[10_000]);
  assert.ok(kept.includes(points[4321]) && kept.includes(points[777]));
  assert.ok(kept.every((p, i) => i === 0 || p.x > kept[i - 1].x), "in order");
  assert.equal(decimate(points.slice(0, 50), 1000).length, 50);
});

test("learningCurve: 10,000 epochs render as a thinned line", () => {
  const data = rows(learningCurve([{ name: "loss", points: lossCurve(10_000) }]));
  assert.ok(data.length <= 1000);
});
