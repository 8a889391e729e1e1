/** A reader that stops early (`tracegrad … | head -1`) ends the command quietly: exit 0, no stack trace. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { CLI } from "./run-cli.js";

test("a closed pipe on standard output ends the command with status 0 and nothing on standard error", async () => {
  const points = Array.from({ length: 800 }, (_, i) => i + 1).join(",");
  const child = spawn(process.execPath, [CLI, "activations", "--at", points], { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  // Read the first chunk, then close the pipe as `head -1` would.
  await new Promise<void>((resolve) => child.stdout.once("data", () => resolve()));
  child.stdout.destroy();
  const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  assert.equal(status, 0, stderr);
  assert.equal(stderr, "");
});
