// The lab's main thread trains the runs and hands every figure to the figure thread: it must not load
// Vega, Vega-Lite or resvg itself (tens of MB, and a third of a second). The figure thread loads resvg;
// Vega only when a chart needs it (render-svg.ts imports it on demand), which none of the lab's does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { runtimeImports } from "../module-graph.js";

const SRC = join(dirname(fileURLToPath(import.meta.url)), "../../src");

test("the lab command loads neither Vega nor resvg; the figure thread loads resvg, and not Vega until a chart needs it", () => {
  const lab = runtimeImports(join(SRC, "cli/commands/lab.ts"));
  assert.ok(lab.files.includes(join(SRC, "lab/lab.ts")), "the command loads the lab");
  for (const heavy of ["vega", "vega-lite", "@resvg/resvg-js"]) assert.ok(!lab.packages.includes(heavy), heavy);
  const figures = runtimeImports(join(SRC, "plots/figure-worker.ts"));
  assert.ok(figures.packages.includes("@resvg/resvg-js"));
  for (const heavy of ["vega", "vega-lite"]) assert.ok(!figures.packages.includes(heavy), heavy);
  assert.ok(figures.files.includes(join(SRC, "plots/draw-chart.ts")), "it draws the lab's charts itself");
});
