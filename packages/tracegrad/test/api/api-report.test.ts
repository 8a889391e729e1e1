// The API report's check fails on a public surface that the committed report does not show. (`npm run
// lint` checks the committed report itself; here a copy of it with one declaration changed must fail.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

test("a public surface that differs from the report fails the check, naming the lines", () => {
  const committed = readFileSync("packages/tracegrad/api/tracegrad.api.md", "utf8");
  const line = "    predict(rows: readonly (readonly number[])[]): number[][];";
  assert.ok(committed.includes(line), "the report shows Sequential.predict's signature");
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-api-"));
  try {
    const stale = join(dir, "stale.api.md");
    writeFileSync(stale, committed.replace(line, "    predict(x: ArrayLike<number>, rows: number): Float64Array;"));
    const run = spawnSync(process.execPath, ["scripts/api-report.mjs", "--report", stale], { encoding: "utf8" });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stderr, /the public API differs from .*stale\.api\.md/);
    assert.ok(run.stderr.includes(`- ${"    predict(x: ArrayLike<number>, rows: number): Float64Array;"}`));
    assert.ok(run.stderr.includes(`+ ${line}`));
  } finally {
    rmSync(dir, { recursive: true });
  }
});
