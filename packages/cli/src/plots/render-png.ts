/**
 * Drawing an SVG as a PNG with resvg, in the bundled DejaVu Sans and no other font, so the picture
 * is the same on every machine. Node only.
 *
 * @module
 */
import { Resvg } from "@resvg/resvg-js";
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
  const scale = options.scale ?? DEFAULT_PNG_SCALE;
  if (!(Number.isFinite(scale) && scale > 0)) throw new RangeError(`svgToPng: the scale must be a positive number, got ${scale}`);
  const resvg = new Resvg(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [...FONT_FILES],
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
      serifFamily: FONT_FAMILY,
      monospaceFamily: FONT_FAMILY,
    },
    fitTo: { mode: "zoom", value: scale },
  });
  const png = resvg.render().asPng();
  return new Uint8Array(png.buffer, png.byteOffset, png.byteLength);
}
