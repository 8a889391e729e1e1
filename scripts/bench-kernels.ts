// Micro-benchmark of the matrix-multiplication kernels: GFLOP/s (2·m·n·k flops per product) per backend,
// element type and size, the median and the best of several timed runs after a warm-up, and the time
// of one call of the tiny products a 2-4-… network trains with. Every backend × type runs in a process
// of its own, so that one's JIT feedback does not slow another.
//
//   node --import tsx scripts/bench-kernels.ts
//   node --import tsx scripts/bench-kernels.ts --runs 11 --backends wasm,wasm-threads --threads 2
//   node --import tsx scripts/bench-kernels.ts --ort     also times onnxruntime-web's wasm MatMul (f32, 1 thread)
//
// Timings on a machine shared with other work vary; the best of the runs shows what the code can do,
// the median what it did.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { activeBackend, matmul, useBackend } from "../packages/tracegrad/src/kernels/index.js";
import type { BackendName, FloatArray, MatmulOptions } from "../packages/tracegrad/src/kernels/index.js";
import { encodeOnnxModel, OnnxDataType } from "../packages/tracegrad/src/onnx/onnx-model.js";
import type * as Ort from "onnxruntime-web";

interface Shape {
  readonly label: string;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly options: MatmulOptions;
}

interface Row {
  readonly backend: string;
  readonly threads: number;
  readonly type: string;
  readonly product: string;
  readonly median: string;
  readonly best: string;
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const runs = Number(option("runs", "9"));
const threads = Number(option("threads", "2"));

const SHAPES: Shape[] = [
  ...[128, 256, 512].map((n) => ({ label: `${n}³`, m: n, n, k: n, options: {} })),
  { label: "X·Wᵀ 128×784·(128×784)ᵀ", m: 128, n: 128, k: 784, options: { transB: true } },
  { label: "dZᵀ·X (128×128)ᵀ·128×784", m: 128, n: 784, k: 128, options: { transA: true } },
  { label: "dZ·W 128×128·128×784", m: 128, n: 784, k: 128, options: {} },
];

/** The three products of training a 2-4 layer on 21 samples: ns per call. */
const TINY: Shape[] = [
  { label: "tiny X·Wᵀ 21×2·(4×2)ᵀ", m: 21, n: 4, k: 2, options: { transB: true } },
  { label: "tiny dZᵀ·X (21×4)ᵀ·21×2", m: 4, n: 2, k: 21, options: { transA: true } },
  { label: "tiny dZ·W 21×4·4×2", m: 21, n: 2, k: 4, options: {} },
];

function filled(type: "f32" | "f64", length: number): FloatArray {
  const array = type === "f32" ? new Float32Array(length) : new Float64Array(length);
  let x = 12345;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    array[i] = x / 4294967296 - 0.5;
  }
  return array;
}

/** Seconds per product, each run timing enough products to take 40 ms or more: [median, best]. */
function time(type: "f32" | "f64", shape: Shape): [number, number] {
  const a = filled(type, shape.m * shape.k);
  const b = filled(type, shape.k * shape.n);
  const c = filled(type, shape.m * shape.n);
  const once = (): void => matmul(c, a, b, shape.m, shape.n, shape.k, shape.options);
  let repeats = 1;
  for (;;) {
    const start = performance.now();
    for (let r = 0; r < repeats; r++) once();
    const elapsed = performance.now() - start;
    if (elapsed >= 40) break;
    repeats = Math.max(repeats * 2, Math.ceil((repeats * 50) / Math.max(elapsed, 0.5)));
  }
  const timings: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    for (let r = 0; r < repeats; r++) once();
    timings.push((performance.now() - start) / 1000 / repeats);
  }
  timings.sort((p, q) => p - q);
  return [timings[Math.floor(timings.length / 2)], timings[0]];
}

/** One backend and type, in this process: JSON rows on stdout. */
function child(backend: BackendName, type: "f32" | "f64"): void {
  useBackend(backend, { threads });
  const active = activeBackend();
  if (active.name !== backend) {
    console.error(`${backend}: not available here (it would run as ${active.name})`);
    return;
  }
  const rows: Row[] = [];
  for (const shape of SHAPES) {
    const [median, best] = time(type, shape);
    const flops = 2 * shape.m * shape.n * shape.k;
    rows.push({ backend, threads: active.threads, type, product: shape.label, median: `${(flops / median / 1e9).toFixed(2)} GFLOP/s`, best: `${(flops / best / 1e9).toFixed(2)} GFLOP/s` });
  }
  for (const shape of TINY) {
    const [median, best] = time(type, shape);
    rows.push({ backend, threads: active.threads, type, product: shape.label, median: `${(median * 1e9).toFixed(0)} ns`, best: `${(best * 1e9).toFixed(0)} ns` });
  }
  console.log(JSON.stringify(rows));
}

/** onnxruntime-web's wasm MatMul, f32 on one thread, for comparison: rows like the kernels'. */
async function onnxRuntime(): Promise<Row[]> {
  const { createRequire } = await import("node:module");
  const require = createRequire(import.meta.url);
  const ort = require("onnxruntime-web") as typeof Ort;
  ort.env.wasm.numThreads = 1;
  const rows: Row[] = [];
  for (const size of [128, 256, 512]) {
    const matrix = (name: string) => ({ name, elementType: OnnxDataType.float, dims: [size, size] });
    const model = encodeOnnxModel({
      irVersion: 7,
      producerName: "bench-kernels",
      opsetDomain: "",
      opsetVersion: 13,
      graph: {
        name: "matmul",
        nodes: [{ opType: "MatMul", name: "C", inputs: ["A", "B"], outputs: ["C"], attributes: [] }],
        initializers: [],
        inputs: [matrix("A"), matrix("B")],
        outputs: [matrix("C")],
      },
    });
    const session = await ort.InferenceSession.create(model, { executionProviders: ["wasm"] });
    const feeds = { A: new ort.Tensor("float32", filled("f32", size * size) as Float32Array, [size, size]), B: new ort.Tensor("float32", filled("f32", size * size) as Float32Array, [size, size]) };
    const repeats = Math.max(1, Math.round(2e7 / size ** 3));
    for (let r = 0; r < 3 * repeats; r++) await session.run(feeds);
    const timings: number[] = [];
    for (let run = 0; run < runs; run++) {
      const start = performance.now();
      for (let r = 0; r < repeats; r++) await session.run(feeds);
      timings.push((performance.now() - start) / 1000 / repeats);
    }
    timings.sort((p, q) => p - q);
    const flops = 2 * size ** 3;
    const gflops = (seconds: number): string => `${(flops / seconds / 1e9).toFixed(2)} GFLOP/s`;
    rows.push({ backend: `onnxruntime-web ${ort.env.versions.web ?? ""}`, threads: 1, type: "f32", product: `${size}³`, median: gflops(timings[Math.floor(runs / 2)]), best: gflops(timings[0]) });
  }
  return rows;
}

async function main(): Promise<void> {
  if (process.argv.includes("--child")) {
    child(option("backend", "ts") as BackendName, option("type", "f32") as "f32" | "f64");
    return;
  }
  const backends = option("backends", "ts,wasm,wasm-threads").split(",");
  const rows: Row[] = [];
  for (const backend of backends) {
    for (const type of ["f32", "f64"]) {
      const args = [...process.execArgv, fileURLToPath(import.meta.url), "--child", "--backend", backend, "--type", type, "--runs", String(runs), "--threads", String(threads)];
      const result = spawnSync(process.execPath, args, { encoding: "utf8" });
      if (result.status !== 0 || result.stdout.trim() === "") {
        console.error(`${backend} ${type}: ${result.stderr.trim() || `exit status ${result.status}`}`);
        continue;
      }
      const got = JSON.parse(result.stdout) as Row[];
      for (const row of got) console.log(`${row.backend} ${row.threads} ${row.type} ${row.product}: ${row.median} (best ${row.best})`);
      rows.push(...got);
    }
  }
  if (process.argv.includes("--ort")) rows.push(...(await onnxRuntime()));
  const header = ["backend", "threads", "type", "product", "median", "best"];
  const cells = rows.map((r) => [r.backend, String(r.threads), r.type, r.product, r.median, r.best]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i].length)));
  const line = (row: string[]): string => `| ${row.map((cell, i) => cell.padEnd(widths[i])).join(" | ")} |`;
  console.log();
  console.log(line(header));
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`);
  for (const row of cells) console.log(line(row));
  process.exit(0);
}

await main();
