/**
 * brain.js on W1 (the XOR lab): new brain.NeuralNetwork({hiddenLayers: [4, 4], activation: "sigmoid",
 * learningRate: 1, iterations: 10000, errorThresh: 0}) on the 21 XOR-easy points.
 *
 *   node bench/workers/brain.mjs W1
 *
 * brain.js trains per sample (21 updates per iteration), in Float32Arrays, from its own random initial
 * weights (so its accuracy is reported for every run), and its
 * option check (2.0.0-beta) rejects learningRate 1, errorThresh 0 and momentum 0 as "out of normal
 * training range": the check is switched off so that it runs the lab's settings, plain SGD (momentum 0).
 * Only `net.train` is timed.
 */
import { performance } from "node:perf_hooks";
import { emit, flags, repeat, run, xorEasy } from "./common.mjs";

const { quick, positional } = flags();
const [task] = positional;

async function w1() {
  let brain;
  try {
    brain = (await import("brain.js")).default ?? (await import("brain.js"));
  } catch (error) {
    emit({ workload: "W1", library: "brain.js", backend: "NeuralNetwork", dtype: "float32", skipped: `brain.js: did not import (${String(error.message).split("\n")[0]})` });
    return;
  }
  const { createRequire } = await import("node:module");
  const version = createRequire(import.meta.url)("brain.js/package.json").version;
  if (typeof brain.NeuralNetwork.prototype.validateTrainingOptions === "function") brain.NeuralNetwork.prototype.validateTrainingOptions = () => {};
  const { x, y } = xorEasy();
  const data = x.map((input, i) => ({ input, output: y[i] }));
  const options = { hiddenLayers: [4, 4], activation: "sigmoid", learningRate: 1, momentum: 0, iterations: 10000, errorThresh: 0, log: false };
  const accuracies = [];
  const result = await repeat(
    async () => {
      const net = new brain.NeuralNetwork(options);
      const started = performance.now();
      const status = net.train(data, options);
      const seconds = (performance.now() - started) / 1000;
      let correct = 0;
      let loss = 0;
      data.forEach(({ input, output }) => {
        const out = net.run(input)[0];
        correct += (out >= 0.5 ? 1 : 0) === output[0] ? 1 : 0;
        loss += (out - output[0]) ** 2;
      });
      accuracies.push(correct / data.length);
      return { seconds, accuracy: correct / data.length, loss: loss / data.length, iterations: status.iterations };
    },
    quick ? 2 : 5,
    15,
  );
  emit({
    workload: "W1",
    library: "brain.js",
    backend: `${version} NeuralNetwork (per-sample SGD)`,
    dtype: "float32",
    seconds: result.seconds,
    // Its initial weights are random (Math.random), so the accuracy changes from run to run: the worst run's.
    accuracy: Math.min(...accuracies),
    accuracies,
    loss: result.loss,
    runs: result.runs,
    iterations: result.iterations,
  });
}

run(async () => {
  if (task === "W1") await w1();
  else throw new Error(`unknown task ${task}`);
});
