/** Assertions shared by the tests. */
import assert from "node:assert/strict";

/** |actual - expected| ≤ max(relative·|expected|, absolute). */
export function assertClose(actual: number, expected: number, relative: number, absolute = 0, what = ""): void {
  const bound = Math.max(relative * Math.abs(expected), absolute);
  if (!(Math.abs(actual - expected) <= bound)) {
    assert.fail(`${what ? what + ": " : ""}expected ${expected}, got ${actual} (difference ${Math.abs(actual - expected)}, allowed ${bound})`);
  }
}

/** Element-wise {@link assertClose} over nested arrays of numbers. */
export function assertAllClose(actual: unknown, expected: unknown, relative: number, absolute = 0, what = ""): void {
  if (typeof expected === "number") {
    assert.equal(typeof actual, "number", `${what}: expected a number`);
    assertClose(actual as number, expected, relative, absolute, what);
    return;
  }
  if (expected === null) {
    assert.equal(actual, null, `${what}: expected null`);
    return;
  }
  assert.ok(Array.isArray(expected) && Array.isArray(actual), `${what}: expected arrays`);
  assert.equal((actual as unknown[]).length, (expected as unknown[]).length, `${what}: lengths differ`);
  (expected as unknown[]).forEach((e, i) => assertAllClose((actual as unknown[])[i], e, relative, absolute, `${what}[${i}]`));
}

/** Central difference of f at x. */
export function centralDifference(f: (x: number) => number, x: number, h = 1e-6): number {
  return (f(x + h) - f(x - h)) / (2 * h);
}
