import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ACTIVATIONS, BUILTIN_ACTIVATION_NAMES } from "../../src/engine/activations.js";
import type { ElementwiseActivation } from "../../src/engine/activations.js";
import { evaluate, num } from "../../src/engine/expr.js";
import { Tape } from "../../src/engine/tape.js";
import { Tensor } from "../../src/engine/tensor.js";
import { activate } from "../../src/engine/ops/activate.js";
import { assertClose, centralDifference } from "../helpers.js";

const H = 1e-6;
const elementwise = BUILTIN_ACTIVATION_NAMES.map((n) => ACTIVATIONS[n]).filter((a): a is ElementwiseActivation => a.kind === "elementwise");
const alphaArb = fc.double({ min: 0.001, max: 0.5, noNaN: true });

/** z drawn from [-6, 6], at least 10·H away from every kink. */
function awayFromKinks(act: ElementwiseActivation) {
  return fc.double({ min: -6, max: 6, noNaN: true }).filter((z) => act.kinks.every((k) => Math.abs(z - k) > 10 * H));
}

for (const act of elementwise) {
  test(`${act.name}: the derivative matches central differences away from kinks`, () => {
    fc.assert(
      fc.property(awayFromKinks(act), alphaArb, (z, alpha) => {
        const numeric = centralDifference((x) => act.forward(x, alpha), z, H);
        assertClose(act.derivative(z, act.forward(z, alpha), alpha), numeric, 1e-6, 1e-8, `${act.name}'(${z})`);
      }),
      { seed: 1, numRuns: 300 },
    );
  });

  test(`${act.name}: the printed formulas evaluate to the forward and derivative functions`, () => {
    fc.assert(
      fc.property(fc.double({ min: -6, max: 6, noNaN: true }), alphaArb, (z, alpha) => {
        const a = act.forward(z, alpha);
        assertClose(evaluate(act.formula(num(z), num(alpha))), a, 1e-12, 1e-15, `${act.name}(${z})`);
        assertClose(evaluate(act.derivativeFormula(num(z), num(a), num(alpha))), act.derivative(z, a, alpha), 1e-12, 1e-15, `${act.name}'(${z})`);
      }),
      { seed: 2, numRuns: 300 },
    );
  });
}

test("conventions at the kinks: relu'(0) = 0, leaky-relu'(0) = α, both output 0 at 0", () => {
  const relu = ACTIVATIONS.relu as ElementwiseActivation;
  const leaky = ACTIVATIONS["leaky-relu"] as ElementwiseActivation;
  assert.equal(relu.forward(0, 0.01), 0);
  assert.equal(relu.derivative(0, 0, 0.01), 0);
  assert.equal(leaky.forward(0, 0.2), 0);
  assert.equal(leaky.derivative(0, 0, 0.2), 0.2);
  assert.equal(leaky.derivative(-3, -0.6, 0.2), 0.2);
  assert.equal(leaky.derivative(3, 3, 0.2), 1);
});

test("closed forms: σ(0) = 1/2, tanh(1) = (e - 1/e)/(e + 1/e), gaussian(1) = 1/e, seed 004's table", () => {
  const s = ACTIVATIONS.sigmoid as ElementwiseActivation;
  assert.equal(s.forward(0, 0), 0.5);
  assertClose((ACTIVATIONS.tanh as ElementwiseActivation).forward(1, 0), (Math.E - 1 / Math.E) / (Math.E + 1 / Math.E), 1e-15);
  assertClose((ACTIVATIONS.gaussian as ElementwiseActivation).forward(1, 0), 1 / Math.E, 1e-15);
  // Seed 004, exercise 4, recomputed: σ(±1), σ(±2), tanh(±1) = ±0.76159416 (the seed rounds it to 0.761).
  assertClose(s.forward(2, 0), 1 / (1 + Math.exp(-2)), 1e-15);
  assertClose((ACTIVATIONS.tanh as ElementwiseActivation).forward(-1, 0), -0.7615941559557649, 1e-15);
  assert.equal((ACTIVATIONS["leaky-relu"] as ElementwiseActivation).forward(-2, 0.01), -0.02);
});

test("sigmoid stays exact and finite at large |z|", () => {
  const s = ACTIVATIONS.sigmoid as ElementwiseActivation;
  assert.equal(s.forward(-800, 0), 0);
  assert.equal(s.forward(800, 0), 1);
  assertClose(s.forward(-30, 0), Math.exp(-30) / (1 + Math.exp(-30)), 1e-15);
});

test("softmax: rows sum to 1 and its vector-Jacobian product matches central differences", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 3 }).chain((rows) =>
        fc.integer({ min: 2, max: 5 }).chain((cols) =>
          fc.record({
            z: fc.array(fc.double({ min: -5, max: 5, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols }),
            g: fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: rows * cols, maxLength: rows * cols }),
            rows: fc.constant(rows),
            cols: fc.constant(cols),
          }),
        ),
      ),
      ({ z, g, rows, cols }) => {
        const run = (values: number[]) => {
          const tape = new Tape();
          const zt = new Tensor(Float64Array.from(values), [rows, cols], { requiresGrad: true });
          return { tape, zt, a: activate(tape, zt, ACTIVATIONS.softmax, 0) };
        };
        const { tape, a } = run(z);
        for (let r = 0; r < rows; r++) assertClose(a.data.subarray(r * cols, (r + 1) * cols).reduce((s, v) => s + v, 0), 1, 1e-14);
        const node = tape.nodes[0];
        const [dz] = node.operation.backward(node, Float64Array.from(g));
        for (let k = 0; k < z.length; k++) {
          const numeric = centralDifference((x) => {
            const moved = [...z];
            moved[k] = x;
            const out = run(moved).a.data;
            return out.reduce((s, v, i) => s + v * g[i], 0);
          }, z[k]);
          assertClose(dz![k], numeric, 1e-6, 1e-8, `∂/∂z[${k}]`);
        }
      },
    ),
    { seed: 3, numRuns: 100 },
  );
});

for (const act of elementwise) {
  test(`${act.name}: the array kernels of the fast path equal the scalar definitions, in Float64 and Float32`, () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -30, max: 30, noNaN: true }), { minLength: 1, maxLength: 40 }), fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 40, maxLength: 40 }), alphaArb, (zs, gs, alpha) => {
        for (const Type of [Float64Array, Float32Array]) {
          const z = Type.from(zs);
          const a = new Type(z.length);
          act.forwardArray(z, a, z.length, alpha);
          const da = Type.from(gs.slice(0, z.length));
          const dz = new Type(z.length);
          act.backwardArray(z, a, da, dz, z.length, alpha);
          for (let i = 0; i < z.length; i++) {
            // === rather than Object.is: the sign of a zero gradient does not matter.
            assert.ok(a[i] === Type.of(act.forward(z[i], alpha))[0], `${act.name}(${z[i]})`);
            assert.ok(dz[i] === Type.of(da[i] * act.derivative(z[i], a[i], alpha))[0], `${act.name}'(${z[i]})`);
          }
        }
      }),
      { seed: 13, numRuns: 200 },
    );
  });
}
