/**
 * One dense kernel, three callers: the recording engine's tape (`runStep`), the grading simulator
 * (`simulateStep` with no mistake) and the training fast path (`nn/`, with GEMM as its product). On
 * random networks of every activation and loss, with saturated logits among them, the tape and the
 * simulator agree bit for bit, and the fast path agrees with both to 1e-10 relative.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { parseStepSpec } from "../../src/step/spec/index.js";
import { runStep } from "../../src/step/run-step.js";
import { stepResults } from "../../src/step/results.js";
import type { StepResults } from "../../src/step/results.js";
import { simulateStep } from "../../src/grade/simulate-step.js";
import { Sequential } from "../../src/nn/model.js";
import type { Dense } from "../../src/nn/layers/dense.js";
import { Trainer } from "../../src/nn/trainer.js";
import { LossHead } from "../../src/nn/loss-head.js";
import { lossDefinition } from "../../src/engine/losses.js";
import { Random } from "../../src/engine/random.js";
import { randomSpec } from "../reference/random-spec.js";
import type { RefSpec } from "../reference/dense-network.js";
import { assertAllClose, assertClose } from "../helpers.js";

/** Equal as numbers: the same double, or both NaN (the tape's accumulator turns -0 into 0, so zeros compare by value). */
function same(a: number | null, b: number | null): boolean {
  return a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

function assertBitForBit(simulated: StepResults, tape: StepResults, what: string): void {
  for (const key of ["loss", "dataLoss", "penalty", "lossAfter"] as const) assert.ok(same(simulated[key], tape[key]), `${what}: ${key}: ${simulated[key]} ≠ ${tape[key]}`);
  tape.layers.forEach((layer, l) => {
    for (const key of ["z", "a", "delta", "dW", "db", "weights", "bias"] as const) {
      const t = (layer[key] ?? null) as number[] | number[][] | null;
      const s = (simulated.layers[l][key] ?? null) as number[] | number[][] | null;
      assert.equal(s === null, t === null, `${what}: layers[${l}].${key} present in one only`);
      if (t === null || s === null) continue;
      const flatT = t.flat();
      const flatS = s.flat();
      assert.equal(flatS.length, flatT.length);
      flatT.forEach((x, k) => assert.ok(same(flatS[k], x), `${what}: layers[${l}].${key}[${k}]: ${flatS[k]} ≠ ${x}`));
    }
  });
}

/** Weights scaled up so that logits reach ±40 and more: saturated sigmoids and tanh, softmax rows of 0 and 1. */
const saturated = randomSpec.map((s) => ({ ...s, layers: s.layers.map((l) => ({ ...l, weights: l.weights.map((row) => row.map((w) => 30 * w)) })) }));
const anySpec = fc.oneof(randomSpec, saturated);

function modelOf(spec: RefSpec): Sequential {
  return Sequential.fromJSON(
    spec.inputs[0].length,
    spec.layers.map((l) => ({ type: "dense" as const, units: l.weights.length, activation: l.activation, ...(l.alpha !== undefined ? { alpha: l.alpha } : {}), weights: l.weights, bias: l.bias })),
    "float64",
  );
}

function rows(a: ArrayLike<number>, count: number, cols: number): number[][] {
  return Array.from({ length: count }, (_, r) => Array.from({ length: cols }, (_, c) => a[r * cols + c]));
}

/** The tape's numbers, or null where the engine refuses the spec (bce outputs that round to 0 or 1 without a sigmoid). */
function tapeResults(spec: RefSpec): StepResults | null {
  try {
    return stepResults(runStep(parseStepSpec(JSON.stringify(spec), "random.json")));
  } catch {
    return null;
  }
}

test("the tape and the grading simulator compute every number of a step bit for bit alike, saturated logits included", () => {
  let checked = 0;
  fc.assert(
    fc.property(anySpec, (raw) => {
      const tape = tapeResults(raw);
      fc.pre(tape !== null);
      assertBitForBit(simulateStep(parseStepSpec(JSON.stringify(raw), "random.json")), tape!, JSON.stringify(raw));
      checked++;
    }),
    { seed: 2025, numRuns: 400 },
  );
  assert.ok(checked >= 300, `only ${checked} networks checked`);
});

test("the training fast path (GEMM) gives the tape's z, a, loss, gradients and new weights to 1e-10, saturated logits included", () => {
  const trainable = anySpec.map((s) => ({ ...s, layers: s.layers.map((l) => ({ ...l, trainBias: undefined })) }));
  fc.assert(
    fc.property(trainable, (spec) => {
      const tape = tapeResults(spec);
      fc.pre(tape !== null);
      const model = modelOf(spec);
      const batch = spec.inputs.length;
      const out = model.forward(Float64Array.from(spec.inputs.flat()), batch, true, new Random(1));
      model.layers.forEach((layer, l) => {
        const dense = layer as Dense;
        assertAllClose(rows(dense.preActivation(batch), batch, dense.outputSize), tape!.layers[l].z, 1e-10, 1e-13, `z[${l}]`);
      });
      const k = model.outputSize;
      assertAllClose(rows(out, batch, k), tape!.layers[tape!.layers.length - 1].a, 1e-10, 1e-13, "outputs");
      const head = new LossHead(lossDefinition(spec.loss), model);
      const evaluation = head.evaluate(out, Float64Array.from(spec.targets.flat()), batch, true);
      assertClose(head.value(evaluation.termSum, batch) + (tape!.penalty ?? 0), tape!.loss!, 1e-10, 1e-13, "loss");
      model.backward(evaluation.gradient, batch, head.fused);
      for (const p of model.parameters()) {
        const l = p.layer;
        if (p.kind === "weights") {
          // The tape's ∂L/∂W holds the L2 term 2λW; the model's gradient is the data's part.
          const data = tape!.layers[l].dW!.map((row, j) => row.map((g, i) => g - 2 * (spec.l2 ?? 0) * spec.layers[l].weights[j][i]));
          assertAllClose(rows(p.gradient, p.shape[0], p.shape[1]), data, 1e-9, 1e-12, `dW[${l}]`);
        } else {
          assertAllClose(Array.from(p.gradient), tape!.layers[l].db, 1e-10, 1e-13, `db[${l}]`);
        }
      }
      // One full-batch SGD epoch of the trainer: the tape's new weights and biases.
      const fresh = modelOf(spec);
      const data = { x: Float64Array.from(spec.inputs.flat()), y: Float64Array.from(spec.targets.flat()), n: batch, features: spec.inputs[0].length, outputs: spec.targets[0].length };
      const trainer = new Trainer(fresh, data, { loss: spec.loss, optimizer: { name: "sgd", weightDecay: spec.weightDecay ?? 0 }, learningRate: spec.learningRate, epochs: 1, ...(spec.l2 ? { l2: spec.l2 } : {}) });
      assertClose(trainer.runEpoch()!.loss, tape!.loss!, 1e-10, 1e-13, "epoch loss");
      for (const p of fresh.parameters()) {
        if (p.kind === "weights") assertAllClose(rows(p.value, p.shape[0], p.shape[1]), tape!.layers[p.layer].weights, 1e-10, 1e-13, `W[${p.layer}]`);
        else assertAllClose(Array.from(p.value), tape!.layers[p.layer].bias, 1e-10, 1e-13, `b[${p.layer}]`);
      }
    }),
    { seed: 2026, numRuns: 300 },
  );
});

test("sigmoid with bce at z = 40, t = 0: the loss from the logits, 40 + ln(1 + e^-40), in all three callers (the simulator used to say Infinity)", () => {
  const raw: RefSpec = { inputs: [[1]], targets: [[0]], loss: "bce", learningRate: 0.1, layers: [{ activation: "sigmoid", weights: [[40]], bias: null }] };
  const exact = 40 + Math.log1p(Math.exp(-40)); // -ln(1 - σ(40)), in closed form
  const tape = tapeResults(raw)!;
  assertClose(tape.loss!, exact, 1e-15, 0, "tape");
  assert.equal(simulateStep(parseStepSpec(JSON.stringify(raw), "saturated.json")).loss, tape.loss, "simulator");
  const model = modelOf(raw);
  const out = model.forward(Float64Array.of(1), 1, true, new Random(1));
  assert.equal(out[0], 1, "σ(40) rounds to 1");
  const head = new LossHead(lossDefinition("bce"), model);
  assertClose(head.value(head.evaluate(out, Float64Array.of(0), 1, true).termSum, 1), exact, 1e-15, 0, "training");
  // δ = (a - t)/n = 1, from the fused head, in all three.
  assert.equal(tape.layers[0].delta![0][0], 1);
});
