/**
 * Training on the fast path: full-batch, minibatch or per-sample gradient descent with any rule of
 * `engine/update-rules.ts`, L1/L2 penalties, gradient clipping, learning-rate schedules, the
 * convergence criteria of the Module 11 activity as early stopping, and divergence detection. Epoch by epoch, so
 * that a browser can train between frames; its whole state can be saved and resumed bit-identically.
 *
 * @module
 */
import type { FloatArray } from "../engine/activations.js";
import { l2Gradient } from "../engine/dense/l2.js";
import { lossDefinition } from "../engine/losses.js";
import { Random } from "../engine/random.js";
import type { RandomState } from "../engine/random.js";
import type { AnyDataset, Dataset } from "../data/dataset.js";
import { arrayType } from "./layers/layer.js";
import type { LayerJson, Parameter } from "./layers/layer.js";
import { gatherRows } from "./gather-rows.js";
import { trainingArray } from "./resident-arrays.js";
import { LossHead } from "./loss-head.js";
import { predictedClass } from "./metrics.js";
import { evaluateSplit } from "./split-evaluation.js";
import { Optimizer } from "./optimizer.js";
import type { OptimizerState } from "./optimizer.js";
import { Schedule } from "./schedules.js";
import type { ScheduleState } from "./schedules.js";
import { SmallNetPath } from "./small-net-path.js";
import { checkDatasetFits, checkTrainingOptions } from "./training-options.js";
import type { ResolvedTrainingOptions, TrainingOptions } from "./training-options.js";
import { InvalidArgumentError, InvalidStateError } from "../common/errors.js";
import { checkObject, expected } from "../common/check-argument.js";
import { Sequential } from "./model.js";
import { fitTrainer } from "./fit.js";
import type { BatchReport, FitOptions, FitResult } from "./fit.js";

export type { EarlyStopping, TrainingOptions, ResolvedTrainingOptions } from "./training-options.js";
export { DEFAULT_EPOCHS, defaultLearningRate } from "./training-options.js";

/**
 * What one epoch did.
 *
 * @category Training
 */
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

/**
 * Why training stopped: all its epochs run, a convergence criterion met, or divergence.
 *
 * @category Training
 */
export type StopReason = "epochs" | "loss-change" | "gradient-norm" | "weight-change" | "validation-patience" | "diverged";

/**
 * Where and why training blew up.
 *
 * @category Training
 */
export interface Divergence {
  /** The epoch (counted from 1, as {@link EpochRecord.epoch}). */
  readonly epoch: number;
  /** The batch within the epoch (0-based). */
  readonly batch: number;
  /** What became NaN or infinite first. */
  readonly quantity: "loss" | "weights";
  /** The index of the layer in `model.layers` (0-based) whose parameter did, when it was a parameter. */
  readonly layer: number | null;
  readonly parameter: string | null;
  readonly hint: string;
}

/**
 * Everything needed to continue a training exactly where it was ({@link Trainer.checkpoint}).
 *
 * @category Training
 */
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

/**
 * How {@link Trainer.run} calls back.
 *
 * @category Training
 */
export interface TrainerRunOptions {
  /**
   * With a callback, on the WebAssembly path ({@link Trainer.webAssembly}): the epochs at which the
   * callback must see the trainer's weights, optimizer and generator as that epoch left them (to save a
   * checkpoint), every multiple of this (a whole number ≥ 1, or `Infinity` for none but the last). In
   * between, many epochs run in one call of the kernel, and a callback sees its own epoch's record,
   * history and `finished`, but the weights of the call's last epoch; `checkpoint()` is then an
   * {@link InvalidStateError}. 1 by default: every epoch exact. Without a callback, or on the TypeScript
   * path, it changes nothing.
   */
  readonly exactEvery?: number;
}

/** The sums an epoch leaves for its record, whichever path ran it. */
interface EpochSums {
  readonly termSum: number;
  readonly penalty: number;
  readonly correct: number;
  readonly gradientNorm: number;
  readonly maxChange: number;
}

/** Where a batch diverged, whichever path ran it. */
interface BatchDivergence {
  /** The batch within the epoch (0-based). */
  readonly batch: number;
  readonly quantity: "loss" | "weights";
  /** The index of the parameter in `model.parameters()`, for "weights". */
  readonly parameter: number | null;
}

/** What the stopping rules remember between epochs. */
interface EarlyState {
  previousLoss: number | null;
  bestValLoss: number | null;
  wait: number;
  best: Float64Array[] | null;
}

/** The most rows evaluated at a time (the buffers of a forward pass grow to this). */
const EVALUATION_CHUNK = 1024;

/** The stopping rules of a trainer given none (shared: an epoch's checks allocate nothing). */
const NO_RULES: NonNullable<ResolvedTrainingOptions["earlyStopping"]> = Object.freeze({});

/**
 * An empty list of epoch records whose array already holds objects. V8 gives `[]` the elements kind of
 * small integers and changes it at the first push; optimized code that pushed onto one trainer's
 * history then met the next trainer's fresh `[]` and was thrown away (twice per new trainer, costing
 * its first runs of ten thousand epochs several milliseconds in unoptimized code).
 */
function recordList(): EpochRecord[] {
  const list: EpochRecord[] = [{ epoch: 0, loss: 0, learningRate: 0 }];
  list.pop();
  return list;
}

/**
 * Trains a {@link Sequential} model on a data set: full-batch, minibatch or per-sample gradient
 * descent with any optimizer, penalties, clipping, schedules, early stopping and divergence detection.
 * `run()` trains synchronously; `fit()` trains without blocking the event loop and can be canceled.
 * Both give the same bits for the same seed.
 *
 * @example
 * ```ts
 * const trainer = new Trainer(model, generate("moons"), { loss: "bce", optimizer: "adam", learningRate: 0.05, epochs: 200 });
 * const { history } = await trainer.fit({ onEpochEnd: (r) => console.log(r.epoch, r.loss) });
 * ```
 *
 * @category Training
 */
export class Trainer {
  readonly history: EpochRecord[] = recordList();
  stopReason: StopReason | null = null;
  divergence: Divergence | null = null;
  /** Seconds spent in epochs (with their per-epoch metrics). */
  trainSeconds = 0;
  /**
   * Whether the epochs run in the WebAssembly small-network trainer rather than on the TypeScript path
   * (decided once, in the constructor). It does when {@link TrainingOptions.smallNet} is not `false`,
   * the runtime has WebAssembly SIMD, and the model is small and Float64 with dense layers only, of the
   * built-in activations, loss and optimizers (float32 models, dropout, batch norm and names
   * registered at run time stay on the TypeScript path; the sizes are in nn/small-net-path.ts). Every
   * other option is supported. The WebAssembly path runs each epoch whole: {@link Trainer.fit} yields
   * and stops between epochs rather than batches, and reports no batches (`onBatchEnd` is an
   * {@link InvalidArgumentError}; set `smallNet: false` for it). Both paths give the same bits in V8
   * except where a layer is tanh.
   */
  readonly webAssembly: boolean;

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
  /** The epoch in progress, when a {@link Trainer.fit} stopped between two of its batches. */
  private pending: Generator<BatchReport, EpochRecord> | null = null;
  /** Whether a {@link Trainer.fit} is running (another fit, run or runEpoch must wait for it). */
  private fitting = false;
  /** The WebAssembly path, when the trainer takes it. */
  private readonly smallNet: SmallNetPath | null;
  /** While `run` calls back ahead of the weights (see {@link TrainerRunOptions.exactEvery}). */
  private weightsAhead = false;
  /** The options, checked, with their defaults filled in. */
  readonly options: ResolvedTrainingOptions;

  /**
   * A training of `model` on `data` (checked against the model: its features, its outputs, finite
   * values), with `validation` data evaluated after every epoch. Every option is checked: a mistake is
   * an {@link InvalidArgumentError} naming it. The trainer records its loss, and the data's classes and
   * feature names, on a model that does not know them yet, so that `model.save()` keeps them.
   */
  constructor(
    readonly model: Sequential,
    readonly data: AnyDataset,
    given: TrainingOptions,
    readonly validation: AnyDataset | null = null,
  ) {
    if (!(model instanceof Sequential)) throw expected("model", "a Sequential model (from Sequential.create or Sequential.load)", model);
    checkDatasetFits(data, "data", model);
    if (validation !== null) checkDatasetFits(validation, "validation", model);
    const options = checkTrainingOptions(given, model);
    this.options = options;
    const batchSize = options.batchSize ?? data.n;
    const rowsOfLastBatch = data.n % batchSize || Math.min(batchSize, data.n);
    if (model.layers.some((l) => l.type === "batch-norm") && (Math.min(batchSize, data.n) < 2 || rowsOfLastBatch < 2)) {
      throw new InvalidArgumentError("options.batchSize", `batch norm needs at least 2 samples in every batch (their variance), but with ${data.n} samples in batches of ${batchSize} a batch has ${Math.min(rowsOfLastBatch, batchSize)}`);
    }
    model.adopt({ loss: options.loss, ...(data.classes !== undefined ? { classes: data.classes } : {}), ...(data.classNames !== undefined ? { classNames: data.classNames } : {}), ...(data.featureNames !== undefined ? { featureNames: data.featureNames } : {}) });
    this.head = new LossHead(lossDefinition(options.loss), model);
    this.parameters = model.parameters();
    this.regularized = this.parameters.filter((p) => p.regularized);
    this.optimizer = new Optimizer(options.optimizer, this.parameters);
    this.schedule = new Schedule(options.schedule ?? { type: "constant" }, options.learningRate, options.epochs, options.warmup ?? 0);
    this.random = new Random(options.seed ?? 1);
    this.batchSize = Math.min(batchSize, data.n);
    this.shuffle = options.shuffle ?? this.batchSize < data.n;
    const Type = arrayType(model.dtype);
    // Data of the model's type is used as it is (MNIST is read into a Float32Array for a float32 run).
    const ofType = (values: FloatArray) => (values instanceof Type ? values : new Type(values));
    this.x = ofType(data.x);
    this.y = ofType(data.y);
    const fullBatchInOrder = this.batchSize === data.n && !this.shuffle;
    this.xBatch = fullBatchInOrder ? this.x : trainingArray(model.dtype, this.batchSize * data.features);
    this.yBatch = fullBatchInOrder ? this.y : new Type(this.batchSize * data.outputs);
    // (Float32Array data, which a float64 model hardly gets, is copied into the kernel's Float64 memory exactly.)
    this.smallNet = SmallNetPath.create(model, data as Dataset, options, this.optimizer, this.batchSize, this.shuffle);
    this.webAssembly = this.smallNet !== null;
  }

  /** Epochs run so far. */
  get epoch(): number {
    return this.history.length;
  }

  /** Whether training has stopped (all epochs run, a criterion met, or divergence). */
  get finished(): boolean {
    return this.stopReason !== null;
  }

  /** Runs one epoch (or what is left of one that {@link Trainer.fit} stopped in) and returns its record, or null when training has already stopped. */
  runEpoch(): EpochRecord | null {
    if (this.fitting) throw new InvalidStateError("runEpoch(): a fit() of this trainer is running; wait for it, or stop it with its signal");
    if (this.finished) return null;
    const started = performance.now();
    const steps = this.pending ?? this.epochSteps();
    this.pending = null;
    let step = steps.next();
    while (step.done !== true) step = steps.next();
    this.trainSeconds += (performance.now() - started) / 1000;
    return step.value;
  }

  /**
   * Runs every remaining epoch, calling `onEpoch` after each; blocks until training stops, or until
   * `onEpoch` returns `false` (a later `run` or `fit` goes on from there, bit-identically).
   *
   * On the WebAssembly path ({@link Trainer.webAssembly}) many epochs run in one call of the kernel
   * where nothing needs to look between them: without `onEpoch`, or with `options.exactEvery` above 1,
   * and with no validation data, no early-stopping rule and no plateau schedule. With `onEpoch` its
   * calls then come after the call that ran their epochs (see {@link TrainerRunOptions.exactEvery});
   * when one returns `false` (or throws), the trainer goes back to where that call began and runs
   * again only up to the callback's epoch, so that it stops exactly there.
   */
  run(onEpoch?: (record: EpochRecord, trainer: Trainer) => boolean | void, options: TrainerRunOptions = {}): void {
    if (this.fitting) throw new InvalidStateError("run(): a fit() of this trainer is running; wait for it, or stop it with its signal");
    const { exactEvery } = checkRunOptions(options);
    const every = onEpoch === undefined ? Number.POSITIVE_INFINITY : (exactEvery ?? 1);
    while (!this.finished) {
      if (every > 1 && this.pending === null && this.canRunAhead()) {
        if (!this.runAhead(every, onEpoch)) return;
        continue;
      }
      const record = this.runEpoch();
      if (record !== null && onEpoch?.(record, this) === false) return;
    }
  }

  /** Whether the epochs to the end can run without the Trainer looking between them. */
  private canRunAhead(): boolean {
    const rules = this.options.earlyStopping ?? NO_RULES;
    return (
      this.smallNet !== null &&
      this.validation === null &&
      rules.lossChange === undefined &&
      rules.gradientNorm === undefined &&
      rules.weightChange === undefined &&
      rules.patience === undefined &&
      this.schedule.config.type !== "plateau"
    );
  }

  /**
   * Up to the WebAssembly path's maxEpochs epochs in one call, ending at the next multiple of `every`;
   * each recorded as runEpoch would, then passed to `onEpoch`. False when a callback asked to stop: the
   * trainer is then exactly at that callback's epoch.
   */
  private runAhead(every: number, onEpoch?: (record: EpochRecord, trainer: Trainer) => boolean | void): boolean {
    const path = this.smallNet!;
    const started = performance.now();
    let outside = 0;
    const done = this.history.length;
    const first = done + 1;
    const toBoundary = Number.isFinite(every) ? every - (done % every) : Number.POSITIVE_INFINITY;
    const count = Math.max(1, Math.min(path.maxEpochs, this.options.epochs - done, toBoundary));
    const rate = (epoch: number) => this.schedule.learningRate(epoch);
    const random = this.random;
    const mayStop = onEpoch !== undefined && count > 1;
    if (mayStop) path.keep();
    const outcome = path.run(count, first, rate, random);
    this.random = outcome.random;
    const completed = outcome.completed + (outcome.divergence !== null ? 1 : 0);
    let stop = false;
    try {
      for (let i = 0; i < completed && !stop; i++) {
        const epoch = first + i;
        const record = this.finishEpoch(epoch, rate(epoch), i < outcome.completed ? path.kernel.readEpoch(i) : outcome.divergence!);
        if (onEpoch === undefined) continue;
        const called = performance.now();
        this.weightsAhead = i < completed - 1;
        try {
          stop = onEpoch(record, this) === false;
        } finally {
          this.weightsAhead = false;
          outside += performance.now() - called;
        }
      }
    } finally {
      // A callback stopped (or threw) before the call's last epoch: run again from where the call
      // began, only to the epoch recorded last, so that the weights, optimizer and generator are its.
      const recorded = this.history.length - done;
      if (mayStop && recorded < completed) {
        path.rewind();
        this.random = recorded === 0 ? random : path.run(recorded, first, rate, random).random;
      }
      this.trainSeconds += (performance.now() - started - outside) / 1000;
    }
    return !stop;
  }

  /**
   * Trains without blocking: between batches (between epochs on the WebAssembly path, see
   * {@link Trainer.webAssembly}), once `yieldEvery` milliseconds have passed, it lets the event loop
   * run (timers, input, rendering). Resolves when training stops (its epochs run or a
   * criterion met), when `epochs` more epochs have run, when `signal` aborts, or when a callback returns
   * `false`; the trainer can then go on with another `fit` or `run`, bit-identically to one that never
   * stopped. A divergence rejects with a {@link DivergedError} (code `Diverged`). The same seed gives the
   * same bits as {@link Trainer.run}.
   */
  async fit(options: FitOptions = {}): Promise<FitResult> {
    if (this.fitting) throw new InvalidStateError("fit(): a fit() of this trainer is already running; wait for it, or stop it with its signal");
    this.fitting = true;
    try {
      return await this.fitSteps(options);
    } finally {
      this.fitting = false;
    }
  }

  private fitSteps(options: FitOptions): Promise<FitResult> {
    return fitTrainer(this, options, {
      step: () => {
        if (this.finished) return null;
        this.pending ??= this.epochSteps();
        const started = performance.now();
        const step = this.pending.next();
        this.trainSeconds += (performance.now() - started) / 1000;
        if (step.done === true) this.pending = null;
        return step;
      },
      batches: this.smallNet === null,
    });
  }

  /** Whether an epoch is half done (a {@link Trainer.fit} stopped between two of its batches). */
  get midEpoch(): boolean {
    return this.pending !== null;
  }

  /**
   * The epoch's batches, one step each; its record when it ends. On the WebAssembly path the whole
   * epoch is one call of the kernel: no step before its record.
   */
  private *epochSteps(): Generator<BatchReport, EpochRecord> {
    const epoch = this.history.length + 1;
    const learningRate = this.schedule.learningRate(epoch);
    if (this.smallNet !== null) {
      const outcome = this.smallNet.run(1, epoch, () => learningRate, this.random);
      this.random = outcome.random;
      return this.finishEpoch(epoch, learningRate, outcome.divergence ?? this.smallNet.kernel.readEpoch(0));
    }
    const { data, options, model } = this;
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
    let batch = 0;
    for (let start = 0; start < n; start += this.batchSize, batch++) {
      const rows = Math.min(this.batchSize, n - start);
      if (this.xBatch !== this.x) {
        gatherRows(this.xBatch, this.x, f, rows, start, order);
        gatherRows(this.yBatch, this.y, k, rows, start, order);
      }
      const out = model.forward(this.xBatch, rows, true, this.random);
      const evaluation = this.head.evaluate(out, this.yBatch, rows, true);
      termSum += evaluation.termSum;
      if (labels !== undefined) correct += this.countCorrect(out, rows, start, order);
      if (this.regularized.length > 0 && (options.l1 || options.l2)) penalty += (this.penalty() * rows) / n;
      if (!Number.isFinite(evaluation.termSum)) return this.finishEpoch(epoch, learningRate, { batch, quantity: "loss", parameter: null });
      model.backward(evaluation.gradient, rows, this.head.fused);
      this.adjustGradients();
      if (options.earlyStopping?.gradientNorm !== undefined) gradientNorm = Math.sqrt(this.gradientSquaredNorm());
      if (options.clipNorm !== undefined) this.clipNorm(options.clipNorm);
      const report = this.optimizer.step(learningRate);
      if (report.nonFinite !== null) return this.finishEpoch(epoch, learningRate, { batch, quantity: "weights", parameter: this.parameters.indexOf(report.nonFinite) });
      if (report.maxChange > maxChange) maxChange = report.maxChange;
      yield { epoch, batch, size: rows, loss: this.head.value(evaluation.termSum, rows) };
    }
    return this.finishEpoch(epoch, learningRate, { termSum, penalty, correct, gradientNorm, maxChange });
  }

  /** The record of an epoch from its sums (or its divergence), whichever path ran it: validation, schedule, stopping rules. */
  private finishEpoch(epoch: number, learningRate: number, sums: EpochSums | BatchDivergence): EpochRecord {
    if ("quantity" in sums) {
      const parameter = sums.parameter === null ? null : this.parameters[sums.parameter];
      return this.diverged(epoch, sums.batch, sums.quantity, parameter, learningRate);
    }
    const { termSum, penalty, correct, gradientNorm, maxChange } = sums;
    const loss = this.head.value(termSum, this.data.n) + penalty;
    // Literals rather than spreads: ten thousand epochs of a run ahead make as many records, before V8 has optimized this.
    let record: EpochRecord = this.data.labels !== undefined ? { epoch, loss, learningRate, accuracy: correct / this.data.n } : { epoch, loss, learningRate };
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
        for (let i = 0; i < w.length; i++) g[i] += l2Gradient(l2, w[i]) + l1 * Math.sign(w[i]);
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
    const rules = this.options.earlyStopping ?? NO_RULES;
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
    this.divergence = { epoch, batch, quantity, layer: parameter === null ? null : parameter.layer, parameter: parameter?.name ?? null, hint };
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
  evaluate(data: AnyDataset): { loss: number; accuracy?: number } {
    // As many rows at a time as a training batch (at most EVALUATION_CHUNK): the forward pass needs no
    // larger buffers, nor the GEMM more memory, than training gave them.
    const { termSum, correct } = evaluateSplit(this.model, this.head, data, Math.min(this.batchSize, EVALUATION_CHUNK));
    const value = this.head.value(termSum, data.n) + (this.options.l1 || this.options.l2 ? this.penalty() : 0);
    return data.labels === undefined ? { loss: value } : { loss: value, accuracy: correct / data.n };
  }

  /** Everything needed to continue exactly where this trainer is. */
  checkpoint(): TrainerCheckpoint {
    if (this.pending !== null) throw new InvalidStateError("checkpoint(): an epoch is half done (a fit stopped between two of its batches); finish it with runEpoch() or fit() first");
    if (this.weightsAhead) throw new InvalidStateError("checkpoint(): run() is calling back ahead of the weights (several epochs per WebAssembly call); take checkpoints at multiples of run's exactEvery");
    return {
      format: "tracegrad-checkpoint",
      version: 1,
      epoch: this.epoch,
      layers: this.model.layersJson(),
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
    this.pending = null;
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

/** Checks {@link Trainer.run}'s options. */
function checkRunOptions(value: unknown): TrainerRunOptions {
  const o = checkObject(value, "options", ["exactEvery"]);
  const every = o.exactEvery;
  if (every !== undefined && every !== Number.POSITIVE_INFINITY && !(typeof every === "number" && Number.isInteger(every) && every >= 1)) {
    throw expected("options.exactEvery", "a whole number, 1 or more, or Infinity", every);
  }
  return o as TrainerRunOptions;
}
