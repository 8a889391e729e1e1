/**
 * Training the lab's runs beside its figures: worker threads train the runs (each as `tracegrad
 * train` does, writing its metrics.json and model.json) while the main thread draws the figures of the
 * runs already done. Runs are independent and seeded, so the results are the
 * same whichever thread trains them and in whatever order they finish; only training times differ.
 * Where no worker thread can be started, the runs are trained on the main thread. Node only.
 *
 * @module
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { Sequential } from "tracegrad";
import type { ModelFile } from "tracegrad";
import type { RunConfig } from "tracegrad/internal/run/run-config";
import { prepareRun, trainRun } from "../run/training-run.js";
import type { RunResult } from "../run/training-run.js";
import { runCurves } from "./run-summary.js";
import type { RunCurves } from "./run-summary.js";

/** A run sent to a training thread. */
export interface TrainJob {
  readonly id: number;
  readonly config: RunConfig;
  /** The folder of its metrics.json and model.json. */
  readonly dir: string;
}

/** What a training thread sends back: the run's metrics and model file, or why it failed. */
export type TrainReply = (RunCurves & { readonly id: number; readonly modelFile: ModelFile }) | { readonly id: number; readonly error: string };

/** A trained run, as the lab's report and figures use it: its data, model, metrics and curves. */
export interface TrainedRun extends RunCurves {
  readonly prepared: RunResult["prepared"];
  readonly model: Sequential;
}

/**
 * Training threads by default: one, where there are two cores or more. With it the lab's main thread
 * (the figures, about 2 s of work) and its training (about 2 s) each have a core; a second training
 * thread gained nothing on two cores and held 15-20 MB more (measured: 3.8 s and 250 MB with none,
 * 3.2-3.5 s and 280 MB with one, 3.3-3.4 s and 290-300 MB with two, at a load average of 2.3).
 */
const DEFAULT_THREADS = availableParallelism() > 1 ? 1 : 0;

/**
 * The young generation of a training thread's heap, in MB: a training allocates little but each
 * epoch's record, and V8's default (up to 48 MB a thread) would only hold garbage longer.
 */
const YOUNG_GENERATION_MB = 8;

/** Whether this module runs from its TypeScript source (the tests, through tsx). */
const FROM_SOURCE = import.meta.url.endsWith(".ts");

/** The module a training thread runs: beside this one, in tsc's output, the bundle and the sources alike. */
const WORKER_URL = new URL(FROM_SOURCE ? "./train-worker.ts" : "./train-worker.js", import.meta.url);

/** A new training thread. From the sources, it first registers tsx, which a thread does not inherit (privatenumber/tsx#354). */
function startWorker(): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { resourceLimits });
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

interface Pending {
  readonly job: TrainJob;
  readonly resolve: (run: TrainedRun) => void;
  readonly reject: (error: Error) => void;
}

export class RunPool {
  private readonly queue: Pending[] = [];
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<number, { worker: Worker; pending: Pending }>();
  private readonly workers: Worker[] = [];
  private nextId = 0;
  private closing = false;

  /** Starts the training threads (none where the runtime cannot start them: then `train` trains here). */
  constructor(threads = DEFAULT_THREADS) {
    for (let i = 0; i < threads; i++) {
      let worker: Worker;
      try {
        worker = startWorker();
      } catch {
        break;
      }
      worker.on("message", (reply: TrainReply) => this.settle(worker, reply));
      worker.on("error", (error) => this.fail(worker, error));
      worker.on("exit", (code) => {
        if (!this.closing) this.fail(worker, new Error(`a training thread stopped (exit code ${code})`));
      });
      this.workers.push(worker);
      this.idle.push(worker);
    }
  }

  /** Trains a run and writes its metrics.json and model.json into `dir`. */
  train(config: RunConfig, dir: string): Promise<TrainedRun> {
    if (this.workers.length === 0) {
      return new Promise((resolve) => {
        const { prepared, model, metrics } = trainRun(config, { out: dir });
        resolve({ prepared, model, ...runCurves(metrics) });
      });
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, config, dir }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops the training threads. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.busy.set(pending.job.id, { worker, pending });
      worker.postMessage(pending.job);
    }
  }

  private settle(worker: Worker, reply: TrainReply): void {
    const entry = this.busy.get(reply.id);
    if (entry === undefined) return;
    this.busy.delete(reply.id);
    this.idle.push(worker);
    this.dispatch();
    const { job, resolve, reject } = entry.pending;
    if ("error" in reply) {
      reject(new Error(reply.error));
      return;
    }
    try {
      // The data are drawn again from the run's seed (the same points), the model read from its file (the same weights).
      const { metrics, losses, accuracies } = reply;
      resolve({ prepared: prepareRun(job.config), model: Sequential.load(reply.modelFile), metrics, losses, accuracies });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** A thread that failed is gone: its run fails, and when no thread is left, every run still waiting. */
  private fail(worker: Worker, error: Error): void {
    for (const [id, entry] of this.busy) {
      if (entry.worker !== worker) continue;
      this.busy.delete(id);
      entry.pending.reject(error);
    }
    const index = this.workers.indexOf(worker);
    if (index < 0) return;
    this.workers.splice(index, 1);
    const idle = this.idle.indexOf(worker);
    if (idle >= 0) this.idle.splice(idle, 1);
    if (this.workers.length === 0) for (const pending of this.queue.splice(0)) pending.reject(error);
  }
}
