// Where the time of the XOR lab (W1 of `npm run bench`: 2-4-4-1 sigmoid, 21 points, full batch, lr 1,
// 10,000 epochs) goes, and how low it could go in JavaScript: in one process, alternating, the median of
// several runs of
//   - tracegrad's Trainer, as W1 runs it;
//   - the 189 sigmoids of each epoch alone (21 samples × 9 units), through the activation table's
//     array kernel: what the exponentials cost, whatever else the code does;
//   - an epoch written out for exactly this shape (generated source, every size a constant, gradients
//     in local variables): what specializing the code to one network could reach.
//
//   node --import tsx scripts/bench-xor-floor.ts [--runs 7]
import { performance } from "node:perf_hooks";
import { activation } from "../packages/tracegrad/src/engine/activations.js";
import type { ElementwiseActivation } from "../packages/tracegrad/src/engine/activations.js";
import { generate } from "../packages/tracegrad/src/data/generators.js";
import { Sequential } from "../packages/tracegrad/src/nn/model.js";
import { Trainer } from "../packages/tracegrad/src/nn/trainer.js";

const EPOCHS = 10_000;
const SIZES = [2, 4, 4, 1];
const runsFlag = process.argv.indexOf("--runs");
const RUNS = runsFlag > 0 ? Number(process.argv[runsFlag + 1]) : 7;
const data = generate("xor-easy", { seed: 1 });
const N = data.n;

function newModel(): Sequential {
  return Sequential.create(2, [4, 4, 1].map((units) => ({ type: "dense" as const, units, activation: "sigmoid" as const, init: "normal" as const })), { dtype: "float64", seed: 1 });
}

function trainer(): number {
  const t = new Trainer(newModel(), data, { loss: "mse", optimizer: { name: "sgd" }, learningRate: 1, epochs: EPOCHS, seed: 1 });
  const started = performance.now();
  t.run();
  return performance.now() - started;
}

const sigmoid = activation("sigmoid") as ElementwiseActivation;
const units = N * (4 + 4 + 1);
const z = Float64Array.from({ length: units }, (_, i) => -6 + (12 * i) / units);
const a = new Float64Array(units);
function sigmoidsAlone(): number {
  const started = performance.now();
  for (let e = 0; e < EPOCHS; e++) {
    z[e % units] += 1e-9; // keep the work from being hoisted out of the loop
    sigmoid.forwardArray(z, a, units, 0);
  }
  return performance.now() - started;
}

/** The source of one epoch (forward, mse, backward, SGD update) for SIZES and N, every loop unrolled but the one over samples. */
function epochSource(): string {
  const lines = ["let loss = 0;"];
  const input = (l: number) => (l === 0 ? "X" : `A${l - 1}`);
  for (let l = 0; l < 3; l++) {
    const [fi, fo] = [SIZES[l], SIZES[l + 1]];
    lines.push(`for (let n = 0; n < ${N}; n++) {`);
    for (let j = 0; j < fo; j++) {
      const terms = Array.from({ length: fi }, (_, p) => `${input(l)}[n * ${fi} + ${p}] * W${l}[${j * fi + p}]`).join(" + ");
      lines.push(`  A${l}[n * ${fo} + ${j}] = 1 / (1 + Math.exp(-((${terms}) + B${l}[${j}])));`);
    }
    lines.push("}");
  }
  lines.push(`for (let n = 0; n < ${N}; n++) { const a = A2[n], e = a - Y[n]; loss += e * e; D2[n] = ((2 * e) / ${N}) * a * (1 - a); }`);
  for (let l = 2; l >= 0; l--) {
    const [fi, fo] = [SIZES[l], SIZES[l + 1]];
    const g: string[] = [];
    for (let j = 0; j < fo; j++) g.push(`gb${j} = 0`, ...Array.from({ length: fi }, (_, p) => `g${j}_${p} = 0`));
    lines.push(`{ let ${g.join(", ")};`, `for (let n = 0; n < ${N}; n++) {`);
    for (let j = 0; j < fo; j++) {
      lines.push(`  const d${j} = D${l}[n * ${fo} + ${j}]; gb${j} += d${j};`);
      for (let p = 0; p < fi; p++) lines.push(`  g${j}_${p} += d${j} * ${input(l)}[n * ${fi} + ${p}];`);
    }
    if (l > 0) {
      for (let p = 0; p < fi; p++) {
        const sum = Array.from({ length: fo }, (_, j) => `d${j} * W${l}[${j * fi + p}]`).join(" + ");
        lines.push(`  { const a = A${l - 1}[n * ${fi} + ${p}]; D${l - 1}[n * ${fi} + ${p}] = (${sum}) * a * (1 - a); }`);
      }
    }
    lines.push("}");
    for (let j = 0; j < fo; j++) {
      lines.push(`B${l}[${j}] -= lr * gb${j};`);
      for (let p = 0; p < fi; p++) lines.push(`W${l}[${j * fi + p}] -= lr * g${j}_${p};`);
    }
    lines.push("}");
  }
  lines.push(`return loss / ${N};`);
  return lines.join("\n");
}

type Epoch = (...arrays: (Float64Array | number)[]) => number;
const epoch = new Function("X", "Y", "W0", "B0", "W1", "B1", "W2", "B2", "A0", "A1", "A2", "D0", "D1", "D2", "lr", epochSource()) as Epoch;
let specializedLoss = Number.NaN;
function specialized(): number {
  const model = newModel().layersJson();
  const params = model.flatMap((layer) => (layer.type === "dense" ? [Float64Array.from(layer.weights.flat()), Float64Array.from(layer.bias ?? [])] : []));
  const buffers = SIZES.slice(1).map((size) => new Float64Array(N * size));
  const deltas = SIZES.slice(1).map((size) => new Float64Array(N * size));
  const started = performance.now();
  for (let e = 0; e < EPOCHS; e++) specializedLoss = epoch(data.x, data.y, ...params, ...buffers, ...deltas, 1);
  return performance.now() - started;
}

const median = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
const times: Record<string, number[]> = { "tracegrad Trainer (W1)": [], "the 189 sigmoids of each epoch alone": [], "an epoch written out for 2-4-4-1": [] };
const jobs = [trainer, sigmoidsAlone, specialized];
for (let run = 0; run < RUNS + 1; run++) {
  Object.values(times).forEach((list, i) => {
    const ms = jobs[i]();
    if (run > 0) list.push(ms); // the first round warms up
  });
}
for (const [label, list] of Object.entries(times)) console.log(`${label.padEnd(40)} ${median(list).toFixed(1).padStart(7)} ms  (median of ${list.length})`);
console.log(`(the written-out epoch ends at mse ${specializedLoss.toPrecision(3)}, so it trains like the Trainer)`);
