/**
 * The worker side of {@link trainInWorker}: it receives a model, data and options, trains with
 * `Trainer.fit`, and sends every epoch back as it ends, then the trained model. It runs in a Web
 * Worker (as a module) or a Node worker thread; in Node it reaches `worker_threads` through
 * `process.getBuiltinModule`, so that nothing imports a Node module.
 *
 * Bundlers that do not follow `new URL("./worker-main.js", import.meta.url)` can start it from the
 * package's `tracegrad/worker` entry (with Vite: `import TrainingWorker from "tracegrad/worker?worker"`)
 * and hand it to `trainInWorker` as `{ worker: () => new TrainingWorker() }`.
 *
 * @module
 */
import { Sequential } from "./model.js";
import { Trainer } from "./trainer.js";
import { errorMessage } from "./worker-protocol.js";
import type { FromWorker, ToWorker } from "./worker-protocol.js";

interface Port {
  post(message: FromWorker): void;
  listen(handler: (message: ToWorker) => void): void;
}

interface NodePort {
  postMessage(message: unknown): void;
  on(event: "message", listener: (message: unknown) => void): unknown;
}

/** The channel to the calling side: Node's parentPort, or the Web Worker's own scope. */
function port(): Port {
  const node = (globalThis as { process?: { versions?: { node?: string }; getBuiltinModule?: (id: string) => unknown } }).process;
  if (node?.versions?.node !== undefined && typeof node.getBuiltinModule === "function") {
    const parent = (node.getBuiltinModule("node:worker_threads") as { parentPort: NodePort | null }).parentPort;
    if (parent !== null) return { post: (m) => parent.postMessage(m), listen: (h) => parent.on("message", (m) => h(m as ToWorker)) };
  }
  const scope = globalThis as unknown as { postMessage(message: unknown): void; addEventListener(type: "message", listener: (event: { data: unknown }) => void): void };
  return { post: (m) => scope.postMessage(m), listen: (h) => scope.addEventListener("message", (e) => h(e.data as ToWorker)) };
}

const channel = port();
const controller = new AbortController();
let stoppedBy: "signal" | "callback" | null = null;

channel.listen((message) => {
  if (message.type === "stop") {
    stoppedBy ??= message.by;
    controller.abort();
    return;
  }
  void train(message).catch((error: unknown) => channel.post({ type: "error", error: errorMessage(error) }));
});

async function train(job: Extract<ToWorker, { type: "start" }>): Promise<void> {
  const model = Sequential.load(job.model);
  const trainer = new Trainer(model, job.data, job.options, job.validation);
  const result = await trainer.fit({
    signal: controller.signal,
    ...(job.epochs !== undefined ? { epochs: job.epochs } : {}),
    ...(job.yieldEvery !== undefined ? { yieldEvery: job.yieldEvery } : {}),
    onEpochEnd: (record) => channel.post({ type: "epoch", record }),
  });
  channel.post({ type: "done", model: model.save(), history: result.history, stoppedBy: result.stoppedBy === "signal" && stoppedBy !== null ? stoppedBy : result.stoppedBy, stopReason: result.stopReason });
}
