import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { evaluate, num } from "tracegrad/internal/engine/expr";
import { applyScaler, fitScaler, scalerDeviationFormula, scalerMaxFormula, scalerMeanFormula, scalerMinFormula } from "tracegrad/internal/data/scalers";
import { runScale, scaleResults, scaleWorked } from "tracegrad/internal/explain/scale/explain-scale";
import { parseDataMatrix } from "tracegrad/internal/explain/worked/read-matrix";
import { assertAllClose, assertClose } from "../../../tracegrad/test/helpers.js";
import { expectUserError, runExtra, scratch } from "./run-extra.js";
import { assertLatexDocument, assertMarkdownMath, assertStepsEvaluate } from "../../../tracegrad/test/explain-extra/worked-checks.js";

const SEED = "examples/nn-exercises-ex3-scaling.csv";
const X = [
  [5, 20, 10],
  [15, 5, 25],
  [10, 30, 15],
];

test("seed 004 exercise 3, standardized: μ, population σ and every value from closed forms; the seed's slips named", () => {
  const data = parseDataMatrix(readFileSync(SEED, "utf8"), SEED);
  assert.deepEqual(data.values, X);
  assert.deepEqual(data.columns, ["x1", "x2", "x3"]);
  const record = runScale(data, { method: "standardize" });
  const r = scaleResults(record);
  const mu = [10, 55 / 3, 50 / 3];
  const sigma = [Math.sqrt(50 / 3), Math.sqrt(((20 - 55 / 3) ** 2 + (5 - 55 / 3) ** 2 + (30 - 55 / 3) ** 2) / 3), Math.sqrt(((10 - 50 / 3) ** 2 + (25 - 50 / 3) ** 2 + (15 - 50 / 3) ** 2) / 3)];
  assertAllClose(r.mean, mu, 1e-15);
  assertAllClose(r.std, sigma, 1e-15);
  assertAllClose(r.scaled, X.map((row) => row.map((x, j) => (x - mu[j]) / sigma[j])), 1e-14, 1e-15);
  assertClose(r.std![1], 10.274023, 0, 5e-7, "σ₂ (the seed prints 10.28)");
  assertClose(r.scaled[1][1], -1.2977714, 0, 5e-8, "row 2, feature 2 (the seed prints -1.297)");
  assertClose(r.scaled[2][1], 1.1355499, 0, 5e-8, "row 3, feature 2 (the seed prints 1.297)");
  const worked = scaleWorked(record, { method: "standardize", precision: 8 });
  assert.ok(assertStepsEvaluate(worked) >= 15);
  // The exercise's published answers live in its problem file; the solution names exactly the three that
  // differ by more than their last printed digit (σ₂ = 10.28, -1.297 and 1.297 for row 2 and 3 of feature 2).
  const r2 = runExtra(["scale", "examples/worked/nn-exercises-ex3-standardize.scale.yaml"]);
  assert.equal(r2.status, 0, r2.stderr);
  const differs = r2.stdout.split("\n").filter((l) => l.includes("differs: it publishes"));
  assert.deepEqual(
    differs.map((l) => l.replace(/^\s*- /, "")),
    [
      `Where Neural Networks Exercises, exercise 3 differs: it publishes σ₂ = 10.28; the value is ${sigma[1].toPrecision(8)}.`,
      `Where Neural Networks Exercises, exercise 3 differs: it publishes x̂₂⁽²⁾ = -1.297; the value is ${((5 - mu[1]) / sigma[1]).toPrecision(8)}.`,
      `Where Neural Networks Exercises, exercise 3 differs: it publishes x̂₂⁽³⁾ = 1.297; the value is ${((30 - mu[1]) / sigma[1]).toPrecision(8)}.`,
    ],
  );
});

test("seed 004 exercise 3, min-max: the seed's answer [[0, 0.6, 0], [1, 0, 1], [0.5, 1, 1/3]]", () => {
  const record = runScale({ values: X, columns: ["x1", "x2", "x3"] }, { method: "minmax" });
  const r = scaleResults(record);
  assert.deepEqual(r.min, [5, 5, 10]);
  assert.deepEqual(r.max, [15, 30, 25]);
  assertAllClose(r.scaled, [[0, 0.6, 0], [1, 0, 1], [0.5, 1, 1 / 3]], 1e-15);
  assert.deepEqual(scaleWorked(record, { method: "minmax", precision: 8 }).notes, []);
  const r2 = runExtra(["scale", "examples/worked/nn-exercises-ex3-minmax.scale.yaml"]);
  assert.equal(r2.status, 0, r2.stderr);
  assert.match(r2.stdout, /Every value published by Neural Networks Exercises, exercise 3 \(9 of them\) agrees with these to the digits printed\./);
  assert.doesNotMatch(r2.stdout, /differs/);
});

test("the sample standard deviation divides by n - 1, and a constant feature maps to 0", () => {
  const r = scaleResults(runScale({ values: [[1, 7], [3, 7], [8, 7]], columns: ["a", "b"] }, { method: "standardize", deviation: "sample" }));
  const mean = 4;
  const s = Math.sqrt(((1 - 4) ** 2 + (3 - 4) ** 2 + (8 - 4) ** 2) / 2);
  assertAllClose(r.std, [s, 0], 1e-15);
  assertAllClose(r.scaled, [[(1 - mean) / s, 0], [(3 - mean) / s, 0], [(8 - mean) / s, 0]], 1e-15);
});

test("the declared formulas of the statistics evaluate to fitScaler's numbers, on random data", () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 2, maxLength: 9 }), fc.constantFrom("population" as const, "sample" as const), (column, deviation) => {
      const values = column.map(num);
      const minmax = fitScaler(column, column.length, 1, "minmax");
      const standard = fitScaler(column, column.length, 1, "standardize", deviation);
      if (minmax.method !== "minmax" || standard.method !== "standardize") throw new Error("method");
      assert.equal(evaluate(scalerMinFormula(values)), minmax.min[0]);
      assert.equal(evaluate(scalerMaxFormula(values)), minmax.max[0]);
      assertClose(evaluate(scalerMeanFormula(values)), standard.mean[0], 1e-15, 1e-13);
      assertClose(evaluate(scalerDeviationFormula(values, num(standard.mean[0]), deviation)), standard.std[0], 1e-12, 1e-12);
    }),
    { seed: 4, numRuns: 200 },
  );
});

test("random matrices: every printed step evaluates to the value shown, and the results are the closed forms", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 5 }).chain((rows) => fc.integer({ min: 1, max: 4 }).chain((cols) => fc.array(fc.array(fc.integer({ min: -50, max: 50 }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }))),
      fc.constantFrom("minmax" as const, "standardize" as const),
      (values, method) => {
        const data = { values, columns: values[0].map((_, j) => `x${j + 1}`) };
        const record = runScale(data, { method });
        assertStepsEvaluate(scaleWorked(record, { method, precision: 8 }), 1e-12, 1e-12);
        const r = scaleResults(record);
        values[0].forEach((_, j) => {
          const column = values.map((row) => row[j]);
          const lo = Math.min(...column);
          const hi = Math.max(...column);
          const mean = column.reduce((s, v) => s + v, 0) / column.length;
          const sd = Math.sqrt(column.reduce((s, v) => s + (v - mean) ** 2, 0) / column.length);
          column.forEach((x, i) => assertClose(r.scaled[i][j], method === "minmax" ? (hi === lo ? 0 : (x - lo) / (hi - lo)) : sd === 0 ? 0 : (x - mean) / sd, 1e-12, 1e-12));
        });
      },
    ),
    { seed: 5, numRuns: 100 },
  );
});

test("the same matrix from CSV, YAML rows, a YAML mapping of columns and JSON", () => {
  const fromYaml = parseDataMatrix("- [5, 20, 10]\n- [15, 5, 25]\n- [10, 30, 15]\n", "x.yaml");
  const fromColumns = parseDataMatrix("age: [5, 15, 10]\nweight: [20, 5, 30]\nheight: [10, 25, 15]\n", "x.yaml");
  const fromJson = parseDataMatrix(JSON.stringify(X), "x.json");
  for (const m of [fromYaml, fromColumns, fromJson]) assert.deepEqual(m.values, X);
  assert.deepEqual(fromColumns.columns, ["age", "weight", "height"]);
});

test("tracegrad scale: text, --json, --scaled-out, markdown math and a LaTeX document", () => {
  const text = runExtra(["scale", SEED, "--method", "standardize"]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /σ₂ = √\(\(\(x₂⁽¹⁾ - μ₂\)² \+ \(x₂⁽²⁾ - μ₂\)² \+ \(x₂⁽³⁾ - μ₂\)²\)\/3\) = √\(\(\(20 - 18\.333333\)² \+ \(5 - 18\.333333\)² \+ \(30 - 18\.333333\)²\)\/3\) = 10\.274023/);
  assert.match(text.stdout, /x̂₂⁽³⁾ = \(x₂⁽³⁾ - μ₂\)\/σ₂ = \(30 - 18\.333333\)\/10\.274023 = 1\.1355499/);
  const dir = scratch();
  const csv = join(dir, "scaled.csv");
  const json = runExtra(["scale", SEED, "--method", "minmax", "--json", "--scaled-out", csv, "--precision", "4"]);
  assert.equal(json.status, 0, json.stderr);
  const out = JSON.parse(json.stdout);
  assertAllClose(out.scaled, [[0, 0.6, 0], [1, 0, 1], [0.5, 1, 1 / 3]], 1e-15);
  assert.equal(out.solution.sections[1].groups[0].steps[0].text, "min₁ = min(x₁⁽¹⁾, x₁⁽²⁾, x₁⁽³⁾) = min(5, 15, 10) = 5");
  assert.equal(readFileSync(csv, "utf8"), "x1,x2,x3\n0,0.6,0\n1,0,1\n0.5,1,0.3333333333333333\n");
  const outFile = join(dir, "sub", "solution.md");
  const quiet = runExtra(["scale", SEED, "--method", "standardize", "--format", "markdown", "--out", outFile]);
  assert.equal(quiet.stdout, "");
  assert.deepEqual(readdirSync(join(dir, "sub")), ["solution.md"], "written atomically, no temporary file left");
  const md = { stdout: readFileSync(outFile, "utf8") };
  assert.ok(assertMarkdownMath(md.stdout) > 10);
  assertLatexDocument(runExtra(["scale", SEED, "--method", "standardize", "--format", "latex"]).stdout);
});

test("tracegrad scale: mistakes are one line and exit 2", () => {
  const dir = scratch({ "bad.csv": "a,b\n1,2\n3,x\n", "bad.yaml": "- [1, 2]\n- [3]\n" });
  expectUserError(["scale", join(dir, "bad.csv"), "--method", "minmax"], /bad\.csv:3:2: column "b": expected a number, got "x"/);
  expectUserError(["scale", join(dir, "bad.yaml"), "--method", "minmax"], /bad\.yaml:2:3: \[1\]: has 1 values, but row 0 has 2/);
  expectUserError(["scale", SEED, "--method", "minmix"], /--method: unknown value "minmix"; choose minmax, standardize \(did you mean "minmax"\?\)/);
  expectUserError(["scale", SEED], /--method: give the method, minmax or standardize \(or a problem file that names it\)/);
  // A problem file's mistakes, at their line and column.
  const problems = scratch({
    "typo.yaml": "data: [[1, 2], [3, 4]]\nmethod: minmax\npublished:\n  x_hat_1(9): 0.5\n",
    "field.yaml": "data: [[1, 2], [3, 4]]\nmethods: minmax\n",
    "std.yaml": "data: [[1, 2], [3, 4]]\nmethod: standardize\nstd: populaton\n",
  });
  const typo = runExtra(["scale", join(problems, "typo.yaml")]);
  assert.equal(typo.status, 0, typo.stderr);
  assert.match(typo.stdout, /the source also publishes x_hat_1\(9\) = 0\.5, which this solution does not compute \(did you mean "x_hat_1\(1\)"\?\)/);
  expectUserError(["scale", join(problems, "field.yaml")], /field\.yaml:2:1: methods: unknown field "methods"; .*did you mean "method"/);
  expectUserError(["scale", join(problems, "std.yaml")], /std\.yaml:3:6: std: expected one of population, sample, got "populaton"/);
  expectUserError(["scale", join(dir, "missing.csv"), "--method", "minmax"], /file not found/);
});

test("a constant column standardizes to 0 even where rounding leaves σ ≈ 1e-17 (not ±1)", () => {
  // 0.1 + 0.1 + 0.1 = 0.30000000000000004, so the computed mean is off by 2e-17 and the deviations are ±1.4e-17.
  const r = scaleResults(runScale({ values: [[0.1, 1], [0.1, 2], [0.1, 3]], columns: ["a", "b"] }, { method: "standardize" }));
  assert.deepEqual(r.mean, [0.1, 2]);
  assert.deepEqual(r.std![0], 0);
  assert.deepEqual(r.scaled.map((row) => row[0]), [0, 0, 0]);
  assertAllClose(r.scaled.map((row) => row[1]), [-Math.sqrt(3 / 2), 0, Math.sqrt(3 / 2)], 1e-15);
  // Neighbouring doubles (10⁴ and the next one up): σ ≈ 1e-12, far below 1e-12·|μ| = 1e-8.
  const near = fitScaler([1e4, 1e4 + 2 ** -39], 2, 1, "standardize");
  assert.ok(near.method === "standardize" && near.std[0] === 0, "near-constant column");
  assert.deepEqual(Array.from(applyScaler(near, [1e4, 1e4 + 2 ** -39], 2, 1)), [0, 0]);
  // A spread well above rounding keeps its σ.
  const spread = fitScaler([1e4, 1e4 + 1e-6], 2, 1, "standardize");
  assert.ok(spread.method === "standardize");
  assertClose(spread.std[0], 0.5e-6, 1e-5);
});

test("min-max and standardization of 200,000 rows (the column is scanned, not spread into Math.min)", () => {
  const rows = 200_000;
  const x = Float64Array.from({ length: 2 * rows }, (_, k) => (k % 2 === 0 ? Math.floor(k / 2) : 5));
  const minmax = fitScaler(x, rows, 2, "minmax");
  assert.deepEqual(minmax, { method: "minmax", min: [0, 5], max: [rows - 1, 5] });
  const standard = fitScaler(x, rows, 2, "standardize");
  assert.ok(standard.method === "standardize");
  // 0, 1, ..., n - 1: mean (n - 1)/2, population variance (n² - 1)/12.
  assertAllClose(standard.mean, [(rows - 1) / 2, 5], 1e-15);
  assertAllClose(standard.std, [Math.sqrt((rows * rows - 1) / 12), 0], 1e-12);
});

test("tracegrad scale --std sample on one row is refused; the help says why", () => {
  const dir = scratch({ "one.csv": "a,b\n1,2\n" });
  expectUserError(["scale", join(dir, "one.csv"), "--method", "standardize", "--std", "sample"], /one\.csv: --std sample divides by n - 1, so it needs at least 2 rows; this file has 1/);
  assert.throws(() => fitScaler([1, 2], 1, 2, "standardize", "sample"), RangeError);
  const population = runExtra(["scale", join(dir, "one.csv"), "--method", "standardize", "--json"]);
  assert.equal(population.status, 0, population.stderr);
  assert.deepEqual(JSON.parse(population.stdout).scaled, [[0, 0]]);
  assert.match(runExtra(["scale", "--help"]).stdout, /sample \(divides\s+by\s+n\s+-\s+1:\s+needs\s+at\s+least\s+2\s+rows\)/);
});
