import { test } from "node:test";
import assert from "node:assert/strict";
import { Random } from "../../src/engine/random.js";

test("the same seed gives the same sequence; a saved state continues it exactly", () => {
  const a = new Random(42);
  const b = new Random(42);
  const first = Array.from({ length: 100 }, () => a.next());
  assert.deepEqual(Array.from({ length: 100 }, () => b.next()), first);
  a.normal();
  const saved = a.state();
  const rest = Array.from({ length: 50 }, () => a.normal());
  const resumed = Random.fromState(JSON.parse(JSON.stringify(saved)));
  assert.deepEqual(Array.from({ length: 50 }, () => resumed.normal()), rest);
  assert.notDeepEqual(Array.from({ length: 10 }, () => new Random(43).next()), first.slice(0, 10));
});

test("uniform floats: in [0, 1), mean 1/2 and variance 1/12 within sampling error", () => {
  const r = new Random(7);
  const n = 200000;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = r.next();
    assert.ok(x >= 0 && x < 1);
    sum += x;
    squares += x * x;
  }
  const mean = sum / n;
  // Standard error of the mean: sqrt(1/12/n) ≈ 0.00065; five of them.
  assert.ok(Math.abs(mean - 0.5) < 0.0033, `mean ${mean}`);
  assert.ok(Math.abs(squares / n - mean * mean - 1 / 12) < 0.002);
});

test("normal deviates: mean 0, variance 1 within sampling error", () => {
  const r = new Random(8);
  const n = 200000;
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < n; i++) {
    const x = r.normal();
    sum += x;
    squares += x * x;
  }
  assert.ok(Math.abs(sum / n) < 0.012);
  assert.ok(Math.abs(squares / n - 1) < 0.02);
});

test("a permutation holds every index once", () => {
  const p = Array.from(new Random(3).permutation(1000)).sort((x, y) => x - y);
  assert.deepEqual(p, Array.from({ length: 1000 }, (_, i) => i));
});
