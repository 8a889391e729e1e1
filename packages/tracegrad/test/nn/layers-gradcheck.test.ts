/** Every layer's backward pass against central differences of the loss, batch-norm and dropout included. */
import { test } from "node:test";
import fc from "fast-check";
import { Sequential } from "../../src/nn/model.js";
import type { LayerConfig } from "../../src/nn/model.js";
import { LossHead } from "../../src/nn/loss-head.js";
import { lossDefinition } from "../../src/engine/losses.js";
import { Random } from "../../src/engine/random.js";
import { checkGradients } from "../../src/engine/gradcheck.js";
import { assertClose } from "../helpers.js";

const configs: { name: string; layers: LayerConfig[]; loss: "mse" | "cross-entropy" | "bce" }[] = [
  { name: "dense + batch-norm + tanh", layers: [{ type: "dense", units: 4, activation: "identity" }, { type: "batch-norm" }, { type: "dense", units: 3, activation: "tanh" }, { type: "dense", units: 2, activation: "sigmoid" }], loss: "mse" },
  { name: "dense + dropout + softmax", layers: [{ type: "dense", units: 5, activation: "tanh" }, { type: "dropout", rate: 0.3 }, { type: "dense", units: 3, activation: "softmax" }], loss: "cross-entropy" },
  { name: "leaky-relu + batch-norm + sigmoid/bce", layers: [{ type: "dense", units: 4, activation: "leaky-relu", alpha: 0.1 }, { type: "batch-norm" }, { type: "dense", units: 1, activation: "sigmoid" }], loss: "bce" },
];

for (const c of configs) {
  test(`${c.name}: analytic gradients match central differences`, () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 3, max: 6 }), (seed, batch) => {
        const model = Sequential.create(3, c.layers, { seed });
        const inputs = new Random(seed + 1);
        const x = Float64Array.from({ length: batch * 3 }, () => inputs.normal());
        const k = model.outputSize;
        const y = new Float64Array(batch * k);
        for (let n = 0; n < batch; n++) {
          if (c.loss === "cross-entropy") y[n * k + inputs.integer(k)] = 1;
          else for (let j = 0; j < k; j++) y[n * k + j] = inputs.next();
        }
        const head = new LossHead(lossDefinition(c.loss), model);
        // The same dropout mask for every evaluation: the loss is then a function of the weights alone.
        const loss = () => head.value(head.evaluate(model.forward(x, batch, true, new Random(7)), y, batch, false).termSum, batch);
        const evaluation = head.evaluate(model.forward(x, batch, true, new Random(7)), y, batch, true);
        model.backward(evaluation.gradient, batch, head.fused);
        const params = model.parameters();
        const analytic = params.map((p) => Float64Array.from(p.gradient));
        const check = checkGradients(params.map((p) => p.value as Float64Array), analytic, loss, { epsilon: 1e-6 });
        for (const p of check.parameters) assertClose(p.analytic, p.numeric, 1e-5, 1e-8, `${params[p.group].name}[${p.index}]`);
      }),
      { seed: 23, numRuns: 25 },
    );
  });
}
