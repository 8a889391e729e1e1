import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { LOSSES } from "../../src/engine/losses.js";
import { ACTIVATIONS } from "../../src/engine/activations.js";
import { linear } from "../../src/engine/ops/linear.js";
import { activate } from "../../src/engine/ops/activate.js";
import { fusedLossOf, lossOf } from "../../src/engine/ops/loss.js";
import { l2Penalty } from "../../src/engine/ops/penalty.js";
import { addScalars } from "../../src/engine/ops/add.js";
import { Tape } from "../../src/engine/tape.js";
import { Tensor } from "../../src/engine/tensor.js";
import { checkGradients, relativeError } from "../../src/engine/gradcheck.js";
import { assertClose } from "../helpers.js";

const shape = fc.record({ batch: fc.integer({ min: 1, max: 3 }), inputs: fc.integer({ min: 1, max: 4 }), units: fc.integer({ min: 1, max: 4 }) });
const values = (n: number) => fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n });

test("tape backward through linear, activation, loss and L2 penalty matches central differences", () => {
  fc.assert(
    fc.property(
      shape.chain((s) => fc.record({ s: fc.constant(s), a: values(s.batch * s.inputs), w: values(s.units * s.inputs), b: values(s.units), t: values(s.batch * s.units), act: fc.constantFrom("sigmoid", "tanh", "gaussian", "identity" as const) })),
      ({ s, a, w, b, t, act }) => {
        const W = Float64Array.from(w);
        const B = Float64Array.from(b);
        const run = () => {
          const tape = new Tape();
          const A = new Tensor(Float64Array.from(a), [s.batch, s.inputs]);
          const wt = new Tensor(W, [s.units, s.inputs], { requiresGrad: true });
          const bt = new Tensor(B, [s.units], { requiresGrad: true });
          const z = linear(tape, A, wt, bt);
          const out = activate(tape, z, ACTIVATIONS[act], 0.01);
          const data = lossOf(tape, LOSSES.mse, out, new Tensor(Float64Array.from(t), [s.batch, s.units]));
          const total = addScalars(tape, [data, l2Penalty(tape, [wt], 0.03)]);
          return { tape, total, wt, bt };
        };
        const { tape, total, wt, bt } = run();
        tape.backward(total);
        // Central differences carry a rounding error of about ε_machine·|L|/ε ≈ 1e-11 here, so very small
        // gradients are compared with that absolute floor.
        const check = checkGradients([W, B], [wt.grad!, bt.grad!], () => run().total.item(), { epsilon: 1e-5 });
        for (const c of check.parameters) assertClose(c.analytic, c.numeric, 1e-6, 1e-9, `parameter ${c.group}[${c.index}]`);
      },
    ),
    { seed: 8, numRuns: 150 },
  );
});

test("fused softmax and cross-entropy: δ = (a - t)/N matches central differences in z", () => {
  fc.assert(
    fc.property(
      fc.record({ batch: fc.integer({ min: 1, max: 3 }), k: fc.integer({ min: 2, max: 4 }) }).chain((s) =>
        fc.record({ s: fc.constant(s), z: values(s.batch * s.k), hot: fc.array(fc.integer({ min: 0, max: s.k - 1 }), { minLength: s.batch, maxLength: s.batch }) }),
      ),
      ({ s, z, hot }) => {
        const Z = Float64Array.from(z);
        const T = new Tensor(Float64Array.from({ length: s.batch * s.k }, (_, i) => (i % s.k === hot[Math.floor(i / s.k)] ? 1 : 0)), [s.batch, s.k]);
        const run = () => {
          const tape = new Tape();
          const zt = new Tensor(Z, [s.batch, s.k], { requiresGrad: true });
          const a = activate(tape, zt, ACTIVATIONS.softmax, 0);
          return { tape, zt, loss: fusedLossOf(tape, LOSSES["cross-entropy"], zt, a, T) };
        };
        const { tape, zt, loss } = run();
        tape.backward(loss);
        const check = checkGradients([Z], [zt.grad!], () => run().loss.item(), { epsilon: 1e-5 });
        for (const c of check.parameters) assertClose(c.analytic, c.numeric, 1e-6, 1e-9, `z[${c.index}]`);
      },
    ),
    { seed: 9, numRuns: 100 },
  );
});

test("relative error is |a - n| / max(|a|, |n|, 1e-8), and 0 when both are 0", () => {
  assert.equal(relativeError(0, 0), 0);
  assert.equal(relativeError(2, 1), 0.5);
  assert.equal(relativeError(1e-10, 0), 1e-10 / 1e-8);
});

test("a weight shared by two operations gets the sum of both contributions, and each is kept", () => {
  const tape = new Tape();
  const w = new Tensor(Float64Array.of(3), [1, 1], { requiresGrad: true });
  const x = new Tensor(Float64Array.of(2), [1, 1]);
  const y = lossOf(tape, LOSSES["half-sse"], linear(tape, x, w, null), new Tensor(Float64Array.of(1), [1, 1]));
  const total = addScalars(tape, [y, l2Penalty(tape, [w], 0.5)]);
  tape.backward(total);
  // L = ½(2w - 1)² + 0.5w²: dL/dw = 2(2w - 1) + w = 13 at w = 3.
  assert.equal(w.grad![0], 13);
  // The penalty comes later on the tape, so the backward pass reaches it first: 0.5·2w = 3, then 2(2w - 1)·2/2 = 10.
  assert.deepEqual(tape.contributionsTo(w).map((c) => c.gradient[0]), [3, 10]);
});

test("a fused loss takes its value from the logits: exact where the output rounds to 0 or 1", () => {
  const run = (activation: "sigmoid" | "softmax", z: number[], t: number[], lossName: "bce" | "cross-entropy") => {
    const tape = new Tape();
    const zt = new Tensor(Float64Array.from(z), [1, z.length], { requiresGrad: true });
    const a = activate(tape, zt, ACTIVATIONS[activation], 0);
    return fusedLossOf(tape, LOSSES[lossName], zt, a, new Tensor(Float64Array.from(t), [1, t.length])).data[0];
  };
  // σ(40) rounds to 1; -ln(1 - σ(40)) = 40 + ln(1 + e^-40) and -ln σ(40) = ln(1 + e^-40).
  assertClose(run("sigmoid", [40], [0], "bce"), 40 + Math.log1p(Math.exp(-40)), 1e-15);
  assertClose(run("sigmoid", [40], [1], "bce"), Math.log1p(Math.exp(-40)), 1e-12);
  // softmax([0, 800])_0 underflows to 0; -ln of it is 800 + ln(1 + e^-800) = 800.
  assertClose(run("softmax", [0, 800], [1, 0], "cross-entropy"), 800, 1e-15);
});
