/**
 * The figure thread (a worker thread started by `PlotWriter`): it writes each chart it is sent as
 * `writePlot` does (the same files), and says when each is written. After each PNG it collects its
 * garbage in full: the copies of each drawing's pixels are outside V8's heap, so V8 would let this
 * thread grow by 15-25 MB before collecting them (the lab's peak: about 190 MB with these
 * collections, 200-215 MB without; they cost it about 0.1 s of this thread's time). Node only.
 *
 * @module
 */
import { parentPort } from "node:worker_threads";
import type { FigureJob, FigureReply } from "./figure-job.js";
import { writeFileAtomic } from "../files/write-file-atomic.js";
import { collectGarbage } from "./collect-garbage.js";
import { svgToPngAsync } from "./render-png.js";
import { renderSvg } from "./render-svg.js";

// The SVGs are rendered one after another, in the order sent; the PNG of each is drawn on libuv's
// thread pool while the next SVG is rendered, one PNG at a time (each holds about 10-20 MB while it is
// drawn).
let svgs: Promise<void> = Promise.resolve();
let pngs: Promise<void> = Promise.resolve();

/** Tells the sending thread the chart is written, or why not. */
function reply(id: number, error?: unknown): void {
  const message: FigureReply = error === undefined ? { id } : { id, error: error instanceof Error ? error.message : String(error) };
  parentPort!.postMessage(message);
}

parentPort?.on("message", (job: FigureJob) => {
  svgs = svgs.then(async () => {
    let svg: string;
    try {
      svg = await renderSvg(job.spec);
      writeFileAtomic(job.basePath + ".svg", svg + "\n");
    } catch (error) {
      reply(job.id, error);
      return;
    }
    pngs = pngs.then(async () => {
      try {
        writeFileAtomic(job.basePath + ".png", await svgToPngAsync(svg, job.options));
        reply(job.id);
      } catch (error) {
        reply(job.id, error);
      }
      collectGarbage?.();
    });
  });
});
