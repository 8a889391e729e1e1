#!/usr/bin/env node
// Writes the worked solution of every example under examples/ (step specs) and examples/worked/ (the
// problem files of scale, update and activations) to examples/solutions/, as text and as
// Markdown, with the built CLI (run `npm run build` first). `--check` compares instead of writing and
// exits 1 when a committed solution is out of date.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { basename, join } from "node:path";

const check = process.argv.includes("--check");
const examples = readdirSync("examples").filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
const outputs = [];
for (const file of examples) {
  const name = basename(file).replace(/\.(ya?ml|json)$/, "");
  outputs.push([`${name}.txt`, ["step", join("examples", file)]]);
  outputs.push([`${name}.md`, ["step", join("examples", file), "--format", "markdown"]]);
  if (name.includes("gradient-check")) outputs.push([`${name}.gradcheck.txt`, ["gradcheck", join("examples", file)]]);
  if (name.endsWith("-init")) outputs.push([`${name}.init.txt`, ["init", "--weights", join("examples", file)]]);
}
// The problem files of the smaller computations, examples/worked/NAME.COMMAND.yaml, worked by COMMAND.
for (const file of readdirSync("examples/worked").filter((f) => /\.[a-z]+\.ya?ml$/.test(f)).sort()) {
  const [, name, command] = /^(.*)\.([a-z]+)\.ya?ml$/.exec(file);
  const path = join("examples/worked", file);
  const extra = command === "update" ? ["--compare"] : [];
  outputs.push([`worked/${name}.txt`, [command, path, ...extra]]);
  outputs.push([`worked/${name}.md`, [command, path, ...extra, "--format", "markdown"]]);
}
mkdirSync("examples/solutions/worked", { recursive: true });
let stale = 0;
for (const [out, args] of outputs) {
  const r = spawnSync(process.execPath, ["packages/cli/bin/tracegrad.cjs", ...args], { encoding: "utf8" });
  if (r.status !== 0) {
    console.error(`tracegrad ${args.join(" ")} failed: ${r.stderr}`);
    process.exit(1);
  }
  const path = join("examples/solutions", out);
  if (check) {
    if (!existsSync(path) || readFileSync(path, "utf8") !== r.stdout) {
      console.error(`${path} is out of date: run npm run examples`);
      stale++;
    }
  } else {
    writeFileSync(path, r.stdout);
  }
}
if (stale > 0) process.exit(1);
if (!check) console.log(`wrote ${outputs.length} solutions to examples/solutions/`);
