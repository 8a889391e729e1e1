/**
 * `tracegrad activations --at -2,-1,0,1,2 [--alpha 0.01] [--plot FILE.svg|FILE.png]`: every
 * activation's value and derivative at the points, and seed 001's figure of them.
 *
 * @module
 */
import { activationPlot } from "../../plots/activation-plot.js";
import { activationsResults, activationsWorked, runActivations } from "tracegrad/internal/explain/activations/explain-activations";
import { parseNumberList } from "tracegrad/internal/explain/worked/read-matrix";
import { renderWorked } from "tracegrad/internal/explain/worked/render-worked";
import { writeFileAtomic } from "../../files/write-file-atomic.js";
import { InputError } from "tracegrad/internal/common/input-error";
import { numberOption } from "../io.js";
import type { WorkedCliOptions } from "./worked-options.js";
import { checkWorkedTargets, emitWorked, renderOptions } from "./worked-options.js";
import { checkLimit, LIMITS } from "tracegrad/internal/common/limits";

export interface ActivationsCommandOptions extends WorkedCliOptions {
  at?: string;
  alpha?: string;
  plot?: string;
}

function checkPlotPath(path: string): void {
  const lower = path.toLowerCase();
  if (!lower.endsWith(".svg") && !lower.endsWith(".png")) throw new InputError(`--plot: the file must end in .svg or .png, got ${path}`);
}

/** Draws seed 001's figure to an SVG or PNG file, chosen by the file's extension. */
export async function writeActivationPlot(path: string, alpha: number): Promise<void> {
  checkPlotPath(path);
  const lower = path.toLowerCase();
  const { renderSvg, svgToPng } = await import("../../plots/node.js");
  const svg = await renderSvg(activationPlot(alpha));
  writeFileAtomic(path, lower.endsWith(".svg") ? svg + "\n" : svgToPng(svg));
}

export async function activationsCommand(options: ActivationsCommandOptions): Promise<number> {
  checkWorkedTargets(options, [{ option: "--plot", path: options.plot, kind: "file" }]);
  const points = parseNumberList(options.at ?? "-2,-1,0,1,2", "--at");
  checkLimit(points.length, LIMITS.activationPoints, "points", { prefix: "--at: ", hint: "each is worked for every activation" });
  const alpha = options.alpha === undefined ? 0.01 : numberOption(options.alpha, "--alpha", (x) => (x >= 0 ? undefined : "must be 0 or more"));
  const { format, precision } = renderOptions(options);
  if (options.plot !== undefined) checkPlotPath(options.plot);
  const record = runActivations({ points, alpha });
  const solution = renderWorked(activationsWorked(record, { precision }), () => activationsResults(record), { format, precision });
  // The figure first: should it fail, nothing has been printed.
  if (options.plot !== undefined) await writeActivationPlot(options.plot, alpha);
  emitWorked(solution, options);
  return 0;
}
