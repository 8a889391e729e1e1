#!/usr/bin/env node
// Removes the outputs in a package's dist/ whose TypeScript source is gone from its src/ (a module
// renamed or deleted): tsc writes outputs but never removes them, and `npm pack` would ship them.
// Runs before tsc in the packages' build scripts, so an incremental build stays incremental.
//
//   node ../../scripts/prune-stale-dist.mjs     (from a package's folder: packages/tracegrad, packages/cli)
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";

const OUTPUT = /(\.d\.ts\.map|\.d\.ts|\.js\.map|\.js)$/;
const dist = "dist";

function prune(folder) {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      // The CLI's bundle is written by its own script, whole.
      if (path !== join(dist, "cli-bundle")) prune(path);
      continue;
    }
    const match = OUTPUT.exec(entry.name);
    if (match === null) continue;
    const source = join("src", relative(dist, folder), entry.name.slice(0, -match[1].length) + ".ts");
    if (!existsSync(source)) {
      rmSync(path);
      process.stdout.write(`prune-stale-dist: removed ${path} (${source} is gone)\n`);
    }
  }
}

prune(dist);
