/**
 * A new activation is one registry entry: with softplus registered and nothing else changed, the
 * command line lists it in --help (with its summary), accepts it in a spec and prints its worked
 * solution, and trains with it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

function withSoftplus(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, ["--import", "tsx", "packages/cli/test/cli/with-softplus.ts", ...args], { encoding: "utf8" });
}

test("train --help lists a registered activation with its summary", () => {
  const r = withSoftplus(["train", "--help"]);
  assert.equal(r.status, 0, r.stderr);
  const help = r.stdout.replace(/\s+/g, " "); // commander wraps long descriptions
  assert.match(help, /--activation <name> hidden activation: identity, sigmoid, tanh, relu, leaky-relu, gaussian, softplus /);
  assert.match(help, /Activations: .* softplus softplus\(z\) = ln\(1 \+ e\^z\), a smooth ReLU/);
});

test("step works a spec with a registered activation, and train trains with it", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-softplus-"));
  const spec = join(dir, "net.yaml");
  writeFileSync(spec, "inputs: [0.5, -1]\ntargets: [0.2]\nloss: half-sse\nlearningRate: 0.1\nlayers:\n  - activation: softplus\n    weights: [[0.3, -0.2]]\n  - activation: identity\n    weights: [[0.6]]\n");
  const step = withSoftplus(["step", spec]);
  assert.equal(step.status, 0, step.stderr);
  const z = 0.3 * 0.5 - 0.2 * -1;
  assert.match(step.stdout, /a_h1 = softplus\(z_h1\) = ln\(1 \+ e\^z_h1\) = ln\(1 \+ e\^0\.35\) = /);
  assert.ok(step.stdout.includes(`= ${Math.log(1 + Math.exp(z)).toPrecision(8).replace(/0+$/, "")}`), step.stdout);

  const train = withSoftplus(["train", "--data", "xor-easy", "--layers", "2-4-1", "--activation", "softplus", "--loss", "bce", "--optimizer", "adam", "--lr", "0.05", "--epochs", "300", "--quiet", "--json"]);
  assert.equal(train.status, 0, train.stderr);
  const metrics = JSON.parse(train.stdout) as { final: { trainLoss: number } };
  assert.ok(metrics.final.trainLoss < Math.log(2), `the loss fell below ln 2: ${metrics.final.trainLoss}`);
});
