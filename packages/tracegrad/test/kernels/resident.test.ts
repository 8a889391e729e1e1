/**
 * Arrays that live in the threaded kernel's shared memory (kernels/index.ts's `residentArray`,
 * nn/resident-arrays.ts): products read and write them where they are, an optimizer updates them where
 * they are on every thread, and a training with them gives the bits of one without them.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { residentArray, useBackend } from "../../src/kernels/index.js";
import type { FloatArray } from "../../src/kernels/index.js";
import { RESIDENT_LIMIT, THREADED_UPDATE } from "../../src/kernels/threads.js";
import type { ThreadedWasmKernel } from "../../src/kernels/threads.js";
import { Optimizer } from "../../src/nn/optimizer.js";
import type { OptimizerConfig } from "../../src/nn/optimizer.js";
import type { Parameter } from "../../src/nn/layers/layer.js";
import { useWasmUpdates } from "../../src/nn/wasm-updates.js";
import { useResidentArrays } from "../../src/nn/resident-arrays.js";
import { Sequential } from "../../src/nn/model.js";
import { Trainer } from "../../src/nn/trainer.js";
import { generate } from "../../src/data/generators.js";
import { kernelOnTwoThreads, randomArray, sameBits } from "./reference.js";

after(() => {
  useBackend("auto");
  useResidentArrays(false);
});

/** A view of `length` values in the kernel's memory, holding `values`. */
function inKernel(kernel: ThreadedWasmKernel, values: FloatArray): FloatArray {
  const at = kernel.allocate((values.length + 1) * values.BYTES_PER_ELEMENT);
  assert.ok(at !== null);
  const view = values instanceof Float64Array ? new Float64Array(kernel.buffer, at, values.length) : new Float32Array(kernel.buffer, at, values.length);
  view.set(values);
  assert.ok(kernel.holds(view) && !kernel.holds(values));
  return view;
}

test("a product whose A, B or C live in the kernel's memory gives the bits of copies, and writes only C", () => {
  const kernel = kernelOnTwoThreads();
  // One shape split between the threads, one on the calling thread alone.
  for (const [m, n, k] of [
    [130, 129, 257],
    [5, 13, 17],
  ]) {
    for (const type of ["f32", "f64"] as const) {
      for (const [transA, transB, accumulate, withBias] of [
        [false, false, false, false],
        [true, false, true, false],
        [false, true, false, true],
        [true, true, true, false],
      ] as const) {
        const a = randomArray(type, m * k, m);
        const b = randomArray(type, k * n, n);
        const c0 = randomArray(type, m * n, k);
        const bias = withBias ? randomArray(type, n, 3) : null;
        const copied = c0.slice();
        kernel.multiply(copied, a, b, m, n, k, transA, transB, accumulate, bias);
        for (let here = 1; here < 8; here++) {
          const what = `${type} ${m}×${n}×${k} transA=${transA} transB=${transB} accumulate=${accumulate} bias=${withBias}, in the kernel: ${["A", "B", "C"].filter((_, i) => here & (1 << i)).join(", ")}`;
          const aIn = here & 1 ? inKernel(kernel, a) : a;
          const bIn = here & 2 ? inKernel(kernel, b) : b;
          const cIn = here & 4 ? inKernel(kernel, c0) : c0.slice();
          kernel.multiply(cIn, aIn, bIn, m, n, k, transA, transB, accumulate, bias);
          assert.ok(sameBits(cIn, copied), `${what}: not the bits of copies`);
          assert.ok(sameBits(aIn, a) && sameBits(bIn, b), `${what}: A or B changed`);
        }
      }
    }
  }
});

test("views of the kernel's memory stay valid as it grows, and it gives out no more than RESIDENT_LIMIT bytes", () => {
  const kernel = kernelOnTwoThreads();
  const values = randomArray("f64", 1000, 5);
  const early = inKernel(kernel, values);
  const before = kernel.buffer.byteLength;
  // A product larger than the memory so far makes it grow.
  const [m, n, k] = [512, 512, 256];
  const c = new Float64Array(m * n);
  kernel.multiply(c, randomArray("f64", m * k, 1), randomArray("f64", k * n, 2), m, n, k, false, false, false);
  assert.ok(kernel.buffer.byteLength > before, "the memory grew");
  assert.ok(sameBits(early, values), "a view from before the growth reads what it held");
  assert.ok(kernel.holds(early), "and is still known as the kernel's own");
  // Such a view is still the kernel's own: used where it is, with the bits of a copy.
  const out = new Float64Array(10 * 100);
  const copied = new Float64Array(10 * 100);
  const b = randomArray("f64", 100 * 100, 6);
  kernel.multiply(out, early, b, 10, 100, 100, false, false, false);
  kernel.multiply(copied, values, b, 10, 100, 100, false, false, false);
  assert.ok(sameBits(out, copied));
  assert.equal(kernel.allocate(RESIDENT_LIMIT + 64), null);
});

/** Parameters of the given sizes, their arrays made by `make`, with values in [-1, 1). */
function parameters(sizes: readonly number[], type: "f32" | "f64", make: (length: number) => FloatArray): Parameter[] {
  return sizes.map((size, index) => {
    const value = make(size);
    value.set(randomArray(type, size, 20 + index));
    return { name: `p${index}`, kind: index === 0 ? "weights" : "bias", shape: [size], value, gradient: make(size), regularized: index === 0, layer: index };
  });
}

test("an optimizer updates parameters that live in the kernel's memory where they are, on both threads, with the TypeScript rule's bits", () => {
  useBackend("wasm-threads", { threads: 2 });
  // A parameter split between the threads (odd: its last block odd too), one too small to split, one ordinary.
  const sizes = [THREADED_UPDATE * 2 + 1, 4097, 130];
  for (const type of ["f32", "f64"] as const) {
    const f64 = type === "f64";
    for (const config of [{ name: "adam", weightDecay: 0.01 }, { name: "momentum" }, { name: "rmsprop" }, { name: "sgd" }] as OptimizerConfig[]) {
      const ordinary = (length: number) => (f64 ? new Float64Array(length) : new Float32Array(length));
      const resident = parameters(sizes, type, (length) => (length === 130 ? ordinary(length) : residentArray(f64, length)!));
      assert.ok(resident[0].value.buffer instanceof SharedArrayBuffer, "the large parameter lives in the kernel's memory");
      const plain = parameters(sizes, type, ordinary);
      const single = parameters(sizes, type, ordinary);
      useWasmUpdates(true);
      const fast = new Optimizer(config, resident);
      // The same update in a memory of its own, on the calling thread, in one call a parameter.
      const oneCall = new Optimizer(config, single);
      useWasmUpdates(false);
      const reference = new Optimizer(config, plain);
      useWasmUpdates(true);
      for (let step = 0; step < 4; step++) {
        for (let p = 0; p < sizes.length; p++) {
          const g = randomArray(type, sizes[p], 100 * step + p);
          // Last, a NaN in the split parameter's second block.
          if (step === 3 && p === 0) g[THREADED_UPDATE + 7] = Number.NaN;
          resident[p].gradient.set(g);
          plain[p].gradient.set(g);
          single[p].gradient.set(g);
        }
        const expected = reference.step(0.01 * (step + 1));
        const whole = oneCall.step(0.01 * (step + 1));
        const actual = fast.step(0.01 * (step + 1));
        const label = `${config.name} ${type} step ${step + 1}`;
        // The largest change as one call reports it (which, after a NaN, leaves out that parameter's other changes).
        assert.ok(Object.is(actual.maxChange, whole.maxChange), `${label}: largest change ${actual.maxChange} ≠ ${whole.maxChange}`);
        if (step < 3) assert.ok(Object.is(actual.maxChange, expected.maxChange), `${label}: largest change ${actual.maxChange} ≠ ${expected.maxChange} (TypeScript)`);
        assert.equal(actual.nonFinite?.name ?? null, expected.nonFinite?.name ?? null, `${label}: non-finite parameter`);
        for (let p = 0; p < sizes.length; p++) assert.ok(sameBits(resident[p].value, plain[p].value), `${label}: p${p} differs`);
      }
    }
  }
});

test("a training whose large layer lives in the kernel's memory gives the bits of one that does not", () => {
  useBackend("wasm-threads", { threads: 2 });
  const data = generate("moons", { n: 200, seed: 3 });
  for (const dtype of ["float32", "float64"] as const) {
    const train = (resident: boolean) => {
      useResidentArrays(resident);
      // 128 × 128 weights in the second layer: RESIDENT_ELEMENTS.
      const model = Sequential.create(2, [{ type: "dense", units: 128, activation: "relu" }, { type: "dense", units: 128, activation: "relu" }, { type: "dense", units: 1, activation: "sigmoid" }], { dtype, seed: 4 });
      const trainer = new Trainer(model, data, { loss: "bce", optimizer: "adam", learningRate: 0.01, epochs: 5, batchSize: 32, seed: 5, smallNet: false });
      trainer.run();
      useResidentArrays(false);
      return model;
    };
    const weights = (model: Sequential) => model.parameters().filter((p) => p.kind === "weights").map((p) => p.value);
    const withResident = weights(train(true));
    const without = weights(train(false));
    assert.ok(withResident[1].buffer instanceof SharedArrayBuffer, `${dtype}: the 128 × 128 layer lives in the kernel's memory`);
    assert.ok(!(without[1].buffer instanceof SharedArrayBuffer));
    for (let l = 0; l < 3; l++) assert.ok(sameBits(withResident[l], without[l]), `${dtype}: layer ${l} differs`);
  }
});
