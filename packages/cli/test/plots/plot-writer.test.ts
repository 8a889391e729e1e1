// The figure thread (src/plots/plot-writer.ts): charts handed to it are written as writePlot writes
// them here, byte for byte; flush() waits for them and fails with the first that could not be written,
// while the others are still written.
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decisionBoundary } from "../../src/plots/decision-boundary.js";
import { learningCurve } from "../../src/plots/learning-curve.js";
import { PlotWriter } from "../../src/plots/plot-writer.js";
import { writePlot } from "../../src/plots/write-plot.js";
import { axis, lossCurve, xorEasy } from "./fixtures.js";

const work = mkdtempSync(join(tmpdir(), "tracegrad-plot-writer-"));
after(() => rmSync(work, { recursive: true, force: true }));

const grid = axis(20, 0, 1);
const specs = {
  curve: learningCurve([{ name: "training loss", points: lossCurve(3000) }, { name: "validation loss", points: lossCurve(3000, 10).map((p) => ({ ...p, value: 1.1 * p.value })) }], { logScale: true, title: "Two curves" }),
  boundary: decisionBoundary({ x0: grid, x1: grid, values: grid.map((x1) => grid.map((x0) => x0 * x1)) }, xorEasy(), { classes: 2, title: "A boundary" }),
};

test("charts written on the figure thread are the files writePlot writes here, byte for byte", async () => {
  const writer = new PlotWriter();
  try {
    const paths = Object.entries(specs).map(([name, spec]) => writer.write(spec, join(work, "thread", name)));
    assert.deepEqual(paths[0], { svg: join(work, "thread", "curve.svg"), png: join(work, "thread", "curve.png") });
    assert.equal(writer.threaded, true);
    await writer.flush();
    for (const [name, spec] of Object.entries(specs)) {
      await writePlot(spec, join(work, "here", name));
      for (const extension of [".svg", ".png"]) {
        assert.ok(readFileSync(join(work, "here", name + extension)).equals(readFileSync(join(work, "thread", name + extension))), name + extension);
      }
    }
  } finally {
    await writer.close();
  }
});

test("a chart that cannot be written fails flush() with its message; the others are written", async () => {
  const blocker = join(work, "a-file");
  writeFileSync(blocker, "not a folder\n");
  const writer = new PlotWriter();
  try {
    writer.write(specs.curve, join(blocker, "curve"));
    writer.write(specs.boundary, join(work, "fine", "boundary"));
    await assert.rejects(writer.flush(), (error: Error) => error.message.includes("a-file"));
    assert.ok(existsSync(join(work, "fine", "boundary.png")));
    // Once flushed, nothing is left to report.
    await writer.flush();
  } finally {
    await writer.close();
  }
});
