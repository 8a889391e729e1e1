/**
 * Training that never blocks: {@link Trainer.fit} runs the same batches as {@link Trainer.run}, in the
 * same order, and between two of them, once `yieldEvery` milliseconds have passed, lets the event loop
 * run. It stops on an AbortSignal or a callback that returns `false`, and the trainer goes on later from
 * where it stopped, even in the middle of an epoch. On the WebAssembly path ({@link Trainer.webAssembly})
 * an epoch is one step: fit yields and stops between epochs, and there are no batches to report.
 *
 * @module
 */
import { checkFunction, checkInteger, checkNumber, checkObject, expected } from "../common/check-argument.js";
import { InvalidArgumentError } from "../common/errors.js";
import { DivergedError } from "./diverged-error.js";
import type { EpochRecord, StopReason, Trainer } from "./trainer.js";

/**
 * What one batch did, for {@link FitOptions.onBatchEnd}.
 *
 * @category Training
 */
export interface BatchReport {
  /** The epoch the batch belongs to (counted from 1). */
  readonly epoch: number;
  /** The batch within the epoch (0-based). */
  readonly batch: number;
  /** How many samples it held. */
  readonly size: number;
  /** The loss over the batch, before the update (without the L1/L2 penalty). */
  readonly loss: number;
}

/**
 * The options of {@link Trainer.fit}. A callback that returns `false` (or a Promise of `false`) stops
 * the training after that batch or epoch; one that returns a Promise is waited for.
 *
 * @category Training
 */
export interface FitOptions {
  /** Run at most this many epochs in this call (by default, every epoch the trainer has left). */
  readonly epochs?: number;
  /** Stops the training between two batches when aborted; `fit` then resolves. */
  readonly signal?: AbortSignal;
  /** Called after every epoch with its record. */
  readonly onEpochEnd?: (record: EpochRecord, trainer: Trainer) => boolean | void | Promise<boolean | void>;
  /**
   * Called after every batch. Only on the TypeScript path: a trainer that runs whole epochs in
   * WebAssembly ({@link Trainer.webAssembly}) has no batches to report, and refuses it with an
   * {@link InvalidArgumentError}; give the Trainer `smallNet: false` to train batch by batch.
   */
  readonly onBatchEnd?: (report: BatchReport, trainer: Trainer) => boolean | void | Promise<boolean | void>;
  /**
   * Milliseconds of training between two yields to the event loop ({@link DEFAULT_YIELD_EVERY}: 16, a
   * frame); 0 yields after every batch (after every epoch on the WebAssembly path).
   */
  readonly yieldEvery?: number;
}

/**
 * How a {@link Trainer.fit} ended.
 *
 * @category Training
 */
export interface FitResult {
  /** The epochs this call completed. */
  readonly history: readonly EpochRecord[];
  /**
   * What ended this call: `finished` (the trainer stopped: see {@link FitResult.stopReason}),
   * `epochs` (the call's `epochs` ran), `signal` (aborted) or `callback` (a callback returned false).
   */
  readonly stoppedBy: "finished" | "epochs" | "signal" | "callback";
  /** Why the trainer stopped, or null when it can go on. */
  readonly stopReason: StopReason | null;
}

/**
 * Milliseconds of training between two yields to the event loop, by default: about one frame.
 *
 * @category Training
 */
export const DEFAULT_YIELD_EVERY = 16;

/** One step of a trainer: a batch (not done) or an epoch's end (done, with its record); null once it has stopped. */
export interface TrainerSteps {
  step(): IteratorResult<BatchReport, EpochRecord> | null;
  /** Whether the steps include batches (false where an epoch is one step: the WebAssembly path). */
  readonly batches: boolean;
}

/** Lets the event loop run: timers, I/O, input and rendering get their turn before training goes on. */
export function yieldToEventLoop(): Promise<void> {
  const g = globalThis as { scheduler?: { yield?: () => Promise<void> }; setImmediate?: (callback: () => void) => unknown };
  if (typeof g.scheduler?.yield === "function") return g.scheduler.yield();
  if (typeof g.setImmediate === "function") return new Promise((resolve) => g.setImmediate!(resolve));
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

function checkFitOptions(value: unknown): FitOptions {
  const o = checkObject(value, "options", ["epochs", "signal", "onEpochEnd", "onBatchEnd", "yieldEvery"]);
  if (o.epochs !== undefined) checkInteger(o.epochs, "options.epochs", 1);
  if (o.signal !== undefined && (o.signal === null || typeof o.signal !== "object" || typeof (o.signal as { aborted?: unknown }).aborted !== "boolean")) throw expected("options.signal", "an AbortSignal", o.signal);
  if (o.onEpochEnd !== undefined) checkFunction(o.onEpochEnd, "options.onEpochEnd");
  if (o.onBatchEnd !== undefined) checkFunction(o.onBatchEnd, "options.onBatchEnd");
  if (o.yieldEvery !== undefined) checkNumber(o.yieldEvery, "options.yieldEvery", { min: 0 });
  return o as FitOptions;
}

/** Whether a callback's result asks to stop, waiting for it when it is a Promise. */
async function asksToStop(result: boolean | void | Promise<boolean | void>): Promise<boolean> {
  const value = result instanceof Promise ? await result : result;
  return value === false;
}

/** The loop of {@link Trainer.fit}. */
export async function fitTrainer(trainer: Trainer, value: FitOptions, steps: TrainerSteps): Promise<FitResult> {
  const options = checkFitOptions(value);
  const left = trainer.options.epochs - trainer.epoch;
  if (options.epochs !== undefined && options.epochs > left && !trainer.finished) {
    throw new InvalidArgumentError("options.epochs", `asks for ${options.epochs} epochs, but the trainer has ${left} left of its ${trainer.options.epochs} (give the Trainer epochs: ${trainer.epoch + options.epochs} to train that long)`);
  }
  const { signal, onEpochEnd, onBatchEnd } = options;
  if (onBatchEnd !== undefined && !steps.batches) {
    throw new InvalidArgumentError("options.onBatchEnd", "this trainer runs each epoch whole in WebAssembly (trainer.webAssembly), so it has no batches to report; create the Trainer with smallNet: false to train batch by batch on the TypeScript path");
  }
  const yieldEvery = options.yieldEvery ?? DEFAULT_YIELD_EVERY;
  const history: EpochRecord[] = [];
  const result = (stoppedBy: FitResult["stoppedBy"]): FitResult => ({ history, stoppedBy, stopReason: trainer.stopReason });
  let since = performance.now();
  for (;;) {
    if (signal?.aborted) return result("signal");
    const step = steps.step();
    if (step === null) return result("finished");
    if (step.done === true) {
      history.push(step.value);
      const stop = onEpochEnd !== undefined && (await asksToStop(onEpochEnd(step.value, trainer)));
      if (trainer.stopReason === "diverged") throw new DivergedError(trainer.divergence!);
      if (trainer.finished) return result("finished");
      if (stop) return result("callback");
      if (options.epochs !== undefined && history.length >= options.epochs) return result("epochs");
    } else if (onBatchEnd !== undefined && (await asksToStop(onBatchEnd(step.value, trainer)))) {
      return result("callback");
    }
    if (performance.now() - since >= yieldEvery) {
      await yieldToEventLoop();
      since = performance.now();
    }
  }
}
