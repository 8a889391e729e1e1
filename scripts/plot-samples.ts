/**
 * Writes one sample of every plot, with realistic data, as SVG and PNG, to look at by eye:
 *
 *     node --import tsx scripts/plot-samples.ts [folder]     # default /tmp/plots-samples
 *
 * The data: Lab01's XOR-easy (21 points) and linear (100 points) sets, a learning curve falling from
 * 0.25 to 0.004 over 10,000 epochs, a learning-rate sweep with a diverging run, decision boundaries on
 * 100 × 100 grids, an MNIST-like 10 × 10 confusion matrix and the activation functions on [-5, 5].
 */
import { ACTIVATIONS } from "../packages/tracegrad/src/engine/activations.js";
import type { ElementwiseActivation } from "../packages/tracegrad/src/engine/activations.js";
import { Random } from "../packages/tracegrad/src/engine/random.js";
import type { ActivationPanel, LearningCurveSeries, PlotSpec } from "../packages/cli/src/plots/node.js";
import { activationPanels, confusionMatrix, decisionBoundary, learningCurve, predictions, writePlot } from "../packages/cli/src/plots/node.js";

const folder = process.argv[2] ?? "/tmp/plots-samples";

/** Seed 003's XOR-easy set: the two diagonals of the unit square, 21 points. */
function xorEasy(): { x: [number, number]; label: number }[] {
  const points: { x: [number, number]; label: number }[] = [];
  for (let i = 0; i < 11; i++) {
    points.push({ x: [0.1 * i, 0.1 * i], label: 0 });
    if (i === 5) continue;
    points.push({ x: [0.1 * i, 1 - 0.1 * i], label: 1 });
  }
  return points;
}

/** Seed 003's linear set: 100 points of the unit square, class 1 above the diagonal. */
function linear(random: Random): { x: [number, number]; label: number }[] {
  return Array.from({ length: 100 }, () => {
    const x: [number, number] = [random.next(), random.next()];
    return { x, label: x[0] > x[1] ? 0 : 1 };
  });
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** A smooth stand-in for a trained XOR network: p(class 1) high near the anti-diagonal. */
function xorProbability(x0: number, x1: number): number {
  return sigmoid(14 * (Math.abs(x0 - x1) - 0.12));
}

/** A learning curve of `epochs` epochs falling from `start` to about `end`, with a little noise. */
function curve(random: Random, epochs: number, start: number, end: number, speed: number): { epoch: number; value: number }[] {
  const points = [];
  for (let epoch = 0; epoch <= epochs; epoch += 10) {
    const progress = Math.pow(epoch / (epochs * speed), 2.6);
    const value = end + (start - end) / (1 + progress);
    points.push({ epoch, value: value * (1 + 0.02 * (random.next() - 0.5)) });
  }
  return points;
}

/** An MNIST-like confusion matrix: the test set's class sizes, about 97% right, errors where digits look alike. */
function mnistConfusion(random: Random): number[][] {
  const sizes = [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009];
  const alike: Record<number, number[]> = { 0: [6], 1: [7], 2: [7, 3], 3: [5, 8], 4: [9], 5: [3, 8], 6: [0, 5], 7: [1, 2, 9], 8: [3, 5], 9: [4, 7] };
  return sizes.map((size, t) => {
    const row = new Array<number>(10).fill(0);
    const wrong = Math.round(size * (0.015 + 0.03 * random.next()));
    for (let i = 0; i < wrong; i++) {
      const p = random.next() < 0.7 ? alike[t][Math.floor(random.next() * alike[t].length)] : Math.floor(random.next() * 10);
      row[p === t ? (t + 1) % 10 : p]++;
    }
    row[t] = size - wrong;
    return row;
  });
}

/** The activation's value and derivative at 201 points of [-5, 5]. */
function panel(name: string, activation: ElementwiseActivation, alpha: number): ActivationPanel {
  const x = Array.from({ length: 201 }, (_, i) => -5 + i / 20);
  const value = x.map((z) => activation.forward(z, alpha));
  return { name, x, value, derivative: x.map((z, i) => activation.derivative(z, value[i], alpha)) };
}

function elementwise(name: keyof typeof ACTIVATIONS): ElementwiseActivation {
  const activation = ACTIVATIONS[name];
  if (activation.kind !== "elementwise") throw new Error(`${name} is not element-wise`);
  return activation;
}

async function main(): Promise<void> {
  const random = new Random(3);
  const samples: Record<string, PlotSpec> = {};

  const training = curve(random, 10_000, 0.25, 0.004, 0.2);
  const validation = curve(random, 10_000, 0.26, 0.009, 0.24);
  const lossSeries: LearningCurveSeries[] = [
    { name: "training loss", points: training },
    { name: "validation loss", points: validation },
  ];
  samples["learning-curve"] = learningCurve([{ name: "training loss", points: training }], { title: "XOR: learning curve" });
  samples["learning-curve-log"] = learningCurve(lossSeries, { title: "XOR: training and validation loss", logScale: true });
  const sweepEnds = [0.004, 0.02, 0.1, 0.2];
  const sweep: LearningCurveSeries[] = [1, 0.1, 0.01, 0.001].map((rate, i) => ({
    name: `learning rate ${rate}`,
    points: curve(random, 10_000, 0.25, sweepEnds[i], 0.08 * Math.pow(2.5, i)),
  }));
  sweep.push({
    name: "learning rate 10 (diverges)",
    points: Array.from({ length: 40 }, (_, i) => ({ epoch: 10 * i, value: i < 30 ? 0.25 * Math.pow(1.4, i) : Number.NaN })),
  });
  samples["learning-rate-sweep"] = learningCurve(sweep, { title: "Linear data: learning rate", logScale: true });
  const short = curve(random, 200, 0.25, 0.05, 0.3).filter((p) => p.epoch % 20 === 0);
  samples["learning-curve-short"] = learningCurve([{ name: "training loss", points: short }], { title: "First 200 epochs", yTitle: "half-SSE loss" });

  const xor = xorEasy();
  samples["predictions-xor"] = predictions(
    xor.map((p, i) => ({ x: p.x, truth: p.label, predicted: i === 9 ? 1 - p.label : p.label })),
    { title: "XOR: ground truth and prediction" },
  );
  const line = linear(random);
  samples["predictions-linear"] = predictions(
    line.map((p) => ({ x: p.x, truth: p.label, predicted: p.x[0] > p.x[1] + 0.03 ? 0 : 1 })),
    { title: "Linear: ground truth and prediction" },
  );

  const axis = Array.from({ length: 100 }, (_, i) => -0.1 + (1.2 * i) / 99);
  samples["decision-boundary-xor"] = decisionBoundary(
    { x0: axis, x1: axis, values: axis.map((x1) => axis.map((x0) => xorProbability(x0, x1))) },
    xor,
    { classes: 2, title: "XOR: decision boundary" },
  );
  const centers = [[0.2, 0.25], [0.75, 0.3], [0.45, 0.8]];
  const nearest = (x0: number, x1: number): number => {
    const d = centers.map(([c0, c1]) => (x0 - c0) ** 2 + (x1 - c1) ** 2);
    return d.indexOf(Math.min(...d));
  };
  const blobs = Array.from({ length: 90 }, (_, i) => {
    const [c0, c1] = centers[i % 3];
    const x: [number, number] = [c0 + random.normal() * 0.1, c1 + random.normal() * 0.1];
    return { x, label: i % 3 };
  });
  samples["decision-boundary-3-classes"] = decisionBoundary(
    { x0: axis, x1: axis, values: axis.map((x1) => axis.map((x0) => nearest(x0, x1))) },
    blobs,
    { classes: 3, title: "Three blobs: decision regions", classNames: ["setosa", "versicolor", "virginica"] },
  );

  samples["confusion-matrix"] = confusionMatrix(mnistConfusion(random), ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], { title: "MNIST test set: confusion matrix" });
  samples["confusion-matrix-escaping"] = confusionMatrix([[5, 1], [2, 7]], ["<cat> & co", "dog \"x\""], { title: "Escaping: <b>bold?</b> & 'quotes'" });

  samples["activations"] = activationPanels([
    panel("sigmoid", elementwise("sigmoid"), 0),
    panel("tanh", elementwise("tanh"), 0),
    panel("ReLU", elementwise("relu"), 0),
    panel("leaky ReLU (α = 0.1)", elementwise("leaky-relu"), 0.1),
    panel("Gaussian", elementwise("gaussian"), 0),
  ], { title: "Activation functions and their derivatives" });

  for (const [name, spec] of Object.entries(samples)) {
    const started = performance.now();
    const written = await writePlot(spec, `${folder}/${name}`);
    console.log(`${written.png}  (${Math.round(performance.now() - started)} ms)`);
  }
}

await main();
