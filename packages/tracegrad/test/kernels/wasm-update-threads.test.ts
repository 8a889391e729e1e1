/**
 * The optimizer's WebAssembly update split between the threads of the wasm-threads backend
 * (ThreadedWasmKernel.runUpdate) against the rule's TypeScript step, bit for bit: values, state and
 * report, every built-in rule, Float64 and Float32, on a parameter of several blocks with an odd
 * count, with the worker taking blocks; and a NaN in a block the worker computes reported as the
 * TypeScript rule reports it.
 */
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { activeThreadedKernel, useBackend } from "../../src/kernels/index.js";
import { UPDATE_CHUNK } from "../../src/kernels/threads.js";
import { simdSupported } from "../../src/kernels/wasm-module.js";
import { Optimizer } from "../../src/nn/optimizer.js";
import type { OptimizerConfig } from "../../src/nn/optimizer.js";
import { useWasmUpdates } from "../../src/nn/wasm-updates.js";
import type { Parameter } from "../../src/nn/layers/layer.js";
import { BUILTIN_OPTIMIZER_NAMES } from "../../src/engine/update-rules.js";
import { randomArray } from "./reference.js";

/** Several blocks, the last one odd; and a small parameter that one call updates. */
const SIZES = [3 * UPDATE_CHUNK + 5, 7];

after(() => {
  useBackend("auto");
  useWasmUpdates(false);
});

function parameters(type: "f32" | "f64"): Parameter[] {
  return SIZES.map((size, index) => {
    const value = randomArray(type, size, 5 + index);
    return { name: `p${index}`, kind: index === 0 ? "weights" : "bias", shape: [size], value, gradient: value.slice().fill(0), regularized: index === 0, layer: index };
  });
}

function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) if (!Object.is(actual[i], expected[i])) assert.fail(`${what}[${i}]: ${actual[i]} (threads) ≠ ${expected[i]} (TypeScript)`);
}

/** Steps the TypeScript rule and the threaded WebAssembly update side by side; returns how many blocks the worker took. */
function compare(config: OptimizerConfig, type: "f32" | "f64", steps: number, badAt: number | null = null): number {
  useBackend("wasm-threads", { threads: 2 });
  const kernel = activeThreadedKernel();
  assert.ok(kernel !== null, "Node with two threads");
  const slow = parameters(type);
  const fast = parameters(type);
  useWasmUpdates(false);
  const reference = new Optimizer(config, slow);
  useWasmUpdates();
  const optimizer = new Optimizer(config, fast);
  assert.ok(Object.hasOwn(optimizer, "step"), "the WebAssembly update runs");
  const before = kernel.workerBlocks;
  for (let step = 0; step < steps; step++) {
    for (let p = 0; p < SIZES.length; p++) {
      const g = randomArray(type, SIZES[p], 100 * step + p + 1);
      // A NaN in the first block (the one taken last, so usually by the worker).
      if (badAt !== null && step === 1 && p === 0) g[badAt] = Number.NaN;
      slow[p].gradient.set(g);
      fast[p].gradient.set(g);
    }
    const expected = reference.step(0.01 * (step + 1));
    const actual = optimizer.step(0.01 * (step + 1));
    const label = `${config.name} ${type} step ${step + 1}`;
    // After a NaN the largest change is not compared: the WebAssembly update (threaded or not) leaves
    // the NaN's parameter out of it, the TypeScript rule counts its finite changes; training stops there.
    if (expected.nonFinite === null) assert.ok(Object.is(actual.maxChange, expected.maxChange), `${label}: largest change ${actual.maxChange} ≠ ${expected.maxChange}`);
    assert.equal(actual.nonFinite?.name ?? null, expected.nonFinite?.name ?? null, `${label}: non-finite parameter`);
    for (let p = 0; p < SIZES.length; p++) {
      sameBits(fast[p].value, slow[p].value, `${label}: ${slow[p].name}`);
      reference.stateArrays[p].forEach((s, k) => sameBits(optimizer.stateArrays[p][k], s, `${label}: ${slow[p].name} state ${k}`));
    }
  }
  return kernel.workerBlocks - before;
}

test("the update split between two threads gives the TypeScript rule's bits: every built-in rule, Float64 and Float32", { skip: !simdSupported() && "no WebAssembly SIMD" }, () => {
  let workerBlocks = 0;
  for (const name of BUILTIN_OPTIMIZER_NAMES) {
    for (const type of ["f64", "f32"] as const) workerBlocks += compare({ name, momentum: 0.8, rho: 0.95, beta1: 0.85, beta2: 0.99, epsilon: 1e-7 }, type, 4);
  }
  // The worker wakes within microseconds once started; until then the main thread takes every block.
  for (let tries = 0; tries < 50 && workerBlocks === 0; tries++) workerBlocks += compare({ name: "adam" }, "f32", 4);
  assert.ok(workerBlocks > 0, "the worker thread took blocks of the updates");
});

test("a NaN in any block of a threaded update is reported as the TypeScript rule reports it", { skip: !simdSupported() && "no WebAssembly SIMD" }, () => {
  for (const name of BUILTIN_OPTIMIZER_NAMES) {
    for (const type of ["f64", "f32"] as const) {
      for (const badAt of [3, UPDATE_CHUNK + 1, 3 * UPDATE_CHUNK + 4]) compare({ name }, type, 3, badAt);
    }
  }
});
