/**
 * Training on the fast path: full-batch, minibatch or per-sample gradient descent with any rule of
 * `engine/update-rules.ts`, L1/L2 penalties, gradient clipping, learning-rate schedules, the
 * convergence criteria of the Module 11 activity as early stopping, and divergence detection. Epoch by epoch, so
 * that a browser can train between frames; its whole state can be saved and resumed bit-identically.
 *
 * @module
 */
import type { FloatArray } from "../engine/activations.js";
import { lossDefinition } from "../engine/losses.js";
import type { LossName } from "../engine/losses.js";
import { Random } from "../engine/random.js";
import type { RandomState } from "../engine/random.js";
import type { Dataset } from "../data/dataset.js";
import { arrayType } from "./layers/layer.js";
import type { LayerJson, Parameter } from "./layers/layer.js";
import { LossHead } from "./loss-head.js";
import { predictedClass } from "./metrics.js";
import type { Sequential } from "./model.js";
import { Optimizer } from "./optimizer.js";
import type { OptimizerConfig, OptimizerState } from "./optimizer.js";
import { Schedule } from "./schedules.js";
import type { ScheduleConfig, ScheduleState } from "./schedules.js";

/** The convergence criteria of the Module 11 activity; each one set stops training when it holds. */
export interface EarlyStopping {
  /** Stop when |L_e - L_(e-1)| falls below this. */
  readonly lossChange?: number;
  /** Stop when the norm of the gradient (of the epoch's last batch) falls below this. */
  readonly gradientNorm?: number;
  /** Stop when no weight moved by more than this during an epoch. */
  readonly weightChange?: number;
  /** Stop when the validation loss has not improved by more than `minDelta` for this many epochs. */
  readonly patience?: number;
  readonly minDelta?: number;
  /** With `patience`: put back the weights of the best validation loss. */
  readonly restoreBest?: boolean;
}

export interface TrainingOptions {
  readonly loss: LossName;
  readonly optimizer: OptimizerConfig;
  readonly learningRate: number;
  readonly epochs: number;
  /** Samples per update: the whole set by default (full batch); 1 is per-sample training. */
  readonly batchSize?: number;
  /** Shuffle the samples every epoch (the default when the batch is smaller than the set). */
  readonly shuffle?: boolean;
  /** Seeds the shuffles and the dropout masks. */
  readonly seed?: number;
  /** λ of the L1 penalty λΣ|w| (weights only). */
  readonly l1?: number;
  /** λ of the L2 penalty λΣw² (weights only): adds 2λw to the gradient. */
  readonly l2?: number;
  /** Scale the gradient down when its global L2 norm exceeds this. */
  readonly clipNorm?: number;
  /** Clamp every gradient value to [-clipValue, clipValue]. */
  readonly clipValue?: number;
  readonly schedule?: ScheduleConfig;
  /** Epochs of linear warm-up of the learning rate. */
  readonly warmup?: number;
  readonly earlyStopping?: EarlyStopping;
}

export interface EpochRecord {
  readonly epoch: number;
  /** The loss over the training set during the epoch (with the penalty, if any). */
  readonly loss: number;
  /** Fraction classified correctly during the epoch, 0..1, for classification. */
  readonly accuracy?: number;
  readonly valLoss?: number;
  readonly valAccuracy?: number;
  readonly learningRate: number;
}

export type StopReason = "epochs" | "loss-change" | "gradient-norm" | "weight-change" | "validation-patience" | "diverged";

/** Where and why training blew up. */
export interface Divergence {
  readonly epoch: number;
  /** Batch within the epoch, from 1. */
  readonly batch: number;
  /** What became NaN or infinite first. */
  readonly quantity: "loss" | "weights";
  /** The layer (from 1) whose parameter did, when it was a parameter. */
  readonly layer: number | null;
  readonly parameter: string | null;
  readonly hint: string;
}

export interface TrainerCheckpoint {
  readonly format: "tracegrad-checkpoint";
  readonly version: 1;
  readonly epoch: number;
  readonly layers: LayerJson[];
  readonly optimizer: OptimizerState;
  readonly random: RandomState;
  readonly schedule: ScheduleState;
  readonly history: EpochRecord[];
  readonly early: { previousLoss: number | null; bestValLoss: number | null; wait: number; best: number[][] | null };
  readonly stopReason: StopReason | null;
}

/** What the stopping rules remember between epochs. */
interface EarlyState {
  previousLoss: number | null;
  bestValLoss: number | null;
  wait: number;
  best: Float64Array[] | null;
}

/** Rows evaluated at a time (the buffers of a forward pass grow to this). */
const EVALUATION_CHUNK = 1024;

export class Trainer {
  readonly history: EpochRecord[] = [];
  stopReason: StopReason | null = null;
  divergence: Divergence | null = null;
  /** Seconds spent in epochs (with their per-epoch metrics). */
  trainSeconds = 0;

  private readonly head: LossHead;
  private readonly optimizer: Optimizer;
  private readonly schedule: Schedule;
  private readonly parameters: Parameter[];
  private readonly regularized: Parameter[];
  private random: Random;
  private readonly batchSize: number;
  private readonly shuffle: boolean;
  private readonly x: FloatArray;
  private readonly y: FloatArray;
  private readonly xBatch: FloatArray;
  private readonly yBatch: FloatArray;
  private readonly early: EarlyState = { previousLoss: null, bestValLoss: null, wait: 0, best: null };

  constructor(
    readonly model: Sequential,
    readonly data: Dataset,
    readonly options: TrainingOptions,
    readonly validation: Dataset | null = null,
  ) {
    if (data.features !== model.inputSize) throw new RangeError(`the data has ${data.features} features, the model ${model.inputSize} inputs`);
    if (data.outputs !== model.outputSize) throw new RangeError(`the data has ${data.outputs} outputs per sample, the model ${model.outputSize}`);
    const batchSize = options.batchSize ?? data.n;
    if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`the batch size must be a whole number ≥ 1, got ${batchSize}`);
    const rowsOfLastBatch = data.n % batchSize || Math.min(batchSize, data.n);
    if (model.layers.some((l) => l.type === "batch-norm") && (Math.min(batchSize, data.n) < 2 || rowsOfLastBatch < 2)) {
      throw new RangeError(`batch norm needs at least 2 samples in every batch (their variance), but with ${data.n} samples in batches of ${batchSize} a batch has ${Math.min(rowsOfLastBatch, batchSize)}`);
    }
    const notFinite = (values: Float64Array) => values.findIndex((v) => !Number.isFinite(v));
    const badInput = notFinite(data.x);
    if (badInput >= 0) throw new RangeError(`the data has ${data.x[badInput]} at sample ${Math.floor(badInput / data.features) + 1}, input ${(badInput % data.features) + 1}`);
    const badTarget = notFinite(data.y);
    if (badTarget >= 0) throw new RangeError(`the data has ${data.y[badTarget]} at sample ${Math.floor(badTarget / data.outputs) + 1}, target ${(badTarget % data.outputs) + 1}`);
    this.head = new LossHead(lossDefinition(options.loss), model);
    this.parameters = model.parameters();
    this.regularized = this.parameters.filter((p) => p.regularized);
    this.optimizer = new Optimizer(options.optimizer, this.parameters);
    this.schedule = new Schedule(options.schedule ?? { type: "constant" }, options.learningRate, options.epochs, options.warmup ?? 0);
    this.random = new Random(options.seed ?? 1);
    this.batchSize = Math.min(batchSize, data.n);
    this.shuffle = options.shuffle ?? this.batchSize < data.n;
    const Type = arrayType(model.dtype);
    this.x = model.dtype === "float64" ? data.x : Type.from(data.x);
    this.y = model.dtype === "float64" ? data.y : Type.from(data.y);
    const fullBatchInOrder = this.batchSize === data.n && !this.shuffle;
    this.xBatch = fullBatchInOrder ? this.x : new Type(this.batchSize * data.features);
    this.yBatch = fullBatchInOrder ? this.y : new Type(this.batchSize * data.outputs);
  }

  /** Epochs run so far. */
  get epoch(): number {
    return this.history.length;
  }

  /** Whether training has stopped (all epochs run, a criterion met, or divergence). */
  get finished(): boolean {
    return this.stopReason !== null;
  }

  /** Runs one epoch and returns its record (or null when training has already stopped). */
  runEpoch(): EpochRecord | null {
    if (this.finished) return null;
    const started = performance.now();
    const record = this.epochBody();
    this.trainSeconds += (performance.now() - started) / 1000;
    return record;
  }

  /** Runs every remaining epoch, calling `onEpoch` after each. */
  run(onEpoch?: (record: EpochRecord, trainer: Trainer) => void): void {
    while (!this.finished) {
      const record = this.runEpoch();
      if (record !== null) onEpoch?.(record, this);
    }
  }

  private epochBody(): EpochRecord {
    const { data, options, model } = this;
    const epoch = this.history.length + 1;
    const learningRate = this.schedule.learningRate(epoch);
    const n = data.n;
    const f = data.features;
    const k = data.outputs;
    const order = this.shuffle ? this.random.permutation(n) : null;
    const labels = data.labels;
    let termSum = 0;
    let penalty = 0;
    let correct = 0;
    let gradientNorm = 0;
    let maxChange = 0;
    let batchNumber = 0;
    for (let start = 0; start < n; start += this.batchSize) {
      batchNumber++;
      const rows = Math.min(this.batchSize, n - start);
      if (this.xBatch !== this.x) {
        for (let r = 0; r < rows; r++) {
          const i = order === null ? start + r : order[start + r];
          this.xBatch.set(this.x.subarray(i * f, (i + 1) * f), r * f);
          this.yBatch.set(this.y.subarray(i * k, (i + 1) * k), r * k);
        }
      }
      const out = model.forward(this.xBatch, rows, true, this.random);
      const evaluation = this.head.evaluate(out, this.yBatch, rows, true);
      termSum += evaluation.termSum;
      if (labels !== undefined) correct += this.countCorrect(out, rows, start, order);
      if (this.regularized.length > 0 && (options.l1 || options.l2)) penalty += (this.penalty() * rows) / n;
      if (!Number.isFinite(evaluation.termSum)) return this.diverged(epoch, batchNumber, "loss", null, learningRate);
      model.backward(evaluation.gradient, rows, this.head.fused);
      this.adjustGradients();
      if (options.earlyStopping?.gradientNorm !== undefined) gradientNorm = Math.sqrt(this.gradientSquaredNorm());
      if (options.clipNorm !== undefined) this.clipNorm(options.clipNorm);
      const report = this.optimizer.step(learningRate);
      if (report.nonFinite !== null) return this.diverged(epoch, batchNumber, "weights", report.nonFinite, learningRate);
      if (report.maxChange > maxChange) maxChange = report.maxChange;
    }
    const loss = this.head.value(termSum, n) + penalty;
    let record: EpochRecord = { epoch, loss, learningRate, ...(labels !== undefined ? { accuracy: correct / n } : {}) };
    if (this.validation !== null) {
      const v = this.evaluate(this.validation);
      record = { ...record, valLoss: v.loss, ...(v.accuracy !== undefined ? { valAccuracy: v.accuracy } : {}) };
    }
    this.history.push(record);
    this.schedule.observe(record.valLoss ?? record.loss);
    this.stopReason = this.checkStopping(record, gradientNorm, maxChange);
    return record;
  }

  private countCorrect(out: FloatArray, rows: number, start: number, order: Uint32Array | null): number {
    const labels = this.data.labels!;
    const k = this.data.outputs;
    let correct = 0;
    for (let r = 0; r < rows; r++) if (predictedClass(out, r, k) === labels[order === null ? start + r : order[start + r]]) correct++;
    return correct;
  }

  /** λ₂Σw² + λ₁Σ|w| over the weights. */
  private penalty(): number {
    const l1 = this.options.l1 ?? 0;
    const l2 = this.options.l2 ?? 0;
    let squares = 0;
    let absolute = 0;
    for (const p of this.regularized) {
      const w = p.value;
      for (let i = 0; i < w.length; i++) {
        squares += w[i] * w[i];
        absolute += Math.abs(w[i]);
      }
    }
    return l2 * squares + l1 * absolute;
  }

  /** Adds the penalties' gradients (2λ₂w + λ₁ sign w) and clamps values when asked. */
  private adjustGradients(): void {
    const l1 = this.options.l1 ?? 0;
    const l2 = this.options.l2 ?? 0;
    if (l1 !== 0 || l2 !== 0) {
      for (const p of this.regularized) {
        const w = p.value;
        const g = p.gradient;
        for (let i = 0; i < w.length; i++) g[i] += 2 * l2 * w[i] + l1 * Math.sign(w[i]);
      }
    }
    const clip = this.options.clipValue;
    if (clip !== undefined) {
      for (const p of this.parameters) {
        const g = p.gradient;
        for (let i = 0; i < g.length; i++) g[i] = Math.min(clip, Math.max(-clip, g[i]));
      }
    }
  }

  private gradientSquaredNorm(): number {
    let s = 0;
    for (const p of this.parameters) for (let i = 0; i < p.gradient.length; i++) s += p.gradient[i] * p.gradient[i];
    return s;
  }

  private clipNorm(limit: number): void {
    const norm = Math.sqrt(this.gradientSquaredNorm());
    if (norm <= limit) return;
    const scale = limit / norm;
    for (const p of this.parameters) for (let i = 0; i < p.gradient.length; i++) p.gradient[i] *= scale;
  }

  private checkStopping(record: EpochRecord, gradientNorm: number, maxChange: number): StopReason | null {
    const rules = this.options.earlyStopping ?? {};
    const early = this.early;
    let reason: StopReason | null = null;
    if (rules.lossChange !== undefined && early.previousLoss !== null && Math.abs(record.loss - early.previousLoss) < rules.lossChange) reason = "loss-change";
    else if (rules.gradientNorm !== undefined && gradientNorm < rules.gradientNorm) reason = "gradient-norm";
    else if (rules.weightChange !== undefined && maxChange < rules.weightChange) reason = "weight-change";
    early.previousLoss = record.loss;
    if (rules.patience !== undefined && record.valLoss !== undefined) {
      if (early.bestValLoss === null || record.valLoss < early.bestValLoss - (rules.minDelta ?? 0)) {
        early.bestValLoss = record.valLoss;
        early.wait = 0;
        if (rules.restoreBest) early.best = this.parameters.map((p) => Float64Array.from(p.value));
      } else if (++early.wait >= rules.patience && reason === null) {
        reason = "validation-patience";
        if (rules.restoreBest && early.best !== null) this.parameters.forEach((p, i) => p.value.set(early.best![i]));
      }
    }
    if (reason === null && record.epoch >= this.options.epochs) reason = "epochs";
    return reason;
  }

  private diverged(epoch: number, batch: number, quantity: "loss" | "weights", parameter: Parameter | null, learningRate: number): EpochRecord {
    const linear = this.model.layers.every((l) => l.type !== "dense" || (l as unknown as { activation: { name: string } }).activation.name === "identity");
    const hint = linear
      ? `every layer is linear (no activation), so the network is one linear map whose gradients grow without bound at η = ${learningRate} (Lab01's "no activation" experiment); lower the learning rate or add an activation`
      : `the learning rate η = ${learningRate} is too high for this network: the updates overshoot and grow; try η/10`;
    this.divergence = { epoch, batch, quantity, layer: parameter === null ? null : parameter.layer + 1, parameter: parameter?.name ?? null, hint };
    this.stopReason = "diverged";
    const record: EpochRecord = { epoch, loss: Number.NaN, learningRate };
    this.history.push(record);
    return record;
  }

  /**
   * The loss (and accuracy, for classification) of the model on a data set, in evaluation mode, computed
   * the way training computes it (a fused loss from the logits, so that it stays exact where the
   * outputs round to 0 or 1).
   */
  evaluate(data: Dataset): { loss: number; accuracy?: number } {
    const { model } = this;
    const f = data.features;
    const k = data.outputs;
    const Type = arrayType(model.dtype);
    const random = new Random(0);
    let termSum = 0;
    let correct = 0;
    for (let start = 0; start < data.n; start += EVALUATION_CHUNK) {
      const rows = Math.min(EVALUATION_CHUNK, data.n - start);
      const x = data.x.subarray(start * f, (start + rows) * f);
      const y = data.y.subarray(start * k, (start + rows) * k);
      const out = model.forward(model.dtype === "float64" ? x : Type.from(x), rows, false, random);
      termSum += this.head.evaluate(out, model.dtype === "float64" ? y : Type.from(y), rows, false).termSum;
      if (data.labels !== undefined) for (let r = 0; r < rows; r++) if (predictedClass(out, r, k) === data.labels[start + r]) correct++;
    }
    const value = this.head.value(termSum, data.n) + (this.options.l1 || this.options.l2 ? this.penalty() : 0);
    return data.labels === undefined ? { loss: value } : { loss: value, accuracy: correct / data.n };
  }

  /** Everything needed to continue exactly where this trainer is. */
  checkpoint(): TrainerCheckpoint {
    return {
      format: "tracegrad-checkpoint",
      version: 1,
      epoch: this.epoch,
      layers: this.model.toJSON(),
      optimizer: this.optimizer.toJSON(),
      random: this.random.state(),
      schedule: this.schedule.toJSON(),
      history: [...this.history],
      early: { ...this.early, best: this.early.best === null ? null : this.early.best.map((b) => Array.from(b)) },
      stopReason: this.stopReason,
    };
  }

  /**
   * Continues from a checkpoint. `model` must have been built from the checkpoint's layers
   * (`Sequential.fromJSON`), and the data and options must be those of the run that saved it.
   */
  restore(checkpoint: TrainerCheckpoint): void {
    this.optimizer.load(checkpoint.optimizer);
    this.random = Random.fromState(checkpoint.random);
    this.schedule.load(checkpoint.schedule);
    this.history.splice(0, this.history.length, ...checkpoint.history);
    this.early.previousLoss = checkpoint.early.previousLoss;
    this.early.bestValLoss = checkpoint.early.bestValLoss;
    this.early.wait = checkpoint.early.wait;
    this.early.best = checkpoint.early.best === null ? null : checkpoint.early.best.map((b) => Float64Array.from(b));
    this.stopReason = checkpoint.stopReason;
  }
}
