/**
 * `--style chain` (issue 12 item 5): Matt Mazur's step-by-step example, its factors recomputed here from
 * the logistic function: ∂E/∂w5 = ∂E/∂a_o1 · ∂a_o1/∂z_o1 · ∂z_o1/∂w5 = 0.74136507 · 0.1868156 · 0.59326999
 * = 0.082167041, and the hidden units' ∂E/∂a as the sum of their two paths.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parseStepSpec } from "../../src/step/spec/index.js";
import { runStep } from "../../src/step/run-step.js";
import { explainStep } from "../../src/explain/explain-step.js";

const MAZUR = `
inputs: {i1: 0.05, i2: 0.10}
targets: {t1: 0.01, t2: 0.99}
loss: half-sse
lossSymbol: E
learningRate: 0.5
layers:
  - units: [h1, h2]
    activation: sigmoid
    weights: [[w1: 0.15, w2: 0.20], [w3: 0.25, w4: 0.30]]
    bias: [0.35, 0.35]
    trainBias: false
  - units: [o1, o2]
    activation: sigmoid
    weights: [[w5: 0.40, w6: 0.45], [w7: 0.50, w8: 0.55]]
    bias: [0.60, 0.60]
    trainBias: false
`;

const s = (x: number) => 1 / (1 + Math.exp(-x));
const p8 = (x: number) => String(Number(x.toPrecision(8)));

test("chain style: the output weights as three factors and the hidden ∂E/∂a as sums of paths, each number Mazur's recomputed", () => {
  const text = explainStep(runStep(parseStepSpec(MAZUR, "mazur.yaml")), { style: "chain", only: ["backward"] });
  const h1 = s(0.15 * 0.05 + 0.2 * 0.1 + 0.35);
  const h2 = s(0.25 * 0.05 + 0.3 * 0.1 + 0.35);
  const o1 = s(0.4 * h1 + 0.45 * h2 + 0.6);
  const o2 = s(0.5 * h1 + 0.55 * h2 + 0.6);
  const [dE1, dO1] = [o1 - 0.01, o1 * (1 - o1)];
  const [dE2, dO2] = [o2 - 0.99, o2 * (1 - o2)];
  assert.equal(p8(dE1), "0.74136507");
  assert.ok(text.includes(`∂E/∂w5 = ∂E/∂a_o1·∂a_o1/∂z_o1·∂z_o1/∂w5 = ${p8(dE1)}·${p8(dO1)}·${p8(h1)} = ${p8(dE1 * dO1 * h1)}`), text);
  assert.ok(text.includes("= 0.082167041"));
  const dH1 = dE1 * dO1 * 0.4 + dE2 * dO2 * 0.5;
  assert.ok(text.includes(`∂E/∂a_h1 = ∂E/∂a_o1·∂a_o1/∂z_o1·∂z_o1/∂a_h1 + ∂E/∂a_o2·∂a_o2/∂z_o2·∂z_o2/∂a_h1 = ${p8(dE1)}·${p8(dO1)}·0.4 + (${p8(dE2)})·${p8(dO2)}·0.5 = ${p8(dH1)}`), text);
  assert.ok(text.includes(`∂E/∂w1 = ∂E/∂a_h1·∂a_h1/∂z_h1·∂z_h1/∂w1 = ${p8(dH1)}·${p8(h1 * (1 - h1))}·0.05 = ${p8(dH1 * h1 * (1 - h1) * 0.05)}`), text);
  // The delta style is the default and is unchanged by the option's existence.
  assert.equal(explainStep(runStep(parseStepSpec(MAZUR, "mazur.yaml")), { only: ["backward"] }), explainStep(runStep(parseStepSpec(MAZUR, "mazur.yaml")), { style: "delta", only: ["backward"] }));
});
