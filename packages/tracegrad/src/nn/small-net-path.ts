/**
 * The Trainer's WebAssembly path for small networks: whole epochs in one call of the small-network
 * kernel (`kernels/small-net.ts`) instead of a JavaScript call per layer and batch. The Trainer
 * takes it by itself (`TrainingOptions.smallNet`, on unless set to false) when all of these hold:
 *
 * - the runtime has WebAssembly SIMD (every current browser, Node 16.4 and later);
 * - the model is Float64 and has only dense layers: **float32 models, dropout and batch norm stay on
 *   the TypeScript path**, and so do activations, losses and optimizers registered at run time
 *   (registerActivation, registerLoss, registerOptimizer): the kernel computes the built-in ones;
 * - the network is small: at most {@link SMALL_NET_LIMITS}`.parameters` parameters, no layer wider
 *   than `.units`, and no product of a batch with a layer's weights above `.product` multiply-adds
 *   (beyond that the matrix kernels of kernels/, on both cores, are faster), and the data fits in
 *   `.values` numbers.
 *
 * Everything else is supported: every activation, loss and update rule (SGD, momentum, Nesterov,
 * RMSprop, Adam, AdamW), weight decay, L1 and L2 penalties, clipping by value and by norm, every
 * schedule and warm-up, full batch and shuffled minibatches, early stopping and validation (with a call
 * per epoch), checkpoints. The kernel computes with the TypeScript path's operations in the same order,
 * so in V8 both give the same bits except where a layer is tanh (see small-net.as.ts); run to run and
 * across a checkpoint and resume it is bit-identical everywhere.
 *
 * Before each call the parameters, the optimizer's state and the shuffling generator's state are copied
 * into the kernel, and after it back into the model's arrays, the Optimizer and a new Random: between
 * calls the model, checkpoints and evaluation see exactly what the TypeScript path would leave.
 *
 * The Trainer calls it for one epoch at a time in `runEpoch` and `fit` (an epoch is one step of fit,
 * which therefore yields and stops only between epochs and reports no batches), and for up to
 * `maxEpochs` at once in `run` where nothing looks between epochs. When a callback of `run` stops
 * inside such a call, {@link SmallNetPath.keep} and {@link SmallNetPath.rewind} take the trainer back to
 * the call's start, and a shorter call brings it to the callback's epoch with the same bits.
 *
 * @module
 */
import type { Dataset } from "../data/dataset.js";
import { KC } from "../kernels/blocking.js";
import { isSmallNetActivation, isSmallNetLoss, isSmallNetRule, SmallNetKernel, smallNetModule } from "../kernels/small-net.js";
import type { SMALL_NET_ACTIVATIONS } from "../kernels/small-net.js";
import type { SmallNetSpec } from "../kernels/small-net.js";
import { lossDefinition } from "../engine/losses.js";
import { Random } from "../engine/random.js";
import { Dense } from "./layers/dense.js";
import type { FloatArray } from "../engine/activations.js";
import type { Parameter } from "./layers/layer.js";
import type { Sequential } from "./model.js";
import type { Optimizer } from "./optimizer.js";
import type { ResolvedTrainingOptions } from "./training-options.js";

/** The sizes up to which a network counts as small. */
export const SMALL_NET_LIMITS = {
  /** Trainable values in all. */
  parameters: 1 << 16,
  /** Units of the widest layer (or inputs): one block of the sums over them (blocking.ts's KC). */
  units: KC,
  /** Multiply-adds of the largest product: batch rows × a layer's inputs × its units. */
  product: 1 << 21,
  /** Numbers in the data (samples × (features + outputs)). */
  values: 1 << 22,
} as const;

/** The most epochs one call runs when the Trainer runs ahead. */
const MAX_EPOCHS_PER_CALL = 1024;
/** The most update steps one call takes. */
const MAX_STEPS_PER_CALL = 1 << 16;

/** Where a call stopped because a batch diverged, counted as the Trainer counts. */
export interface SmallNetPathDivergence {
  /** The batch within the epoch (0-based). */
  readonly batch: number;
  readonly quantity: "loss" | "weights";
  /** The parameter (in the model's order) that became NaN or infinite first, for "weights". */
  readonly parameter: number | null;
}

/**
 * What one call did: how many epochs it completed (whose sums {@link SmallNetKernel.readEpoch} reads),
 * where it diverged, and the generator's new state.
 */
export interface SmallNetOutcome {
  readonly completed: number;
  /** The batch of the epoch after the completed ones that diverged, if one did. */
  readonly divergence: SmallNetPathDivergence | null;
  readonly random: Random;
}

export class SmallNetPath {
  /** The most epochs one {@link SmallNetPath.run} may run. */
  readonly maxEpochs: number;
  private readonly parameters: readonly Parameter[];
  private readonly batches: number;
  /** For each parameter: its value, gradient and state arrays in the model and their views in the kernel. */
  private readonly pairs: { model: FloatArray; kernel: Float64Array }[] = [];
  private readonly gradientPairs: { model: FloatArray; kernel: Float64Array }[] = [];
  /** What {@link SmallNetPath.keep} kept: the model's values and optimizer state, in `pairs`' order, and the steps taken. */
  private kept: { values: Float64Array; steps: number } | null = null;

  private constructor(
    /** The kernel; {@link SmallNetKernel.readEpoch} reads the sums of the last run's epochs. */
    readonly kernel: SmallNetKernel,
    model: Sequential,
    private readonly optimizer: Optimizer,
    private readonly beta1: number,
    private readonly beta2: number,
  ) {
    this.parameters = model.parameters();
    this.maxEpochs = kernel.spec.maxEpochs;
    this.batches = Math.ceil(kernel.spec.samples / Math.min(kernel.spec.batchSize, kernel.spec.samples));
    const states = optimizer.stateArrays;
    this.parameters.forEach((p, i) => {
      const from = kernel.parameterOffsets[i];
      const to = from + p.value.length;
      this.pairs.push({ model: p.value, kernel: kernel.parameters.subarray(from, to) });
      states[i].forEach((state, k) => this.pairs.push({ model: state, kernel: kernel.state[k].subarray(from, to) }));
      this.gradientPairs.push({ model: p.gradient, kernel: kernel.gradients.subarray(from, to) });
    });
  }

  /** The path for a Trainer's model, data and options, or null where it does not apply (see above). */
  static create(model: Sequential, data: Dataset, options: ResolvedTrainingOptions, optimizer: Optimizer, batchSize: number, shuffle: boolean): SmallNetPath | null {
    if (options.smallNet === false || model.dtype !== "float64") return null;
    const dense: Dense[] = [];
    for (const layer of model.layers) {
      if (!(layer instanceof Dense) || !isSmallNetActivation(layer.activation.name)) return null;
      dense.push(layer);
    }
    const ruleName = optimizer.rule.name === "adamw" ? "adam" : optimizer.rule.name;
    const lossName = options.loss;
    if (!isSmallNetRule(ruleName) || !isSmallNetLoss(lossName)) return null;
    // A data set whose arrays do not match its sizes is left to the TypeScript path, which reads
    // what is there the way it always has.
    if (data.x.length !== data.n * data.features || data.y.length !== data.n * data.outputs) return null;
    const batch = Math.min(batchSize, data.n);
    if (model.parameterCount > SMALL_NET_LIMITS.parameters || data.n * (data.features + data.outputs) > SMALL_NET_LIMITS.values) return null;
    for (const layer of dense) {
      if (Math.max(layer.inputSize, layer.outputSize) > SMALL_NET_LIMITS.units || batch * layer.inputSize * layer.outputSize > SMALL_NET_LIMITS.product) return null;
    }
    const module = smallNetModule();
    if (module === null) return null;
    const loss = lossDefinition(options.loss);
    const output = dense[dense.length - 1];
    const h = optimizer.hyperparameters;
    const batches = Math.ceil(data.n / batch);
    const spec: SmallNetSpec = {
      layers: dense.map((l) => ({ inputs: l.inputSize, units: l.outputSize, activation: l.activation.name as (typeof SMALL_NET_ACTIVATIONS)[number], alpha: l.alpha, bias: l.bias !== null })),
      samples: data.n,
      features: data.features,
      outputs: data.outputs,
      batchSize: batch,
      shuffle,
      labels: data.labels !== undefined,
      loss: lossName,
      // as LossHead decides
      fused: loss.fused !== undefined && output.activation.name === loss.fused.activation,
      rule: ruleName,
      momentum: h.momentum,
      rho: h.rho,
      beta1: h.beta1,
      beta2: h.beta2,
      epsilon: h.epsilon,
      weightDecay: h.weightDecay,
      l1: options.l1 ?? 0,
      l2: options.l2 ?? 0,
      ...(options.clipValue !== undefined ? { clipValue: options.clipValue } : {}),
      ...(options.clipNorm !== undefined ? { clipNorm: options.clipNorm } : {}),
      gradientNorm: options.earlyStopping?.gradientNorm !== undefined,
      maxEpochs: Math.max(1, Math.min(MAX_EPOCHS_PER_CALL, options.epochs, Math.floor(MAX_STEPS_PER_CALL / batches))),
    };
    const kernel = new SmallNetKernel(module, spec);
    kernel.setData(data.x, data.y, data.labels);
    return new SmallNetPath(kernel, model, optimizer, h.beta1, h.beta2);
  }

  /**
   * Runs `count` epochs from epoch `first` (from 1), epoch e at learning rate `rate(e)`, shuffling with
   * `random` (which it leaves as it was: the outcome carries the generator that continues).
   */
  run(count: number, first: number, rate: (epoch: number) => number, random: Random): SmallNetOutcome {
    const kernel = this.kernel;
    const pairs = this.pairs;
    for (let i = 0; i < pairs.length; i++) pairs[i].kernel.set(pairs[i].model);
    for (let e = 0; e < count; e++) kernel.rates[e] = rate(first + e);
    if (kernel.corrections.length > 0) {
      const t0 = this.optimizer.steps;
      for (let i = 0; i < count * this.batches; i++) {
        kernel.corrections[2 * i] = 1 - Math.pow(this.beta1, t0 + 1 + i);
        kernel.corrections[2 * i + 1] = 1 - Math.pow(this.beta2, t0 + 1 + i);
      }
    }
    const state = random.state();
    kernel.random = state.s;
    const result = kernel.run(count);
    // The kernel counts a call's batches from 1; the Trainer, from 0.
    const diverged = result.divergence;
    const divergence = diverged === null ? null : { batch: diverged.batch - 1, quantity: diverged.quantity, parameter: diverged.parameter };
    let steps = result.completed * this.batches;
    // A diverged loss stops before its batch's update, diverged weights after it.
    if (divergence !== null) steps += divergence.quantity === "loss" ? divergence.batch : divergence.batch + 1;
    this.optimizer.advance(steps);
    for (let i = 0; i < pairs.length; i++) pairs[i].model.set(pairs[i].kernel);
    const gradients = this.gradientPairs;
    for (let i = 0; i < gradients.length; i++) gradients[i].model.set(gradients[i].kernel);
    return { completed: result.completed, divergence, random: Random.fromState({ s: kernel.random, spare: state.spare }) };
  }

  /**
   * Keeps the model's parameters and the optimizer's state and steps as they are now, for
   * {@link SmallNetPath.rewind} (the Trainer's run, when a callback may stop it inside a call's epochs).
   */
  keep(): void {
    const pairs = this.pairs;
    if (this.kept === null) this.kept = { values: new Float64Array(pairs.reduce((sum, p) => sum + p.model.length, 0)), steps: 0 };
    const values = this.kept.values;
    let at = 0;
    for (let i = 0; i < pairs.length; i++) {
      values.set(pairs[i].model, at);
      at += pairs[i].model.length;
    }
    this.kept.steps = this.optimizer.steps;
  }

  /** Puts back what {@link SmallNetPath.keep} kept: a run from there gives the same bits again. */
  rewind(): void {
    const kept = this.kept!;
    const pairs = this.pairs;
    let at = 0;
    for (let i = 0; i < pairs.length; i++) {
      pairs[i].model.set(kept.values.subarray(at, at + pairs[i].model.length));
      at += pairs[i].model.length;
    }
    this.optimizer.advance(kept.steps - this.optimizer.steps);
  }
}
