/**
 * The figure thread (a worker thread started by {@link PlotWriter}): it writes each chart it is sent
 * as {@link writePlot} does, one after another, and says when each is written. After each it collects
 * its garbage: resvg-js keeps a drawing's pixels in native memory until V8 collects the small object
 * that holds them (thx/resvg-js#216), and in this thread's small heap a full collection takes a few
 * milliseconds. Node only.
 *
 * @module
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { parentPort } from "node:worker_threads";
import type { FigureJob, FigureReply } from "./figure-job.js";
import { writePlot } from "./write-plot.js";

/** V8's collector (`--expose-gc` set at run time, the function taken from a new context); null where it cannot be had. */
const collectGarbage: (() => void) | null = (() => {
  try {
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    return typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    return null;
  }
})();

// One chart at a time, in the order sent: the next message waits until this one's files are written.
let queue: Promise<void> = Promise.resolve();

parentPort?.on("message", (job: FigureJob) => {
  queue = queue.then(async () => {
    let reply: FigureReply;
    try {
      await writePlot(job.spec, job.basePath, job.options);
      reply = { id: job.id };
    } catch (error) {
      reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
    }
    collectGarbage?.();
    parentPort!.postMessage(reply);
  });
});
