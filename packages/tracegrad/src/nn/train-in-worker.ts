/**
 * Training in a Web Worker or a Node worker thread, so that neither a page nor a server's event loop
 * waits for it: {@link trainInWorker} sends the model, the data and the options to a worker, which
 * trains with `Trainer.fit` and streams every epoch back.
 *
 * @module
 */
import { checkFunction, checkInteger, checkNumber, checkObject, expected } from "../common/check-argument.js";
import { UnsupportedError, WorkerFailedError } from "../common/errors.js";
import type { Dataset } from "../data/dataset.js";
import type { FitResult } from "./fit.js";
import { Sequential } from "./model.js";
import { Trainer } from "./trainer.js";
import type { EpochRecord, StopReason } from "./trainer.js";
import type { TrainingOptions } from "./training-options.js";
import { errorFromMessage } from "./worker-protocol.js";
import type { FromWorker, ToWorker } from "./worker-protocol.js";

/**
 * A worker as {@link trainInWorker} uses it: a Web `Worker` or a Node `worker_threads` Worker, started
 * on tracegrad's worker entry (`tracegrad/worker`).
 *
 * @category Training
 */
export type TrainingWorkerHandle =
  | { postMessage(message: unknown): void; terminate(): unknown; addEventListener(type: string, listener: (event: { readonly data?: unknown; readonly message?: string }) => void): void }
  | { postMessage(message: unknown): void; terminate(): unknown; on(event: string, listener: (value: unknown) => void): unknown };

/**
 * The options of {@link trainInWorker}.
 *
 * @category Training
 */
export interface WorkerTrainingOptions {
  /** Data evaluated after every epoch (its loss and accuracy join each record). */
  readonly validation?: Dataset;
  /** Run at most this many epochs (by default, all of `options.epochs`). */
  readonly epochs?: number;
  /** Stops the training; the promise then resolves with the model as it is. */
  readonly signal?: AbortSignal;
  /** Called on this side as each epoch ends in the worker; returning `false` stops the training. */
  readonly onEpochEnd?: (record: EpochRecord) => boolean | void;
  /** How often the worker looks at its messages (a stop request), in milliseconds of training (16). */
  readonly yieldEvery?: number;
  /**
   * Starts the worker, for bundlers that do not follow `new URL(…, import.meta.url)`: with Vite,
   * `import TrainingWorker from "tracegrad/worker?worker"` and `() => new TrainingWorker()`.
   */
  readonly worker?: () => TrainingWorkerHandle;
}

/**
 * What {@link trainInWorker} resolves with.
 *
 * @category Training
 */
export interface WorkerTrainingResult {
  /** The trained model: a new one; the model given is left as it was. */
  readonly model: Sequential;
  /** Every epoch the worker ran. */
  readonly history: readonly EpochRecord[];
  /** What ended the training, as {@link FitResult.stoppedBy}. */
  readonly stoppedBy: FitResult["stoppedBy"];
  /** Why the trainer stopped, or null when it could have gone on. */
  readonly stopReason: StopReason | null;
}

interface NodeProcess {
  versions?: { node?: string };
  getBuiltinModule?: (id: string) => unknown;
}

/** Starts a worker on the entry beside this module: a worker thread in Node, a module Web Worker elsewhere. */
function startWorker(): TrainingWorkerHandle {
  const node = (globalThis as { process?: NodeProcess }).process;
  if (node?.versions?.node !== undefined && typeof node.getBuiltinModule === "function") {
    const { Worker } = node.getBuiltinModule("node:worker_threads") as { Worker: new (url: URL) => TrainingWorkerHandle };
    // From the TypeScript sources (tests, tsx) the entry is a .ts file; from the package, .js.
    return new Worker(new URL(import.meta.url.endsWith(".ts") ? "./worker-main.ts" : "./worker-main.js", import.meta.url));
  }
  if (typeof Worker === "function") return new Worker(new URL("./worker-main.js", import.meta.url), { type: "module" });
  throw new UnsupportedError("trainInWorker needs Web Workers or Node's worker threads (Node 20.16 or later), and this environment has neither; train with trainer.fit() instead");
}

/** Listens to a worker's messages and failures, whichever kind of worker it is. */
function listen(worker: TrainingWorkerHandle, onMessage: (m: FromWorker) => void, onFailure: (error: Error) => void): void {
  if ("on" in worker) {
    worker.on("message", (m) => onMessage(m as FromWorker));
    worker.on("error", (e) => onFailure(e instanceof Error ? e : new Error(String(e))));
    worker.on("exit", (code) => onFailure(new WorkerFailedError(`the training worker exited (code ${String(code)}) before it finished`)));
  } else {
    worker.addEventListener("message", (e) => onMessage(e.data as FromWorker));
    worker.addEventListener("error", (e) => onFailure(new WorkerFailedError(`the training worker failed: ${e.message ?? "an error"}`)));
    worker.addEventListener("messageerror", () => onFailure(new WorkerFailedError("the training worker sent a message that could not be read")));
  }
}

/**
 * Trains a copy of `model` in a Web Worker or a Node worker thread, with the same options, data and
 * bits as `new Trainer(model, data, options).fit()`, and streams each epoch back to `onEpochEnd`. The
 * arguments are checked here, before the worker starts (an {@link InvalidArgumentError} as the
 * Trainer's). A divergence rejects with a {@link DivergedError}; a worker that fails otherwise with a
 * {@link WorkerFailedError}; an environment without workers with an {@link UnsupportedError}.
 *
 * @example
 * ```ts
 * const { model: trained, history } = await trainInWorker(model, generate("moons"), { loss: "bce", optimizer: "adam", epochs: 200 }, {
 *   onEpochEnd: (record) => console.log(record.epoch, record.loss),
 * });
 * ```
 *
 * @category Training
 */
export function trainInWorker(model: Sequential, data: Dataset, options: TrainingOptions, settings: WorkerTrainingOptions = {}): Promise<WorkerTrainingResult> {
  const s = checkObject(settings, "settings", ["validation", "epochs", "signal", "onEpochEnd", "yieldEvery", "worker"]);
  // The Trainer checks the model, the data and the options exactly as a training here would.
  const check = new Trainer(model, data, options, (s.validation as Dataset | undefined) ?? null);
  if (s.epochs !== undefined) checkInteger(s.epochs, "settings.epochs", 1, check.options.epochs);
  if (s.signal !== undefined && (s.signal === null || typeof s.signal !== "object" || typeof (s.signal as { aborted?: unknown }).aborted !== "boolean")) throw expected("settings.signal", "an AbortSignal", s.signal);
  if (s.onEpochEnd !== undefined) checkFunction(s.onEpochEnd, "settings.onEpochEnd");
  if (s.yieldEvery !== undefined) checkNumber(s.yieldEvery, "settings.yieldEvery", { min: 0 });
  if (s.worker !== undefined) checkFunction(s.worker, "settings.worker");
  const { signal, onEpochEnd } = s as WorkerTrainingOptions;
  const worker = s.worker !== undefined ? (s.worker as () => TrainingWorkerHandle)() : startWorker();
  const job: ToWorker = {
    type: "start",
    model: model.save(),
    data,
    validation: (s.validation as Dataset | undefined) ?? null,
    options,
    ...(s.epochs !== undefined ? { epochs: s.epochs as number } : {}),
    ...(s.yieldEvery !== undefined ? { yieldEvery: s.yieldEvery as number } : {}),
  };
  return new Promise<WorkerTrainingResult>((resolve, reject) => {
    const history: EpochRecord[] = [];
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", abort);
      void worker.terminate();
      outcome();
    };
    const stop = (by: "signal" | "callback") => worker.postMessage({ type: "stop", by } satisfies ToWorker);
    const abort = () => stop("signal");
    listen(
      worker,
      (message) => {
        if (settled) return;
        if (message.type === "epoch") {
          history.push(message.record);
          let wantsStop = false;
          try {
            wantsStop = onEpochEnd?.(message.record) === false;
          } catch (error) {
            finish(() => reject(error));
            return;
          }
          if (wantsStop) stop("callback");
        } else if (message.type === "done") {
          finish(() => resolve({ model: Sequential.load(message.model), history: message.history, stoppedBy: message.stoppedBy, stopReason: message.stopReason }));
        } else {
          finish(() => reject(errorFromMessage(message.error)));
        }
      },
      (error) => finish(() => reject(error instanceof WorkerFailedError ? error : new WorkerFailedError(`the training worker failed: ${error.message}`))),
    );
    if (signal?.aborted) stop("signal");
    else signal?.addEventListener("abort", abort, { once: true });
    worker.postMessage(job);
  });
}
