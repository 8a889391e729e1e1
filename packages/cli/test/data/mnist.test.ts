import { test } from "node:test";
import assert from "node:assert/strict";
import { loadMnistDigits } from "../../src/data/mnist.js";

test("MNIST: the package's 10,000 digits, 784 pixels in [0, 1], all ten classes", () => {
  const d = loadMnistDigits();
  assert.equal(d.n, 10000);
  assert.equal(d.features, 784);
  assert.equal(d.outputs, 10);
  assert.equal(new Set(d.labels).size, 10);
  assert.ok(d.x.every((v) => v >= 0 && v <= 1));
});

test("MNIST: the scanned pixels are exactly JSON.parse's, and the split is the seeded permutation of them", async () => {
  const { readFileSync } = await import("node:fs");
  const { createRequire } = await import("node:module");
  const { dirname, join } = await import("node:path");
  const { Random } = await import("tracegrad/internal/engine/random");
  const { mnistSplit } = await import("../../src/data/mnist.js");
  const folder = join(dirname(createRequire(import.meta.url).resolve("mnist/package.json")), "src", "digits");
  const parsed = (JSON.parse(readFileSync(join(folder, "3.json"), "utf8")) as { data: number[] }).data;
  const all = loadMnistDigits();
  const first3 = Array.from(all.labels!).indexOf(3);
  const count3 = Array.from(all.labels!).filter((l) => l === 3).length;
  assert.deepEqual(Array.from(all.x.subarray(first3 * 784, (first3 + count3) * 784)), parsed.slice(0, count3 * 784));
  const order = new Random(5).permutation(all.n);
  const { train, test } = mnistSplit(5);
  assert.equal(test.n, 2000);
  assert.equal(train.n, 8000);
  for (const p of [0, 1, 1999, 2000, 9999]) {
    const split = p < 2000 ? test : train;
    const r = p < 2000 ? p : p - 2000;
    assert.equal(split.labels![r], all.labels![order[p]]);
    assert.deepEqual(Array.from(split.x.subarray(r * 784, (r + 1) * 784)), Array.from(all.x.subarray(order[p] * 784, (order[p] + 1) * 784)));
  }
});
