import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLab } from "../../src/lab/lab.js";
import { trainRun } from "../../src/run/training-run.js";
import { checkRunOptions, resolveRunConfig } from "tracegrad/internal/run/run-config";
import { learningCurve } from "../../src/plots/learning-curve.js";
import { renderSvg } from "../../src/plots/render-svg.js";

test("the lab writes a report with pipe tables, at least four existing figures, an HTML copy and every run", async () => {
  const out = mkdtempSync(join(tmpdir(), "tracegrad-lab-"));
  const result = await runLab({ out, epochs: 200 });
  const md = readFileSync(join(out, "report.md"), "utf8");
  const tables = md.split("\n").filter((l) => l.startsWith("|"));
  assert.ok(tables.length > 20);
  assert.ok(tables.every((l) => l.endsWith("|")), "every table row has a trailing pipe");
  const figures = [...md.matchAll(/!\[[^\]]+\]\(([^)]+\.png)\)/g)].map((m) => m[1]);
  assert.ok(figures.length >= 4, `${figures.length} figures`);
  for (const f of figures) assert.ok(existsSync(join(out, f)), f);
  const html = readFileSync(join(out, "report.html"), "utf8");
  assert.equal((html.match(/data:image\/png;base64,/g) ?? []).length, figures.length);
  assert.equal(result.runs, 18);
  const metrics = JSON.parse(readFileSync(join(out, "runs", "xor-easy", "metrics.json"), "utf8"));
  assert.equal(metrics.epochs, 200);
  // The table's numbers are the runs' own.
  assert.ok(md.includes(`| XOR, with biases | 200 |`));
});

test("the lab's runs that are the same run (XOR at η = 1, with 4 hidden units) are trained once: the same files as training it alone", async () => {
  const out = mkdtempSync(join(tmpdir(), "tracegrad-lab-"));
  await runLab({ out, epochs: 150, seed: 3 });
  const alone = mkdtempSync(join(tmpdir(), "tracegrad-lab-alone-"));
  trainRun(resolveRunConfig({}, checkRunOptions({ seed: 3, epochs: 150, data: "xor-easy", layers: "2-4-4-1", activation: "sigmoid", loss: "mse", optimizer: "sgd", lr: 1 })), { out: alone });
  const withoutTime = (text: string) => text.replace(/"trainSeconds": [^,\n]+/, "");
  const expectedModel = readFileSync(join(alone, "model.json"), "utf8");
  const expectedMetrics = withoutTime(readFileSync(join(alone, "metrics.json"), "utf8"));
  for (const run of ["xor-easy", "xor-lr-1", "xor-hidden-4"]) {
    assert.equal(readFileSync(join(out, "runs", run, "model.json"), "utf8"), expectedModel, run);
    assert.equal(withoutTime(readFileSync(join(out, "runs", run, "metrics.json"), "utf8")), expectedMetrics, run);
  }
  // Trained once: one training time, the same in each of the three files and the report's three rows.
  const seconds = ["xor-easy", "xor-lr-1", "xor-hidden-4"].map((run) => JSON.parse(readFileSync(join(out, "runs", run, "metrics.json"), "utf8")).trainSeconds);
  assert.equal(new Set(seconds).size, 1, seconds.join(", "));
  // A run that differs (η = 0.1) is not a copy.
  assert.notEqual(readFileSync(join(out, "runs", "xor-lr-0.1", "model.json"), "utf8"), expectedModel);
});

test("the lab's learning-curve figures are the charts of the runs' whole histories (the lab thins them first, to the same points)", async () => {
  // 1,500 epochs: more than a chart draws of a series (1,000), so the lab's thinning is at work.
  const out = mkdtempSync(join(tmpdir(), "tracegrad-lab-"));
  await runLab({ out, epochs: 1500 });
  const losses = (run: string): number[] => JSON.parse(readFileSync(join(out, "runs", run, "metrics.json"), "utf8")).history.map((r: { loss: number }) => r.loss);
  const rates = [0.01, 0.1, 1, 10];
  const series = rates.map((lr) => ({
    name: `η = ${lr}`,
    points: losses(`xor-lr-${lr}`).map((value, i) => ({ epoch: i + 1, value })).filter((p) => Number.isFinite(p.value) && p.value > 0),
  }));
  assert.ok(series.every((s) => s.points.length > 1000), "every series is thinned");
  const expected = await renderSvg(learningCurve(series, { title: "XOR: learning curves by learning rate", yTitle: "MSE loss", logScale: true }));
  assert.equal(readFileSync(join(out, "figures", "learning-rates.svg"), "utf8"), expected + "\n");
});
