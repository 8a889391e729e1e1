import { test } from "node:test";
import assert from "node:assert/strict";
import { gatherRows } from "../../src/nn/gather-rows.js";

/** A 5 × 3 data set whose value at (row r, column c) is 10r + c, so that every copied value tells where it came from. */
const source = Float32Array.from({ length: 15 }, (_, i) => 10 * Math.floor(i / 3) + (i % 3));

test("gatherRows copies the rows of the permutation's slice, in its order, into the front of the buffer", () => {
  const target = new Float32Array(4 * 3).fill(-1);
  gatherRows(target, source, 3, 3, 1, Uint32Array.of(4, 2, 0, 3, 1));
  // order[1..3] = 2, 0, 3; the fourth row of the buffer is untouched.
  assert.deepEqual(Array.from(target), [20, 21, 22, 0, 1, 2, 30, 31, 32, -1, -1, -1]);
});

test("gatherRows without a permutation copies consecutive rows from start", () => {
  const target = new Float64Array(2 * 3);
  gatherRows(target, source, 3, 2, 3, null);
  assert.deepEqual(Array.from(target), [30, 31, 32, 40, 41, 42]);
});

test("gatherRows keeps the bits of every value (float32 data into a float32 buffer, one-hot targets)", () => {
  const values = Float32Array.of(0.1, -0, 3.4028234663852886e38, 1.401298464324817e-45, 1 / 3, -2.5);
  const target = new Float32Array(6);
  gatherRows(target, values, 2, 3, 0, Uint32Array.of(2, 0, 1));
  assert.ok(Object.is(target[3], -0));
  // Rows (0.1, -0), (max, smallest subnormal), (1/3, -2.5), taken in the order 2, 0, 1.
  assert.deepEqual(Array.from(target), [0.3333333432674408, -2.5, 0.10000000149011612, -0, 3.4028234663852886e38, 1.401298464324817e-45]);
});
