// The library guide's examples (docs/library-guide.md) run as they are written, against the built
// package ("tracegrad", as a user installs it; `npm test` builds it first): every ```ts block is a
// program of its own, run with tsx in a folder outside the repository that sees the workspace's
// node_modules.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

const guide = readFileSync("docs/library-guide.md", "utf8");
const blocks = [...guide.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
const heading = (code: string) => guide.slice(0, guide.indexOf(code)).match(/^## (.*)$/gm)?.pop()?.slice(3) ?? "the start";

test("the guide has its examples: train, predict, save and load, a worker, a worked step, grading, errors", () => {
  assert.ok(blocks.length >= 7, `${blocks.length} blocks`);
  for (const name of ["fit(", "predict(", "save()", "Sequential.load(", "trainInWorker(", "toStepSpec(", "check(", "TracegradError"]) assert.ok(blocks.some((b) => b.includes(name)), name);
});

const dir = mkdtempSync(join(tmpdir(), "tracegrad-guide-"));
symlinkSync(resolve("node_modules"), join(dir, "node_modules"), "dir");
writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));

blocks.forEach((code, i) => {
  test(`guide example ${i + 1} (${heading(code)}) runs`, () => {
    const file = join(dir, `example-${i + 1}.ts`);
    writeFileSync(file, code);
    const run = spawnSync(process.execPath, ["--import", "tsx", file], { cwd: dir, encoding: "utf8", timeout: 120_000 });
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    assert.ok(run.stdout.trim().length > 0, "it prints what it shows");
  });
});

test.after(() => rmSync(dir, { recursive: true, force: true }));
