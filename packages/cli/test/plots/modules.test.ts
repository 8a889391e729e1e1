import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runtimeImports as moduleGraph } from "../module-graph.js";
import { activationPanels, confusionMatrix, decisionBoundary, learningCurve, predictions, renderSvg } from "../../src/plots/index.js";
import { renderVegaSvg } from "../../src/plots/render-vega.js";
import { svgChartOf } from "../../src/plots/svg-chart.js";

const PLOTS = join(dirname(fileURLToPath(import.meta.url)), "../../src/plots");

/** The modules that `entry` (a file of src/plots) loads at run time, named relative to src/plots. */
function runtimeImports(entry: string): { files: string[]; packages: string[] } {
  const { files, packages } = moduleGraph(join(PLOTS, entry));
  return { files: files.map((f) => relative(PLOTS, f)), packages };
}

test("the spec builders load neither Vega nor Node, so they can run in a browser bundle", () => {
  const { files, packages } = runtimeImports("specs.ts");
  assert.deepEqual(packages, []);
  for (const nodeOnly of ["render-png.ts", "write-plot.ts", "render-svg.ts"]) assert.ok(!files.includes(nodeOnly), nodeOnly);
});

test("index.ts adds only d3's scales and number formats, and loads Vega only for the charts it draws (render-vega.ts); Node modules are reached through node.ts alone", () => {
  assert.deepEqual(runtimeImports("index.ts").packages, ["d3-format", "d3-scale"]);
  assert.deepEqual(runtimeImports("render-vega.ts").packages, ["vega", "vega-lite"]);
  assert.deepEqual(runtimeImports("node.ts").packages, ["@resvg/resvg-js", "d3-format", "d3-scale", "node:fs", "node:path", "node:url", "node:v8", "node:vm", "node:worker_threads", "node:zlib", "tracegrad/internal/common/input-error"]);
});

test("every builder's spec carries the chart tracegrad draws itself, and stays a spec Vega renders without a warning (for vega-embed)", async (t) => {
  const warn = t.mock.method(console, "warn", () => undefined);
  const grid = [0, 0.5, 1];
  const specs = [
    learningCurve([{ name: "a", points: [{ epoch: 0, value: 1 }, { epoch: 1, value: 0.5 }] }, { name: "b", points: [] }], { logScale: true }),
    predictions([{ x: [0, 0], truth: 0, predicted: 1 }, { x: [1, 1], truth: 1, predicted: 1 }]),
    decisionBoundary({ x0: grid, x1: grid, values: grid.map(() => [0, 0.5, 1]) }, [{ x: [0, 0], label: 0 }], { classes: 2 }),
    decisionBoundary({ x0: grid, x1: grid, values: grid.map(() => [0, 1, 2]) }, [{ x: [0, 0], label: 2 }], { classes: 3 }),
    confusionMatrix([[3, 1], [0, 4]], ["a", "b"]),
    activationPanels([{ name: "relu", x: [-1, 0, 1], value: [0, 0, 1], derivative: [0, 0, 1] }]),
  ];
  for (const spec of specs) {
    assert.ok(svgChartOf(spec) !== undefined, "drawn by tracegrad");
    assert.match(await renderSvg(spec), /^<svg /);
    assert.match(await renderVegaSvg(spec), /^<svg /);
  }
  assert.equal(warn.mock.callCount(), 0, warn.mock.calls.map((c) => c.arguments.join(" ")).join("\n"));
});
