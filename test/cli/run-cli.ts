/** Runs the built CLI as a user would. */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CLI = "dist/cli-bundle/main.js";

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { input?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliResult {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm run build first (npm test does)`);
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", input: options.input, cwd: options.cwd, env: options.env ?? process.env });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}
