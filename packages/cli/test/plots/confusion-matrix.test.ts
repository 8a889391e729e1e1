import { test } from "node:test";
import assert from "node:assert/strict";
import { confusionMatrix } from "../../src/plots/confusion-matrix.js";
import { renderSvg } from "../../src/plots/render-svg.js";
import { countMarks, texts } from "./svg.js";

/** An MNIST-like matrix: about 98% on the diagonal. */
function mnistLike(): number[][] {
  const sizes = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
  return sizes.map((size, t) => sizes.map((_, p) => (p === t ? size - 18 : p === (t + 3) % 10 ? 18 : 0)));
}

test("confusionMatrix: a 10 × 10 matrix is 100 cells, each with its count, axes 'true' and 'predicted'", async () => {
  const matrix = mnistLike();
  const labels = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
  const svg = await renderSvg(confusionMatrix(matrix, labels, { title: "MNIST" }));
  assert.equal(countMarks(svg, "mark-rect role-mark"), 100);
  const counts = texts(svg, "mark-text role-mark");
  assert.equal(counts.length, 100);
  assert.deepEqual([...counts].sort(), matrix.flat().map(String).sort());
  assert.deepEqual(texts(svg, "mark-text role-axis-title"), ["predicted", "true"]);
  assert.deepEqual(texts(svg, "mark-text role-axis-label"), [...labels, ...labels]);
  // The diagonal is dark, so its counts are white; the rest are dark.
  const white = [...svg.matchAll(/<text[^>]*fill="#ffffff"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
  assert.deepEqual(white.sort(), matrix.map((row, t) => String(row[t])).sort());
});

test("confusionMatrix: fractions are written with up to two decimals", async () => {
  const svg = await renderSvg(confusionMatrix([[0.9, 0.1], [0.333333, 0.666667]], ["a", "b"]));
  assert.deepEqual(texts(svg, "mark-text role-mark"), ["0.9", "0.1", "0.33", "0.67"]);
});

test("confusionMatrix: a matrix that does not match its labels, a negative count or a repeated label is refused", () => {
  assert.throws(() => confusionMatrix([[1, 2]], ["a"]), /matrix\[0\] has 2 entries, expected 1/);
  assert.throws(() => confusionMatrix([[1]], ["a", "b"]), /the matrix has 1 entries, expected 2/);
  assert.throws(() => confusionMatrix([[-1]], ["a"]), /count ≥ 0/);
  assert.throws(() => confusionMatrix([[1, 0], [0, 1]], ["a", "a"]), /label name "a" appears twice/);
});
