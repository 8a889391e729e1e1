/**
 * TensorFlow.js (4.22, pure JS: no tfjs-node) on its cpu or wasm backend, one workload per process:
 *
 *   node bench/workers/tfjs.mjs cpu|wasm W1|W2|W3 DIR
 *
 * DIR holds the inputs written by `tracegrad.mjs prepare`: the XOR points with tracegrad's initial
 * weights (W1) and the 8,000 MNIST training digits (W2). Only the training loops (and the products)
 * are timed, not the import, the backend's start or the data's loading.
 */
import { performance } from "node:perf_hooks";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { emit, flags, peakRssMB, repeat, run, timeGemm } from "./common.mjs";

const { quick, positional } = flags();
const [backendName, task, dir] = positional;
const library = `tfjs-${backendName}`;

// TF.js greets Node users on console.log/warn; keep stdout for results.
console.log = console.warn = console.info = (...args) => process.stderr.write(args.join(" ") + "\n");

const tf = await import("@tensorflow/tfjs");
let backendLabel = backendName;
if (backendName === "wasm") {
  const wasm = await import("@tensorflow/tfjs-backend-wasm");
  const require = createRequire(import.meta.url);
  wasm.setWasmPaths(join(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")), "dist") + "/");
}
if (!(await tf.setBackend(backendName))) throw new Error(`tf.setBackend("${backendName}") failed`);
await tf.ready();
if (tf.getBackend() !== backendName) throw new Error(`asked for ${backendName}, got ${tf.getBackend()}`);
if (backendName === "wasm") {
  const simd = tf.env().getBool("WASM_HAS_SIMD_SUPPORT");
  // In Node the threaded build cannot start (it needs web workers): tfjs-wasm always runs on one thread here.
  const threads = tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT") ? (await import("@tensorflow/tfjs-backend-wasm")).getThreadsCount() : 1;
  backendLabel = `wasm (${simd ? "SIMD, " : ""}${threads} thread${threads > 1 ? "s" : ""})`;
} else {
  backendLabel = "cpu (plain JS)";
}

const inputs = () => JSON.parse(readFileSync(join(dir, "inputs.json"), "utf8"));

/** W1: the XOR lab as a custom loop: full batch, MSE, SGD η = 1, 10,000 epochs, tracegrad's initial weights. */
async function w1() {
  const { xor } = inputs();
  const x = tf.tensor2d(xor.x);
  const y = tf.tensor2d(xor.y);
  const result = await repeat(
    async () => {
      // tracegrad stores weights units × inputs; a matMul(a, W) wants inputs × units.
      const vars = xor.layers.flatMap((layer, l) => [tf.variable(tf.tensor2d(layer.weights).transpose(), true, `w${l}`), tf.variable(tf.tensor1d(layer.bias), true, `b${l}`)]);
      const optimizer = tf.train.sgd(1);
      const forward = () => {
        let a = x;
        for (let l = 0; l < xor.layers.length; l++) a = tf.sigmoid(tf.add(tf.matMul(a, vars[2 * l]), vars[2 * l + 1]));
        return a;
      };
      const started = performance.now();
      for (let epoch = 0; epoch < 10000; epoch++) {
        tf.tidy(() => {
          optimizer.minimize(() => tf.losses.meanSquaredError(y, forward()), false, vars);
        });
      }
      const seconds = (performance.now() - started) / 1000;
      const out = tf.tidy(() => forward()).dataSync();
      let correct = 0;
      let loss = 0;
      xor.y.forEach(([t], i) => {
        correct += (out[i] >= 0.5 ? 1 : 0) === t ? 1 : 0;
        loss += (out[i] - t) ** 2;
      });
      vars.forEach((v) => v.dispose());
      optimizer.dispose();
      return { seconds, accuracy: correct / xor.y.length, loss: loss / xor.y.length };
    },
    quick ? 1 : 3,
    10,
  );
  emit({ workload: "W1", library, backend: `${backendLabel}, custom loop`, dtype: "float32", seconds: result.seconds, accuracy: result.accuracy, loss: result.loss, runs: result.runs });
}

/** W2: 784-128-64-10 (ReLU, softmax), cross-entropy, Adam 0.001, batch 128, 3 epochs, model.fit on the same 8,000 digits. */
async function w2() {
  const { mnist } = inputs();
  const pixels = new Float32Array(new Uint8Array(readFileSync(join(dir, "mnist-x.f32"))).buffer);
  const labels = new Int32Array(new Uint8Array(readFileSync(join(dir, "mnist-labels.u8"))));
  const x = tf.tensor2d(pixels, [mnist.n, mnist.features]);
  const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, "int32"), 10).toFloat());
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [784], units: 128, activation: "relu", kernelInitializer: "heNormal" }),
      tf.layers.dense({ units: 64, activation: "relu", kernelInitializer: "heNormal" }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-8), loss: "categoricalCrossentropy", metrics: ["accuracy"] });
  const epochs = 3;
  const started = performance.now();
  const history = await model.fit(x, y, { batchSize: 128, epochs, shuffle: true, verbose: 0 });
  const seconds = (performance.now() - started) / 1000;
  const accuracy = history.history.acc?.at(-1) ?? history.history.accuracy?.at(-1);
  const peak = peakRssMB();
  emit({ workload: "W2", library, backend: `${backendLabel}, model.fit`, dtype: "float32", seconds, samplesPerSec: (epochs * mnist.n) / seconds, trainAccuracy: accuracy });
  emit({ workload: "W5", library, backend: `${backendLabel}, model.fit`, dtype: "float32", peakRssMB: peak });
}

/** W3: C = A·B, n × n, float32 (TF.js has no float64). */
async function w3() {
  for (const n of [128, 256, 512]) {
    const a = tf.randomUniform([n, n], -0.5, 0.5);
    const b = tf.randomUniform([n, n], -0.5, 0.5);
    const t = timeGemm(
      () => {
        const c = tf.matMul(a, b);
        c.dataSync();
        c.dispose();
      },
      n,
      quick ? { samples: 3, minSampleSeconds: 0.02, budgetSeconds: 2, warmUpSeconds: 0.05 } : {},
    );
    emit({ workload: `W3-${n}`, library, backend: backendLabel, dtype: "float32", seconds: t.seconds, gflops: t.gflops, threads: 1 });
    a.dispose();
    b.dispose();
  }
}

run(async () => {
  if (task === "W1") await w1();
  else if (task === "W2") await w2();
  else if (task === "W3") await w3();
  else throw new Error(`unknown task ${task}`);
});
