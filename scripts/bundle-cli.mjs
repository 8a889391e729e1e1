#!/usr/bin/env node
// Bundles the CLI (after tsc) into dist/cli-bundle/: one file per command, loaded only when that
// command runs, so `tracegrad step` starts in little more than Node's own start-up. Packages with
// native parts, data files or large optional engines stay external.
import { rmSync } from "node:fs";
import { build } from "esbuild";

// Chunk names carry content hashes: start from an empty folder so no stale chunk is left behind.
rmSync("dist/cli-bundle", { recursive: true, force: true });

await build({
  entryPoints: ["src/cli/main.ts"],
  outdir: "dist/cli-bundle",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  // The ESM builds of dependencies (jsonc-parser's UMD build hides its requires from the bundler).
  mainFields: ["module", "main"],
  target: "node20",
  minify: true,
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  external: ["@resvg/resvg-js", "vega", "vega-lite", "onnxruntime-web", "mnist", "dejavu-fonts-ttf"],
  // Bundled CommonJS packages call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __tracegradRequire } from 'node:module'; const require = __tracegradRequire(import.meta.url);" },
});
