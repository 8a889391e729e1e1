#!/usr/bin/env node
// Runs test files (*.test.ts) with Node's own test runner, TypeScript loaded through tsx, from the
// repository's root (the tests name files such as examples/… relative to it).
//
//   node scripts/run-tests.mjs                          every package's tests
//   node scripts/run-tests.mjs packages/cli/test        one package's (its `npm test` runs this)
//   node scripts/run-tests.mjs trainer grade            the files whose path contains a word
//
// (Node 20's `--test` neither expands globs nor finds .ts files in a folder, so the list is made here.)
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

process.chdir(new URL("..", import.meta.url).pathname);

function findTests(dir) {
  const found = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...findTests(path));
    else if (entry.name.endsWith(".test.ts")) found.push(path);
  }
  return found.sort();
}

const args = process.argv.slice(2);
const roots = args.filter((a) => existsSync(a) && statSync(a).isDirectory());
const filters = args.filter((a) => !roots.includes(a));
const searched = roots.length > 0 ? roots : readdirSync("packages").map((p) => join("packages", p, "test")).filter((d) => existsSync(d));
const files = searched.flatMap(findTests).filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
if (files.length === 0) {
  console.error(`no test files match ${args.join(" ")}`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ["--import", "tsx", "--test", ...files], { stdio: "inherit" });
process.exit(result.status ?? 1);
