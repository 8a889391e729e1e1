import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";

const KERNELS = new URL("../../src/kernels/", import.meta.url);

test("gemm-wasm.generated.ts is up to date with gemm.wat", () => {
  const result = spawnSync(process.execPath, ["packages/tracegrad/scripts/build-wasm.mjs", "--check"], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
});

test("the kernels bundle for the browser: no module imports a Node built-in", async () => {
  for (const file of readdirSync(KERNELS).filter((f) => f.endsWith(".ts"))) {
    const source = readFileSync(new URL(file, KERNELS), "utf8");
    assert.doesNotMatch(source, /^import (?!type )[^;]*from "node:/m, `${file} imports a Node module`);
    assert.doesNotMatch(source, /import\(\s*["']node:/, `${file} imports a Node module dynamically`);
  }
  const bundle = await build({
    entryPoints: [new URL("index.ts", KERNELS).pathname],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    logLevel: "silent",
  });
  assert.equal(bundle.errors.length, 0);
  const text = bundle.outputFiles[0].text;
  // (The worker's script, a string, may name node:worker_threads: it only runs in a Node worker.)
  assert.doesNotMatch(text, /^\s*import[^;"']*["']node:|\bimport\(\s*["']node:/m);
});
