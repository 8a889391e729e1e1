import { test, after } from "node:test";
import assert from "node:assert/strict";
import { activeBackend, multiply, useBackend } from "../../src/kernels/index.js";
import type { BackendName, FloatArray } from "../../src/kernels/index.js";
import { assertMatchesReference, randomArray, reference, sameBits } from "./reference.js";

after(() => useBackend("auto"));

/** Shapes of a dense layer's forward product Z = X·Wᵀ + b (batch × units, inputs): tiny, naive, blocked, threaded. */
const SHAPES: [number, number, number][] = [
  [3, 4, 5],
  [7, 13, 33],
  [65, 25, 257],
  [128, 128, 784],
  [130, 64, 128],
];

/** The bias as the unfused path added it: every row of C set to b by hand, then the product accumulated. */
function unfused(x: FloatArray, w: FloatArray, b: FloatArray, m: number, n: number, k: number, type: "f32" | "f64"): FloatArray {
  const c = type === "f32" ? new Float32Array(m * n) : new Float64Array(m * n);
  for (let r = 0; r < m; r++) for (let j = 0; j < n; j++) c[r * n + j] = b[j];
  multiply(c, x, w, m, n, k, false, true, true);
  return c;
}

for (const backend of ["ts", "wasm", "wasm-threads"] as BackendName[]) {
  for (const type of ["f32", "f64"] as const) {
    test(`${backend} ${type}: a product with a bias gives the bits of C filled with the bias then accumulated, and matches the triple loop`, () => {
      useBackend(backend, { threads: 2 });
      assert.equal(activeBackend().name, backend);
      let seed = 11;
      for (const [m, n, k] of SHAPES) {
        const x = randomArray(type, m * k, seed++);
        const w = randomArray(type, n * k, seed++);
        const b = randomArray(type, n, seed++);
        // C holds garbage first: the bias must replace it, not add to it.
        const c = randomArray(type, m * n, seed++);
        multiply(c, x, w, m, n, k, false, true, false, b);
        assert.ok(sameBits(c, unfused(x, w, b, m, n, k, type)), `${backend} ${type} ${m}×${n}×${k}: not the bits of the unfused path`);
        const rows = type === "f32" ? new Float32Array(m * n) : new Float64Array(m * n);
        for (let r = 0; r < m; r++) rows.set(b, r * n);
        assertMatchesReference(c, reference(rows, x, w, m, n, k, false, true, true), type === "f32" ? 1e-5 : 1e-12, `${backend} ${type} ${m}×${n}×${k}`);
        // `accumulate` is ignored with a bias: the same bits again.
        const again = randomArray(type, m * n, seed++);
        multiply(again, x, w, m, n, k, false, true, true, b);
        assert.ok(sameBits(again, c));
      }
    });
  }
}

test("a product with a bias and k = 0 is the bias in every row", () => {
  const c = new Float64Array(6).fill(9);
  multiply(c, new Float64Array(0), new Float64Array(0), 2, 3, 0, false, true, false, Float64Array.of(1, 2, 3));
  assert.deepEqual(Array.from(c), [1, 2, 3, 1, 2, 3]);
});
