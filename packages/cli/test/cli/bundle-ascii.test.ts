// Every file of the CLI's bundle is ASCII (scripts/bundle-cli.mjs escapes the characters esbuild leaves
// in regular expression literals): one other character made Node read a whole command (350 kB for
// step) as a two-byte string, which V8 then parsed and kept at twice the size. The regular expressions
// so escaped still read the same characters: `step --ascii` (step.test.ts) turns δ and ∂ into words
// through them, in the bundle.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const BUNDLE = "packages/cli/dist/cli-bundle";

test("every file of the CLI's bundle is ASCII", () => {
  const files = ["main.cjs", "young-generation.cjs", "cached-module.cjs", ...readdirSync(join(BUNDLE, "commands")).filter((f) => f.endsWith(".cjs")).map((f) => join("commands", f))];
  assert.ok(files.includes(join("commands", "step.cjs")), "the step command is in the bundle");
  for (const file of files) {
    const text = readFileSync(join(BUNDLE, file), "utf8");
    const at = text.search(/[\u0080-\uffff]/);
    assert.equal(at, -1, `${file}: ${JSON.stringify(text.slice(at - 30, at + 10))}`);
  }
});
