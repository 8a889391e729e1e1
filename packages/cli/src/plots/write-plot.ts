/**
 * Writing a chart to disk as SVG and PNG. Node only.
 *
 * @module
 */
import { writeFileAtomic } from "../files/write-file-atomic.js";
import type { PlotSpec } from "./plot-spec.js";
import { svgToPng, svgToPngAsync } from "./render-png.js";
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

/**
 * Writes plots as {@link writePlot} does, but draws each PNG on libuv's thread pool while the caller
 * goes on (with the lab: while the next run trains, on the second core); {@link PlotWriter.flush}
 * waits until every PNG is written. The SVG is written before `write` returns. The PNGs are drawn one
 * after another, not all at once: each drawing holds about 10 MB (fonts, the picture's tree, its
 * pixels), and one at a time keeps the second core busy while holding that only once.
 */
export class PlotWriter {
  private pending: Promise<void>[] = [];
  private last: Promise<unknown> = Promise.resolve();

  /** Renders the chart, writes `basePath.svg` and starts `basePath.png`. */
  async write(spec: PlotSpec, basePath: string, options: PngOptions = {}): Promise<WrittenPlot> {
    const svg = await renderSvg(spec);
    const paths: WrittenPlot = { svg: basePath + ".svg", png: basePath + ".png" };
    writeFileAtomic(paths.svg, svg + "\n");
    const drawn = this.last.catch(() => undefined).then(() => svgToPngAsync(svg, options));
    this.last = drawn;
    this.pending.push(drawn.then((png) => writeFileAtomic(paths.png, png)));
    return paths;
  }

  /** Waits for every PNG started so far (and fails with the first that failed). */
  async flush(): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    await Promise.all(pending);
  }
}
