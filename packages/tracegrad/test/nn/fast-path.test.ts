/**
 * The training fast path (nn/) against the recording engine (explain/run-step.ts) on the same step:
 * equal in Float64 to 1e-10 relative (the fast path adds the bias first and may reorder sums).
 */
import { test } from "node:test";
import fc from "fast-check";
import { parseStepSpec } from "../../src/step/spec/index.js";
import { runStep } from "../../src/step/run-step.js";
import { stepResults } from "../../src/step/results.js";
import { Sequential } from "../../src/nn/model.js";
import { Trainer } from "../../src/nn/trainer.js";
import { LossHead } from "../../src/nn/loss-head.js";
import { lossDefinition } from "../../src/engine/losses.js";
import { Random } from "../../src/engine/random.js";
import { randomSpec } from "../reference/random-spec.js";
import type { RefSpec } from "../reference/dense-network.js";
import { assertAllClose, assertClose } from "../helpers.js";

function modelOf(spec: RefSpec, dtype: "float64" | "float32" = "float64"): Sequential {
  return Sequential.fromJSON(
    spec.inputs[0].length,
    spec.layers.map((l) => ({ type: "dense" as const, units: l.weights.length, activation: l.activation, ...(l.alpha !== undefined ? { alpha: l.alpha } : {}), weights: l.weights, bias: l.bias })),
    dtype,
  );
}

const trainable = randomSpec.map((s) => ({ ...s, layers: s.layers.map((l) => ({ ...l, trainBias: undefined })) }));

function toRows(a: ArrayLike<number>, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => a[r * cols + c]));
}

test("forward, loss and gradients of the fast path equal the recording engine's to 1e-10", () => {
  fc.assert(
    fc.property(trainable, (spec) => {
      const ref = stepResults(runStep(parseStepSpec(JSON.stringify(spec), "random.json")));
      const model = modelOf(spec);
      const batch = spec.inputs.length;
      const out = model.forward(Float64Array.from(spec.inputs.flat()), batch, true, new Random(1));
      const k = model.outputSize;
      assertAllClose(toRows(out, batch, k), ref.layers[ref.layers.length - 1].a, 1e-10, 1e-13, "outputs");
      const head = new LossHead(lossDefinition(spec.loss), model);
      const evaluation = head.evaluate(out, Float64Array.from(spec.targets.flat()), batch, true);
      assertClose(head.value(evaluation.termSum, batch) + (ref.penalty ?? 0), ref.loss!, 1e-10, 1e-13, "loss");
      model.backward(evaluation.gradient, batch, head.fused);
      model.parameters().forEach((p) => {
        const l = p.layer;
        if (p.kind === "weights") {
          // The recording engine's ∂L/∂W includes the L2 term 2λW; the model's gradient is the data part.
          const l2 = spec.l2 ?? 0;
          const data = ref.layers[l].dW!.map((row, j) => row.map((g, i) => g - 2 * l2 * spec.layers[l].weights[j][i]));
          assertAllClose(toRows(p.gradient, p.shape[0], p.shape[1]), data, 1e-9, 1e-12, `dW[${l}]`);
        } else {
          assertAllClose(Array.from(p.gradient), ref.layers[l].db, 1e-10, 1e-13, `db[${l}]`);
        }
      });
    }),
    { seed: 20, numRuns: 300 },
  );
});

test("one full-batch epoch of the trainer gives the recording engine's new weights (SGD, L2, weight decay)", () => {
  fc.assert(
    fc.property(trainable, (spec) => {
      const ref = stepResults(runStep(parseStepSpec(JSON.stringify(spec), "random.json")));
      const model = modelOf(spec);
      const data = {
        x: Float64Array.from(spec.inputs.flat()),
        y: Float64Array.from(spec.targets.flat()),
        n: spec.inputs.length,
        features: spec.inputs[0].length,
        outputs: spec.targets[0].length,
      };
      const trainer = new Trainer(model, data, { loss: spec.loss, optimizer: { name: "sgd", weightDecay: spec.weightDecay ?? 0 }, learningRate: spec.learningRate, epochs: 1, ...(spec.l2 ? { l2: spec.l2 } : {}) });
      const record = trainer.runEpoch()!;
      assertClose(record.loss, ref.loss!, 1e-10, 1e-13, "epoch loss");
      model.parameters().forEach((p) => {
        const l = p.layer;
        if (p.kind === "weights") assertAllClose(toRows(p.value, p.shape[0], p.shape[1]), ref.layers[l].weights, 1e-10, 1e-13, `W[${l}]`);
        else assertAllClose(Array.from(p.value), ref.layers[l].bias, 1e-10, 1e-13, `b[${l}]`);
      });
    }),
    { seed: 21, numRuns: 300 },
  );
});

test("Float32: the same step within single-precision rounding", () => {
  fc.assert(
    fc.property(trainable, (spec) => {
      const ref = stepResults(runStep(parseStepSpec(JSON.stringify(spec), "random.json")));
      const model = modelOf(spec, "float32");
      const batch = spec.inputs.length;
      const out = model.forward(Float32Array.from(spec.inputs.flat()), batch, true, new Random(1));
      assertAllClose(toRows(out, batch, model.outputSize), ref.layers[ref.layers.length - 1].a, 1e-3, 1e-4, "outputs");
    }),
    { seed: 22, numRuns: 100 },
  );
});
