/**
 * `tracegrad lab`: Lab01's whole study in one command. The 2-4-4-1 sigmoid network at the lab's
 * settings (MSE, SGD, η = 1, 10,000 full-batch epochs) on the linear and XOR data, also in the seed's
 * own set-up (no biases, N(0, 1) weights), then the experiments: learning rates, hidden units (with
 * training times), no activation, and ReLU hidden layers. Writes a Markdown report with its tables and
 * figures, the same report as HTML, and every run's metrics and model.
 *
 * The 18 runs train one after another on the main thread (the hidden-unit sweep last), each as
 * `tracegrad train` trains it; the figures of each are handed to a figure thread ({@link PlotWriter}),
 * which renders and writes them while the next runs train. Only the figures the report shows are
 * drawn. Three of the runs are the same run (the lab's XOR network, η = 1 among the learning rates and
 * 4 units among the hidden units): it is trained once, and the others get its results and a copy of
 * its files.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { formatNumber } from "tracegrad/internal/common/format-number";
import { learningCurve } from "../plots/specs.js";
import { decimatedIndices, MAX_POINTS_PER_SERIES } from "../plots/decimate.js";
import { PlotWriter } from "../plots/plot-writer.js";
import { writeDataPlots } from "./run-plots.js";
import type { DataPlotName } from "./run-plots.js";
import type { RunOptions } from "tracegrad/internal/run/run-config";
import { checkRunOptions, resolveRunConfig } from "tracegrad/internal/run/run-config";
import { Random } from "tracegrad/internal/engine/random";
import { Dense } from "tracegrad/internal/nn/layers/dense";
import { writeFileAtomic } from "../files/write-file-atomic.js";
import { markdownTable, renderReportHtml } from "./report.js";
import { trainRun } from "../run/training-run.js";
import type { RunResult } from "../run/training-run.js";
import { runCurves } from "./run-summary.js";
import type { RunCurves } from "./run-summary.js";

export interface LabOptions {
  /** The folder of the report. */
  readonly out: string;
  /** Seeds every run (1). */
  readonly seed?: number;
  /** Epochs of every run (10,000, as the lab). */
  readonly epochs?: number;
  /** Told about each run as it starts. */
  readonly onProgress?: (message: string) => void;
}

/** A trained run, as the report and its figures use it: its data, model, metrics and curves. */
interface TrainedRun extends RunCurves {
  readonly prepared: RunResult["prepared"];
  readonly model: RunResult["model"];
}

interface LabRun {
  readonly id: string;
  readonly label: string;
  readonly result: TrainedRun;
}

/** The epoch at which training accuracy first reached 100%, if it did. */
function epochToPerfect(result: TrainedRun): number | null {
  const e = result.accuracies?.indexOf(1) ?? -1;
  return e < 0 ? null : e + 1;
}

/** In how many epochs the loss went up: a sign of steps that overshoot. */
function rises(result: TrainedRun): number {
  const losses = result.losses;
  let count = 0;
  for (let e = 1; e < losses.length; e++) if (losses[e] > losses[e - 1]) count++;
  return count;
}

/** Hidden ReLU units whose pre-activation is ≤ 0 for every training input: they pass no gradient. */
function deadUnits(result: TrainedRun): { dead: number; total: number } {
  const { model, prepared } = result;
  const data = prepared.train;
  model.forward(Float64Array.from(data.x), data.n, false, new Random(0));
  let dead = 0;
  let total = 0;
  model.layers.forEach((layer, l) => {
    if (!(layer instanceof Dense) || layer.activation.name !== "relu" || l === model.layers.length - 1) return;
    const z = layer.preActivation(data.n);
    for (let j = 0; j < layer.outputSize; j++) {
      total++;
      let alive = false;
      for (let n = 0; n < data.n && !alive; n++) alive = z[n * layer.outputSize + j] > 0;
      if (!alive) dead++;
    }
  });
  return { dead, total };
}

/** A list in words: "a, b and c". */
function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Whether a run ended on the plateau where every output is about 0.5 (MSE about 0.25 on balanced data). */
function onPlateau(result: TrainedRun): boolean {
  return Math.abs(result.metrics.final.trainLoss - 0.25) < 0.01;
}

function percent(x: number | undefined): string {
  return x === undefined ? "—" : `${formatNumber(x * 100, 4)}%`;
}

function outcome(result: TrainedRun): string {
  const d = result.metrics.divergence;
  return d === undefined ? "trained" : `diverged at epoch ${d.epoch} (loss or weights NaN)`;
}

export async function runLab(options: LabOptions): Promise<{ report: string; runs: number }> {
  const seed = options.seed ?? 1;
  const epochs = options.epochs ?? 10000;
  const runs: LabRun[] = [];
  const figures = join(options.out, "figures");
  let done = 0;
  const total = 4 + 4 + 6 + 2 + 2;
  // Two threads: this one trains the runs one after another and hands the figures of each to the
  // figure thread, which writes them while the next runs train. The figures are flushed before the
  // report.
  const plots = new PlotWriter();

  // Only the figures the report shows are drawn (every run's metrics.json and model.json are written).
  const start = (id: string, label: string, overrides: RunOptions, figuresOfRun: readonly DataPlotName[] = []) => {
    const dir = join(options.out, "runs", id);
    return { id, label, dir, figuresOfRun, config: resolveRunConfig({}, checkRunOptions({ seed, epochs, ...overrides })) };
  };
  // The runs trained so far, by their configuration: a run the same as one of them (the same seed gives
  // the same numbers) gets that one's results, and a copy of its metrics.json and model.json.
  const trained = new Map<string, { readonly dir: string; readonly result: TrainedRun }>();
  const run = async (started: ReturnType<typeof start>): Promise<LabRun> => {
    const key = JSON.stringify(started.config);
    const same = trained.get(key);
    let result: TrainedRun;
    if (same !== undefined) {
      for (const file of ["metrics.json", "model.json"]) writeFileAtomic(join(started.dir, file), readFileSync(join(same.dir, file)));
      result = same.result;
    } else {
      const { prepared, model, metrics } = trainRun(started.config, { out: started.dir });
      result = { prepared, model, ...runCurves(metrics) };
      trained.set(key, { dir: started.dir, result });
    }
    done++;
    options.onProgress?.(`[${done}/${total}] ${started.label}`);
    if (started.figuresOfRun.length > 0) await writeDataPlots(result, started.dir, plots, new Set(started.figuresOfRun));
    const entry = { id: started.id, label: started.label, result };
    runs.push(entry);
    return entry;
  };

  const curves = async (name: string, title: string, entries: LabRun[]) => {
    // The points a log scale can show (a diverging run's NaN and Infinity left out), thinned here as
    // the chart would thin them (the same points), without an object for each of 10,000 epochs.
    const shown = (losses: Float64Array) => {
      const epochs: number[] = [];
      for (let e = 0; e < losses.length; e++) if (Number.isFinite(losses[e]) && losses[e] > 0) epochs.push(e);
      return decimatedIndices(epochs.length, (i) => losses[epochs[i]], MAX_POINTS_PER_SERIES).map((i) => ({ epoch: epochs[i] + 1, value: losses[epochs[i]] }));
    };
    const series = entries.map((e) => ({ name: e.label, points: shown(e.result.losses) }));
    plots.write(learningCurve(series, { title, yTitle: "MSE loss", logScale: true }), join(figures, name));
    return `figures/${name}.png`;
  };

  const lab: RunOptions = { layers: "2-4-4-1", activation: "sigmoid", loss: "mse", optimizer: "sgd", lr: 1 };
  const seedOwn: RunOptions = { ...lab, bias: false, init: "normal" };
  const rates = [0.01, 0.1, 1, 10];
  const widths = [2, 4, 8, 16, 32, 64];
  const linearNet: RunOptions = { ...lab, data: "xor-easy", activation: "identity" };
  const reluNet: RunOptions = { ...lab, data: "xor-easy", activation: "relu", outputActivation: "sigmoid" };
  const started = {
    linear: start("linear", "linear, with biases", { ...lab, data: "linear" }, ["predictions"]),
    xor: start("xor-easy", "XOR, with biases", { ...lab, data: "xor-easy" }, ["predictions", "decision-boundary"]),
    linearOwn: start("linear-seed-setup", "linear, seed's set-up", { ...seedOwn, data: "linear" }),
    xorOwn: start("xor-easy-seed-setup", "XOR, seed's set-up", { ...seedOwn, data: "xor-easy" }),
    rates: rates.map((lr) => start(`xor-lr-${lr}`, `η = ${lr}`, { ...lab, data: "xor-easy", lr })),
    widths: widths.map((h) => start(`xor-hidden-${h}`, `${h} hidden units`, { ...lab, data: "xor-easy", layers: `2-${h}-${h}-1` })),
    noAct: start("xor-no-activation", "no activation, η = 1", linearNet),
    noActSmall: start("xor-no-activation-lr-0.01", "no activation, η = 0.01", { ...linearNet, lr: 0.01 }, ["decision-boundary"]),
    relu: start("xor-relu", "ReLU hidden, η = 1", reluNet),
    reluSmall: start("xor-relu-lr-0.1", "ReLU hidden, η = 0.1", { ...reluNet, lr: 0.1 }),
  };
  try {
    // The sections in the report's order, but for the hidden units (see 3).
    // 1. The lab's networks.
    const linear = await run(started.linear);
    const xor = await run(started.xor);
    const linearOwn = await run(started.linearOwn);
    const xorOwn = await run(started.xorOwn);
    const mainCurves = await curves("lab-learning-curves", "Learning curves of the lab's 2-4-4-1 sigmoid network", [linear, xor, linearOwn, xorOwn]);

    // 2. Learning rates, on XOR.
    const rateRuns: LabRun[] = [];
    for (const r of started.rates) rateRuns.push(await run(r));
    const rateCurves = await curves("learning-rates", "XOR: learning curves by learning rate", rateRuns);

    // 4. No activation: every layer linear.
    const noAct = await run(started.noAct);
    const noActSmall = await run(started.noActSmall);

    // 5. ReLU hidden layers (sigmoid output).
    const relu = await run(started.relu);
    const reluSmall = await run(started.reluSmall);
    const reluCurves = await curves("activations", "XOR: sigmoid, ReLU and no activation", [xor, relu, reluSmall, noActSmall]);

    // 3. Hidden units, on XOR: trained last, as they take most of the time (the 64-unit run alone about
    // a fifth of it), so that the figure thread draws the other figures meanwhile and only this
    // section's is left when training ends.
    const widthRuns: LabRun[] = [];
    for (const w of started.widths) widthRuns.push(await run(w));
    const widthCurves = await curves("hidden-units", "XOR: learning curves by hidden units per layer", widthRuns);

    const f = (x: number) => formatNumber(x, 4);
    const rowOf = (e: LabRun) => {
      const m = e.result.metrics;
      return [e.label, m.epochs, Number.isFinite(m.final.trainLoss) ? f(m.final.trainLoss) : "NaN", percent(m.final.trainAccuracy), epochToPerfect(e.result) ?? "never", `${formatNumber(m.trainSeconds, 3)} s`];
    };
    const header = ["run", "epochs", "final loss", "accuracy", "first epoch at 100%", "training time"];
    const diverged = noAct.result.metrics.divergence ?? null;
    const md = [
      "# Lab01 reproduced: back-propagation on the linear and XOR data",
      "",
      `Written by \`tracegrad lab\` (seed ${seed}, ${epochs} epochs per run, full batch). Every run's metrics.json and model.json are under [runs/](runs/); the numbers below are read from them. Training times are those of this machine and vary from run to run; everything else is the same for the same seed.`,
      "",
      "## 1. The lab's network",
      "",
      "A 2-4-4-1 network with sigmoid activations in every layer, mean squared error, plain gradient descent with learning rate 1 and 10,000 full-batch epochs, as Lab01 sets it up. tracegrad's default adds biases and draws weights with Xavier's uniform initializer; the seed's own code has no biases and draws N(0, 1) weights (`--no-bias --init normal`).",
      "",
      markdownTable(header, [linear, xor, linearOwn, xorOwn].map(rowOf)),
      "",
      labDiscussion([linear, xor, linearOwn, xorOwn]),
      "",
      `![Learning curves of the lab's network](${mainCurves})`,
      "",
      "![XOR: ground truth and prediction](runs/xor-easy/predictions.png)",
      "",
      "![Linear data: ground truth and prediction](runs/linear/predictions.png)",
      "",
      "![XOR: decision boundary](runs/xor-easy/decision-boundary.png)",
      "",
      "## 2. Learning rate",
      "",
      markdownTable(["learning rate", ...header.slice(1), "epochs where the loss rose"], rateRuns.map((e, i) => [String(rates[i]), ...rowOf(e).slice(1), rises(e.result)])),
      "",
      `![XOR: learning curves by learning rate](${rateCurves})`,
      "",
      learningRateDiscussion(rates, rateRuns),
      "",
      "## 3. Hidden units",
      "",
      markdownTable(["hidden units per layer", ...header.slice(1)], widthRuns.map((e, i) => [String(widths[i]), ...rowOf(e).slice(1)])),
      "",
      `![XOR: learning curves by hidden units](${widthCurves})`,
      "",
      hiddenUnitsDiscussion(widths, widthRuns),
      "",
      "## 4. No activation",
      "",
      markdownTable(["run", "outcome", ...header.slice(1)], [noAct, noActSmall].map((e) => [e.label, outcome(e.result), ...rowOf(e).slice(1)])),
      "",
      "![XOR with no activation: decision boundary](runs/xor-no-activation-lr-0.01/decision-boundary.png)",
      "",
      diverged !== null
        ? `Without activations every layer is linear, so the whole network computes one linear map W₃W₂W₁x. At η = 1 the updates overshoot: the loss grows by orders of magnitude each epoch and becomes NaN at epoch ${diverged.epoch}, where tracegrad stops with a hint (${diverged.hint}). With η = 0.01 it converges, but only to the best straight-line boundary, which cannot separate XOR: the accuracy stays far from 100%. (Lab01's own "no activation" run removed the sigmoid but kept its derivative a(1 − a) in the backward pass, so its NaN was not that of a clean linear network.)`
        : "Without activations every layer is linear, so the whole network computes one linear map; it can only draw a straight boundary, which cannot separate XOR.",
      "",
      "## 5. ReLU hidden layers",
      "",
      markdownTable([...header, "dead ReLU units"], [xor, relu, reluSmall].map((e) => {
        const d = deadUnits(e.result);
        return [...rowOf(e), d.total === 0 ? "—" : `${d.dead} of ${d.total}`];
      })),
      "",
      `![XOR: sigmoid, ReLU and no activation](${reluCurves})`,
      "",
      reluDiscussion(xor, [relu, reluSmall]),
      "",
      "## Conventions",
      "",
      "- Loss: mean squared error, the mean over all samples and outputs of (t − a)², as Lab01 computes it (`np.mean((y - y_hat)**2)`).",
      "- Accuracy: the output is class 1 when it is at least 0.5.",
      "- Data: linear is 100 points uniform in [0, 1]², class 0 when x₀ > x₁; XOR is Lab01's 21 points.",
      "",
    ].join("\n");
    await plots.flush();
    writeFileAtomic(join(options.out, "report.md"), md);
    writeFileAtomic(join(options.out, "report.html"), renderReportHtml(md, options.out));
    return { report: md, runs: runs.length };
  } finally {
    await plots.close();
  }
}

function learningRateDiscussion(rates: readonly number[], runs: readonly LabRun[]): string {
  const sentences = ["The learning rate scales every step, θ ← θ − η∇L."];
  const stuck = rates.filter((_, i) => onPlateau(runs[i].result));
  if (stuck.length > 0)
    sentences.push(`With η = ${list(stuck.map(String))} the loss is still about 0.25 after the last epoch: every output sits near 0.5, on the flat start of the sigmoids, and the steps are too small to leave it.`);
  const perfect = rates.map((lr, i) => ({ lr, epoch: epochToPerfect(runs[i].result) })).filter((r) => r.epoch !== null);
  if (perfect.length > 0) sentences.push(`${list(perfect.map((r) => `η = ${r.lr} reaches 100% accuracy at epoch ${r.epoch}`))}.`);
  const short = rates.filter((_, i) => !onPlateau(runs[i].result) && epochToPerfect(runs[i].result) === null);
  if (short.length > 0)
    sentences.push(`${list(short.map((lr) => { const r = runs[rates.indexOf(lr)].result; return `η = ${lr} left the plateau but ends at ${percent(r.metrics.final.trainAccuracy)} with a loss of ${formatNumber(r.metrics.final.trainLoss, 4)}`; }))}: a large step can carry the weights into a region where some sigmoid units saturate and the gradient nearly vanishes.`);
  const worst = rates.map((lr, i) => ({ lr, rises: rises(runs[i].result), run: runs[i].result })).sort((a, b) => b.rises - a.rises)[0];
  if (worst.rises > 0)
    sentences.push(`The loss rose in ${worst.rises} epochs with η = ${worst.lr}: the steps overshoot the valley and bounce across it${worst.run.metrics.final.trainAccuracy !== undefined && worst.run.metrics.final.trainAccuracy < 1 ? `, and it ends at ${percent(worst.run.metrics.final.trainAccuracy)}` : ""}.`);
  return sentences.join(" ");
}

function hiddenUnitsDiscussion(widths: readonly number[], runs: readonly LabRun[]): string {
  const seconds = runs.map((r) => r.result.metrics.trainSeconds);
  const sentences = [
    `Each epoch costs about 2h + h² + h multiply-adds per sample for the two hidden layers, so the training time grows with h: from ${formatNumber(seconds[0], 3)} s with ${widths[0]} units to ${formatNumber(seconds[seconds.length - 1], 3)} s with ${widths[widths.length - 1]}.`,
  ];
  const perfect = widths.map((h, i) => ({ h, epoch: epochToPerfect(runs[i].result) }));
  const never = perfect.filter((p) => p.epoch === null).map((p) => String(p.h));
  const reached = perfect.filter((p) => p.epoch !== null).sort((a, b) => a.epoch! - b.epoch!);
  if (reached.length > 0) sentences.push(`The first to reach 100% was the network with ${reached[0].h} units per layer (epoch ${reached[0].epoch}).`);
  if (never.length > 0) sentences.push(`With ${list(never)} units per layer it never did: too few units to bend the boundary around the XOR points.`);
  return sentences.join(" ");
}

function reluDiscussion(sigmoid: LabRun, relus: readonly LabRun[]): string {
  const s = epochToPerfect(sigmoid.result);
  const parts = relus.map((r) => {
    const e = epochToPerfect(r.result);
    const d = deadUnits(r.result);
    return `${r.label}: ${e === null ? "never 100%" : `100% at epoch ${e}`}, ${d.dead} of ${d.total} hidden units dead`;
  });
  return [
    `ReLU's derivative is 1 wherever z > 0, so gradients reach the first layer without the sigmoid's factor a(1 − a) ≤ ¼. The sigmoid network reached 100% at epoch ${s ?? "never"}; ${parts.join("; ")}.`,
    "A dead unit has z ≤ 0 for every input: its gradient is 0 and it stops learning for good, which large steps make more likely.",
  ].join(" ");
}

function labDiscussion(runs: readonly LabRun[]): string {
  return runs
    .map((r) => {
      const e = epochToPerfect(r.result);
      return `${r.label[0].toUpperCase()}${r.label.slice(1)}: ${percent(r.result.metrics.final.trainAccuracy)} after ${r.result.metrics.epochs} epochs${e === null ? "" : ` (100% from epoch ${e})`}.`;
    })
    .join(" ");
}
