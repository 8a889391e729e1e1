/**
 * The engine against an independent reference (test/reference/dense-network.ts) on random networks of
 * 1–4 layers: every activation and loss, batches, biases or none, frozen biases, L2 and weight decay.
 */
import { test } from "node:test";
import fc from "fast-check";
import { parseStepSpec } from "../../src/step/spec/index.js";
import { runStep } from "../../src/step/run-step.js";
import { stepResults } from "../../src/step/results.js";
import { buildSolution } from "../../src/explain/solution.js";
import { evaluate } from "../../src/engine/expr.js";
import { referenceStep } from "../reference/dense-network.js";
import { randomSpec } from "../reference/random-spec.js";
import { assertAllClose, assertClose } from "../helpers.js";

test("step results agree with the reference to 1e-9 relative on random networks", () => {
  fc.assert(
    fc.property(randomSpec, (spec) => {
      const ours = stepResults(runStep(parseStepSpec(JSON.stringify(spec), "random.json")));
      const ref = referenceStep(spec);
      const rel = 1e-9;
      const abs = 1e-12;
      assertClose(ours.loss!, ref.loss, rel, abs, "loss");
      assertClose(ours.lossAfter!, ref.lossAfter, rel, abs, "loss after");
      ours.layers.forEach((layer, l) => {
        assertAllClose(layer.z, ref.z[l], rel, abs, `z[${l}]`);
        assertAllClose(layer.a, ref.a[l], rel, abs, `a[${l}]`);
        assertAllClose(layer.delta, ref.delta[l], rel, abs, `delta[${l}]`);
        assertAllClose(layer.dW, ref.dW[l], rel, abs, `dW[${l}]`);
        assertAllClose(layer.db, ref.db[l], rel, abs, `db[${l}]`);
        assertAllClose(layer.weights, ref.weights[l], rel, abs, `weights[${l}]`);
        assertAllClose(layer.bias, ref.bias[l], rel, abs, `bias[${l}]`);
      });
    }),
    { seed: 10, numRuns: 400 },
  );
});

test("every printed step's formula evaluates to the value the engine recorded", () => {
  fc.assert(
    fc.property(randomSpec, (spec) => {
      const solution = buildSolution(runStep(parseStepSpec(JSON.stringify(spec), "random.json")), { precision: 8 });
      for (const section of solution.sections)
        for (const group of section.groups)
          for (const step of group.steps) assertClose(evaluate(step.formula), step.value, 1e-9, 1e-12, `${section.id}: ${JSON.stringify(step.lhs)}`);
    }),
    { seed: 11, numRuns: 150 },
  );
});
