import { test } from "node:test";
import assert from "node:assert/strict";
import { decisionBoundary } from "../../src/plots/decision-boundary.js";
import { renderSvg } from "../../src/plots/render-svg.js";
import { CLASS_COLORS, tint } from "../../src/plots/theme.js";
import { countMarks, embeddedImage, texts } from "./svg.js";
import { axis, xorEasy } from "./fixtures.js";

const grid100 = axis(100, -0.1, 1.1);

test("decisionBoundary: a 100 × 100 grid of p(class 1) is one 100 × 100 image under the 21 points, with a gradient legend", async () => {
  const values = grid100.map((x1) => grid100.map((x0) => 1 / (1 + Math.exp(-14 * (Math.abs(x0 - x1) - 0.12)))));
  const svg = await renderSvg(decisionBoundary({ x0: grid100, x1: grid100, values }, xorEasy(), { classes: 2, title: "XOR" }));
  const image = embeddedImage(svg);
  assert.deepEqual([image.width, image.height], [100, 100]);
  assert.match(svg, /<image image-rendering="optimizeSpeed" /, "drawn pixel by pixel");
  assert.equal(countMarks(svg, "mark-rect role-mark"), 0, "no rectangle drawn");
  assert.equal(countMarks(svg, "mark-symbol role-mark"), 21);
  assert.ok(svg.includes('class="mark-rect role-legend-gradient"'), "a gradient legend");
  assert.deepEqual(texts(svg, "mark-text role-legend-title"), ["p(class 1)", "class"]);
  assert.deepEqual(texts(svg, "mark-text role-axis-title"), ["x₁", "x₂"]);
});

test("decisionBoundary: p = 0 is class 0's pale red, 0.5 white, 1 class 1's pale blue, between them straight RGB; the top row is the largest x₂", async () => {
  const x = [0, 1, 2];
  const svg = await renderSvg(decisionBoundary({ x0: x, x1: [0, 1], values: [[0, 0.5, 1], [1, 0.5, 0.25]] }, [], { classes: 2 }));
  const red = tint(CLASS_COLORS[0], 0.6);
  const blue = tint(CLASS_COLORS[1], 0.6);
  // a quarter: halfway from the pale red to white, each channel rounded
  const quarter = "#" + [1, 3, 5].map((i) => Math.round((parseInt(red.slice(i, i + 2), 16) + 255) / 2).toString(16).padStart(2, "0")).join("");
  assert.deepEqual(embeddedImage(svg).pixels, [blue, "#ffffff", quarter, red, "#ffffff", blue]);
});

test("decisionBoundary: with three classes each cell takes its class's pale color, and the plane keeps its proportions", async () => {
  const small = axis(10, 0, 1);
  const values = small.map((x1) => small.map((x0) => (x0 < 0.5 ? 0 : x1 < 0.5 ? 1 : 2)));
  const points = [{ x: [0.2, 0.5] as [number, number], label: 0 }, { x: [0.8, 0.2] as [number, number], label: 1 }, { x: [0.8, 0.8] as [number, number], label: 2 }];
  const spec = decisionBoundary({ x0: small, x1: small, values }, points, { classes: 3, classNames: ["a", "b", "c"] });
  const svg = await renderSvg(spec);
  const { pixels } = embeddedImage(svg);
  assert.equal(countMarks(svg, "mark-symbol role-mark"), 3);
  for (const k of [0, 1, 2]) assert.equal(pixels.filter((p) => p === tint(CLASS_COLORS[k], 0.6)).length, k === 0 ? 50 : 25, `cells of class ${k}`);
  // class 1 (x₀ ≥ 0.5, x₂ < 0.5) is at the bottom right
  assert.equal(pixels[99], tint(CLASS_COLORS[1], 0.6));
  assert.deepEqual(texts(svg, "mark-text role-legend-label"), ["a", "b", "c"]);
  const size = spec as { width: number; height: number };
  assert.equal(size.width, size.height);
});

test("decisionBoundary: an uneven grid is drawn as one rectangle per cell", async () => {
  const svg = await renderSvg(decisionBoundary({ x0: [0, 1, 3], x1: [0, 1], values: [[0, 0.5, 1], [1, 0.5, 0]] }, [], { classes: 2 }));
  assert.equal(countMarks(svg, "mark-rect role-mark"), 6);
  assert.doesNotMatch(svg, /<image /);
  const cells = [...svg.matchAll(/<g class="mark-rect role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)][0][1];
  const fills = [...cells.matchAll(/fill="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(fills, [tint(CLASS_COLORS[0], 0.6), "#ffffff", tint(CLASS_COLORS[1], 0.6), tint(CLASS_COLORS[1], 0.6), "#ffffff", tint(CLASS_COLORS[0], 0.6)]);
});

test("decisionBoundary: grids of the wrong shape and values out of range are refused", () => {
  const x = [0, 1];
  assert.throws(() => decisionBoundary({ x0: x, x1: x, values: [[0, 1]] }, [], { classes: 2 }), /grid.values has 1 entries, expected 2/);
  assert.throws(() => decisionBoundary({ x0: x, x1: x, values: [[0, 1], [0]] }, [], { classes: 2 }), /grid.values\[1\] has 1 entries/);
  assert.throws(() => decisionBoundary({ x0: [1, 0], x1: x, values: [[0, 1], [0, 1]] }, [], { classes: 2 }), /must increase/);
  assert.throws(() => decisionBoundary({ x0: x, x1: x, values: [[0, 1.5], [0, 1]] }, [], { classes: 2 }), /probability/);
  assert.throws(() => decisionBoundary({ x0: x, x1: x, values: [[0, 3], [0, 1]] }, [], { classes: 3 }), /class from 0 to 2/);
  assert.throws(() => decisionBoundary({ x0: x, x1: x, values: [[0, 1], [0, 1]] }, [{ x: [0, 0], label: 2 }], { classes: 2 }), /points\[0\]\.label/);
});
