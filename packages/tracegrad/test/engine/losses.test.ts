import { test } from "node:test";
import fc from "fast-check";
import { ACTIVATIONS } from "../../src/engine/activations.js";
import type { ElementwiseActivation, SoftmaxActivation } from "../../src/engine/activations.js";
import { evaluate, num } from "../../src/engine/expr.js";
import { LOSSES, BUILTIN_LOSS_NAMES } from "../../src/engine/losses.js";
import { assertClose, centralDifference } from "../helpers.js";

const output = fc.double({ min: 0.02, max: 0.98, noNaN: true });
const target = fc.double({ min: 0, max: 1, noNaN: true });
const count = fc.integer({ min: 1, max: 12 });

for (const name of BUILTIN_LOSS_NAMES) {
  const loss = LOSSES[name];
  test(`${name}: ∂L/∂a matches the central difference of the loss`, () => {
    fc.assert(
      fc.property(output, target, count, (a, t, n) => {
        // One element's share of the loss: coefficient · term.
        const value = (x: number) => loss.coefficient(n).value * loss.term(t, x);
        if (name === "cross-entropy" && t === 0) return;
        assertClose(loss.gradient(a, t, n), centralDifference(value, a, 1e-7), 1e-5, 1e-9, `${name} at a = ${a}, t = ${t}`);
      }),
      { seed: 4, numRuns: 300 },
    );
  });

  test(`${name}: the printed term and gradient evaluate to the computed ones`, () => {
    fc.assert(
      fc.property(output, target, count, (a, t, n) => {
        assertClose(evaluate(loss.termFormula(num(t), num(a))), loss.term(t, a), 1e-12, 1e-15);
        assertClose(evaluate(loss.gradientFormula(num(a), num(t), num(n))), loss.gradient(a, t, n), 1e-12, 1e-15);
        assertClose(evaluate(loss.coefficient(n).expr(num(n))), loss.coefficient(n).value, 1e-15);
      }),
      { seed: 5, numRuns: 200 },
    );
  });
}

test("bce fused with sigmoid equals the chain rule ∂L/∂a · σ'(z)", () => {
  const sigmoid = ACTIVATIONS.sigmoid as ElementwiseActivation;
  const bce = LOSSES.bce;
  fc.assert(
    fc.property(fc.double({ min: -8, max: 8, noNaN: true }), target, count, (z, t, n) => {
      const a = sigmoid.forward(z, 0);
      const chain = bce.gradient(a, t, n) * sigmoid.derivative(z, a, 0);
      assertClose(bce.fused!.delta(a, t, n), chain, 1e-9, 1e-12);
      assertClose(evaluate(bce.fused!.deltaFormula(num(a), num(t), num(n))), bce.fused!.delta(a, t, n), 1e-15);
    }),
    { seed: 6, numRuns: 300 },
  );
});

test("seed values: ½(1 - (-0.4))² = 0.98, -ln 0.5 = 0.693, -ln 0.4 = 0.916, (0.05 - 0.5)²/2 = 0.10125", () => {
  assertClose(LOSSES["half-sse"].coefficient(1).value * LOSSES["half-sse"].term(1, -0.4), 0.98, 1e-15);
  assertClose(LOSSES.bce.coefficient(1).value * LOSSES.bce.term(1, 0.5), Math.LN2, 1e-15);
  assertClose(LOSSES.bce.coefficient(1).value * LOSSES.bce.term(1, 0.4), 0.916290731874155, 1e-14);
  assertClose(LOSSES["half-sse"].coefficient(1).value * LOSSES["half-sse"].term(0.5, 0.05), 0.10125, 1e-15);
});

test("fused losses from logits: equal to the terms of a = f(z), and finite where a rounds to 0 or 1", () => {
  const sigmoid = ACTIVATIONS.sigmoid as ElementwiseActivation;
  fc.assert(
    // Within |z| ≤ 8 the direct form ln(1 - σ(z)) is itself accurate to ~1e-12, so the two can be compared.
    fc.property(fc.array(fc.double({ min: -8, max: 8, noNaN: true }), { minLength: 1, maxLength: 5 }), fc.array(target, { minLength: 5, maxLength: 5 }), (zs, ts) => {
      const t = ts.slice(0, zs.length);
      const direct = zs.reduce((s, z, k) => s + LOSSES.bce.term(t[k], sigmoid.forward(z, 0)), 0);
      assertClose(LOSSES.bce.fused!.termsFromLogits(zs, t, 0, zs.length), direct, 1e-9, 1e-12);
      const a = new Float64Array(zs.length);
      (ACTIVATIONS.softmax as SoftmaxActivation).forwardRow(zs, a, 0);
      const hot: number[] = t.map((_, k) => (k === 0 ? 1 : 0));
      const ce = hot.reduce((s, tk, k) => s + LOSSES["cross-entropy"].term(tk, a[k]), 0);
      assertClose(LOSSES["cross-entropy"].fused!.termsFromLogits(zs, hot, 0, zs.length), ce, 1e-9, 1e-12);
    }),
    { seed: 14, numRuns: 200 },
  );
  // σ(40) rounds to 1: ln(1 - a) would be -Infinity, the logit form is exact: -ln(1 + e^40) ≈ -40.
  assertClose(LOSSES.bce.fused!.termsFromLogits([40], [0], 0, 1), -40, 1e-15);
  assertClose(LOSSES["cross-entropy"].fused!.termsFromLogits([0, 800], [1, 0], 0, 2), -800, 1e-15);
});

test("bce where the output equals a 0 or 1 target: 0·ln 0 counts as 0, and ∂L/∂a is the limit of the quotient", () => {
  const bce = LOSSES.bce;
  assertClose(bce.term(1, 1), 0, 0, 0);
  assertClose(bce.term(0, 0), 0, 0, 0);
  // ∂/∂a of -(1/n)·ln a at a = 1 is -1/n; of -(1/n)·ln(1 - a) at a = 0 it is 1/n.
  assertClose(bce.gradient(1, 1, 4), -0.25, 0, 0);
  assertClose(bce.gradient(0, 0, 4), 0.25, 0, 0);
  // And the quotient (a - t)/(n·a(1 - a)) tends to them.
  assertClose(bce.gradient(1 - 1e-9, 1, 4), -0.25, 1e-8);
  assertClose(bce.gradient(1e-9, 0, 4), 0.25, 1e-8);
});
