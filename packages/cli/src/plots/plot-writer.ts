/**
 * Writing many charts while the calling thread goes on: a figure thread (a worker thread) renders
 * each chart to SVG, draws its PNG with resvg and writes both files, one chart after another, while
 * the caller does other work (the lab: training its next runs). The calling thread loads neither the
 * renderers nor resvg (only where no thread can be started, to draw the charts itself). Node only.
 *
 * @module
 */
import { Worker } from "node:worker_threads";
import type { FigureJob, FigureReply } from "./figure-job.js";
import type { PlotSpec } from "./plot-spec.js";
import type { PngOptions } from "./render-png.js";
import type { WrittenPlot } from "./write-plot.js";

/**
 * The figure thread's young generation, in MB. Drawing makes much short-lived garbage (the SVG text,
 * the pixels' copies), and V8's default (up to 48 MB a thread) would hold it longer for no gain in time.
 */
const YOUNG_GENERATION_MB = 8;

/** Whether this module runs from its TypeScript source (the tests, through tsx). */
const FROM_SOURCE = import.meta.url.endsWith(".ts");

/** Whether this module runs from the CLI's bundle (dist/cli-bundle/commands/*.cjs). */
const FROM_BUNDLE = import.meta.url.endsWith(".cjs");

/** The module the figure thread runs: beside this one, in tsc's output, the bundle and the sources alike. */
const WORKER_URL = new URL(FROM_SOURCE ? "./figure-worker.ts" : FROM_BUNDLE ? "./figure-worker.cjs" : "./figure-worker.js", import.meta.url);

/** A new figure thread. From the sources, it first registers tsx, which a thread does not inherit (privatenumber/tsx#354). */
function startWorker(): Worker {
  const resourceLimits = { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { resourceLimits });
  const bootstrap = `import("tsx/esm/api").then(({ register }) => { register(); return import(${JSON.stringify(WORKER_URL.href)}); });`;
  return new Worker(bootstrap, { eval: true, resourceLimits });
}

interface Pending {
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

/**
 * Writes charts as `writePlot` does (the same files), on a figure thread: `write` hands the chart
 * over and returns at once, and {@link PlotWriter.flush} waits until every chart handed over is
 * written (and fails with the first that could not be). Where no worker thread can be started, the
 * charts are written on the calling thread. {@link PlotWriter.close} stops the thread.
 */
export class PlotWriter {
  private worker: Worker | null | undefined;
  private readonly pending = new Map<number, Pending>();
  private readonly written: Promise<unknown>[] = [];
  private nextId = 0;
  private closing = false;

  /** Hands the chart to the figure thread, which writes `basePath.svg` and `basePath.png`; returns their paths. */
  write(spec: PlotSpec, basePath: string, options: PngOptions = {}): WrittenPlot {
    const worker = this.thread();
    const written: Promise<unknown> =
      worker === null
        ? import("./write-plot.js").then(({ writePlot }) => writePlot(spec, basePath, options))
        : new Promise<void>((resolve, reject) => {
            const job: FigureJob = { id: this.nextId++, spec, basePath, options };
            this.pending.set(job.id, { resolve, reject });
            worker.postMessage(job);
          });
    // Handled here, so that a failure waits for flush() to be reported.
    written.catch(() => undefined);
    this.written.push(written);
    return { svg: basePath + ".svg", png: basePath + ".png" };
  }

  /** Whether the charts go to a figure thread (false before the first chart, and where none could be started). */
  get threaded(): boolean {
    return this.worker !== undefined && this.worker !== null;
  }

  /** Waits until every chart handed over so far is written; fails with the first that could not be. */
  async flush(): Promise<void> {
    const outcomes = await Promise.allSettled(this.written.splice(0));
    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
    if (failed !== undefined) throw failed.reason;
  }

  /** Stops the figure thread, once the charts handed to it are written (or failed). */
  async close(): Promise<void> {
    await Promise.allSettled(this.written.splice(0));
    this.closing = true;
    await this.worker?.terminate();
  }

  /** The figure thread, started at the first chart; null when none can be started. */
  private thread(): Worker | null {
    if (this.worker !== undefined) return this.worker;
    try {
      const worker = startWorker();
      worker.on("message", (reply: FigureReply) => this.settle(reply));
      worker.on("error", (error) => this.fail(error));
      worker.on("exit", (code) => {
        if (!this.closing) this.fail(new Error(`the figure thread stopped (exit code ${code})`));
      });
      this.worker = worker;
    } catch {
      this.worker = null;
    }
    return this.worker;
  }

  private settle(reply: FigureReply): void {
    const entry = this.pending.get(reply.id);
    if (entry === undefined) return;
    this.pending.delete(reply.id);
    if ("error" in reply) entry.reject(new Error(reply.error));
    else entry.resolve();
  }

  /** The figure thread is gone: every chart still with it fails, and later ones are written here. */
  private fail(error: Error): void {
    for (const entry of this.pending.values()) entry.reject(error);
    this.pending.clear();
    this.worker = null;
  }
}
