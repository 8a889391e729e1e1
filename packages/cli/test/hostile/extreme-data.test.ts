/**
 * Data at the ends of the doubles: a CSV whose values are finite but near ±1e308, whose range (or the
 * plot's margin around it) is past the largest double. `train --out` once crashed drawing the decision
 * boundary (a grid of infinities: an internal error, exit 1, a folder half written).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CLI } from "../cli/run-cli.js";

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

test("train --out on data near ±1e308 trains and writes its files; the figures over the plane that cannot be drawn are left out, none holds NaN", () => {
  const cases: [string[], boolean][] = [
    [["1e308,-1e308,1", "1,1,0"], false],
    [["1e308,-1e308,1", "-1e308,1e308,0", "0,0,1"], false],
    [["1.7e308,0,1", "-1.7e308,1,0"], false],
    // The same shapes at ordinary sizes: every figure.
    [["1e3,-1e3,1", "1,1,0"], true],
  ];
  for (const [rows, drawn] of cases) {
    const what = rows.join(" / ");
    const dir = mkdtempSync(join(tmpdir(), "tracegrad-extreme-"));
    made.push(dir);
    writeFileSync(join(dir, "d.csv"), `x1,x2,y\n${rows.join("\n")}\n`);
    const r = spawnSync(process.execPath, [resolve(CLI), "train", "--data", "d.csv", "--layers", "2-3-1", "--epochs", "3", "--quiet", "--out", "run"], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 0, `${what}: ${r.stderr}`);
    assert.equal(r.stderr, "", what);
    const files = readdirSync(join(dir, "run"));
    for (const file of ["metrics.json", "model.json", "learning-curve.png", "confusion-matrix.png"]) assert.ok(files.includes(file), `${what}: ${file}`);
    for (const figure of ["decision-boundary", "predictions"]) assert.equal(files.includes(`${figure}.png`), drawn, `${what}: ${figure}.png`);
    for (const svg of files.filter((f) => f.endsWith(".svg"))) assert.doesNotMatch(readFileSync(join(dir, "run", svg), "utf8"), /NaN|Infinity/, `${what}: ${svg}`);
  }
});
