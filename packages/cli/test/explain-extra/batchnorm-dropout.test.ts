import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { evaluate, num } from "tracegrad/internal/engine/expr";
import { batchMeanFormula, batchStatistics, batchVarianceFormula, normalize, normalizedFormula, scaleShiftFormula } from "tracegrad/internal/engine/normalization";
import { batchNorm, batchNormOperation } from "tracegrad/internal/engine/ops/batch-norm";
import type { BatchNormNode } from "tracegrad/internal/engine/ops/batch-norm";
import { dropout, dropoutSaved } from "tracegrad/internal/engine/ops/dropout";
import type { DropoutNode } from "tracegrad/internal/engine/ops/dropout";
import { Random } from "tracegrad/internal/engine/random";
import { Tape } from "tracegrad/internal/engine/tape";
import { Tensor } from "tracegrad/internal/engine/tensor";
import { batchNormResults, batchNormWorked, runBatchNorm } from "tracegrad/internal/explain/batchnorm/explain-batchnorm";
import { dropoutResults, dropoutWorked, runDropout } from "tracegrad/internal/explain/dropout/explain-dropout";
import { BatchNorm } from "tracegrad/internal/nn/layers/batch-norm";
import { Dropout } from "tracegrad/internal/nn/layers/dropout";
import { assertAllClose, assertClose } from "../../../tracegrad/test/helpers.js";
import { expectUserError, runExtra } from "./run-extra.js";
import { assertLatexDocument, assertMarkdownMath, assertStepsEvaluate } from "../../../tracegrad/test/explain-extra/worked-checks.js";

const batchArb = fc.integer({ min: 1, max: 5 }).chain((batch) =>
  fc.integer({ min: 1, max: 4 }).chain((features) =>
    fc.record({
      batch: fc.constant(batch),
      features: fc.constant(features),
      x: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: batch * features, maxLength: batch * features }),
      gamma: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: features, maxLength: features }),
      beta: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: features, maxLength: features }),
      g: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: batch * features, maxLength: batch * features }),
    }),
  ),
);

function recordBatchNorm(x: number[], batch: number, features: number, gamma: number[], beta: number[], epsilon: number) {
  const tape = new Tape();
  const y = batchNorm(tape, new Tensor(Float64Array.from(x), [batch, features]), Tensor.fromVector(gamma), Tensor.fromVector(beta), { epsilon });
  return { tape, y, node: tape.creator(y) as BatchNormNode };
}

test("the batch-norm operation gives exactly the numbers of the training layer (nn/layers/batch-norm.ts)", () => {
  fc.assert(
    fc.property(batchArb, ({ batch, features, x, gamma, beta }) => {
      const layer = new BatchNorm(features, 0.9, 1e-5, "float64", 0);
      layer.gamma.set(gamma);
      layer.beta.set(beta);
      const expected = layer.forward(Float64Array.from(x), batch, true);
      const { y } = recordBatchNorm(x, batch, features, gamma, beta, 1e-5);
      assert.deepEqual(Array.from(y.data), Array.from(expected.subarray(0, batch * features)));
    }),
    { seed: 10, numRuns: 100 },
  );
});

test("batch norm's backward matches central differences of L = Σ g·y, and its printed steps evaluate to their values", () => {
  fc.assert(
    fc.property(batchArb.filter((b) => b.batch > 1), ({ batch, features, x, gamma, beta, g }) => {
      const { node } = recordBatchNorm(x, batch, features, gamma, beta, 1e-3);
      const [dx, dGamma, dBeta] = batchNormOperation.backward(node, Float64Array.from(g)) as Float64Array[];
      const loss = (xs: number[], gs: number[], bs: number[]) => {
        const out = recordBatchNorm(xs, batch, features, gs, bs, 1e-3).y.data;
        return out.reduce((s, y, k) => s + g[k] * y, 0);
      };
      const h = 1e-6;
      const central = (f: (d: number) => number) => (f(h) - f(-h)) / (2 * h);
      x.forEach((_, k) => assertClose(dx[k], central((d) => loss(x.map((v, i) => (i === k ? v + d : v)), gamma, beta)), 1e-4, 1e-6, `dx[${k}]`));
      gamma.forEach((_, j) => assertClose(dGamma[j], central((d) => loss(x, gamma.map((v, i) => (i === j ? v + d : v)), beta)), 1e-5, 1e-7, `dγ[${j}]`));
      beta.forEach((_, j) => assertClose(dBeta[j], central((d) => loss(x, gamma, beta.map((v, i) => (i === j ? v + d : v)))), 1e-5, 1e-7, `dβ[${j}]`));
      const rows = Array.from({ length: batch }, (_, r) => x.slice(r * features, (r + 1) * features));
      const gradient = Array.from({ length: batch }, (_, r) => g.slice(r * features, (r + 1) * features));
      const record = runBatchNorm({ data: { values: rows, columns: gamma.map((_, j) => `x${j + 1}`) }, gamma, beta, epsilon: 1e-3, gradient });
      assert.deepEqual(Array.from(record.gradients![0]), Array.from(dx));
      assertStepsEvaluate(batchNormWorked(record, { precision: 8 }), 1e-9, 1e-12);
    }),
    { seed: 11, numRuns: 60 },
  );
});

test("the declared formulas of μ, σ², x̂ and y evaluate to normalization.ts's numbers", () => {
  fc.assert(
    fc.property(batchArb, ({ batch, x }) => {
      const mean = new Float64Array(1);
      const variance = new Float64Array(1);
      const column = x.slice(0, batch);
      batchStatistics(Float64Array.from(column), batch, 1, mean, variance);
      const xHat = new Float64Array(batch);
      const y = new Float64Array(batch);
      normalize(Float64Array.from(column), batch, 1, mean, variance, 1e-5, Float64Array.of(1.5), Float64Array.of(-0.5), xHat, y);
      assertClose(evaluate(batchMeanFormula(column.map(num))), mean[0], 1e-15, 1e-15);
      assertClose(evaluate(batchVarianceFormula(column.map(num), num(mean[0]))), variance[0], 1e-13, 1e-15);
      column.forEach((v, n) => {
        assertClose(evaluate(normalizedFormula(num(v), num(mean[0]), num(variance[0]), num(1e-5))), xHat[n], 1e-12, 1e-14);
        assertClose(evaluate(scaleShiftFormula(num(xHat[n]), num(1.5), num(-0.5))), y[n], 1e-15, 1e-15);
      });
    }),
    { seed: 12, numRuns: 200 },
  );
});

test("batch norm of seed 004's matrix: x̂ is the population standardization with ε in the variance", () => {
  const X = [
    [5, 20, 10],
    [15, 5, 25],
    [10, 30, 15],
  ];
  const r = batchNormResults(runBatchNorm({ data: { values: X, columns: ["x1", "x2", "x3"] }, gamma: [2, 1, 1], beta: [0, 0, 1] }));
  const mu = [10, 55 / 3, 50 / 3];
  const variance = X[0].map((_, j) => X.reduce((s, row) => s + (row[j] - mu[j]) ** 2, 0) / 3);
  assertAllClose(r.mean, mu, 1e-15);
  assertAllClose(r.variance, variance, 1e-14);
  const xHat = X.map((row) => row.map((v, j) => (v - mu[j]) / Math.sqrt(variance[j] + 1e-5)));
  assertAllClose(r.xHat, xHat, 1e-14, 1e-15);
  assertAllClose(r.y, xHat.map((row) => [2 * row[0], row[1], row[2] + 1]), 1e-14, 1e-15);
  assertClose(r.xHat[2][1], 1.1355499, 0, 1e-6, "seed 004's 1.1355499, up to ε");
});

test("dropout: the operation's mask is the training layer's for the same seed, kept exactly when u ≥ p, scaled by 1/(1 - p)", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }), fc.double({ min: 0, max: 0.95, noNaN: true }), fc.integer({ min: 0, max: 10000 }), (rows, cols, rate, seed) => {
      const x = Array.from({ length: rows * cols }, (_, k) => k - 3.5);
      const layer = new Dropout(cols, rate, "float64");
      const expected = Array.from(layer.forward(Float64Array.from(x), rows, true, new Random(seed)).subarray(0, rows * cols));
      const tape = new Tape();
      const y = dropout(tape, new Tensor(Float64Array.from(x), [rows, cols]), { rate, random: new Random(seed) });
      assert.deepEqual(Array.from(y.data), expected);
      const { draws, mask } = dropoutSaved(tape.creator(y) as DropoutNode);
      const replay = new Random(seed);
      draws.forEach((u, k) => {
        assert.equal(u, replay.next());
        assert.equal(mask[k], u < rate ? 0 : 1 / (1 - rate));
      });
      const g = Float64Array.from(x, (_, k) => (k % 3) - 1);
      const node = tape.creator(y)!;
      assert.deepEqual(Array.from(node.operation.backward(node, g)[0]!), Array.from(g, (v, k) => v * mask[k]));
      const record = runDropout({ input: Array.from({ length: rows }, (_, r) => x.slice(r * cols, (r + 1) * cols)), rate, seed });
      assertStepsEvaluate(dropoutWorked(record, { precision: 8 }));
    }),
    { seed: 13, numRuns: 100 },
  );
});

test("dropout with seed 1 and p = 0.5 on a 2 × 4 input of ones: the draws of Random(1), the mask and y", () => {
  const r = dropoutResults(runDropout({ input: [[1, 1, 1, 1], [1, 1, 1, 1]], rate: 0.5, seed: 1 }));
  const random = new Random(1);
  const u = Array.from({ length: 8 }, () => random.next());
  assert.deepEqual(r.draws.flat(), u);
  assert.deepEqual(r.y.flat(), u.map((v) => (v < 0.5 ? 0 : 2)));
  assert.equal(r.kept, u.filter((v) => v >= 0.5).length);
});

test("tracegrad batchnorm and dropout: the steps, --json, markdown and LaTeX", () => {
  const bn = runExtra(["batchnorm", "examples/nn-exercises-ex3-scaling.csv", "--gamma", "1,1,1", "--beta", "0,0,0"]);
  assert.equal(bn.status, 0, bn.stderr);
  assert.match(bn.stdout, /μ₂ = \(x₂⁽¹⁾ \+ x₂⁽²⁾ \+ x₂⁽³⁾\)\/3 = \(20 \+ 5 \+ 30\)\/3 = 18\.333333/);
  assert.match(bn.stdout, /σ₂² = \(\(x₂⁽¹⁾ - μ₂\)² \+ \(x₂⁽²⁾ - μ₂\)² \+ \(x₂⁽³⁾ - μ₂\)²\)\/3 = .* = 105\.55556/);
  assert.match(bn.stdout, /x̂₂⁽³⁾ = \(x₂⁽³⁾ - μ₂\)\/√\(σ₂² \+ ε\) = \(30 - 18\.333333\)\/√\(105\.55556 \+ 0\.00001\) = 1\.1355499/);
  assert.match(bn.stdout, /y₂⁽³⁾ = γ₂·x̂₂⁽³⁾ \+ β₂ = 1·1\.1355499 \+ 0 = 1\.1355499/);
  const backward = JSON.parse(runExtra(["batchnorm", "1,2;3,5", "--gradient", "1,0;0,0", "--json"]).stdout);
  assertAllClose(backward.dBeta, [1, 0], 0);
  assert.equal(backward.dx.length, 2);
  const d = runExtra(["dropout", "--rate", "0.5", "--seed", "1", "--shape", "2x4"]);
  assert.equal(d.status, 0, d.stderr);
  assert.match(d.stdout, /m₁⁽¹⁾ = \(0 if u₁⁽¹⁾ < p, else 1\/\(1 - p\)\) = (0|1\/\(1 - 0\.5\) = 2)/);
  const json = JSON.parse(runExtra(["dropout", "--rate", "0.25", "--input", "1,2;3,4", "--json"]).stdout);
  assert.deepEqual(json.y.flat(), json.mask.flat().map((m: number, k: number) => m * [1, 2, 3, 4][k]));
  assert.ok(assertMarkdownMath(runExtra(["batchnorm", "examples/nn-exercises-ex3-scaling.csv", "--gradient", "1,0,0;0,1,0;0,0,1", "--format", "markdown"]).stdout) > 40);
  assert.ok(assertMarkdownMath(runExtra(["dropout", "--rate", "0.5", "--format", "markdown"]).stdout) > 10);
  assertLatexDocument(runExtra(["batchnorm", "1,2;3,5", "--gradient", "1,0;0,0", "--format", "latex"]).stdout);
  assertLatexDocument(runExtra(["dropout", "--rate", "0.5", "--format", "latex"]).stdout);
});

test("tracegrad batchnorm and dropout: mistakes are one line and exit 2", () => {
  expectUserError(["batchnorm", "examples/nn-exercises-ex3-scaling.csv", "--gamma", "1,1"], /--gamma: has 2 values; give one per feature: 3/);
  expectUserError(["batchnorm", "1,2;3"], /DATA: row 2 has 1 values, but row 1 has 2/);
  expectUserError(["batchnorm", "1,2;3,4", "--gradient", "1,2,3"], /--gradient: ∂L\/∂y must be 2 × 2, as the batch/);
  expectUserError(["dropout", "--rate", "1"], /--rate must be from 0 up to \(not including\) 1, got "1"/);
  expectUserError(["dropout", "--rate", "0.5", "--shape", "2by4"], /--shape: give rows x columns, as 2x4/);
  expectUserError(["dropout"], /--rate: give p/);
  expectUserError(["dropout", "--rate", "0.5", "--input", "1,2", "--shape", "2x2"], /--input and --shape: give one/);
});
