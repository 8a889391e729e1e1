// A worked-step app: a network from a spec, one step of gradient descent, its worked solution as text.
// tarball.test.ts bundles it for the browser and runs it in Chromium.
import { explainStep, parseStepSpec, runStep } from "tracegrad";

const spec = parseStepSpec({
  inputs: [[0.1, 0.5]],
  targets: [[0.05, 0.95]],
  loss: "half-sse",
  lossSymbol: "E",
  learningRate: 0.001,
  layers: [
    { activation: "sigmoid", weights: [[0.8, 0.4], [0.3, 0.2]], bias: null },
    { activation: "sigmoid", weights: [[0.6, 0.9], [0.8, 0.1]], bias: null },
  ],
});
console.log(`tracegrad-report ${JSON.stringify({ solution: explainStep(runStep(spec)) })}`);
