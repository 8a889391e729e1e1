/**
 * Drawing an SVG as a PNG with resvg, in the bundled DejaVu Sans and no other font, so the picture
 * is the same on every machine. Node only.
 *
 * @module
 */
import { Resvg, renderAsync } from "@resvg/resvg-js";
import { packageAsset } from "../files/package-file.js";
import { FONT_FAMILY } from "./theme.js";

/** The fonts the PNGs are drawn with, which the package ships in assets/fonts (not the working directory's). */
export const FONT_FILES: readonly string[] = [packageAsset("fonts", "DejaVuSans.ttf"), packageAsset("fonts", "DejaVuSans-Bold.ttf")];

/** How a PNG is drawn. */
export interface PngOptions {
  /** Pixels of the PNG per pixel of the SVG (2, for sharp pictures on screens and in print). */
  readonly scale?: number;
}

/** The default scale of {@link svgToPng}. */
export const DEFAULT_PNG_SCALE = 2;

/**
 * The PNG of an SVG, `scale` times its size, every text set in DejaVu Sans.
 *
 * @throws RangeError when the scale is not a positive number.
 */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const png = new Resvg(svg, renderOptions(options, "svgToPng")).render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

/**
 * {@link svgToPng} drawn on libuv's thread pool (resvg's renderAsync): the same bytes, while the
 * calling thread goes on with other work.
 *
 * @throws RangeError when the scale is not a positive number.
 */
export async function svgToPngAsync(svg: string, options: PngOptions = {}): Promise<Uint8Array> {
  const png = (await renderAsync(svg, renderOptions(options, "svgToPngAsync"))).asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}

function renderOptions(options: PngOptions, caller: string) {
  const scale = options.scale ?? DEFAULT_PNG_SCALE;
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`${caller}: the scale must be a positive number, got ${scale}`);
  return {
    font: {
      loadSystemFonts: false,
      fontFiles: [...FONT_FILES],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: FONT_FAMILY,
      monospaceFamily: FONT_FAMILY,
    },
    fitTo: { mode: "zoom" as const, value: scale },
  };
}
