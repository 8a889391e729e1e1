import { test } from "node:test";
import assert from "node:assert/strict";
import { predictions } from "../../src/plots/predictions.js";
import { renderSvg } from "../../src/plots/render-svg.js";
import { CLASS_COLORS } from "../../src/plots/theme.js";
import { countMarks, texts } from "./svg.js";
import { xorEasy } from "./fixtures.js";

const RED = CLASS_COLORS[0];
const BLUE = CLASS_COLORS[1];

test("predictions: the 21 XOR points twice, in panels 'Ground truth' and 'Prediction', class 0 red and class 1 blue", async () => {
  const points = xorEasy().map((p) => ({ x: p.x, truth: p.label, predicted: p.label }));
  const svg = await renderSvg(predictions(points));
  assert.equal(countMarks(svg, "mark-symbol role-mark"), 42);
  assert.deepEqual(texts(svg, "mark-text role-title-text"), ["Ground truth", "Prediction"]);
  assert.deepEqual(texts(svg, "mark-text role-title-subtitle"), ["accuracy 21/21 (100%)"]);
  const marks = [...svg.matchAll(/<g class="mark-symbol role-mark[^"]*"[^>]*>([\s\S]*?)<\/g>/g)].map((m) => m[1]).join("");
  assert.equal(marks.match(new RegExp(`fill="${RED}"`, "g"))?.length, 22);
  assert.equal(marks.match(new RegExp(`fill="${BLUE}"`, "g"))?.length, 20);
  assert.deepEqual(texts(svg, "mark-text role-legend-label"), ["0", "1"]);
  assert.ok(!svg.includes('stroke="#000000"'), "no point is ringed");
});

test("predictions: a wrong prediction takes the predicted color, is ringed, and counts in the accuracy", async () => {
  const points = xorEasy().map((p, i) => ({ x: p.x, truth: p.label, predicted: i === 0 ? 1 : p.label }));
  const svg = await renderSvg(predictions(points, { title: "XOR", classNames: ["zero", "one"] }));
  assert.deepEqual(texts(svg, "mark-text role-title-subtitle"), ["accuracy 20/21 (95.2%), wrong ones ringed"]);
  assert.equal(svg.match(/stroke="#000000"/g)?.length, 1);
  assert.deepEqual(texts(svg, "mark-text role-legend-label"), ["zero", "one"]);
  assert.deepEqual(texts(svg, "mark-text role-title-text"), ["Ground truth", "Prediction", "XOR"]);
});

test("predictions: classes beyond the class count are refused", () => {
  assert.throws(() => predictions([{ x: [0, 0], truth: 0, predicted: 2 }], { classes: 2 }), /points\[0\]\.predicted must be a class from 0 to 1, got 2/);
  assert.throws(() => predictions([{ x: [0, 0], truth: 0.5, predicted: 0 }]), /truth must be a class/);
});
