// The smallest useful training app: a model, a generated data set, training that yields, a
// prediction. tarball.test.ts bundles it for the browser (esbuild, no aliases, no polyfills), reports
// its size and runs it in Chromium.
import { generate, Sequential, Trainer } from "tracegrad";

const model = Sequential.create(2, [
  { type: "dense", units: 8, activation: "tanh" },
  { type: "dense", units: 1, activation: "sigmoid" },
], { seed: 1 });
const { history } = await new Trainer(model, generate("moons", { seed: 2 }), { loss: "bce", optimizer: "adam", learningRate: 0.05, epochs: 300 }).fit();
const [[p]] = model.predict([[1.5, -0.4]]);
console.log(`tracegrad-report ${JSON.stringify({ epochs: history.length, accuracy: history[history.length - 1].accuracy, p })}`);
