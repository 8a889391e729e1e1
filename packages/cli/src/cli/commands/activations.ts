/**
 * `tracegrad activations [FILE] --at -2,-1,0,1,2 [--alpha 0.01] [--plot FILE.svg|FILE.png]`: every
 * activation's value and derivative at the points, and the Module 11 activity's figure of them. FILE,
 * a problem file, gives the points and α (the flags override it), and a title, source, notes and
 * published answers.
 *
 * @module
 */
import { activationPlot } from "../../plots/activation-plot.js";
import { activationsResults, activationsWorked, DEFAULT_POINTS, runActivations } from "tracegrad/internal/explain/activations/explain-activations";
import { readActivationsProblemFile } from "tracegrad/internal/explain/activations/activations-problem-file";
import { withProblemText } from "tracegrad/internal/explain/worked/published";
import { DEFAULT_LEAKY_ALPHA } from "tracegrad/internal/engine/activations";
import { parseSource } from "tracegrad/internal/common/source";
import { readTextFile } from "../../files/read-text-file.js";
import { parseNumberList } from "tracegrad/internal/explain/worked/read-matrix";
import { renderWorked } from "tracegrad/internal/explain/worked/render-worked";
import { writeFileAtomic } from "../../files/write-file-atomic.js";
import { InputError } from "tracegrad";
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

/** Draws the Module 11 activity's figure to an SVG or PNG file, chosen by the file's extension. */
export async function writeActivationPlot(path: string, alpha: number): Promise<void> {
  checkPlotPath(path);
  const lower = path.toLowerCase();
  const { renderSvg, svgToPng } = await import("../../plots/node.js");
  const svg = await renderSvg(activationPlot(alpha));
  writeFileAtomic(path, lower.endsWith(".svg") ? svg + "\n" : svgToPng(svg));
}

export async function activationsCommand(file: string | undefined, options: ActivationsCommandOptions): Promise<number> {
  checkWorkedTargets(options, [{ option: "--plot", path: options.plot, kind: "file" }], [file]);
  const problem = file === undefined ? null : readActivationsProblemFile(parseSource(readTextFile(file), file));
  const points = options.at !== undefined ? parseNumberList(options.at, "--at") : [...(problem?.points ?? DEFAULT_POINTS)];
  checkLimit(points.length, LIMITS.activationPoints, "points", { prefix: options.at !== undefined ? "--at: " : "", hint: "each is worked for every activation" });
  const alpha = options.alpha !== undefined ? numberOption(options.alpha, "--alpha", (x) => (x >= 0 ? undefined : "must be 0 or more")) : (problem?.alpha ?? DEFAULT_LEAKY_ALPHA);
  const { format, precision } = renderOptions(options);
  if (options.plot !== undefined) checkPlotPath(options.plot);
  const record = runActivations({ points, alpha, ...(problem?.activations !== undefined ? { names: problem.activations } : {}) });
  const worked = withProblemText(activationsWorked(record, { precision }), problem?.text, precision);
  const solution = renderWorked(worked, () => activationsResults(record), { format, precision });
  // The figure first: should it fail, nothing has been printed.
  if (options.plot !== undefined) await writeActivationPlot(options.plot, alpha);
  emitWorked(solution, options);
  return 0;
}
