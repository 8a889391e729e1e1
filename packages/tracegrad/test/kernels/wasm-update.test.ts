/**
 * The optimizer's update in WebAssembly (kernels/wasm-update.ts, `update_*` of gemm.wat) against the
 * update rules' TypeScript `step` (engine/update-rules.ts), bit for bit: the same Optimizer with and
 * without its WebAssembly update, every built-in rule, Float64 and Float32, with and without weight
 * decay, over several steps, the state (velocities, moments) and the report (largest change, the first
 * non-finite parameter) included. Adam's first step is also checked against its closed form.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { Optimizer } from "../../src/nn/optimizer.js";
import { useWasmUpdates, WASM_UPDATE_ELEMENTS } from "../../src/nn/wasm-updates.js";
import type { OptimizerConfig } from "../../src/nn/optimizer.js";
import type { Parameter } from "../../src/nn/layers/layer.js";
import { BUILTIN_OPTIMIZER_NAMES } from "../../src/engine/update-rules.js";
import { simdSupported } from "../../src/kernels/wasm-module.js";
import { randomArray } from "./reference.js";

const SIZES = [WASM_UPDATE_ELEMENTS, 7, 130];

useWasmUpdates();

/** Whether an optimizer took a fast update (which replaces its step). */
const fastUpdate = (optimizer: Optimizer) => Object.hasOwn(optimizer, "step");

test("without useWasmUpdates, or under the size, an optimizer keeps the rule's TypeScript step", () => {
  const make = (size: number) => {
    const value = new Float64Array(size);
    return new Optimizer({ name: "adam" }, [{ name: "w", kind: "weights", shape: [size], value, gradient: value.slice(), regularized: true, layer: 0 }]);
  };
  assert.equal(fastUpdate(make(WASM_UPDATE_ELEMENTS - 1)), false);
  useWasmUpdates(false);
  try {
    assert.equal(fastUpdate(make(WASM_UPDATE_ELEMENTS)), false);
  } finally {
    useWasmUpdates();
  }
  assert.equal(fastUpdate(make(WASM_UPDATE_ELEMENTS)), simdSupported());
});

/** Parameters of the sizes above (weights regularized, the others not), with values in [-1, 1) and a few edge values. */
function parameters(type: "f32" | "f64", seed: number): Parameter[] {
  return SIZES.map((size, index) => {
    const value = randomArray(type, size, seed + index);
    value[0] = 0;
    value[1] = -0;
    value[2] = 1e-30;
    return { name: `p${index}`, kind: index === 0 ? "weights" : "bias", shape: [size], value, gradient: value.slice().fill(0), regularized: index === 0, layer: index };
  });
}

function sameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, what);
  for (let i = 0; i < actual.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}[${i}]: ${actual[i]} (WebAssembly) ≠ ${expected[i]} (TypeScript)`);
  }
}

/** Runs `steps` steps of both optimizers with the same gradients, comparing after each. */
function compare(config: OptimizerConfig, type: "f32" | "f64", gradients: (step: number, p: number, size: number) => ArrayLike<number>, steps: number): void {
  const slow = parameters(type, 11);
  const fast = parameters(type, 11);
  useWasmUpdates(false);
  const reference = new Optimizer(config, slow);
  useWasmUpdates();
  const optimizer = new Optimizer(config, fast);
  assert.equal(fastUpdate(reference), false);
  assert.equal(fastUpdate(optimizer), true, "the WebAssembly update runs for a built-in rule on enough parameters");
  for (let step = 0; step < steps; step++) {
    for (let p = 0; p < SIZES.length; p++) {
      const g = gradients(step, p, SIZES[p]);
      slow[p].gradient.set(g);
      fast[p].gradient.set(g);
    }
    const learningRate = 0.01 * (step + 1);
    const expected = reference.step(learningRate);
    const actual = optimizer.step(learningRate);
    const label = `${config.name} ${type} λ=${config.weightDecay ?? "default"} step ${step + 1}`;
    assert.ok(Object.is(actual.maxChange, expected.maxChange), `${label}: largest change ${actual.maxChange} ≠ ${expected.maxChange}`);
    assert.equal(actual.nonFinite?.name ?? null, expected.nonFinite?.name ?? null, `${label}: non-finite parameter`);
    for (let p = 0; p < SIZES.length; p++) {
      sameBits(fast[p].value, slow[p].value, `${label}: ${slow[p].name}`);
      reference.stateArrays[p].forEach((s, k) => sameBits(optimizer.stateArrays[p][k], s, `${label}: ${slow[p].name} state ${k}`));
    }
  }
  assert.deepEqual(optimizer.toJSON(), reference.toJSON());
}

const randomGradients = (type: "f32" | "f64") => (step: number, p: number, size: number) => {
  const g = randomArray(type, size, 100 * step + p + 1);
  for (let i = 0; i < g.length; i += 17) g[i] *= 1e-6;
  return g;
};

test("the WebAssembly update gives the TypeScript rule's bits: every built-in rule, Float64 and Float32, with and without weight decay", { skip: !simdSupported() && "no WebAssembly SIMD" }, () => {
  for (const name of BUILTIN_OPTIMIZER_NAMES) {
    for (const type of ["f64", "f32"] as const) {
      for (const weightDecay of [undefined, 0.05]) {
        compare({ name, momentum: 0.8, rho: 0.95, beta1: 0.85, beta2: 0.99, epsilon: 1e-7, ...(weightDecay !== undefined ? { weightDecay } : {}) }, type, randomGradients(type), 6);
      }
    }
  }
});

test("the WebAssembly update reports the first non-finite parameter as the TypeScript rule does (NaN, then Infinity)", { skip: !simdSupported() && "no WebAssembly SIMD" }, () => {
  for (const name of BUILTIN_OPTIMIZER_NAMES) {
    for (const type of ["f64", "f32"] as const) {
      for (const bad of [Number.NaN, Number.POSITIVE_INFINITY]) {
        const random = randomGradients(type);
        compare({ name }, type, (step, p, size) => {
          const g = random(step, p, size);
          if (step === 1 && p === 1) g[3] = bad;
          return g;
        }, 3);
      }
    }
  }
});

test("Adam's first WebAssembly step from zero moments: m̂ = g and v̂ = g², so w moves by η·g/(|g| + ε) (closed form)", { skip: !simdSupported() && "no WebAssembly SIMD" }, () => {
  const size = WASM_UPDATE_ELEMENTS;
  const value = new Float64Array(size);
  const gradient = new Float64Array(size);
  // Powers of two: (1 - β₁)g/(1 - β₁) and (1 - β₂)g²/(1 - β₂) are then exact with β₁ = 0.5, β₂ = 0.75.
  for (let i = 0; i < size; i++) gradient[i] = 2 ** ((i % 9) - 4) * (i % 2 === 0 ? 1 : -1);
  const optimizer = new Optimizer({ name: "adam", beta1: 0.5, beta2: 0.75, epsilon: 0 }, [{ name: "w", kind: "weights", shape: [size], value, gradient, regularized: true, layer: 0 }]);
  assert.equal(fastUpdate(optimizer), true);
  const report = optimizer.step(0.125);
  for (let i = 0; i < size; i++) assert.equal(value[i], -0.125 * Math.sign(gradient[i]), `w[${i}]`);
  assert.equal(report.maxChange, 0.125);
});
