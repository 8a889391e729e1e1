import { test } from "node:test";
import assert from "node:assert/strict";
import { generate, GENERATOR_NAMES } from "../../src/data/generators.js";
import { applyScaler, fitScaler } from "../../src/data/scalers.js";
import { csvDataset, parseCsv } from "../../src/data/csv.js";
import { splitDataset } from "../../src/data/split.js";
import type { InputError } from "../../src/common/input-error.js";
import { assertAllClose, assertClose } from "../helpers.js";

test("xor-easy is seed 003's 21 points, in its order", () => {
  const d = generate("xor-easy");
  assert.equal(d.n, 21);
  const expected: [number, number, number][] = [];
  for (let i = 0; i <= 10; i++) {
    expected.push([0.1 * i, 0.1 * i, 0]);
    if (i !== 5) expected.push([0.1 * i, 1 - 0.1 * i, 1]);
  }
  assert.deepEqual(Array.from({ length: 21 }, (_, r) => [d.x[2 * r], d.x[2 * r + 1], d.labels![r]]), expected);
});

test("linear labels 0 exactly where x0 > x1; every generator is seeded and labelled in range", () => {
  const d = generate("linear", { n: 500, seed: 3 });
  for (let r = 0; r < d.n; r++) assert.equal(d.labels![r], d.x[2 * r] > d.x[2 * r + 1] ? 0 : 1);
  for (const name of GENERATOR_NAMES) {
    const a = generate(name, { seed: 5, classes: 3 });
    const b = generate(name, { seed: 5, classes: 3 });
    assert.deepEqual(a, b, `${name} is deterministic`);
    const classes = a.classes!;
    assert.ok(Array.from(a.labels!).every((l) => l >= 0 && l < classes));
    assert.equal(new Set(a.labels).size, classes, `${name} draws every class`);
  }
  assert.notDeepEqual(generate("moons", { seed: 1 }).x, generate("moons", { seed: 2 }).x);
});

test("seed 004 exercise 3: min-max scaling and standardization with the population σ, recomputed", () => {
  const X = [5, 20, 10, 15, 5, 25, 10, 30, 15];
  const minmax = fitScaler(X, 3, 3, "minmax");
  assertAllClose(Array.from(applyScaler(minmax, X, 3, 3)), [0, 0.6, 0, 1, 0, 1, 0.5, 1, 1 / 3], 1e-15);
  const std = fitScaler(X, 3, 3, "standardize");
  assert.ok(std.method === "standardize");
  assertAllClose(std.mean, [10, 55 / 3, 50 / 3], 1e-15);
  // σ₂ = √(((20 - 55/3)² + (5 - 55/3)² + (30 - 55/3)²)/3) = 10.274023 (the seed rounds it to 10.28).
  assertClose(std.std[1], Math.sqrt(((20 - 55 / 3) ** 2 + (5 - 55 / 3) ** 2 + (30 - 55 / 3) ** 2) / 3), 1e-15);
  assertClose(std.std[1], 10.274023, 0, 5e-7);
  const z = applyScaler(std, X, 3, 3);
  // The seed's row 2, feature 2 is -1.297 (correct: -1.2977714) and row 3, feature 2 is 1.297 (correct: 1.1355499).
  assertClose(z[4], -1.2977714, 0, 5e-8);
  assertClose(z[7], 1.1355499, 0, 5e-8);
  assertClose(z[0], -5 / Math.sqrt(50 / 3), 1e-15);
  const sample = fitScaler(X, 3, 3, "standardize", "sample");
  assert.ok(sample.method === "standardize");
  assertClose(sample.std[0], 5, 1e-15);
});

test("CSV: numeric features, class labels from text, errors at the line and column", () => {
  const d = csvDataset("a,b,label\n1,2,cat\n3,4,dog\n5,6,cat\n", "pets.csv");
  assert.deepEqual(Array.from(d.x), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(d.classNames, ["cat", "dog"]);
  assert.deepEqual(Array.from(d.labels!), [0, 1, 0]);
  const r = csvDataset("x,y\n1,0.5\n2,1.5\n", "r.csv", { task: "regression" });
  assert.deepEqual(Array.from(r.y), [0.5, 1.5]);
  assert.throws(() => csvDataset("a,b,label\n1,2,cat\n3,x,dog\n", "bad.csv"), (e: InputError) => {
    assert.equal(e.message, 'bad.csv:3:2: column "b": expected a number, got "x"');
    return true;
  });
  assert.throws(() => csvDataset("a,b\n1,2\n3\n", "short.csv"), /short\.csv:3:1: malformed CSV/);
  assert.throws(() => csvDataset("a,b\n1,2\n", "t.csv", { target: ["c"] }), /no column named "c"/);
});

test("CSV: a header that names a column twice is refused, naming the name and both columns", () => {
  assert.throws(() => csvDataset("x,y,y\n1,0,5\n2,1,6\n", "dup.csv"), { name: "InputError", message: 'dup.csv:1:3: the header names "y" twice, in columns 2 and 3; every column needs its own name' });
  assert.throws(() => parseCsv("a, b ,c,b\n1,2,3,4\n", "t.csv"), { message: 't.csv:1:4: the header names "b" twice, in columns 2 and 4; every column needs its own name' });
});

test("splits are disjoint, cover the data, and depend on the seed", () => {
  const d = generate("linear", { n: 100 });
  const s = splitDataset(d, { validation: 0.2, test: 0.1 }, 4);
  assert.deepEqual([s.train.n, s.validation!.n, s.test!.n], [70, 20, 10]);
  const points = (x: Float64Array) => Array.from({ length: x.length / 2 }, (_, i) => `${x[2 * i]},${x[2 * i + 1]}`);
  const all = [...points(s.train.x), ...points(s.validation!.x), ...points(s.test!.x)];
  assert.equal(new Set(all).size, 100);
  assert.notDeepEqual(splitDataset(d, { test: 0.1 }, 5).test!.x, s.test!.x);
});
