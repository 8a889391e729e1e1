/**
 * Learning-rate schedules, applied once per epoch (epochs count from 1), with an optional linear
 * warm-up in front:
 *
 * | type          | η at epoch e                                                        |
 * |---------------|---------------------------------------------------------------------|
 * | `constant`    | η₀                                                                  |
 * | `step`        | η₀ · factor^⌊(e - 1)/every⌋                                         |
 * | `exponential` | η₀ · factor^(e - 1)                                                 |
 * | `cosine`      | η_min + ½(η₀ - η_min)(1 + cos(π (e - 1)/T)), T the number of epochs   |
 * | `plateau`     | η multiplied by factor when the monitored loss has not improved by more than threshold for `patience` epochs, never below η_min |
 *
 * Warm-up over k epochs multiplies η by e/k for e ≤ k.
 *
 * @module
 */

/**
 * A learning-rate schedule, by `type`: `constant`, `step`, `exponential`, `cosine` or `plateau`.
 *
 * @category Training
 */
export type ScheduleConfig =
  | { readonly type: "constant" }
  | { readonly type: "step"; readonly every: number; readonly factor: number }
  | { readonly type: "exponential"; readonly factor: number }
  | { readonly type: "cosine"; readonly minimum?: number }
  | { readonly type: "plateau"; readonly factor: number; readonly patience: number; readonly minimum?: number; readonly threshold?: number };

/** @category Training */
export const SCHEDULE_TYPES = ["constant", "step", "exponential", "cosine", "plateau"] as const;

export interface ScheduleState {
  /** The learning rate a plateau schedule has reached. */
  readonly current: number;
  readonly best: number;
  readonly wait: number;
}

/** A learning-rate schedule: η for each epoch, with an optional linear warm-up. */
export class Schedule {
  private current: number;
  private best = Infinity;
  private wait = 0;

  constructor(
    readonly config: ScheduleConfig,
    readonly base: number,
    readonly epochs: number,
    readonly warmup = 0,
  ) {
    this.current = base;
  }

  /** The learning rate for epoch e (from 1). */
  learningRate(epoch: number): number {
    const c = this.config;
    let lr: number;
    switch (c.type) {
      case "constant":
        lr = this.base;
        break;
      case "step":
        lr = this.base * Math.pow(c.factor, Math.floor((epoch - 1) / c.every));
        break;
      case "exponential":
        lr = this.base * Math.pow(c.factor, epoch - 1);
        break;
      case "cosine": {
        const minimum = c.minimum ?? 0;
        lr = minimum + 0.5 * (this.base - minimum) * (1 + Math.cos((Math.PI * (epoch - 1)) / Math.max(1, this.epochs)));
        break;
      }
      case "plateau":
        lr = this.current;
        break;
    }
    return this.warmup > 0 && epoch <= this.warmup ? (lr * epoch) / this.warmup : lr;
  }

  /** Tells a plateau schedule the monitored loss at the end of an epoch. */
  observe(loss: number): void {
    const c = this.config;
    if (c.type !== "plateau") return;
    if (loss < this.best - (c.threshold ?? 1e-4) * Math.abs(this.best === Infinity ? 0 : this.best)) {
      this.best = loss;
      this.wait = 0;
    } else if (++this.wait >= c.patience) {
      this.current = Math.max(c.minimum ?? 0, this.current * c.factor);
      this.wait = 0;
    }
  }

  toJSON(): ScheduleState {
    return { current: this.current, best: this.best === Infinity ? Number.MAX_VALUE : this.best, wait: this.wait };
  }

  load(state: ScheduleState): void {
    this.current = state.current;
    this.best = state.best === Number.MAX_VALUE ? Infinity : state.best;
    this.wait = state.wait;
  }
}
