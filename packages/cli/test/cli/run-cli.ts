/** Runs the built CLI as a user would. */
import { spawnSync } from "node:child_process";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";

/** The `tracegrad` command as npm links it (package.json bin). */
export const CLI = "packages/cli/bin/tracegrad.cjs";
/** The bundled program it loads, which the build writes. */
const BUNDLE = "packages/cli/dist/cli-bundle/main.cjs";

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run npm run build first (npm test does)`);
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", input: options.input, cwd: options.cwd, env: options.env ?? process.env });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Asserts that a command fails as a user's mistake: exit 2, nothing on stdout, one line on stderr matching `pattern`. */
export function expectUserError(args: string[], pattern: RegExp): void {
  const r = runCli(args);
  assert.equal(r.status, 2, `exit status for ${args.join(" ")}: ${r.stderr}`);
  assert.equal(r.stdout, "", "nothing on stdout");
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  assert.match(lines[0], /^tracegrad: /);
  assert.match(lines[0], pattern);
}
