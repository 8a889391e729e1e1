/**
 * The lab's training thread (a worker thread started by {@link RunPool}): it trains each run it is
 * sent as `tracegrad train` does (`trainRun`), writes the run's metrics.json and model.json, and sends
 * back what the report and its figures are made from. Node only.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import { trainRun } from "../run/training-run.js";
import type { TrainJob, TrainReply } from "./run-pool.js";
import { runCurves } from "./run-summary.js";

parentPort?.on("message", (job: TrainJob) => {
  let reply: TrainReply;
  try {
    const { metrics, modelFile } = trainRun(job.config, { out: job.dir });
    reply = { id: job.id, ...runCurves(metrics), modelFile };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  const arrays = "losses" in reply ? [reply.losses, ...(reply.accuracies !== null ? [reply.accuracies] : [])] : [];
  // Handed over, not copied: Float64Array.from made them, on ArrayBuffers of their own.
  parentPort!.postMessage(reply, arrays.map((a) => a.buffer as ArrayBuffer));
});
