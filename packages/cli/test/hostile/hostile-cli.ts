/**
 * What the hostile-input tests share: folders of a test's own files (removed when the file's tests
 * end), the CLI run in one of them, and the check of a clean user error (exit 2, nothing on stdout,
 * one line on stderr, no stack trace).
 */
import { after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { CLI } from "../cli/run-cli.js";
import type { CliResult } from "../cli/run-cli.js";

/** A maker of folders of a test's own files, named `prefix…`, all removed when the test file's tests end. */
export function folders(prefix: string): (files?: Record<string, string>) => string {
  const made: string[] = [];
  after(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });
  return (files = {}) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    made.push(dir);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(join(dir, name, ".."), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    return dir;
  };
}

/** Runs tracegrad in a folder. */
export function run(dir: string, args: string[], timeout = 120_000): CliResult {
  const result = spawnSync(process.execPath, [resolve(CLI), ...args], { cwd: dir, encoding: "utf8", timeout, maxBuffer: 256 * 1024 * 1024 });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Asserts a clean user error: exit 2, nothing on stdout, one line on stderr matching `pattern`, no stack trace. */
export function assertUserError(r: CliResult, pattern: RegExp, what: string): void {
  assert.equal(r.status, 2, `${what}: exit status (stderr: ${r.stderr.slice(0, 400)})`);
  assert.equal(r.stdout, "", `${what}: nothing on stdout`);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `${what}: one line on stderr, got:\n${r.stderr.slice(0, 800)}`);
  assert.doesNotMatch(r.stderr, /internal error|\n\s+at /, `${what}: no internal error, no stack trace`);
  assert.match(lines[0], /^tracegrad: /);
  assert.match(lines[0], pattern, what);
}
