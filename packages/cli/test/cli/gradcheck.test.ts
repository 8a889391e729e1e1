import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "./run-cli.js";
import { assertClose } from "../../../tracegrad/test/helpers.js";

test("gradcheck of seed 001: every gradient agrees, exit 0", () => {
  const r = runCli(["gradcheck", "examples/module11-2-2-2.yaml"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /All 8 gradients agree/);
  assert.match(r.stdout, /^w2 +0\.0025736051 +0\.0025736051 +/m);
});

test("gradcheck --json of seed 004 exercise 5 shows both losses of the central difference", () => {
  const r = runCli(["gradcheck", "examples/nn-exercises-ex5-gradient-check.yaml", "--json", "--epsilon", "1e-4"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const w = out.parameters.find((p: { name: string }) => p.name === "W");
  assertClose(w.lossPlus, 0.5 * 0.1002 ** 2, 1e-12);
  assertClose(w.lossMinus, 0.5 * 0.0998 ** 2, 1e-12);
  assertClose(w.numeric, 0.2, 1e-9);
  assert.equal(out.ok, true);
});

test("gradcheck fails (exit 1) where a ReLU input sits on its kink: the one-sided derivative is not the central difference", () => {
  // z = 1·1 - 1 = 0 exactly: relu'(0) = 0 by convention, but (L(w+ε) - L(w-ε))/2ε sees half a slope.
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-"));
  const file = join(dir, "kink.yaml");
  writeFileSync(file, "inputs: [1]\ntargets: [2]\nloss: half-sse\nlayers:\n  - activation: relu\n    weights: [[1]]\n    bias: [-1]\n");
  const r = runCli(["gradcheck", file]);
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /FAIL/);
});

test("dead ReLU units: both gradients are exactly 0 and the relative error is 0", () => {
  const r = runCli(["gradcheck", "examples/nn-exercises-ex2-relu-sigmoid-bce.yaml", "--json"]);
  const out = JSON.parse(r.stdout);
  const w1 = out.parameters.find((p: { name: string }) => p.name === "w1");
  assert.equal(w1.analytic, 0);
  assert.equal(w1.numeric, 0);
  assert.equal(w1.relativeError, 0);
});

test("gradcheck of a forward-only spec names the file", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-"));
  const file = join(dir, "forward.yaml");
  writeFileSync(file, "inputs: [1, 2]\nlayers:\n  - activation: relu\n    weights: [[1, 2]]\n");
  const r = runCli(["gradcheck", file]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, `tracegrad: ${file}: targets: gradcheck needs targets and a loss: this spec is a forward pass only\n`);
});
