/**
 * What the fuzz campaign found, kept as regression tests: each a case that once ended otherwise than
 * in a normal run or one short clean line.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CLI } from "../cli/run-cli.js";

test("a name thousands of characters long (a file, an --out, a published: file) is cut in the one-line message", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-findings-"));
  copyFileSync("examples/nn-exercises-ex3-scaling.csv", join(dir, "scaling.csv"));
  copyFileSync("examples/lab-activity-3-relu-3-2-1.yaml", join(dir, "relu.yaml"));
  const long = "a".repeat(3000);
  const cases = [
    ["batchnorm", "scaling.csv", "--gradient", long],
    ["lab", "--out", long, "--epochs", "1", "--quiet"],
    ["scale", "scaling.csv", "--method", "minmax", "--scaled-out", long],
    ["step", long],
    ["step", "relu.yaml", `--${long}`],
  ];
  for (const args of cases) {
    const r = spawnSync(process.execPath, [resolve(CLI), ...args], { cwd: dir, encoding: "utf8" });
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stdout, "");
    const lines = r.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1);
    assert.ok(lines[0].length < 400, `${args[0]}: ${lines[0].length} characters`);
    assert.match(lines[0], /^tracegrad: .*a{38}…/);
  }
  rmSync(dir, { recursive: true, force: true });
});
