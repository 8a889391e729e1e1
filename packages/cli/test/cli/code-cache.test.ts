// The `tracegrad` command (bin/tracegrad.cjs) loads the program (main.cjs), and the program each
// command, through V8 code caches made at build time (scripts/bundle-cli.mjs, src/cli/load-command.ts).
// V8 rejects a cache made under other flags than the process runs with, silently: the file then
// compiles from its source on every run, about 50 ms of `tracegrad train`'s start-up. The command sets
// a V8 flag first (young-generation.ts), and the caches but step's were once made without it. Each
// command below runs with a preload that records, for every script compiled with cached data, whether
// V8 took it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLI } from "./run-cli.js";

const PRELOAD = `const vm = require("node:vm");
const Original = vm.Script;
vm.Script = class extends Original {
  constructor(code, options) {
    super(code, options);
    if (options && options.cachedData) {
      const rejected = this.cachedDataRejected;
      process.on("exit", () => process.stderr.write("code-cache " + require("node:path").basename(options.filename) + " rejected=" + rejected + "\\n"));
    }
  }
};
`;

const COMMANDS: readonly (readonly string[])[] = [
  ["step", "examples/module11-2-2-2.yaml"],
  ["gradcheck", "examples/nn-exercises-ex5-gradient-check.yaml"],
  ["train", "--data", "xor-easy", "--epochs", "2", "--quiet"],
  ["check", "examples/module11-2-2-2.yaml", "examples/answers/module11-published.yaml"],
  ["activations"],
];

test("the program's and every command's code cache are accepted by V8 where they load", () => {
  const folder = mkdtempSync(join(tmpdir(), "tracegrad-code-cache-"));
  try {
    const preload = join(folder, "record-code-cache.cjs");
    writeFileSync(preload, PRELOAD);
    for (const args of COMMANDS) {
      const result = spawnSync(process.execPath, ["-r", preload, CLI, ...args], { encoding: "utf8" });
      const loads = [...result.stderr.matchAll(/^code-cache (\S+) rejected=(true|false)$/gm)];
      assert.deepEqual(
        loads.map((l) => l[1]),
        ["main.cjs", `${args[0]}.cjs`],
        `${args[0]}: the program and the command loaded through their caches, got:\n${result.stderr}`,
      );
      for (const load of loads) assert.equal(load[2], "false", `${args[0]}: V8 rejected the code cache of ${load[1]}`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
