import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { expectUserError, runCli } from "./run-cli.js";
import { referenceStep } from "../../../tracegrad/test/reference/dense-network.js";
import { randomSpec } from "../../../tracegrad/test/reference/random-spec.js";
import { assertAllClose, assertClose } from "../../../tracegrad/test/helpers.js";

const SEED_001 = "examples/module11-2-2-2.yaml";

test("step --json prints exactly one JSON object with the numbers of the step", () => {
  const r = runCli(["step", SEED_001, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  const out = JSON.parse(r.stdout);
  assertClose(out.loss, 0.26060897, 0, 5e-9);
  assert.equal(out.layers.length, 2);
  for (const key of ["z", "a", "delta", "dW", "db", "weights", "bias"]) assert.ok(key in out.layers[0], key);
  assertAllClose(out.layers[0].dW, [[0.00051472, 0.0025736051], [0.0028738346, 0.01436917]], 0, 5e-9);
  assert.equal(out.layers[0].db, null);
  assert.equal(out.layers[0].bias, null);
});

test("--json agrees with the independent reference on random networks written as JSON files", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-"));
  fc.assert(
    fc.property(randomSpec, (spec) => {
      const file = join(dir, "net.json");
      writeFileSync(file, JSON.stringify(spec));
      const r = runCli(["step", file, "--json"]);
      assert.equal(r.status, 0, r.stderr);
      const out = JSON.parse(r.stdout);
      const ref = referenceStep(spec);
      assertClose(out.loss, ref.loss, 1e-9, 1e-12, "loss");
      out.layers.forEach((layer: Record<string, unknown>, l: number) => {
        assertAllClose(layer.delta, ref.delta[l], 1e-9, 1e-12, `delta[${l}]`);
        assertAllClose(layer.dW, ref.dW[l], 1e-9, 1e-12, `dW[${l}]`);
        assertAllClose(layer.weights, ref.weights[l], 1e-9, 1e-12, `weights[${l}]`);
        assertAllClose(layer.bias, ref.bias[l], 1e-9, 1e-12, `bias[${l}]`);
      });
    }),
    { seed: 12, numRuns: 12 },
  );
});

test("the four formats, --precision and --only", () => {
  const text = runCli(["step", SEED_001, "--precision", "4"]);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /E = 1\/2·\(\(t1 - a_o1\)² \+ \(t2 - a_o2\)²\) = 1\/2·\(\(0\.05 - 0\.6944\)² \+ \(0\.95 - 0\.6245\)²\) = 0\.2606/);
  assert.match(text.stdout, /∂E\/∂w2 = δ_h1·i2 = 0\.005147·0\.5 = 0\.002574/);
  const md = runCli(["step", SEED_001, "--format", "markdown"]);
  assert.match(md.stdout, /^# Module 11 activity/);
  assert.match(md.stdout, /\$\$\\frac\{\\partial E\}\{\\partial w_\{2\}\} = \\delta_\{h_\{1\}\} \\cdot i_\{2\} = 0\.0051472103 \\cdot 0\.5 = 0\.0025736051\$\$/);
  const tex = runCli(["step", SEED_001, "--format", "latex"]);
  assert.match(tex.stdout, /^\\documentclass/);
  assert.match(tex.stdout, /\\end\{document\}\n$/);
  const only = runCli(["step", SEED_001, "--only", "loss"]);
  assert.doesNotMatch(only.stdout, /Forward pass|Backward pass/);
  assert.match(only.stdout, /1\. Loss/);
  const ascii = runCli(["step", SEED_001, "--ascii"]);
  assert.ok([...ascii.stdout].every((c) => c.charCodeAt(0) < 128), "pure ASCII");
  assert.match(ascii.stdout, /dE\/dw2 = delta_h1\*i2 = 0\.0051472103\*0\.5 = 0\.0025736051/);
});

test("numbers print with 8 significant digits, trailing zeros trimmed, ASCII minus", () => {
  const r = runCli(["step", SEED_001]);
  assert.match(r.stdout, /w7 ← w7 - η·∂E\/∂w7 = 0\.8 - 0\.001·\(-0\.043465286\) = 0\.80004347/);
  assert.doesNotMatch(r.stdout, /−/, "no typeset minus outside LaTeX");
});

test("--out writes the file atomically and prints nothing", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-"));
  const out = join(dir, "sub", "solution.md");
  const r = runCli(["step", SEED_001, "--format", "markdown", "--out", out]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "");
  assert.match(readFileSync(out, "utf8"), /^# Module 11/);
  assert.deepEqual(readdirSync(join(dir, "sub")), ["solution.md"], "no temporary file left behind");
});

test("every bundled example runs in every format", () => {
  for (const file of readdirSync("examples").filter((f) => f.endsWith(".yaml") || f.endsWith(".json"))) {
    for (const format of ["text", "markdown", "latex", "json"]) {
      const r = runCli(["step", join("examples", file), "--format", format]);
      assert.equal(r.status, 0, `${file} (${format}): ${r.stderr}`);
      assert.ok(r.stdout.length > 100, `${file} (${format}) printed little`);
    }
  }
});

/** {@link expectUserError} with input files written to a folder of their own first. */
function expectUserErrorWith(args: string[], pattern: RegExp, files: Record<string, string> = {}): void {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  expectUserError(args.map((a) => (a in files ? join(dir, a) : a)), pattern);
}

test("bad input: one line on stderr, exit 2, nothing on stdout", () => {
  expectUserErrorWith(["step", "missing.yaml"], /^tracegrad: file not found: missing\.yaml$/);
  expectUserErrorWith(["step", "empty.yaml"], /empty\.yaml: the file is empty$/, { "empty.yaml": "" });
  expectUserErrorWith(["step", "bad.json"], /bad\.json:1:\d+: malformed JSON/, { "bad.json": '{"inputs": [1,}' });
  expectUserErrorWith(["step", "bad.yaml"], /bad\.yaml:3:15: layers\[0\]\.weights\[0\]: has 3 weights; layer 1 needs one per input: 2/, {
    "bad.yaml": "inputs: [1, 2]\nlayers:\n  - weights: [[1, 2, 3]]\n    activation: relu\n",
  });
  expectUserErrorWith(["step", "nan.yaml"], /nan\.yaml:1:13: inputs\[1\]: is NaN/, { "nan.yaml": "inputs: [1, .nan]\nlayers:\n  - weights: [[1, 2]]\n    activation: relu\n" });
  expectUserErrorWith(["step", "act.yaml"], /act\.yaml:4:17: layers\[0\]\.activation: unknown activation "sigmoidd"/, {
    "act.yaml": "inputs: [1, 2]\nlayers:\n  - weights: [[1, 2]]\n    activation: sigmoidd\n",
  });
  expectUserErrorWith(["step", "examples/module11-2-2-2.yaml", "--precision", "0"], /--precision must be a whole number from 1 to 17/);
  expectUserErrorWith(["step", "examples/module11-2-2-2.yaml", "--only", "fwd"], /--only: unknown section "fwd"/);
  expectUserErrorWith(["step", "examples/module11-2-2-2.yaml", "--bogus"], /unknown option '--bogus'/);
  expectUserErrorWith(["stpe"], /unknown command 'stpe'/);
});

test("--help on every command, and --version", () => {
  for (const args of [["--help"], ["step", "--help"], ["gradcheck", "--help"]]) {
    const r = runCli(args);
    assert.equal(r.status, 0);
    assert.match(r.stdout, /Usage: tracegrad/);
  }
  assert.match(runCli(["--version"]).stdout, /^\d+\.\d+\.\d+\n$/);
});

test("the committed worked solutions under examples/solutions/ match what tracegrad prints now", () => {
  const r = spawnSync(process.execPath, ["scripts/render-examples.mjs", "--check"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
});

test("the Module 11 activity: the worked solution says exactly where its published answers differ, and why", () => {
  const r = runCli(["step", SEED_001, "--json"]);
  const notes: string[] = JSON.parse(r.stdout).solution.notes;
  const differs = notes.filter((n) => n.startsWith("Where Module 11 activity, Problem 1 differs"));
  assert.equal(differs.length, 4);
  assert.match(differs[0], /publishes ∂E\/∂w2 = 0\.00287383; the value is 0\.0025736051 \(swapped\)/);
  assert.match(differs[1], /publishes ∂E\/∂w3 = 0\.00257361; the value is 0\.0028738346 \(swapped\)/);
  assert.match(differs[2], /publishes new w2 = 0\.39999713; the value is 0\.39999743 \(propagated-error\)/);
  assert.match(differs[3], /publishes new w3 = 0\.29999743; the value is 0\.29999713 \(propagated-error\)/);
  // The published solution's values are "its", not the reader's.
  assert.match(differs[2], /Consistent with its ∂E\/∂w2 = 0\.00287383 \(swapped\)/);
  for (const note of differs) assert.doesNotMatch(note, /\byour\b/);
});

test("a published: file that does not exist is named with the spec's field", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-"));
  const spec = join(dir, "net.yaml");
  writeFileSync(spec, readFileSync(SEED_001, "utf8"));
  expectUserError(["step", spec], /net\.yaml: published: file not found: .*answers\/module11-published\.yaml \(named by published\)/);
});

test("a mistake in published answers is reported at its line and column, inline or in the file it names", () => {
  const seed = readFileSync(SEED_001, "utf8");
  expectUserErrorWith(["step", "inline.yaml"], /inline\.yaml:11:28: published\.E_totl: unknown quantity "E_totl"/, {
    "inline.yaml": seed.replace(/^published: .*$/m, "published: {E_total: 0.26, E_totl: 0.26}"),
  });
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-"));
  writeFileSync(join(dir, "net.yaml"), seed.replace(/^published: .*$/m, "published: answers.yaml"));
  writeFileSync(join(dir, "answers.yaml"), "E_total: 0.26\nw9: 1\n");
  expectUserError(["step", join(dir, "net.yaml")], /answers\.yaml:2:1: w9: unknown quantity "w9"/);
});

const BCE_IDENTITY = (x: number, lr: number) => `inputs: {x: ${x}}\ntargets: {y: 1}\nloss: bce\nlearningRate: ${lr}\nlayers:\n  - units: [yhat]\n    activation: identity\n    weights: [w: 1]\n`;

test("bce: outputs outside (0, 1) are refused where given; an update that pushes them out leaves no loss after it, and says so", () => {
  expectUserErrorWith(["step", "out.yaml"], /out\.yaml:7:17: layers\[0\]\.activation: the loss bce needs outputs strictly between 0 and 1, but layer 1 \(identity\) gives yhat = 1\.4 for sample 1/, {
    "out.yaml": BCE_IDENTITY(1.4, 0.1),
  });
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-"));
  const file = join(dir, "pushed.yaml");
  // ŷ = w·x = 0.4, L = -ln 0.4, ∂L/∂w = -x/ŷ = -1, so w ← 1 - 2·(-1) = 3 and ŷ after = 1.2.
  writeFileSync(file, BCE_IDENTITY(0.4, 2));
  const r = runCli(["step", file, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assertClose(out.loss, -Math.log(0.4), 1e-15, 0);
  assertClose(out.layers[0].weights[0][0], 3, 1e-15, 0);
  assert.equal(out.lossAfter, null);
  assert.ok(out.solution.notes.some((n: string) => /The update takes an output out of \(0, 1\), where bce is not defined: .* gives yhat = 1\.2\d* for sample 1/.test(n)));
});

test("a loss past the range of float64 is said to be so, not 'did not change'", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-"));
  const file = join(dir, "huge.yaml");
  // (t - y)² with y = 1e200 overflows to Infinity before and after the update.
  writeFileSync(file, "inputs: [1e200]\ntargets: [0]\nloss: mse\nlearningRate: 0.1\nlayers:\n  - activation: identity\n    weights: [[1]]\n");
  const notes: string[] = JSON.parse(runCli(["step", file, "--json"]).stdout).solution.notes;
  assert.ok(notes.some((n) => /past the range of float64/.test(n)));
  assert.ok(!notes.some((n) => /did not change/.test(n)));
});

test("--only names a section that the spec cannot have", () => {
  expectUserErrorWith(["step", "fwd.yaml", "--only", "forward,backward"], /--only: .*fwd\.yaml has no backward section: it has no targets, so it is a forward pass only$/, {
    "fwd.yaml": "inputs: [1, 2]\nlayers:\n  - activation: relu\n    weights: [[1, 2]]\n",
  });
  expectUserErrorWith(["step", "nolr.yaml", "--only", "update"], /nolr\.yaml has no update section: it has no learningRate, so there is no update$/, {
    "nolr.yaml": "inputs: [1, 2]\ntargets: [1]\nloss: mse\nlayers:\n  - activation: relu\n    weights: [[1, 2]]\n",
  });
});
