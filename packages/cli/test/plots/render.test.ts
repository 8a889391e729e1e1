import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { confusionMatrix } from "../../src/plots/confusion-matrix.js";
import { decisionBoundary } from "../../src/plots/decision-boundary.js";
import { learningCurve } from "../../src/plots/learning-curve.js";
import { predictions } from "../../src/plots/predictions.js";
import { Resvg } from "@resvg/resvg-js";
import { FONT_FILES, svgToPng, svgToPngAsync } from "../../src/plots/render-png.js";
import { encodeRgbaPng } from "../../src/plots/png-rgba.js";
import { renderSvg } from "../../src/plots/render-svg.js";
import { renderVegaSvg } from "../../src/plots/render-vega.js";
import { dejaVuTextWidth } from "../../src/plots/text-width.js";
import { compactNumbers, stableIds } from "../../src/plots/tidy-svg.js";
import { writePlot } from "../../src/plots/write-plot.js";
import { axis, lossCurve, xorEasy } from "./fixtures.js";
import { decodePng, pngSize, svgSize, texts } from "./svg.js";

/** A chart with a clip path and a gradient, the two things Vega numbers with process-wide counters. */
function boundarySpec() {
  const grid = axis(12, 0, 1);
  const values = grid.map((x1) => grid.map((x0) => (x0 + x1) / 2));
  return decisionBoundary({ x0: grid, x1: grid, values }, xorEasy(), { classes: 2, title: "Determinism" });
}

const sha256 = (bytes: string | Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

test("svgToPng: a PNG twice the SVG's size by default, or `scale` times it", async () => {
  const svg = await renderSvg(learningCurve([{ name: "loss", points: lossCurve(100) }]));
  const { width, height } = svgSize(svg);
  assert.ok(width > 500 && height > 350, `${width} × ${height}`);
  assert.deepEqual(pngSize(svgToPng(svg)), { width: 2 * width, height: 2 * height });
  assert.deepEqual(pngSize(svgToPng(svg, { scale: 1 })), { width, height });
  assert.throws(() => svgToPng(svg, { scale: 0 }), /scale must be a positive number/);
});

test("svgToPng and svgToPngAsync: the same bytes, and the very pixels of resvg's own PNG (opaque plots and translucent drawings alike)", async () => {
  const translucent = `<svg xmlns="http://www.w3.org/2000/svg" width="40" height="30"><rect x="5" y="5" width="20" height="15" fill="#3366cc" fill-opacity="0.37"/><circle cx="25" cy="15" r="9" fill="#e4572e" fill-opacity="0.6"/><text x="2" y="28" font-family="DejaVu Sans" font-size="9">η</text></svg>`;
  for (const svg of [await renderSvg(boundarySpec()), await renderSvg(learningCurve([{ name: "loss", points: lossCurve(300) }], { logScale: true })), translucent]) {
    const png = svgToPng(svg);
    assert.deepEqual(await svgToPngAsync(svg), png);
    const own = new Resvg(svg, { font: { loadSystemFonts: false, fontFiles: [...FONT_FILES], defaultFontFamily: "DejaVu Sans", sansSerifFamily: "DejaVu Sans" }, fitTo: { mode: "zoom", value: 2 } }).render().asPng();
    const expected = decodePng(new Uint8Array(own));
    const actual = decodePng(png);
    assert.deepEqual({ width: actual.width, height: actual.height, channels: actual.channels }, { width: expected.width, height: expected.height, channels: expected.channels });
    assert.ok(Buffer.from(actual.pixels).equals(Buffer.from(expected.pixels)), "the same pixels as resvg's own PNG");
  }
});

test("rendering is deterministic: the same spec gives the same SVG and PNG bytes, whatever was rendered before", async () => {
  const first = await renderSvg(boundarySpec());
  assert.match(first, /id="gradient_0"/);
  await renderSvg(confusionMatrix([[1, 2], [3, 4]], ["a", "b"]));
  const second = await renderSvg(boundarySpec());
  assert.equal(second, first);
  assert.equal(sha256(svgToPng(second)), sha256(svgToPng(first)));
});

test("Vega's drawings too: its clip paths and gradients are numbered from the start in every chart", async () => {
  const first = await renderVegaSvg(boundarySpec());
  assert.match(first, /id="clip1"/);
  assert.match(first, /id="gradient_0"/);
  await renderVegaSvg(confusionMatrix([[1, 2], [3, 4]], ["a", "b"]));
  assert.equal(await renderVegaSvg(boundarySpec()), first);
});

test("rendering is deterministic across processes", async () => {
  const svg = await renderSvg(boundarySpec());
  const script = `
    import { decisionBoundary } from "./packages/cli/src/plots/decision-boundary.ts";
    import { renderSvg } from "./packages/cli/src/plots/render-svg.ts";
    import { svgToPng } from "./packages/cli/src/plots/render-png.ts";
    import { createHash } from "node:crypto";
    const grid = Array.from({ length: 12 }, (_, i) => i / 11);
    const values = grid.map((x1) => grid.map((x0) => (x0 + x1) / 2));
    const points = [];
    for (let i = 0; i < 11; i++) { points.push({ x: [0.1 * i, 0.1 * i], label: 0 }); if (i !== 5) points.push({ x: [0.1 * i, 1 - 0.1 * i], label: 1 }); }
    const svg = await renderSvg(decisionBoundary({ x0: grid, x1: grid, values }, points, { classes: 2, title: "Determinism" }));
    const hash = (b) => createHash("sha256").update(b).digest("hex");
    console.log(hash(svg) + " " + hash(svgToPng(svg)));
  `;
  const child = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8" });
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout.trim(), `${sha256(svg)} ${sha256(svgToPng(svg))}`);
});

test("stableIds: clip paths and gradients are renumbered in the order they appear", () => {
  const svg = '<defs><clipPath id="clip7"/><linearGradient id="gradient_4"/></defs><g clip-path="url(#clip7)"/><g clip-path="url(#clip9)"/><path fill="url(#gradient_4)"/><clipPath id="clip9"/>';
  assert.equal(stableIds(svg), '<defs><clipPath id="clip1"/><linearGradient id="gradient_0"/></defs><g clip-path="url(#clip1)"/><g clip-path="url(#clip2)"/><path fill="url(#gradient_0)"/><clipPath id="clip2"/>');
});

test("compactNumbers: coordinates are rounded to 0.001 and rgb() colors written in hex; texts keep their digits", () => {
  const svg = '<path d="M4.999999999999998,495h-1.2e-14v5.0004Z" transform="translate(0.30000000000000004,-0.0001)" fill="rgb(244, 196, 6)"/><text aria-label="0.123456">0.123456</text>';
  assert.equal(compactNumbers(svg), '<path d="M5,495h0v5Z" transform="translate(0.3,0)" fill="#f4c406"/><text aria-label="0.123456">0.123456</text>');
});

test("titles, labels and class names with < > & and quotes are escaped, and the SVG still parses", async () => {
  const nasty = `<b>"x" & 'y'</b>`;
  const specs = [
    learningCurve([{ name: nasty, points: lossCurve(10) }, { name: "a & b", points: lossCurve(10) }], { title: nasty, yTitle: "<loss>" }),
    predictions([{ x: [0, 0], truth: 0, predicted: 1 }, { x: [1, 1], truth: 1, predicted: 1 }], { title: nasty, classNames: ["<0>", "&1"] }),
    confusionMatrix([[1, 0], [0, 1]], [nasty, "</svg>"], { title: "</text>" }),
  ];
  for (const spec of specs) {
    const svg = await renderSvg(spec);
    assert.ok(!svg.includes("<b>") && !svg.includes("</b>") && !svg.includes("</text></svg>x"), "no raw markup");
    assert.equal(svg.match(/<\/svg>/g)?.length, 1, "one closing </svg>");
    // resvg parses the SVG as XML and refuses a malformed one.
    assert.ok(pngSize(svgToPng(svg, { scale: 0.5 })).width > 0);
  }
  const curve = await renderSvg(specs[0]);
  assert.deepEqual(texts(curve, "mark-text role-legend-label"), ["&lt;b&gt;\"x\" &amp; 'y'&lt;/b&gt;", "a &amp; b"]);
  assert.deepEqual(texts(curve, "mark-text role-title-text"), ["&lt;b&gt;\"x\" &amp; 'y'&lt;/b&gt;"]);
  const matrix = await renderSvg(specs[2]);
  assert.ok(texts(matrix, "mark-text role-axis-label").includes("&lt;/svg&gt;"));
});

test("text is measured in DejaVu Sans: long legend labels are not cut, and the chart ends where its longest legend label does", async () => {
  const name = "learning rate 0.001 with momentum 0.9";
  const svg = await renderSvg(learningCurve([{ name, points: lossCurve(10) }, { name: "x", points: lossCurve(10) }]));
  assert.deepEqual(texts(svg, "mark-text role-legend-label"), [name, "x"]);
  const legend = /<g transform="translate\((\d+(?:\.\d+)?),[^)]*\)"><g class="mark-group role-legend"/.exec(svg);
  assert.ok(legend, "the legend's place");
  // The name starts 29 pixels into the legend (a 24-pixel line, long enough for the second series' dashes,
  // and 5 of space) and the chart has 12 of padding.
  const room = svgSize(svg).width - Number(legend[1]) - 29 - 12;
  assert.ok(room >= dejaVuTextWidth(name, 12) && room < dejaVuTextWidth(name, 12) + 1, `${room} pixels for the longest name`);
  assert.ok(room < 300, "far less than Vega's estimate without a canvas (0.8 em a character: 355 pixels)");
});

test("Vega too measures text in DejaVu Sans: long legend labels are not cut, and the legend is as wide as its longest label", async () => {
  const name = "learning rate 0.001 with momentum 0.9";
  const svg = await renderVegaSvg(learningCurve([{ name, points: lossCurve(10) }, { name: "x", points: lossCurve(10) }]));
  assert.deepEqual(texts(svg, "mark-text role-legend-label"), [name, "x"]);
  // Vega's estimate without a canvas (0.8 em a character) would make this legend 12 · 0.8 · 37 ≈ 355 pixels wide.
  const legend = /role-legend"[^>]*><g transform="translate\([^)]*\)"><path class="background" aria-hidden="true" d="M0,0h(\d+(?:\.\d+)?)v/.exec(svg);
  assert.ok(legend, "legend background");
  assert.ok(Number(legend[1]) < 300 && Number(legend[1]) > 220, `legend width ${legend[1]}`);
});

test("writePlot: writes basePath.svg and basePath.png through temporary files, creating folders, replacing old files", async () => {
  const folder = mkdtempSync(join(tmpdir(), "tracegrad-plots-"));
  try {
    const base = join(folder, "runs", "xor", "loss");
    const spec = learningCurve([{ name: "loss", points: lossCurve(50) }]);
    const written = await writePlot(spec, base);
    assert.deepEqual(written, { svg: base + ".svg", png: base + ".png" });
    const svg = await renderSvg(spec);
    assert.equal(readFileSync(written.svg, "utf8"), svg + "\n");
    assert.deepEqual(new Uint8Array(readFileSync(written.png)), svgToPng(svg));
    writeFileSync(written.png, "old");
    await writePlot(spec, base, { scale: 1 });
    assert.deepEqual(pngSize(new Uint8Array(readFileSync(written.png))), svgSize(svg));
    assert.deepEqual(readdirSync(join(folder, "runs", "xor")).sort(), ["loss.png", "loss.svg"], "no temporary files left");
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test("encodeRgbaPng: every byte difference modulo 256 (the Up filter four bytes at a time), aligned or not, decodes to the pixels it was given", () => {
  const width = 7;
  const height = 5;
  // Opaque pixels with every kind of difference from the line above: 0, ±1, wrapping past 0 and 255.
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i % 4 === 3 ? 255 : (i * 89 + (i >> 5) * 113) & 0xff);
  const unaligned = new Uint8Array(pixels.length + 1).subarray(1);
  unaligned.set(pixels);
  for (const input of [pixels, unaligned]) {
    const decoded = decodePng(encodeRgbaPng(width, height, input));
    assert.deepEqual({ width: decoded.width, height: decoded.height, channels: decoded.channels }, { width, height, channels: 4 });
    assert.deepEqual([...decoded.pixels], [...pixels]);
  }
  assert.throws(() => encodeRgbaPng(width, height, pixels.subarray(4)), /RangeError|bytes for a 7 × 5 RGBA image/);
});
