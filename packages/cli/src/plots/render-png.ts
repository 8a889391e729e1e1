/**
 * Drawing an SVG as a PNG with resvg, in the bundled DejaVu Sans and no other font, so the picture
 * is the same on every machine. Node only.
 *
 * @module
 */
import { Resvg, renderAsync } from "@resvg/resvg-js";
import type { RenderedImage } from "@resvg/resvg-js";
import { packageAsset } from "../files/package-file.js";
import { collectGarbage } from "./collect-garbage.js";
import { encodeRgbaPng } from "./png-rgba.js";
import { dejaVuCodePoints } from "./text-width.js";
import { FONT_FAMILY } from "./theme.js";

/** The fonts the PNGs are drawn with, which the package ships in assets/fonts (not the working directory's). */
export const FONT_FILES: readonly string[] = [packageAsset("fonts", "DejaVuSans.ttf"), packageAsset("fonts", "DejaVuSans-Bold.ttf")];

/**
 * The same two fonts cut to the characters whose widths `text-width.ts` holds (scripts/build-assets.mjs),
 * with those characters' glyphs, metrics and layout features unchanged: a tenth of the size. resvg-js
 * takes fonts only as files and reads a file again for every glyph it draws: with the whole fonts, the
 * lab's figures read 1.5 GB of them.
 */
export const PLOT_FONT_FILES: readonly string[] = [packageAsset("fonts", "DejaVuSans-plots.ttf"), packageAsset("fonts", "DejaVuSans-Bold-plots.ttf")];

/** The UTF-16 code units the subsets draw: those of the width tables (all in the Basic Multilingual Plane), and markup's white space. */
const PLOT_FONT_COVERS: Uint8Array = (() => {
  const covers = new Uint8Array(0x10000);
  for (const codePoint of dejaVuCodePoints()) covers[codePoint] = 1;
  for (const space of "\t\n\r") covers[space.charCodeAt(0)] = 1;
  return covers;
})();

/** The fonts an SVG is drawn with: the subsets when every character of it (text, attributes and markup) is theirs, else the whole fonts. */
export function fontFilesFor(svg: string): readonly string[] {
  for (let i = 0; i < svg.length; i++) if (PLOT_FONT_COVERS[svg.charCodeAt(i)] === 0) return FONT_FILES;
  return PLOT_FONT_FILES;
}

/** How a PNG is drawn. */
export interface PngOptions {
  /** Pixels of the PNG per pixel of the SVG (2, for sharp pictures on screens and in print). */
  readonly scale?: number;
}

/** The default scale of {@link svgToPng}. */
export const DEFAULT_PNG_SCALE = 2;

/**
 * The PNG of an SVG, `scale` times its size, every text set in DejaVu Sans (from {@link fontFilesFor}).
 *
 * @throws RangeError when the scale is not a positive number.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const { width, height, pixels } = pixelsOf(new Resvg(svg, renderOptions(svg, options, "svgToPng")).render());
  releaseRenderedImages();
  return encodeRgbaPng(width, height, pixels);
}

/**
 * {@link svgToPng} with the drawing made on libuv's thread pool (resvg's renderAsync): the same bytes,
 * while the calling thread goes on until the pixels are back. The PNG is then encoded here at once, so
 * that the copies of the pixels (megabytes each) are garbage before anything else runs, and the young
 * generation's collection that follows frees them (where they would live on in the old generation
 * until a full collection had they waited for a compression on the thread pool).
 *
 * @throws RangeError when the scale is not a positive number.
 */
export async function svgToPngAsync(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const image = await renderAsync(svg, renderOptions(svg, options, "svgToPngAsync"));
  const png = encodeRgbaPng(image.width, image.height, image.pixels);
  releaseRenderedImages();
  return png;
}

/**
 * A drawing's size and a copy of its pixels, so that nothing holds the drawing itself. Its PNG is
 * encoded here (png-rgba.ts), not by resvg's asPng, which encodes on the calling thread: 30 to 60 ms a
 * figure that the lab's main thread spent while the runs waited for it.
 */
function pixelsOf(image: RenderedImage): { width: number; height: number; pixels: Uint8Array } {
  return { width: image.width, height: image.height, pixels: image.pixels };
}

/**
 * Frees the pixels of the images just drawn. resvg-js 2.6 keeps each image's pixels (4 MB for a
 * figure at scale 2) in native memory until V8 collects the small JavaScript object that holds them,
 * and V8, which does not see that memory, may not collect for a long time: the lab's process grew by
 * about 5 MB a figure (thx/resvg-js#216; fixed upstream by PR #393, not yet released). A collection
 * of the young generation, about half a millisecond, collects those objects and so frees the pixels.
 */
function releaseRenderedImages(): void {
  collectGarbage?.({ type: "minor", execution: "sync" });
}

function renderOptions(svg: string, options: PngOptions, caller: string) {
  const scale = options.scale ?? DEFAULT_PNG_SCALE;
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`${caller}: the scale must be a positive number, got ${scale}`);
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: [...fontFilesFor(svg)],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: FONT_FAMILY,
      monospaceFamily: FONT_FAMILY,
    },
    fitTo: { mode: "zoom" as const, value: scale },
  };
}
