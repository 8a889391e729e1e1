/** tracegrad step --steps N (--summary), and check of answers that name a step, as a learner runs them. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./run-cli.js";

const SPEC = "examples/module11-2-2-2.yaml";

test("--steps 3 --summary: one row per step, each starting from the weights the row before left", () => {
  const r = runCli(["step", SPEC, "--steps", "3", "--summary", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const steps = (JSON.parse(r.stdout) as { steps: { step: number; loss: number; lossAfter: number; layers: { weights: number[][] }[] }[] }).steps;
  assert.deepEqual(steps.map((s) => s.step), [1, 2, 3]);
  // The loss after a step is the loss before the next.
  assert.equal(steps[1].loss, steps[0].lossAfter);
  assert.equal(steps[2].loss, steps[1].lossAfter);
  const text = runCli(["step", SPEC, "--steps", "3", "--summary"]);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /step\s+E\s+w1\s+w2\s+w3\s+w4\s+w5\s+w6\s+w7\s+w8\s+E after/);
  const full = runCli(["step", SPEC, "--steps", "2"]);
  assert.match(full.stdout, /Step 1 of 2[\s\S]*Step 2 of 2/);
});

test("--steps 0 and a forward pass only are one-line errors (exit 2)", () => {
  const r = runCli(["step", SPEC, "--steps", "0"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^tracegrad: --steps must be a whole number from 1 to 1000/);
  const f = runCli(["step", "examples/nn-exercises-ex1-forward.yaml", "--steps", "2"]);
  assert.equal(f.status, 2);
  assert.match(f.stderr, /--steps: .* has no update to repeat: it has no targets/);
});

test("check grades step2.w1 against the second step, a bare w1 against the first", () => {
  const json = JSON.parse(runCli(["step", SPEC, "--steps", "2", "--json"]).stdout) as { steps: { layers: { weights: number[][] }[] }[] };
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-steps-"));
  const w1 = (k: number) => json.steps[k].layers[0].weights[0][0];
  writeFileSync(join(dir, "right.yaml"), `w1: ${w1(0)}\nstep2.w1: ${w1(1)}\n`);
  const right = runCli(["check", SPEC, join(dir, "right.yaml")]);
  assert.equal(right.status, 0, right.stdout + right.stderr);
  writeFileSync(join(dir, "wrong.yaml"), `step2:\n  w1: ${w1(1) + 0.01}\n`);
  const wrong = runCli(["check", SPEC, join(dir, "wrong.yaml")]);
  assert.equal(wrong.status, 1, wrong.stdout + wrong.stderr);
});
