/**
 * A training run as train mode drives it: set up from the options as `tracegrad train` sets it up,
 * trained epoch by epoch by the engine's `Trainer`, continued from its current weights when only the
 * learning rate, the regularization, the batch size, the optimizer or the stopping rules change, with a
 * weight set by hand, and read out as snapshots (the learning curve since the last one, the weights,
 * every unit's output over the plane). It runs in the page's Web Worker (`worker/train-worker.ts`);
 * nothing here touches the DOM, and the tests run it in Node.
 *
 * @module
 */
import type { Dataset } from "tracegrad/internal/data/dataset";
import { computeFeatures, FEATURES } from "tracegrad/internal/data/features";
import type { FeatureName } from "tracegrad/internal/data/features";
import { applyScaler } from "tracegrad/internal/data/scalers";
import { Random } from "tracegrad/internal/engine/random";
import { predictedClasses } from "tracegrad/internal/nn/metrics";
import type { Sequential } from "tracegrad/internal/nn/model";
import { stringifyCompact } from "tracegrad/internal/nn/model-file";
import { Trainer } from "tracegrad/internal/nn/trainer";
import type { Divergence, StopReason, TrainerCheckpoint } from "tracegrad/internal/nn/trainer";
import type { RunConfig, RunOptions } from "tracegrad/internal/run/run-config";
import { dataExtent } from "./grid.js";
import type { Extent } from "./grid.js";
import { restartNeeded } from "./settings.js";
import { buildModel, prepareRun, resolveOptions, runModelFile, trainingOptions } from "./setup.js";
import type { DataSources, PreparedRun } from "./setup.js";

/** Where a weight is: dense layer `layer` (from 0, counting dense layers only), row `unit`, column `input`; `input` null for the bias. */
export interface WeightRef {
  readonly layer: number;
  readonly unit: number;
  readonly input: number | null;
}

/** A change made during a run, at an epoch: other options (continuing the run) or a weight set by hand. */
export type RunEdit = { readonly epoch: number; readonly options: RunOptions } | { readonly epoch: number; readonly weight: WeightRef; readonly value: number };

/** What stays the same for the whole run: the set-up, for the view. */
export interface RunInfo {
  readonly title: string;
  readonly config: RunConfig;
  readonly kind: "classification" | "regression";
  readonly classes: number;
  readonly classNames: readonly string[] | null;
  /** The raw columns' names (x1, x2, or a CSV file's). */
  readonly columns: readonly string[];
  /** The network's inputs: the features, or the columns. */
  readonly inputs: readonly string[];
  /** The dense layers: units and activation. */
  readonly layers: readonly { readonly units: number; readonly activation: string }[];
  /** For two raw columns: the plane the plots cover; else null. */
  readonly extent: Extent | null;
  /** The raw points of each split, for the plots: x (n × columns), and labels or target values. */
  readonly train: PointSet;
  readonly test: PointSet | null;
  readonly parameters: number;
}

export interface PointSet {
  readonly n: number;
  readonly x: Float64Array;
  readonly labels: Int32Array | null;
  readonly values: Float64Array | null;
}

/** The history of the epochs from `from` (an epoch number, from 1), one array per field. */
export interface HistoryDelta {
  readonly from: number;
  readonly loss: Float64Array;
  readonly accuracy: Float64Array | null;
  readonly valLoss: Float64Array | null;
  readonly learningRate: Float64Array;
}

/** Every layer's output over a grid of the plane, row 0 at the top; the inputs as the network's features before scaling. */
export interface UnitGrid {
  readonly cols: number;
  readonly rows: number;
  readonly extent: Extent;
  /** n × inputs: each input's value at each cell. */
  readonly inputs: Float32Array;
  /** Per dense layer: n × units, after the activation. */
  readonly layers: readonly Float32Array[];
}

export interface Snapshot {
  readonly epoch: number;
  readonly stopReason: StopReason | null;
  readonly divergence: Divergence | null;
  readonly history: HistoryDelta;
  /** The loss and accuracy on each split with the weights as they are now. */
  readonly train: { readonly loss: number; readonly accuracy: number | null };
  readonly test: { readonly loss: number; readonly accuracy: number | null } | null;
  /**
   * The test split's loss and accuracy at epochs since the last snapshot, sampled every few
   * milliseconds of training (evaluating it every epoch would slow small networks down by a fifth).
   */
  readonly testHistory: { readonly epoch: Float64Array; readonly loss: Float64Array; readonly accuracy: Float64Array };
  /** Per dense layer: units × inputs, and the biases. */
  readonly weights: readonly { readonly weights: Float64Array; readonly bias: Float64Array | null }[];
  readonly grid: UnitGrid | null;
  /** The changes made during the run, at the epochs the worker made them (the link keeps these). */
  readonly edits: readonly RunEdit[];
}

/** What a snapshot includes. */
export interface SnapshotRequest {
  /** The first epoch (from 1) of the history to send. */
  readonly historyFrom: number;
  /** Cells per side of the grid; 0 for none. */
  readonly grid: number;
}

const random = new Random(0);

/** The least time between two evaluations of the test split while training, in milliseconds. */
const TEST_SAMPLE_MS = 4;
/** The most epochs {@link TrainingSession.runFor} runs between two readings of the clock. */
const MAX_CHUNK = 1024;

function pointSet(data: Dataset | null): PointSet | null {
  if (data === null) return null;
  return { n: data.n, x: data.x, labels: data.labels ?? null, values: data.labels === undefined ? data.y : null };
}

/** The dense layers of a model, in order. */
function denseLayers(model: Sequential): { weights: Float64Array | Float32Array; bias: Float64Array | Float32Array | null; inputSize: number; outputSize: number; activation: { name: string }; index: number }[] {
  const out: ReturnType<typeof denseLayers> = [];
  model.layers.forEach((layer, index) => {
    if (layer.type === "dense") out.push({ ...(layer as unknown as Omit<(typeof out)[number], "index">), index });
  });
  return out;
}

/** The plane every split's points lie in, with a margin. */
function planeExtent(run: PreparedRun): Extent {
  const splits = [run.raw.train, run.raw.validation, run.raw.test].filter((d): d is Dataset => d !== null);
  const x = new Float64Array(splits.reduce((n, d) => n + d.n * 2, 0));
  let offset = 0;
  for (const d of splits) {
    x.set(d.x.subarray(0, d.n * 2), offset);
    offset += d.n * 2;
  }
  return dataExtent(x, x.length / 2, 2);
}

export class TrainingSession {
  readonly info: RunInfo;
  private trainer: Trainer;
  private config: RunConfig;
  private readonly edits: RunEdit[] = [];
  /** The test split's evaluations since the last snapshot: epoch, loss, accuracy. */
  private testSamples: number[] = [];
  private lastTest = 0;
  /** Epochs per chunk of {@link TrainingSession.runFor}, tuned as it runs. */
  private chunk = 1;

  private constructor(
    private options: RunOptions,
    private readonly run: PreparedRun,
    readonly model: Sequential,
  ) {
    this.config = run.config;
    this.trainer = new Trainer(model, run.train, trainingOptions(run.config), run.validation);
    const dense = denseLayers(model);
    const columns = run.unscaledTrain.featureNames ?? Array.from({ length: run.unscaledTrain.features }, (_, i) => `x${i + 1}`);
    const inputs = run.config.features !== undefined ? run.config.features.map((f) => FEATURES[f].label) : columns;
    this.info = {
      title: run.dataTitle,
      config: run.config,
      kind: run.task.kind,
      classes: run.task.classes ?? 0,
      classNames: run.task.classNames ?? null,
      columns,
      inputs,
      layers: dense.map((d) => ({ units: d.outputSize, activation: d.activation.name })),
      extent: run.unscaledTrain.features === 2 ? planeExtent(run) : null,
      train: pointSet(run.raw.train)!,
      test: pointSet(run.raw.test),
      parameters: model.parameterCount,
    };
  }

  /** A new run of these options at epoch 0. Throws the library's InputError for a mistake in them. */
  static create(options: RunOptions, sources: DataSources): TrainingSession {
    const config = resolveOptions(options);
    const run = prepareRun(config, sources);
    return new TrainingSession(options, run, buildModel(config));
  }

  get epoch(): number {
    return this.trainer.epoch;
  }

  get finished(): boolean {
    return this.trainer.finished;
  }

  get stopReason(): StopReason | null {
    return this.trainer.stopReason;
  }

  /** The changes made during the run, in order (a link keeps them, to replay the run). */
  get history(): readonly RunEdit[] {
    return this.edits;
  }

  get currentOptions(): RunOptions {
    return this.options;
  }

  /** Whether `options` can continue this run (only the learning rate, regularization, batch, optimizer, schedule or stopping differ). */
  canContinueWith(options: RunOptions): boolean {
    return !restartNeeded(this.options, options);
  }

  /**
   * Goes on with other options from the current weights: the optimizer keeps its state while it is
   * the same rule, the schedule while neither it nor η changed, and the shuffles and dropout draw on
   * from where they are. A run stopped by its epochs goes on when there are more; one that diverged
   * stays stopped (its weights are not numbers).
   */
  continueWith(options: RunOptions): void {
    if (!this.canContinueWith(options)) throw new Error("these options change the data or the network: start the run again");
    const config = resolveOptions(options);
    const saved: TrainerCheckpoint = this.trainer.checkpoint();
    const next = new Trainer(this.model, this.run.train, trainingOptions(config), this.run.validation);
    const fresh = next.checkpoint();
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const sameOptimizer = config.optimizer === this.config.optimizer;
    const sameSchedule = same(config.schedule, this.config.schedule) && config.learningRate === this.config.learningRate && config.warmup === this.config.warmup && config.epochs === this.config.epochs;
    const stopReason: StopReason | null = saved.stopReason === "diverged" ? "diverged" : saved.epoch >= config.epochs ? "epochs" : null;
    next.restore({ ...saved, optimizer: sameOptimizer ? saved.optimizer : fresh.optimizer, schedule: sameSchedule ? saved.schedule : fresh.schedule, stopReason });
    if (next.divergence === null && this.trainer.divergence !== null) next.divergence = this.trainer.divergence;
    this.trainer = next;
    this.config = config;
    this.options = options;
    this.edits.push({ epoch: this.epoch, options });
  }

  /** Sets one weight (or bias) by hand. */
  setWeight(ref: WeightRef, value: number): void {
    const layer = denseLayers(this.model)[ref.layer];
    if (layer === undefined || !Number.isFinite(value)) return;
    if (ref.input === null) {
      if (layer.bias === null || ref.unit >= layer.outputSize) return;
      layer.bias[ref.unit] = value;
    } else {
      if (ref.unit >= layer.outputSize || ref.input >= layer.inputSize) return;
      layer.weights[ref.unit * layer.inputSize + ref.input] = value;
    }
    this.edits.push({ epoch: this.epoch, weight: ref, value });
  }

  /** Replays a run's changes up to `epoch` (a link's run): trains to each change's epoch and makes it. */
  replay(edits: readonly RunEdit[], epoch: number): void {
    for (const edit of edits) {
      this.runEpochs(edit.epoch - this.epoch);
      if ("options" in edit) this.continueWith(edit.options);
      else this.setWeight(edit.weight, edit.value);
    }
    this.runEpochs(epoch - this.epoch);
  }

  /**
   * Runs up to `count` epochs (fewer when training stops); returns how many ran. Through the Trainer's
   * `run`, exact at the last of them, so that on the WebAssembly path they run in as few calls of the
   * kernel as it allows (the same bits as one epoch at a time).
   */
  runEpochs(count: number): number {
    if (count <= 0 || this.trainer.finished) return 0;
    const target = this.trainer.epoch + count;
    let ran = 0;
    this.trainer.run(
      () => {
        ran++;
        return this.trainer.epoch < target;
      },
      { exactEvery: target },
    );
    return ran;
  }

  /**
   * Runs epochs for about `ms` milliseconds, at most `limit` of them; returns how many ran. They run in
   * chunks (one call of the WebAssembly kernel each, where the network is on that path), whose size is
   * kept from call to call and tuned so that a chunk takes about a quarter of `ms`: the clock is read
   * once a chunk, and a slice does not overrun by much.
   */
  runFor(ms: number, limit: number): number {
    const start = performance.now();
    let ran = 0;
    let before = start;
    while (ran < limit && !this.trainer.finished) {
      ran += this.runEpochs(Math.min(this.chunk, limit - ran));
      const now = performance.now();
      const took = now - before;
      if (took < ms / 8) this.chunk = Math.min(this.chunk * 2, MAX_CHUNK);
      else if (took > ms / 2) this.chunk = Math.max(1, Math.floor(this.chunk / 2));
      if (now - this.lastTest >= TEST_SAMPLE_MS) this.sampleTest(now);
      before = performance.now();
      if (before - start >= ms) break;
    }
    return ran;
  }

  /** Records the test split's loss and accuracy at the current epoch. */
  private sampleTest(now: number): void {
    this.lastTest = now;
    if (this.run.test === null || this.trainer.epoch === 0) return;
    const last = this.testSamples.length >= 3 ? this.testSamples[this.testSamples.length - 3] : -1;
    if (last === this.trainer.epoch) return;
    const e = this.trainer.evaluate(this.run.test);
    this.testSamples.push(this.trainer.epoch, e.loss, e.accuracy ?? Number.NaN);
  }

  /** The run as it stands. */
  snapshot(request: SnapshotRequest): Snapshot {
    const t = this.trainer;
    const from = Math.max(1, Math.min(request.historyFrom, t.epoch + 1));
    const records = t.history.slice(from - 1);
    const column = (pick: (i: number) => number | undefined) => {
      const out = new Float64Array(records.length);
      for (let i = 0; i < records.length; i++) out[i] = pick(i) ?? Number.NaN;
      return out;
    };
    const hasAccuracy = records.some((r) => r.accuracy !== undefined);
    const hasValidation = records.some((r) => r.valLoss !== undefined);
    const evaluation = (data: Dataset | null) => {
      if (data === null) return null;
      const e = t.evaluate(data);
      return { loss: e.loss, accuracy: e.accuracy ?? null };
    };
    return {
      epoch: t.epoch,
      stopReason: t.stopReason,
      divergence: t.divergence,
      history: {
        from,
        loss: column((i) => records[i].loss),
        accuracy: hasAccuracy ? column((i) => records[i].accuracy) : null,
        valLoss: hasValidation ? column((i) => records[i].valLoss) : null,
        learningRate: column((i) => records[i].learningRate),
      },
      train: evaluation(this.run.train)!,
      test: evaluation(this.run.test),
      testHistory: this.takeTestSamples(),
      weights: denseLayers(this.model).map((d) => ({ weights: Float64Array.from(d.weights), bias: d.bias === null ? null : Float64Array.from(d.bias) })),
      grid: request.grid > 0 && this.info.extent !== null ? this.grid(request.grid) : null,
      edits: [...this.edits],
    };
  }

  /** The test samples since the last snapshot (the snapshot's own evaluation among them), as columns. */
  private takeTestSamples(): Snapshot["testHistory"] {
    this.sampleTest(performance.now());
    const samples = this.testSamples;
    this.testSamples = [];
    const n = samples.length / 3;
    const column = (k: number) => Float64Array.from({ length: n }, (_, i) => samples[3 * i + k]);
    return { epoch: column(0), loss: column(1), accuracy: column(2) };
  }

  /** Every dense layer's output (and every input) at the centres of a cells × cells grid over the plane. */
  grid(cells: number): UnitGrid {
    const extent = this.info.extent!;
    const n = cells * cells;
    const points = new Float64Array(n * 2);
    for (let j = 0; j < cells; j++) {
      const x2 = extent[3] - ((j + 0.5) / cells) * (extent[3] - extent[2]);
      for (let i = 0; i < cells; i++) {
        const k = 2 * (j * cells + i);
        points[k] = extent[0] + ((i + 0.5) / cells) * (extent[1] - extent[0]);
        points[k + 1] = x2;
      }
    }
    const features = this.config.features;
    const featured = features === undefined ? points : computeFeatures(features as readonly FeatureName[], points, n);
    const width = features === undefined ? 2 : features.length;
    const scaled = this.run.scaler === null ? featured : applyScaler(this.run.scaler, featured, n, width);
    const input = this.model.dtype === "float64" ? scaled : Float32Array.from(scaled);
    const layers: Float32Array[] = [];
    let x: Float64Array | Float32Array = input;
    for (const layer of this.model.layers) {
      x = layer.forward(x, n, false, random);
      if (layer.type === "dense") layers.push(Float32Array.from(x.subarray(0, n * layer.outputSize)));
    }
    return { cols: cells, rows: cells, extent, inputs: Float32Array.from(featured), layers };
  }

  /** The model file `tracegrad train` writes for these options and weights. */
  modelFileText(): string {
    return stringifyCompact(runModelFile(this.run, this.model));
  }

  /** The outputs for the first `limit` training samples, with their raw inputs and classes. */
  predictions(limit: number): { n: number; total: number; x: Float64Array; outputs: Float64Array; labels: Int32Array | null; predicted: Int32Array | null; targets: Float64Array } {
    const data = this.run.train;
    const raw = this.run.unscaledTrain;
    const n = Math.min(data.n, limit);
    const outputs = this.model.predictFlat(data.x, n);
    const k = this.model.outputSize;
    return {
      n,
      total: data.n,
      x: raw.x.slice(0, n * raw.features),
      outputs,
      labels: data.labels === undefined ? null : data.labels.slice(0, n),
      predicted: data.labels === undefined ? null : predictedClasses(outputs, n, k),
      targets: data.y.slice(0, n * data.outputs),
    };
  }

  /** The network on one input (raw columns): its outputs and every dense layer's activations. */
  probe(x: Float64Array): { outputs: Float64Array; layers: Float64Array[] } {
    const scaled = this.run.scaler === null ? x : applyScaler(this.run.scaler, x, 1, x.length);
    let a: Float64Array | Float32Array = this.model.dtype === "float64" ? scaled : Float32Array.from(scaled);
    const layers: Float64Array[] = [];
    for (const layer of this.model.layers) {
      a = layer.forward(a, 1, false, random);
      if (layer.type === "dense") layers.push(Float64Array.from(a.subarray(0, layer.outputSize)));
    }
    return { outputs: layers[layers.length - 1], layers };
  }

  /** The test split's (or else the training split's) confusion matrix, and up to `limit` samples it gets wrong. */
  confusion(limit: number): { split: "test" | "training"; matrix: number[][]; wrong: { index: number; truth: number; predicted: number; x: Float64Array }[] } {
    const useTest = this.run.test !== null;
    const data = useTest ? this.run.test! : this.run.train;
    const raw = useTest ? this.run.raw.test! : this.run.raw.train;
    const classes = this.info.classes;
    const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
    const wrong: { index: number; truth: number; predicted: number; x: Float64Array }[] = [];
    if (data.labels === undefined) return { split: useTest ? "test" : "training", matrix, wrong };
    const outputs = this.model.predictFlat(data.x, data.n);
    const predicted = predictedClasses(outputs, data.n, this.model.outputSize);
    for (let r = 0; r < data.n; r++) {
      const truth = data.labels[r];
      const p = predicted[r];
      if (p >= 0 && p < classes) matrix[truth][p]++;
      if (p !== truth && wrong.length < limit) wrong.push({ index: r, truth, predicted: p, x: raw.x.slice(r * raw.features, (r + 1) * raw.features) });
    }
    return { split: useTest ? "test" : "training", matrix, wrong };
  }
}
