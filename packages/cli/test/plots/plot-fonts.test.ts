// The PNGs are drawn from subsets of DejaVu Sans (assets/fonts/*-plots.ttf) whenever an SVG has no
// character outside them (render-png.ts): resvg reads a font file again for every glyph it draws. The
// subsets must draw exactly what the whole fonts draw. The whole fonts are the reference here: each
// figure kind, every character of the subsets, and words that kerning and ligatures change, drawn by
// resvg with both, must give the same pixels.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Resvg } from "@resvg/resvg-js";
import { activationPanels } from "../../src/plots/activation-panels.js";
import { confusionMatrix } from "../../src/plots/confusion-matrix.js";
import { decisionBoundary } from "../../src/plots/decision-boundary.js";
import { learningCurve } from "../../src/plots/learning-curve.js";
import { predictions } from "../../src/plots/predictions.js";
import { FONT_FILES, fontFilesFor, PLOT_FONT_FILES } from "../../src/plots/render-png.js";
import { renderSvg } from "../../src/plots/render-svg.js";
import { dejaVuWidthTable } from "../../src/plots/text-width.js";
import { axis, lossCurve, xorEasy } from "./fixtures.js";
import { readFontWidths } from "./truetype.js";

/** resvg's pixels of an SVG drawn with the given font files, as render-png.ts draws (scale 2). */
function pixels(svg: string, fontFiles: readonly string[]): Buffer {
  const font = { loadSystemFonts: false, fontFiles: [...fontFiles], defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans", serifFamily: "DejaVu Sans", monospaceFamily: "DejaVu Sans" };
  return Buffer.from(new Resvg(svg, { font, fitTo: { mode: "zoom", value: 2 } }).render().pixels);
}

function sameDrawing(svg: string, what: string): void {
  assert.deepEqual(fontFilesFor(svg), PLOT_FONT_FILES, `${what}: drawn from the subsets`);
  assert.ok(pixels(svg, PLOT_FONT_FILES).equals(pixels(svg, FONT_FILES)), `${what}: the same pixels as with the whole fonts`);
}

const escape = (text: string): string => text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

/** An SVG of lines of text, regular and bold, at two sizes. */
function textSvg(lines: readonly string[]): string {
  const rows = lines.flatMap((line, i) =>
    [false, true].map((bold, j) => `<text x="4" y="${24 + (2 * i + j) * 22}" font-family="DejaVu Sans" font-size="${j === 0 ? 13 : 16}"${bold ? ' font-weight="bold"' : ""}>${escape(line)}</text>`),
  );
  return `<svg xmlns="http://www.w3.org/2000/svg" width="900" height="${30 + lines.length * 44}">${rows.join("")}</svg>`;
}

const codePoints = [...new Set([...dejaVuWidthTable(false).keys(), ...dejaVuWidthTable(true).keys()])].sort((a, b) => a - b);

test("the subsets hold a glyph for exactly the characters of the width tables, with the whole fonts' advance widths", () => {
  for (const [whole, subset] of [
    [FONT_FILES[0], PLOT_FONT_FILES[0]],
    [FONT_FILES[1], PLOT_FONT_FILES[1]],
  ]) {
    const full = readFontWidths(whole);
    const cut = readFontWidths(subset);
    const held: number[] = [];
    for (let codePoint = 0; codePoint < 0x10000; codePoint++) if (cut.advance(codePoint) !== undefined) held.push(codePoint);
    assert.deepEqual(held, codePoints.filter((c) => full.advance(c) !== undefined), `${subset}: the width table changed? npm run build, then npm run build:assets -w @tracegrad/cli`);
    for (const codePoint of held) assert.equal(cut.advance(codePoint), full.advance(codePoint), `U+${codePoint.toString(16)}`);
  }
});

test("every character of the subsets, and words that kerning and ligatures change, are drawn as the whole fonts draw them", () => {
  const characters = String.fromCodePoint(...codePoints.filter((c) => c > 0x20));
  const lines = Array.from({ length: Math.ceil(characters.length / 48) }, (_, i) => characters.slice(48 * i, 48 * i + 48));
  const words = ["AVATAR To Ty Wa Yo LT P. F, r. y. 7/4 “Vf” 'A'", "office fluffy affine difficult ffl fi fl", "η = 0.1, λ₂ = 10⁻³, ∂L/∂w ≈ −0.25 × σ′(z) ≤ ∞", "Épsilon Ångström naïve façade ±1.5·10⁴ → ∑ √ ∏"];
  sameDrawing(textSvg([...lines, ...words]), "the characters and the words");
});

test("each kind of figure tracegrad draws is drawn from the subsets, with the same pixels", async () => {
  const grid = axis(12, 0, 1);
  const values = grid.map((x1) => grid.map((x0) => (x0 + x1) / 2));
  const specs = {
    "learning curves (log scale, η in a legend)": learningCurve(
      [
        { name: "η = 0.1", points: lossCurve(3000, 10) },
        { name: "η = 1", points: lossCurve(1000, 10) },
      ],
      { logScale: true },
    ),
    "decision boundary": decisionBoundary({ x0: grid, x1: grid, values }, xorEasy(), { classes: 2, title: "XOR: 2-4-4-1, σ" }),
    "confusion matrix": confusionMatrix(
      [
        [9, 1],
        [2, 8],
      ],
      ["class 0", "class 1"],
    ),
    predictions: predictions(
      xorEasy().map((p, i) => ({ x: p.x, truth: p.label, predicted: i === 3 ? 1 - p.label : p.label })),
      { title: "XOR", classNames: ["zero", "one"] },
    ),
    "activation functions": activationPanels(
      [
        { name: "sigmoid σ", f: (z: number) => 1 / (1 + Math.exp(-z)) },
        { name: "tanh", f: Math.tanh },
      ].map(({ name, f }) => {
        const x = axis(41, -4, 4);
        return { name, x, value: x.map(f), derivative: x.map((z) => (f(z + 1e-4) - f(z - 1e-4)) / 2e-4) };
      }),
      { title: "Activations" },
    ),
  };
  for (const [what, spec] of Object.entries(specs)) sameDrawing(await renderSvg(spec), what);
});

test("an SVG with a character outside the subsets (in a label, a title or an attribute) is drawn with the whole fonts", async () => {
  for (const label of ["класс 0", "類別", "😀", "\u200b"]) {
    const svg = await renderSvg(confusionMatrix([[1, 0], [0, 1]], [label, "b"]));
    assert.deepEqual(fontFilesFor(svg), FONT_FILES, JSON.stringify(label));
  }
  assert.deepEqual(fontFilesFor(textSvg(["plain ASCII, Greek η and −0.5"])), PLOT_FONT_FILES);
});
