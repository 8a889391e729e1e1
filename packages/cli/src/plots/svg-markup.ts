/**
 * Writing SVG: numbers, escaped text, text elements placed by their anchor and baseline, dots and
 * groups. The classes of the groups are those Vega gives its marks (`mark-text role-axis-label`,
 * `mark-symbol role-mark`, ...), so that the charts tracegrad draws itself read like Vega's.
 *
 * @module
 */
import { FONT_STACK } from "./theme.js";

/** A coordinate rounded to thousandths of a pixel, as the SVG writes it (`-0` as `0`). */
export function px(value: number): string {
  const rounded = Math.round(value * 1000) / 1000;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

/** Text with `&`, `<` and `>` escaped, for element content; in an attribute's value, `"` too. */
export function escapeXml(text: string, attribute = false): string {
  const escaped = text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
  return attribute ? escaped.replace(/"/g, "&quot;") : escaped;
}

/** How a text sits on its point: its horizontal anchor and its vertical baseline. */
export interface TextPlacement {
  readonly anchor?: "start" | "middle" | "end";
  /** `top`: the point is at the text's top; `middle`: at its middle; `bottom`: at its descenders; `alphabetic`: on its baseline. */
  readonly baseline?: "top" | "middle" | "bottom" | "alphabetic";
  readonly size: number;
  readonly bold?: boolean;
  readonly color: string;
  /** Degrees, about the point (−90 for a y axis title). */
  readonly rotate?: number;
}

/**
 * Where the baseline of a line of text lies below a point, as a fraction of the font size, for each
 * placement (Vega's own offsets, which fit DejaVu Sans: ascent 0.76 em, descent 0.24 em).
 */
const BASELINE_SHIFT = { top: 0.79, middle: 0.3, bottom: -0.24, alphabetic: 0 } as const;

/** A `<text>` at (x, y), placed as `placement` says, in the plots' font. */
export function textElement(text: string, x: number, y: number, placement: TextPlacement): string {
  const shift = BASELINE_SHIFT[placement.baseline ?? "alphabetic"] * placement.size;
  const transform = placement.rotate === undefined ? `translate(${px(x)},${px(y + shift)})` : `translate(${px(x)},${px(y)}) rotate(${placement.rotate}) translate(0,${px(shift)})`;
  const anchor = placement.anchor === undefined || placement.anchor === "start" ? "" : ` text-anchor="${placement.anchor}"`;
  const weight = placement.bold ? ' font-weight="bold"' : "";
  return `<text${anchor} transform="${transform}" font-family="${escapeXml(FONT_STACK, true)}" font-size="${placement.size}px"${weight} fill="${placement.color}">${escapeXml(text)}</text>`;
}

/** A group of marks with Vega's class for them (`mark-text role-axis-label`); nothing when empty. */
export function markGroup(className: string, body: readonly string[], attributes = ""): string {
  return body.length === 0 ? "" : `<g class="${className}"${attributes}>${body.join("")}</g>`;
}

/** A filled circle of radius `r` at (x, y), as a path (as Vega draws its circles). */
export function dotPath(x: number, y: number, r: number, attributes: string): string {
  const a = px(r);
  return `<path transform="translate(${px(x)},${px(y)})" d="M${a},0A${a},${a},0,1,1,-${a},0A${a},${a},0,1,1,${a},0" ${attributes}/>`;
}

/** A rectangle as a path. */
export function rectPath(x: number, y: number, width: number, height: number, attributes: string): string {
  return `<path d="M${px(x)},${px(y)}h${px(width)}v${px(height)}h${px(-width)}Z" ${attributes}/>`;
}

/** A complete SVG document of this size, on a white background. */
export function svgDocument(width: number, height: number, defs: readonly string[], body: readonly string[]): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" class="marks" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">`,
    `<rect width="${w}" height="${h}" fill="white"/>`,
    defs.length === 0 ? "" : `<defs>${defs.join("")}</defs>`,
    ...body,
    "</svg>",
  ].join("");
}
