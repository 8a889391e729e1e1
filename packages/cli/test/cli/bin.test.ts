// The `tracegrad` command as npm links it (bin/tracegrad.cjs): it gives libuv's thread pool one
// thread unless the user chose a size, and otherwise is the bundled CLI.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const BIN = join(dirname(fileURLToPath(import.meta.url)), "../../bin/tracegrad.cjs");

/** Runs the command with a preload that reports, at exit, the thread-pool size the process ran with. */
function poolSize(env: Record<string, string>): { status: number | null; stdout: string; size: string } {
  const folder = mkdtempSync(join(tmpdir(), "tracegrad-bin-"));
  try {
    const preload = join(folder, "report.cjs");
    writeFileSync(preload, 'process.on("exit", () => process.stderr.write(`pool=${process.env.UV_THREADPOOL_SIZE}\\n`));\n');
    const clean = { ...process.env };
    delete clean.UV_THREADPOOL_SIZE;
    const result = spawnSync(process.execPath, ["-r", preload, BIN, "--version"], { encoding: "utf8", env: { ...clean, ...env } });
    return { status: result.status, stdout: result.stdout.trim(), size: /pool=(\S+)/.exec(result.stderr)?.[1] ?? "" };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

test("the tracegrad command runs the CLI with one thread in libuv's pool, unless UV_THREADPOOL_SIZE is set", () => {
  const chosen = poolSize({});
  assert.equal(chosen.status, 0);
  assert.match(chosen.stdout, /^\d+\.\d+\.\d+$/, "the CLI ran (--version)");
  assert.equal(chosen.size, "1");
  assert.equal(poolSize({ UV_THREADPOOL_SIZE: "3" }).size, "3", "the user's choice is kept");
});
