import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { matmul, useBackend } from "../../src/kernels/index.js";
import type { FloatArray } from "../../src/kernels/index.js";
import { MAX_BLOCKS, rowsPerBlock } from "../../src/kernels/threads.js";
import type { ThreadedWasmKernel } from "../../src/kernels/threads.js";
import { kernelOnTwoThreads, randomArray, sameBits } from "./reference.js";

/** A threaded kernel of its own, run until its worker has computed blocks (it takes a while to start). */
function warmKernel(): ThreadedWasmKernel {
  const kernel = kernelOnTwoThreads();
  const [m, n, k] = [256, 128, 128];
  const a = randomArray("f32", m * k, 1);
  const b = randomArray("f32", k * n, 2);
  const c = new Float32Array(m * n);
  const deadline = Date.now() + 10_000;
  while (kernel.workerBlocks === 0 && Date.now() < deadline) kernel.multiply(c, a, b, m, n, k, false, false, false);
  assert.ok(kernel.workerBlocks > 0, "the worker took part within 10 s");
  return kernel;
}

test("wasm-threads: 1 and 2 threads give the same bits, and so does wasm", () => {
  const kernel = warmKernel();
  // Every shape above the threaded path's threshold (THREADED_PRODUCT: 2²² multiply-adds in Float32),
  // at the block edges: rows past a block of 4 and of 16, columns past a panel of 12 and of 6, k past KC.
  const shapes: [number, number, number][] = [
    [130, 129, 257],
    [256, 70, 300],
    [65, 128, 513],
  ];
  for (const type of ["f32", "f64"] as const) {
    for (const [m, n, k] of shapes) {
      for (const [transA, transB, accumulate] of [
        [false, false, false],
        [true, false, true],
        [false, true, false],
        [true, true, true],
      ] as const) {
        const a = randomArray(type, m * k, m);
        const b = randomArray(type, k * n, n);
        const c0 = randomArray(type, m * n, k);
        const run = (threads: number): FloatArray => {
          kernel.setThreads(threads);
          const c = c0.slice();
          kernel.multiply(c, a, b, m, n, k, transA, transB, accumulate);
          return c;
        };
        const one = run(1);
        // Two threads, until the worker has taken part (the main thread may take every block of a
        // product before the worker wakes): every run must give the same bits as one thread.
        const before = kernel.workerBlocks;
        const what = `${type} ${m}×${n}×${k} transA=${transA} transB=${transB} accumulate=${accumulate}`;
        for (let tries = 0; tries < 200 && kernel.workerBlocks === before; tries++) {
          assert.ok(sameBits(one, run(2)), `${what}: 1 and 2 threads differ`);
        }
        assert.ok(kernel.workerBlocks > before, `${what}: the worker took part`);
        useBackend("wasm");
        const single = c0.slice();
        matmul(single, a, b, m, n, k, { transA, transB, accumulate });
        assert.ok(sameBits(one, single), `${what}: wasm-threads and wasm differ`);
      }
    }
  }
  useBackend("auto");
});

test("wasm-threads: a product of more rows than MAX_BLOCKS blocks of MC rows completes, with the bits of one thread", () => {
  // 4.3 million rows: 67,188 blocks of 64 rows, past the 65,535 the threads' claim counter holds
  // (it used to hang here: the count overflowed into the product's tag, and no thread took a block).
  const m = 4_300_000;
  assert.ok(Math.ceil(m / 64) > MAX_BLOCKS && Math.ceil(m / rowsPerBlock(m)) <= MAX_BLOCKS);
  const kernel = warmKernel();
  const a = randomArray("f32", m, 3);
  const b = Float32Array.of(0.75);
  const threaded = new Float32Array(m);
  assert.ok(kernel.multiply(threaded, a, b, m, 1, 1, false, false, false));
  assert.ok(sameBits(threaded, Float32Array.from(a, (x) => Math.fround(x * 0.75))));
});

test("a process that used the worker threads exits promptly when its work is done", () => {
  const script = `
    import { matmul, useBackend, activeBackend } from "./packages/tracegrad/src/kernels/index.ts";
    import { nodeThreads } from "./packages/tracegrad/src/kernels/node-threads.ts";
    import { ThreadedWasmKernel } from "./packages/tracegrad/src/kernels/threads.ts";
    import { gemmModule } from "./packages/tracegrad/src/kernels/wasm-module.ts";
    useBackend("wasm-threads", { threads: 2 });
    const big = new Float32Array(256 * 256).fill(0.5);
    const out = new Float32Array(256 * 256);
    matmul(out, big, big, 256, 256, 256);
    const kernel = new ThreadedWasmKernel(gemmModule("shared"), nodeThreads());
    kernel.setThreads(2);
    const deadline = Date.now() + 10000;
    while (kernel.workerBlocks === 0 && Date.now() < deadline) kernel.multiply(out, big, big, 256, 256, 256, false, false, false);
    console.log(JSON.stringify({ backend: activeBackend().name, workerBlocks: kernel.workerBlocks, value: out[0], finishedAt: Date.now() }));
  `;
  const started = Date.now();
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
  const ended = Date.now();
  const elapsed = ended - started;
  assert.equal(result.signal, null, `the process was killed after ${elapsed} ms: it did not exit by itself`);
  assert.equal(result.status, 0, result.stderr);
  const report = JSON.parse(result.stdout.trim()) as { backend: string; workerBlocks: number; value: number; finishedAt: number };
  assert.equal(report.backend, "wasm-threads");
  assert.ok(report.workerBlocks > 0, "the worker took part");
  assert.equal(report.value, 64);
  // From the script's last line to the process's end: the workers must not hold it up.
  assert.ok(ended - report.finishedAt < 2000, `exited ${ended - report.finishedAt} ms after its work was done`);
});
