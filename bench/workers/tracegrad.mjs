/**
 * tracegrad's in-process workloads, one per child process:
 *
 *   node bench/workers/tracegrad.mjs prepare DIR   the shared inputs of the peers (MNIST training set, XOR initial weights)
 *   node bench/workers/tracegrad.mjs W1            Lab01's XOR lab through the library (Sequential + Trainer)
 *   node bench/workers/tracegrad.mjs W3 [BACKEND]  GEMM n = 128, 256, 512 on a kernel backend (ts, wasm, wasm-threads; all by default)
 *   node bench/workers/tracegrad.mjs W5            W2 (float32) in-process with the RSS after every epoch (the
 *                                                  peak of W5 itself is the CLI process's: bench/run.mjs)
 *
 * W2 and W4 run the CLI itself (bench/run.mjs spawns it).
 */
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { emit, flags, peakRssMB, repeat, run, timeGemm, tracegrad } from "./common.mjs";

const { quick, positional } = flags();
const [task, arg] = positional;

/** The W1 model: 2-4-4-1, sigmoid, N(0, 1) weights, biases, seed 1 (what `tracegrad train --data xor-easy --layers 2-4-4-1 --init normal` builds). */
async function xorModel() {
  const { Sequential } = await tracegrad("nn/model.js");
  return Sequential.create(2, [4, 4, 1].map((units) => ({ type: "dense", units, activation: "sigmoid", init: "normal" })), { dtype: "float64", seed: 1 });
}

async function prepare(dir) {
  mkdirSync(dir, { recursive: true });
  const { mnistSplit } = await tracegrad("cli:data/mnist.js");
  const { generate } = await tracegrad("data/generators.js");
  const { train } = mnistSplit(1);
  writeFileSync(join(dir, "mnist-x.f32"), new Uint8Array(Float32Array.from(train.x).buffer));
  writeFileSync(join(dir, "mnist-labels.u8"), new Uint8Array(Int32Array.from(train.labels)));
  const xor = generate("xor-easy", { seed: 1 });
  const model = await xorModel();
  const data = {
    mnist: { n: train.n, features: train.features, classes: 10 },
    xor: { x: Array.from({ length: xor.n }, (_, i) => Array.from(xor.x.subarray(2 * i, 2 * i + 2))), y: Array.from(xor.y, (v) => [v]), layers: model.layersJson() },
  };
  writeFileSync(join(dir, "inputs.json"), JSON.stringify(data));
}

/**
 * W1 through the library: the Trainer as it chooses (the WebAssembly small-network path where the
 * runtime has SIMD), then the same run kept on the TypeScript fast path (`smallNet: false`), for
 * comparison. Each is timed from `run()` to its end, median of 5.
 */
async function w1() {
  const { Trainer } = await tracegrad("nn/trainer.js");
  const { generate } = await tracegrad("data/generators.js");
  const data = generate("xor-easy", { seed: 1 });
  for (const smallNet of [true, false]) {
    let webAssembly = false;
    const result = await repeat(
      async () => {
        const model = await xorModel();
        const trainer = new Trainer(model, data, { loss: "mse", optimizer: { name: "sgd" }, learningRate: 1, epochs: 10000, seed: 1, smallNet });
        webAssembly = trainer.webAssembly;
        const started = performance.now();
        trainer.run();
        const seconds = (performance.now() - started) / 1000;
        const evaluation = trainer.evaluate(data);
        return { seconds, accuracy: evaluation.accuracy, loss: evaluation.loss, epochs: trainer.epoch };
      },
      quick ? 2 : 5,
      30,
    );
    const backend = smallNet ? `library (Trainer, ${webAssembly ? "WebAssembly small-network path" : "TypeScript path: no WebAssembly SIMD"})` : "TypeScript fast path (Trainer, smallNet: false)";
    emit({ workload: "W1", library: "tracegrad", backend, dtype: "float64", seconds: result.seconds, accuracy: result.accuracy, loss: result.loss, runs: result.runs });
  }
}

/** W3 on one backend (`ts`, `wasm` or `wasm-threads`, each in its own process), or on all three. */
async function w3(only) {
  const kernels = await tracegrad("kernels/index.js");
  const backends = [
    { name: "ts", threads: 1 },
    { name: "wasm", threads: 1 },
    { name: "wasm-threads", threads: 2 },
  ].filter((b) => only === undefined || b.name === only);
  if (backends.length === 0) throw new Error(`unknown backend ${only}`);
  for (const dtype of ["float32", "float64"]) {
    const Type = dtype === "float32" ? Float32Array : Float64Array;
    for (const backend of backends) {
      kernels.useBackend(backend.name, { threads: backend.threads });
      let active = kernels.activeBackend();
      if (active.name !== backend.name) {
        // A module compiled asynchronously arrives on a later tick.
        await delay(200);
        kernels.useBackend(backend.name, { threads: backend.threads });
        active = kernels.activeBackend();
      }
      for (const n of [128, 256, 512]) {
        const a = new Type(n * n).map(() => Math.random() - 0.5);
        const b = new Type(n * n).map(() => Math.random() - 0.5);
        const c = new Type(n * n);
        const t = timeGemm(() => kernels.matmul(c, a, b, n, n, n), n, quick ? { samples: 3, minSampleSeconds: 0.02, budgetSeconds: 2, warmUpSeconds: 0.05 } : {});
        const label = active.name === backend.name ? `${active.name} (${active.threads} thread${active.threads > 1 ? "s" : ""})` : `${backend.name} (fell back to ${active.name})`;
        emit({ workload: `W3-${n}`, library: "tracegrad", backend: label, dtype, seconds: t.seconds, gflops: t.gflops, threads: active.threads, kernel: active.name, simd: active.simd });
      }
    }
  }
}

async function w5() {
  const { checkRunOptions, resolveRunConfig } = await tracegrad("run/run-config.js");
  const { trainRun } = await tracegrad("cli:run/training-run.js");
  const flagsOfW2 = { data: "mnist", layers: "784-128-64-10", activation: "relu", loss: "cross-entropy", optimizer: "adam", lr: "0.001", batch: "128", epochs: "3", dtype: "float32" };
  const config = resolveRunConfig({}, checkRunOptions(flagsOfW2));
  const mb = () => process.memoryUsage().rss / 2 ** 20;
  const startRssMB = mb();
  const rssMB = [];
  const result = trainRun(config, { onEpoch: () => rssMB.push(mb()) });
  emit({
    workload: "W5",
    library: "tracegrad",
    backend: "library (trainRun in-process, RSS after each epoch)",
    dtype: "float32",
    peakRssMB: peakRssMB(),
    startRssMB,
    rssMB,
    seconds: result.metrics.trainSeconds,
    samplesPerSec: (3 * result.prepared.train.n) / result.metrics.trainSeconds,
  });
}

run(async () => {
  if (task === "prepare") await prepare(arg);
  else if (task === "W1") await w1();
  else if (task === "W3") await w3(arg);
  else if (task === "W5") await w5();
  else throw new Error(`unknown task ${task}`);
});
