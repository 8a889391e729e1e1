/**
 * An optimizer: a rule of `engine/update-rules.ts`, its hyperparameters, and the per-parameter state the
 * rule keeps (velocities, moments), saved and restored with checkpoints. Weight decay applies to
 * weights only, never to biases or batch-norm parameters.
 *
 * @module
 */
import type { FloatArray } from "../engine/activations.js";
import type { Hyperparameters, OptimizerName, UpdateRule } from "../engine/update-rules.js";
import { DEFAULT_HYPERPARAMETERS, updateRule } from "../engine/update-rules.js";
import type { Parameter } from "./layers/layer.js";

/**
 * A kernel that runs an optimizer's updates itself, with the rule's own bits, and holds its state
 * (nn/wasm-updates.ts).
 *
 * @internal
 */
export interface FastUpdate {
  /** For each parameter, the rule's state arrays, zero at the start. */
  readonly state: FloatArray[][];
  /** Updates every parameter from its gradient: step `t` of the rule. */
  step(learningRate: number, t: number): StepReport;
}

/** Makes a {@link FastUpdate} for an optimizer, or null where it has none. */
type FastUpdateFactory = (rule: UpdateRule, parameters: readonly Parameter[], hyperparameters: Omit<Hyperparameters, "learningRate">) => FastUpdate | null;

let fastUpdates: FastUpdateFactory | null | undefined;

/**
 * Where optimizers made from now on find their fast update (nn/wasm-updates.ts's `useWasmUpdates`
 * sets it; opt-in, so that an app that does not ask carries none of it).
 *
 * @internal
 */
export function setFastUpdates(factory: FastUpdateFactory | null): void {
  fastUpdates = factory;
}

/** @category Training */
export interface OptimizerConfig {
  readonly name: OptimizerName;
  readonly momentum?: number;
  readonly rho?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
  /** Decoupled weight decay λ: w ← w - η(step + λw). AdamW defaults it to 0.01. */
  readonly weightDecay?: number;
}

/** What one step did, for early stopping and divergence checks. */
export interface StepReport {
  /** The largest |w_new - w_old|. */
  readonly maxChange: number;
  /** The first parameter that became NaN or infinite, if any. */
  readonly nonFinite: Parameter | null;
}

export interface OptimizerState {
  /** Steps taken. */
  readonly t: number;
  /** For each parameter, one array per state name of the rule. */
  readonly state: number[][][];
}

/** An update rule with its hyperparameters and the per-parameter state it keeps (velocities, moments). */
export class Optimizer {
  readonly rule: UpdateRule;
  readonly hyperparameters: Omit<Hyperparameters, "learningRate">;
  private t = 0;
  private readonly state: FloatArray[][];
  /** The learning rate of the hyperparameter sets below, rebuilt only when it changes. */
  private learningRate = Number.NaN;
  private withDecay!: Hyperparameters;
  private withoutDecay!: Hyperparameters;

  constructor(
    config: OptimizerConfig,
    private readonly parameters: readonly Parameter[],
  ) {
    this.rule = updateRule(config.name);
    this.hyperparameters = {
      momentum: config.momentum ?? DEFAULT_HYPERPARAMETERS.momentum,
      rho: config.rho ?? DEFAULT_HYPERPARAMETERS.rho,
      beta1: config.beta1 ?? DEFAULT_HYPERPARAMETERS.beta1,
      beta2: config.beta2 ?? DEFAULT_HYPERPARAMETERS.beta2,
      epsilon: config.epsilon ?? DEFAULT_HYPERPARAMETERS.epsilon,
      weightDecay: config.weightDecay ?? this.rule.defaultWeightDecay ?? 0,
    };
    // A fast update (which then holds the state) takes the place of the rule's TypeScript step.
    const fast = fastUpdates?.(this.rule, parameters, this.hyperparameters);
    if (fast) this.step = (learningRate) => fast.step(learningRate, ++this.t);
    this.state = fast?.state ?? parameters.map((p) => this.rule.stateNames.map(() => new (p.value.constructor as Float64ArrayConstructor)(p.value.length)));
  }

  /** Updates every parameter from its gradient. */
  step(learningRate: number): StepReport {
    this.t++;
    if (learningRate !== this.learningRate) this.setLearningRate(learningRate);
    const rule = this.rule;
    const t = this.t;
    let maxChange = 0;
    let nonFinite: Parameter | null = null;
    for (let index = 0; index < this.parameters.length; index++) {
      const p = this.parameters[index];
      const h = p.regularized ? this.withDecay : this.withoutDecay;
      const w = p.value;
      const g = p.gradient;
      const state = this.state[index];
      // Adam's bias corrections depend on β₁, β₂ and t only (h with and without decay share them).
      const constants = rule.prepare?.(h, t);
      for (let i = 0; i < w.length; i++) {
        const old = w[i];
        w[i] = rule.step(old, g[i], state, i, h, t, undefined, constants);
        const change = Math.abs(w[i] - old);
        if (change > maxChange) maxChange = change;
        else if (change !== change && nonFinite === null) nonFinite = p;
      }
      if (nonFinite === null && !Number.isFinite(maxChange)) nonFinite = p;
    }
    return { maxChange, nonFinite };
  }

  /**
   * The steps taken so far: t of the last update.
   *
   * @internal
   */
  get steps(): number {
    return this.t;
  }

  /**
   * The rule's state, for a kernel that runs the updates itself (nn/small-net-path.ts): for each
   * parameter, one array per state name of the rule, which the kernel reads and writes back.
   *
   * @internal
   */
  get stateArrays(): readonly (readonly FloatArray[])[] {
    return this.state;
  }

  /**
   * Counts `steps` updates that a kernel made with {@link Optimizer.stateArrays} (negative: takes back
   * steps whose state the kernel's caller put back).
   *
   * @internal
   */
  advance(steps: number): void {
    this.t += steps;
  }

  private setLearningRate(learningRate: number): void {
    this.learningRate = learningRate;
    this.withDecay = { ...this.hyperparameters, learningRate };
    this.withoutDecay = { ...this.withDecay, weightDecay: 0 };
  }

  toJSON(): OptimizerState {
    return { t: this.t, state: this.state.map((arrays) => arrays.map((a) => Array.from(a))) };
  }

  /** Restores the state saved by {@link Optimizer.toJSON}. */
  load(saved: OptimizerState): void {
    this.t = saved.t;
    saved.state.forEach((arrays, p) => arrays.forEach((values, s) => this.state[p][s].set(values)));
  }
}
