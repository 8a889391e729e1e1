import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { activationPlotPanels } from "../../src/plots/activation-plot.js";
import { activationsResults, activationsWorked, runActivations } from "tracegrad/internal/explain/activations/explain-activations";
import { assertAllClose, assertClose } from "../../../tracegrad/test/helpers.js";
import { expectUserError, runExtra, scratch } from "./run-extra.js";
import { assertLatexDocument, assertMarkdownMath, assertStepsEvaluate } from "../../../tracegrad/test/explain-extra/worked-checks.js";

const sigma = (z: number) => 1 / (1 + Math.exp(-z));

/** Every activation and its derivative, written out here from their definitions. */
function closedForms(z: number, alpha: number): Record<string, [number, number]> {
  const s = sigma(z);
  const t = (Math.exp(z) - Math.exp(-z)) / (Math.exp(z) + Math.exp(-z));
  return {
    identity: [z, 1],
    sigmoid: [s, s * (1 - s)],
    tanh: [t, 1 - t * t],
    relu: [Math.max(0, z), z > 0 ? 1 : 0],
    "leaky-relu": [z > 0 ? z : alpha * z, z > 0 ? 1 : alpha],
    gaussian: [Math.exp(-z * z), -2 * z * Math.exp(-z * z)],
  };
}

test("seed 004 exercise 4's table: ReLU, leaky ReLU (α = 0.01), sigmoid and tanh at -2..2, tanh(±1) = ±0.76159416", () => {
  const r = activationsResults(runActivations());
  assert.deepEqual(r.points, [-2, -1, 0, 1, 2]);
  assert.deepEqual(r.activations.relu.value, [0, 0, 0, 1, 2]);
  assertAllClose(r.activations["leaky-relu"].value, [-0.02, -0.01, 0, 1, 2], 1e-15);
  assertAllClose(r.activations.sigmoid.value, [0.119, 0.269, 0.5, 0.731, 0.881], 0, 5e-4, "the seed's sigmoid, to 3 decimals");
  assertAllClose(r.activations.tanh.value, [-0.964, -0.762, 0, 0.762, 0.964], 0, 5e-4, "tanh(±1) rounds to ±0.762 (the seed prints ±0.761)");
  assertClose(r.activations.tanh.value[3], 0.76159416, 0, 5e-9);
  // The kinks: ReLU'(0) = 0, LeakyReLU'(0) = α.
  assert.equal(r.activations.relu.derivative![2], 0);
  assert.equal(r.activations["leaky-relu"].derivative![2], 0.01);
  const softmax = r.activations.softmax.value;
  const total = [-2, -1, 0, 1, 2].reduce((s, z) => s + Math.exp(z), 0);
  assertAllClose(softmax, [-2, -1, 0, 1, 2].map((z) => Math.exp(z) / total), 1e-15);
  // The code knows no course: the exercise's published table lives in its problem file, and exactly
  // tanh(±1) = ±0.761 differs from the recomputed values by more than its last digit.
  assert.deepEqual(activationsWorked(runActivations(), { precision: 8 }).notes, []);
  const run = runExtra(["activations", "examples/worked/nn-exercises-ex4-activations.activations.yaml"]);
  assert.equal(run.status, 0, run.stderr);
  const tanh1 = Math.tanh(1).toPrecision(8);
  assert.deepEqual(
    run.stdout.split("\n").filter((l) => l.includes("differs")).map((l) => l.replace(/^\s*- /, "")),
    [
      `Where Neural Networks Exercises, exercise 4 differs: it publishes a⁽²⁾ (Tanh) = -0.761; the value is -${tanh1}.`,
      `Where Neural Networks Exercises, exercise 4 differs: it publishes a⁽⁴⁾ (Tanh) = 0.761; the value is ${tanh1}.`,
    ],
  );
});

test("at random points: every value and derivative is the closed form, and every printed step evaluates to its value", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 6 }), fc.double({ min: 0, max: 0.5, noNaN: true }), (points, alpha) => {
      const record = runActivations({ points, alpha });
      const r = activationsResults(record);
      points.forEach((z, k) => {
        for (const [name, [value, derivative]] of Object.entries(closedForms(z, alpha))) {
          assertClose(r.activations[name].value[k], value, 1e-12, 1e-15, `${name}(${z})`);
          assertClose(r.activations[name].derivative![k], derivative, 1e-12, 1e-12, `${name}'(${z})`);
        }
      });
      assertStepsEvaluate(activationsWorked(record, { precision: 8 }), 1e-12, 1e-15);
    }),
    { seed: 7, numRuns: 100 },
  );
});

test("the plot's panels are seed 001's sigmoid, tanh, ReLU, Gaussian, and leaky ReLU, on 400 points of [-5, 5]", () => {
  const panels = activationPlotPanels(0.1);
  assert.deepEqual(panels.map((p) => p.name), ["sigmoid", "tanh", "ReLU", "Gaussian", "leaky ReLU (α = 0.1)"]);
  for (const p of panels) {
    assert.equal(p.x.length, 400);
    assert.equal(p.x[0], -5);
    assert.equal(p.x[399], 5);
  }
  const [s, , , g, leaky] = panels;
  s.x.forEach((z, i) => {
    assertClose(s.value[i], sigma(z), 1e-15, 1e-15);
    assertClose(g.derivative[i], -2 * z * Math.exp(-z * z), 1e-12, 1e-15);
    assertClose(leaky.derivative[i], z > 0 ? 1 : 0.1, 0);
  });
});

test("tracegrad activations: the steps, --json, --plot as PNG and SVG, markdown and LaTeX", () => {
  const dir = scratch();
  const png = join(dir, "act.png");
  const r = runExtra(["activations", "--at", "-1,0,1", "--alpha", "0.2", "--plot", png]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /a⁽¹⁾ = σ\(z⁽¹⁾\) = 1\/\(1 \+ e\^\(-z⁽¹⁾\)\) = 1\/\(1 \+ e\^\(-\(-1\)\)\) = 0\.26894142/);
  assert.match(r.stdout, /∂a⁽³⁾\/∂z⁽³⁾ = tanh'\(z⁽³⁾\) = 1 - \(a⁽³⁾\)² = 1 - 0\.76159416² = 0\.41997434/);
  assert.match(r.stdout, /∂a⁽²⁾\/∂z⁽²⁾ = LeakyReLU'\(z⁽²⁾, α\) = \(1 if z⁽²⁾ > 0, else α\) = 0\.2\n\s+↳ z = 0 is the kink: tracegrad takes LeakyReLU'\(0\) = α/);
  const bytes = readFileSync(png);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "a PNG");
  const svgPath = join(dir, "act.svg");
  assert.equal(runExtra(["activations", "--plot", svgPath, "--json"]).status, 0);
  const svg = readFileSync(svgPath, "utf8");
  assert.match(svg, /^<svg/);
  for (const name of ["sigmoid", "tanh", "ReLU", "Gaussian", "leaky ReLU (α = 0.01)"]) assert.ok(svg.includes(`>${name}<`), name);
  const json = JSON.parse(runExtra(["activations", "--json"]).stdout);
  assertAllClose(json.activations.tanh.value, [-2, -1, 0, 1, 2].map(Math.tanh), 1e-15);
  assert.ok(assertMarkdownMath(runExtra(["activations", "--format", "markdown"]).stdout) > 60);
  assertLatexDocument(runExtra(["activations", "--format", "latex"]).stdout);
});

test("tracegrad activations: mistakes are one line and exit 2", () => {
  expectUserError(["activations", "--at", "1,x,2"], /--at: value 2 is not a number: "x"/);
  expectUserError(["activations", "--alpha", "-1"], /--alpha must be 0 or more/);
  expectUserError(["activations", "--plot", "figure.jpg"], /--plot: the file must end in \.svg or \.png/);
});
