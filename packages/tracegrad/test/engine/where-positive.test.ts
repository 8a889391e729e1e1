import { test } from "node:test";
import assert from "node:assert/strict";
import { MASKED_FROM, wherePositive } from "../../src/engine/where-positive.js";
import { activation } from "../../src/engine/activations.js";

/** Values where a bit-level select could go wrong: zeros of both signs, NaNs of both signs, infinities, subnormals. */
const SPECIAL = [0, -0, Number.NaN, -Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 5e-324, -5e-324, 1e-45, -1e-45, 1.5, -1.5, 3.4e38, -3.4e38, 1e300, -1e300];

/** The definition, element by element: z > 0 ? x : +0. */
function reference(z: ArrayLike<number>, x: ArrayLike<number>, out: Float32Array | Float64Array): void {
  for (let i = 0; i < z.length; i++) out[i] = z[i] > 0 ? x[i] : 0;
}

function bits(values: Float32Array | Float64Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString("hex");
}

for (const Type of [Float32Array, Float64Array]) {
  test(`wherePositive (${Type.name}): the bits of z > 0 ? x : +0 on special values, random values, views and in place`, () => {
    // Every special z against every special x, and a random tail, inside a larger buffer (a view at an offset).
    const zs: number[] = [];
    const xs: number[] = [];
    for (const z of SPECIAL) {
      for (const x of SPECIAL) {
        zs.push(z);
        xs.push(x);
      }
    }
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    for (let i = 0; i < 1000; i++) {
      zs.push(random());
      xs.push(random() * 10);
    }
    const n = zs.length;
    const z = new Type(n + 8).subarray(3, 3 + n);
    const x = new Type(n + 8).subarray(5, 5 + n);
    z.set(zs);
    x.set(xs);
    const expected = new Type(n);
    reference(z, x, expected);
    const out = new Type(n + 2).subarray(1, 1 + n).fill(42);
    wherePositive(z, x, out, n);
    assert.equal(bits(out), bits(expected));
    // In place (dz may be da), and z itself as x (ReLU's forward).
    const inPlace = x.slice();
    wherePositive(z, inPlace, inPlace, n);
    assert.equal(bits(inPlace), bits(expected));
    const relu = new Type(n);
    reference(z, z, expected);
    wherePositive(z, z, relu, n);
    assert.equal(bits(relu), bits(expected));
    // Only `length` elements are written, through the mask and through the short loop.
    for (const length of [MASKED_FROM + 3, 10]) {
      const part = new Type(n).fill(42);
      wherePositive(z, x, part, length);
      const expectedPart = new Type(length);
      reference(z.subarray(0, length), x, expectedPart);
      assert.equal(bits(part.subarray(0, length)), bits(expectedPart));
      assert.ok(part.subarray(length).every((v) => v === 42));
    }
  });
}

test("wherePositive: x and out of different types fall back to the element loop, with the same values", () => {
  // Long enough for the mask, which needs x and out to have words of the same layout.
  const values = Array.from({ length: 10 * SPECIAL.length }, (_, i) => SPECIAL[i % SPECIAL.length]);
  assert.ok(values.length >= MASKED_FROM);
  const z = Float64Array.from(values);
  const x = Float32Array.from(values, (v) => v * 2);
  const out = new Float64Array(values.length);
  const expected = new Float64Array(values.length);
  reference(z, x, expected);
  wherePositive(z, x, out, values.length);
  assert.equal(bits(out), bits(expected));
});

test("ReLU's array forms are wherePositive: +0 (not -0) for z ≤ 0 and for NaN, in both directions", () => {
  const relu = activation("relu");
  assert.ok(relu.kind === "elementwise");
  const signed = (v: number) => (Object.is(v, -0) ? "-0" : v);
  for (const Type of [Float32Array, Float64Array]) {
    // Short (the plain loop) and long (the mask): the pattern repeated.
    for (const repeats of [1, 64]) {
      const pattern = [-2, -0, 0, Number.NaN, 3];
      const n = pattern.length * repeats;
      const z = Type.from(Array.from({ length: n }, (_, i) => pattern[i % 5]));
      const a = new Type(n);
      relu.forwardArray(z, a, n, 0);
      assert.deepEqual(Array.from(a, signed), Array.from({ length: n }, (_, i) => [0, 0, 0, 0, 3][i % 5]));
      const da = new Type(n).fill(-1);
      const dz = new Type(n);
      relu.backwardArray(z, a, da, dz, n, 0);
      assert.deepEqual(Array.from(dz, signed), Array.from({ length: n }, (_, i) => [0, 0, 0, 0, -1][i % 5]));
    }
  }
});
