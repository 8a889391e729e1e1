import { test, after } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { activeBackend, matmul, useBackend } from "../../src/kernels/index.js";
import type { BackendName, FloatArray } from "../../src/kernels/index.js";
import { matmulBlocked } from "../../src/kernels/gemm-ts.js";
import { WasmKernel } from "../../src/kernels/wasm-backend.js";
import { gemmModule } from "../../src/kernels/wasm-module.js";
import { assertMatchesReference, randomArray, reference, sameBits } from "./reference.js";

const BACKENDS: BackendName[] = ["ts", "wasm", "wasm-threads"];
const TYPES = ["f32", "f64"] as const;
/** Float64 must match the triple loop to 1e-12 of Σ|a||b|, Float32 to 1e-5. */
const TOLERANCE = { f32: 1e-5, f64: 1e-12 };

// Sizes at and around every block edge: tiles of 4 rows and 4, 6 or 12 columns, row blocks of 16 to 64,
// k blocks of 256.
const M_SIZES = [1, 2, 3, 4, 5, 15, 16, 17, 33, 63, 64, 65, 130];
const N_SIZES = [1, 3, 4, 5, 6, 7, 11, 12, 13, 24, 25, 33];
const K_SIZES = [1, 2, 3, 17, 255, 256, 257, 513];

/**
 * Products at block edges, the last two large enough for the threaded path in Float32 and Float64
 * (THREADED_PRODUCT: at least 2²² multiply-adds in Float32, 2²¹ in Float64).
 */
const EDGE_SHAPES: [number, number, number][] = [
  [4, 12, 256],
  [5, 13, 257],
  [63, 25, 255],
  [130, 33, 257],
  [65, 64, 257],
  [17, 7, 513],
  [130, 129, 257],
  [65, 128, 513],
];

after(() => useBackend("auto"));

function check(backend: BackendName, type: "f32" | "f64", m: number, n: number, k: number, transA: boolean, transB: boolean, accumulate: boolean, seed: number): void {
  const a = randomArray(type, m * k, seed);
  const b = randomArray(type, k * n, seed + 1);
  const c = randomArray(type, m * n, seed + 2);
  const expected = reference(c, a, b, m, n, k, transA, transB, accumulate);
  matmul(c, a, b, m, n, k, { transA, transB, accumulate });
  assertMatchesReference(c, expected, TOLERANCE[type], `${backend} ${type} ${m}×${n}×${k} transA=${transA} transB=${transB} accumulate=${accumulate}`);
}

for (const backend of BACKENDS) {
  for (const type of TYPES) {
    test(`${backend} ${type}: every transposition and accumulation at the block edges matches the triple loop`, () => {
      useBackend(backend, { threads: 2 });
      assert.equal(activeBackend().name, backend);
      let seed = 1;
      for (const [m, n, k] of EDGE_SHAPES) {
        for (const transA of [false, true]) {
          for (const transB of [false, true]) {
            for (const accumulate of [false, true]) check(backend, type, m, n, k, transA, transB, accumulate, seed++);
          }
        }
      }
    });

    test(`${backend} ${type}: random shapes match the triple loop`, () => {
      useBackend(backend, { threads: 2 });
      fc.assert(
        fc.property(
          fc.constantFrom(...M_SIZES),
          fc.constantFrom(...N_SIZES),
          fc.constantFrom(...K_SIZES),
          fc.boolean(),
          fc.boolean(),
          fc.boolean(),
          fc.integer({ min: 1, max: 1 << 20 }),
          (m, n, k, transA, transB, accumulate, seed) => check(backend, type, m, n, k, transA, transB, accumulate, seed),
        ),
        { seed: 7, numRuns: 40 },
      );
    });

    test(`${backend} ${type}: the same inputs give the same bits on every call`, () => {
      useBackend(backend, { threads: 2 });
      for (const [m, n, k, transA, transB] of [
        [65, 64, 257, false, true],
        [33, 25, 17, true, false],
      ] as const) {
        const a = randomArray(type, m * k, 3);
        const b = randomArray(type, k * n, 4);
        const first = randomArray(type, m * n, 5);
        const start = first.slice();
        matmul(first, a, b, m, n, k, { transA, transB, accumulate: true });
        for (let call = 0; call < 4; call++) {
          const again = start.slice();
          matmul(again, a, b, m, n, k, { transA, transB, accumulate: true });
          assert.ok(sameBits(first, again), `${backend} ${type} ${m}×${n}×${k}: call ${call + 2} differs from call 1`);
        }
      }
    });
  }
}

test("Float64: every backend gives the same bits", () => {
  for (const [m, n, k] of [
    [3, 5, 2],
    [21, 4, 600],
    [130, 33, 513],
    [64, 70, 300],
  ]) {
    for (const [transA, transB, accumulate] of [
      [false, false, false],
      [true, true, true],
      [false, true, true],
    ]) {
      const a = randomArray("f64", m * k, 11);
      const b = randomArray("f64", k * n, 12);
      const c0 = randomArray("f64", m * n, 13);
      const results = BACKENDS.map((backend) => {
        useBackend(backend, { threads: 2 });
        const c = c0.slice();
        matmul(c, a, b, m, n, k, { transA, transB, accumulate });
        return c;
      });
      for (let i = 1; i < results.length; i++) {
        assert.ok(sameBits(results[0], results[i]), `${m}×${n}×${k}: ${BACKENDS[i]} differs from ${BACKENDS[0]}`);
      }
    }
  }
});

test("tiny products (the naive loop) match the triple loop for every transposition", () => {
  for (const type of TYPES) {
    for (const [m, n, k] of [
      [21, 4, 2],
      [4, 2, 21],
      [21, 2, 4],
      [1, 1, 4096],
      [2, 1, 2000],
    ]) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          for (const accumulate of [false, true]) check("ts", type, m, n, k, transA, transB, accumulate, m + n + k);
        }
      }
    }
  }
});

test("the blocked TypeScript and WebAssembly kernels are right below the size thresholds too", () => {
  const module = gemmModule("plain");
  assert.ok(module !== null);
  const wasm = new WasmKernel(new WebAssembly.Memory({ initial: 1, maximum: 1024 }), module);
  const kernels = {
    ts: matmulBlocked,
    wasm: (...args: Parameters<typeof matmulBlocked>) => assert.ok(wasm.multiply(...args)),
  };
  let seed = 100;
  for (const [name, multiply] of Object.entries(kernels)) {
    for (const type of TYPES) {
      for (const [m, n, k] of [
        [1, 1, 1],
        [3, 5, 2],
        [5, 13, 3],
        [4, 12, 1],
        [2, 7, 9],
      ]) {
        for (const [transA, transB, accumulate] of [
          [false, false, false],
          [true, false, true],
          [false, true, true],
          [true, true, false],
        ]) {
          const a = randomArray(type, m * k, seed++);
          const b = randomArray(type, k * n, seed++);
          const c = randomArray(type, m * n, seed++);
          const expected = reference(c, a, b, m, n, k, transA, transB, accumulate);
          multiply(c, a, b, m, n, k, transA, transB, accumulate);
          assertMatchesReference(c, expected, TOLERANCE[type], `${name} ${type} ${m}×${n}×${k}`);
        }
      }
    }
  }
});

test("the WebAssembly memory grows as products need it, and results stay right after growing", () => {
  const module = gemmModule("plain");
  assert.ok(module !== null);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: 1024 });
  const wasm = new WasmKernel(memory, module);
  for (const [m, n, k] of [
    [20, 30, 10],
    [200, 300, 100],
    [30, 20, 40],
    [300, 130, 260],
  ]) {
    const a = randomArray("f64", m * k, m);
    const b = randomArray("f64", k * n, n);
    const c = new Float64Array(m * n);
    const expected = reference(c, a, b, m, n, k, false, false, false);
    assert.ok(wasm.multiply(c, a, b, m, n, k, false, false, false));
    assertMatchesReference(c, expected, TOLERANCE.f64, `${m}×${n}×${k}`);
  }
  assert.ok(memory.buffer.byteLength > 65536 * 16, "the memory grew");
});

test("Float32 results are rounded float32 values stored in the Float32Array", () => {
  for (const backend of BACKENDS) {
    useBackend(backend);
    const c = new Float32Array(70 * 70);
    matmul(c, randomArray("f32", 70 * 70, 1), randomArray("f32", 70 * 70, 2), 70, 70, 70);
    assert.ok(c.every((x) => Number.isFinite(x) && Math.fround(x) === x));
  }
});

test("empty products: m or n = 0 do nothing, k = 0 gives zeros or leaves C when accumulating", () => {
  for (const backend of BACKENDS) {
    useBackend(backend);
    const c = Float64Array.of(1, 2, 3, 4);
    matmul(c, new Float64Array(0), new Float64Array(0), 2, 2, 0, { accumulate: true });
    assert.deepEqual([...c], [1, 2, 3, 4]);
    matmul(c, new Float64Array(0), new Float64Array(0), 2, 2, 0);
    assert.deepEqual([...c], [0, 0, 0, 0]);
    matmul(c, new Float64Array(0), new Float64Array(10), 0, 2, 5);
    assert.deepEqual([...c], [0, 0, 0, 0]);
  }
});

test("longer arrays than needed are fine; only the first m·n values of C change", () => {
  for (const backend of BACKENDS) {
    useBackend(backend);
    const [m, n, k] = [40, 30, 50];
    const a = randomArray("f32", m * k + 7, 1);
    const b = randomArray("f32", k * n + 3, 2);
    const c = new Float32Array(m * n + 5).fill(9);
    const expected = reference(c, a, b, m, n, k, false, false, false);
    matmul(c, a, b, m, n, k);
    assertMatchesReference(c.subarray(0, m * n), expected, 1e-5, backend);
    assert.deepEqual([...c.subarray(m * n)], [9, 9, 9, 9, 9]);
  }
});

test("bad arguments are refused", () => {
  const f64 = new Float64Array(4);
  const f32 = new Float32Array(4);
  assert.throws(() => matmul(f64, f64, f64, 2, 2, 3), RangeError);
  assert.throws(() => matmul(f64, f64, f64, -1, 2, 2), RangeError);
  assert.throws(() => matmul(f64, f64, f64, 1.5, 2, 2), RangeError);
  assert.throws(() => matmul(f64, f32 as FloatArray, f64, 2, 2, 2), TypeError);
  assert.throws(() => useBackend("gpu" as BackendName), RangeError);
  assert.throws(() => useBackend("wasm-threads", { threads: 0 }), RangeError);
});

test("auto takes wasm-threads in Node on a machine with more than one core, and threads can be set", () => {
  useBackend("auto");
  const auto = activeBackend();
  assert.equal(auto.simd, true);
  assert.ok(auto.name === "wasm-threads" || auto.name === "wasm");
  useBackend("wasm-threads", { threads: 1 });
  assert.deepEqual(activeBackend(), { name: "wasm-threads", threads: 1, simd: true });
  useBackend("wasm-threads", { threads: 2 });
  assert.deepEqual(activeBackend(), { name: "wasm-threads", threads: 2, simd: true });
  useBackend("wasm");
  assert.deepEqual(activeBackend(), { name: "wasm", threads: 1, simd: true });
  useBackend("ts");
  assert.deepEqual(activeBackend(), { name: "ts", threads: 1, simd: false });
});
