/** fast-check generators of small networks for the grading tests, as parsed step specs. */
import fc from "fast-check";
import { parseStepSpec } from "../../src/step/spec/index.js";
import type { StepSpec } from "../../src/step/spec/step-spec.js";

/** Numbers with 3 decimals in [min, max], away from 0: fast-check's doubles crowd the ends of their range. */
function decimals(min: number, max: number, awayFromZero: number) {
  return fc.integer({ min: min * 1000, max: max * 1000 }).filter((k) => Math.abs(k) >= awayFromZero * 1000).map((k) => k / 1000);
}

const weight = decimals(-1.5, 1.5, 0.05);
const input = decimals(-1, 1, 0.05);
const target = decimals(0, 1, 0);

function matrix(rows: number, cols: number, cell: fc.Arbitrary<number>) {
  return fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows });
}

/**
 * A sigmoid network of two or three layers (1–3 inputs, 2–3 units per layer), half-sse, one sample
 * or two, optional biases, and a learning rate from 0.5 to 2 so that an update shows at 0.5%.
 */
export const sigmoidNetwork: fc.Arbitrary<StepSpec> = fc
  .record({
    sizes: fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 2 })),
    layers: fc.integer({ min: 2, max: 3 }),
    batch: fc.integer({ min: 1, max: 2 }),
    bias: fc.boolean(),
    learningRate: decimals(0.5, 2, 0),
    hidden: fc.constantFrom("sigmoid", "tanh"),
  })
  .chain((r) => {
    const sizes = r.sizes.slice(0, r.layers + 1);
    return fc
      .record({
        inputs: matrix(r.batch, sizes[0], input),
        targets: matrix(r.batch, sizes[sizes.length - 1], target),
        weights: fc.tuple(...sizes.slice(1).map((units, l) => matrix(units, sizes[l], weight))),
        bias: fc.tuple(...sizes.slice(1).map((units) => fc.array(weight, { minLength: units, maxLength: units }))),
      })
      .map(({ inputs, targets, weights, bias }) =>
        parseStepSpec(
          JSON.stringify({
            inputs,
            targets,
            loss: "half-sse",
            learningRate: r.learningRate,
            layers: weights.map((w, l) => ({ activation: l === weights.length - 1 ? "sigmoid" : r.hidden, weights: w, bias: r.bias ? bias[l] : null })),
          }),
          "random.json",
        ),
      );
  });
