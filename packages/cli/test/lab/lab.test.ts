import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLab } from "../../src/lab/lab.js";

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
