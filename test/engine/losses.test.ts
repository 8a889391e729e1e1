import { test } from "node:test";
import fc from "fast-check";
import { ACTIVATIONS } from "../../src/engine/activations.js";
import type { ElementwiseActivation } from "../../src/engine/activations.js";
import { evaluate, num } from "../../src/engine/expr.js";
import { LOSSES, LOSS_NAMES } from "../../src/engine/losses.js";
import { assertClose, centralDifference } from "../helpers.js";

const output = fc.double({ min: 0.02, max: 0.98, noNaN: true });
const target = fc.double({ min: 0, max: 1, noNaN: true });
const count = fc.integer({ min: 1, max: 12 });

for (const name of LOSS_NAMES) {
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
