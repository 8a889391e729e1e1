/**
 * Writing a chart to disk as SVG and PNG. Node only.
 *
 * @module
 */
import { writeFileAtomic } from "../files/write-file-atomic.js";
import type { PlotSpec } from "./plot-spec.js";
import { svgToPng } from "./render-png.js";
import type { PngOptions } from "./render-png.js";
import { renderSvg } from "./render-svg.js";

/** The files {@link writePlot} wrote. */
export interface WrittenPlot {
  readonly svg: string;
  readonly png: string;
}

/**
 * Renders a chart and writes it to `basePath + ".svg"` and `basePath + ".png"`, creating the folder
 * if it is missing. Each file is written under a temporary name in the same folder and then renamed,
 * so a reader never sees half a file and an existing plot is replaced whole.
 */
export async function writePlot(spec: PlotSpec, basePath: string, options: PngOptions = {}): Promise<WrittenPlot> {
  const svg = await renderSvg(spec);
  const png = svgToPng(svg, options);
  const paths: WrittenPlot = { svg: basePath + ".svg", png: basePath + ".png" };
  writeFileAtomic(paths.svg, svg + "\n");
  writeFileAtomic(paths.png, png);
  return paths;
}
