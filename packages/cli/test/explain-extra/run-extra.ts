/**
 * Runs the worked-solution commands (scale, activations, init, update, batchnorm, dropout) as a user
 * would, through the built `tracegrad`.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../cli/run-cli.js";
export type { CliResult } from "../cli/run-cli.js";
export { expectUserError } from "../cli/run-cli.js";

export const runExtra = runCli;

/** A folder of its own for a test's files. */
export function scratch(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-extra-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}
