import { test } from "node:test";
import assert from "node:assert/strict";
import { CLASSIFICATION_GENERATORS, DEFAULT_NOISE, generate, REGRESSION_GENERATORS } from "../../src/data/generators.js";
import { computeFeatures, networkInputs, withFeatures } from "../../src/data/features.js";
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

test("linear labels 0 exactly where x1 > x2; every classification generator is seeded and labelled in range", () => {
  const d = generate("linear", { n: 500, seed: 3 });
  for (let r = 0; r < d.n; r++) assert.equal(d.labels![r], d.x[2 * r] > d.x[2 * r + 1] ? 0 : 1);
  assert.deepEqual(d.featureNames, ["x1", "x2"], "the course's names, x₁ and x₂");
  for (const name of CLASSIFICATION_GENERATORS) {
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

/** The fraction of points whose nearest other point (Euclidean) has their class. */
function leaveOneOutNearestNeighbour(x: Float64Array, labels: Int32Array): number {
  const n = labels.length;
  let right = 0;
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let label = -1;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const d = (x[2 * i] - x[2 * j]) ** 2 + (x[2 * i + 1] - x[2 * j + 1]) ** 2;
      if (d < best) {
        best = d;
        label = labels[j];
      }
    }
    if (label === labels[i]) right++;
  }
  return right / n;
}

test("spiral: the arms are apart for 2 to 6 classes (leave-one-out 1-nearest-neighbour ≥ 95%, 100 points per class)", () => {
  for (let classes = 2; classes <= 6; classes++) {
    const d = generate("spiral", { n: 100 * classes, classes });
    const accuracy = leaveOneOutNearestNeighbour(d.x, d.labels!);
    assert.ok(accuracy >= 0.95, `${classes} classes: ${accuracy}`);
  }
  // Without noise each arm is its curve: arm k at radius r lies at the angle 4r + 2πk/K.
  const clean = generate("spiral", { n: 30, classes: 3, noise: 0 });
  for (let i = 0; i < 30; i++) {
    const k = i % 3;
    const r = (Math.floor(i / 3) + 1) / 10;
    assertClose(clean.x[2 * i], r * Math.sin(4 * r + (2 * Math.PI * k) / 3), 1e-15);
    assertClose(clean.x[2 * i + 1], r * Math.cos(4 * r + (2 * Math.PI * k) / 3), 1e-15);
    assert.equal(clean.labels![i], k);
  }
});

test("noise: 0 puts every point on its pattern; more noise moves the points, not the classes", () => {
  const circle = generate("circle", { n: 400, noise: 0 });
  for (let r = 0; r < circle.n; r++) {
    const radius = Math.hypot(circle.x[2 * r], circle.x[2 * r + 1]);
    assert.ok(circle.labels![r] === 0 ? radius < 0.5 : radius >= 0.7 && radius <= 1, `point ${r}: radius ${radius}`);
  }
  assert.deepEqual(generate("circle", { n: 400 }), circle, "the circle's default noise is 0");
  const noisy = generate("circle", { n: 400, noise: 0.2 });
  assert.deepEqual(noisy.labels, circle.labels);
  const moved = Array.from({ length: 400 }, (_, r) => Math.hypot(noisy.x[2 * r], noisy.x[2 * r + 1]));
  assert.ok(moved.some((radius, r) => (circle.labels![r] === 0 ? radius >= 0.5 : radius < 0.7)), "some points stray across the gap");
  const still = generate("moons", { n: 50, noise: 0 });
  for (let r = 0; r < 50; r++) {
    const [x1, x2] = [still.x[2 * r], still.x[2 * r + 1]];
    // The upper moon is the unit half circle; the lower one is it mirrored and moved to (1, 0.5).
    const radius = still.labels![r] === 0 ? Math.hypot(x1, x2) : Math.hypot(x1 - 1, x2 - 0.5);
    assertClose(radius, 1, 1e-12);
  }
  assert.equal(DEFAULT_NOISE.moons, 0.1);
  assert.throws(() => generate("xor", { noise: -1 }), /noise must be a number ≥ 0/);
});

test("regression sets: plane is (x1 + x2)/2, gaussians six bumps of σ 0.25, recomputed here", () => {
  for (const name of REGRESSION_GENERATORS) {
    const d = generate(name, { n: 300, seed: 4, noise: 0 });
    assert.equal(d.labels, undefined);
    assert.equal(d.outputs, 1);
    assert.deepEqual(generate(name, { n: 300, seed: 4, noise: 0 }), d, `${name} is deterministic`);
    for (let r = 0; r < d.n; r++) {
      const [x1, x2] = [d.x[2 * r], d.x[2 * r + 1]];
      assert.ok(Math.abs(x1) <= 1 && Math.abs(x2) <= 1);
      let expected = (x1 + x2) / 2;
      if (name === "gaussians") {
        const bump = (c1: number, c2: number) => Math.exp(-((x1 - c1) ** 2 + (x2 - c2) ** 2) / (2 * 0.25 ** 2));
        expected = bump(-2 / 3, 0.5) - bump(0, 0.5) + bump(2 / 3, 0.5) - bump(-2 / 3, -0.5) + bump(0, -0.5) - bump(2 / 3, -0.5);
      }
      assertClose(d.y[r], expected, 1e-14);
    }
  }
});

test("features: x1, x2, their squares, product and sines, then the scaler", () => {
  const x = Float64Array.of(0.5, -2, 3, 0.25);
  const all = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"] as const;
  assert.deepEqual(Array.from(computeFeatures(all, x, 2)), [0.5, -2, 0.25, 4, -1, Math.sin(0.5), Math.sin(-2), 3, 0.25, 9, 0.0625, 0.75, Math.sin(3), Math.sin(0.25)]);
  const d = withFeatures(generate("xor", { n: 10 }), ["x1*x2"]);
  assert.equal(d.features, 1);
  assert.deepEqual(d.featureNames, ["x1*x2"]);
  for (let r = 0; r < 10; r++) assert.equal(d.labels![r], d.x[r] < 0 ? 1 : 0, "xor's class is the sign of x1·x2");
  const scaler = fitScaler(computeFeatures(["x1^2"], x, 2), 2, 1, "minmax");
  assert.deepEqual(Array.from(networkInputs({ features: ["x1^2"], scaler }, x, 2, 2)), [0, 1]);
  assert.throws(() => networkInputs({ features: ["x1"], scaler: null }, Float64Array.of(1, 2, 3), 1, 3), /computed from 2 columns/);
});
