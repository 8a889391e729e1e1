/**
 * Tidying the SVG Vega writes, so that it is the same on every run and no larger than it needs to be.
 *
 * @module
 */

/**
 * Renumbers Vega's clip-path and gradient ids (`clip12`, `gradient_3`) from 1 and 0 in the order they
 * first appear. Vega counts them over the life of the process, so without this the second chart
 * rendered in a process would differ from the first though both come from the same spec.
 */
export function stableIds(svg: string): string {
  const renamed = new Map<string, string>();
  const counts = new Map<string, number>();
  return svg.replace(/(id="|url\(#|href="#)(clip|p_gradient_|gradient_)(\d+)(?=[")])/g, (_match, before: string, prefix: string, number: string) => {
    const old = prefix + number;
    let name = renamed.get(old);
    if (name === undefined) {
      const next = counts.get(prefix) ?? 0;
      counts.set(prefix, next + 1);
      name = prefix + (prefix === "clip" ? next + 1 : next);
      renamed.set(old, name);
    }
    return before + name;
  });
}

/** Attributes that hold coordinates. */
const GEOMETRY = /\b(d|transform|x|y|x1|x2|y1|y2|width|height)="([^"]*)"/g;

/** A number as SVG writes it: sign, digits, decimals, exponent. */
const NUMBER = /-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?/g;

/** A number rounded to thousandths of a pixel: `4.999999999999998` → `5`, `1.2e-14` → `0`. */
function roundNumber(text: string): string {
  const rounded = Math.round(Number(text) * 1000) / 1000;
  return Object.is(rounded, -0) ? "0" : String(rounded);
}

/**
 * Rounds coordinates to thousandths of a pixel and writes `rgb(r, g, b)` colors as `#rrggbb`. A heat
 * map of 10,000 cells shrinks by half; nothing visible changes.
 */
export function compactNumbers(svg: string): string {
  return svg
    .replace(GEOMETRY, (_match, name: string, value: string) => `${name}="${value.replace(NUMBER, roundNumber)}"`)
    .replace(/="rgb\((\d+), ?(\d+), ?(\d+)\)"/g, (_match, r: string, g: string, b: string) => `="#${[r, g, b].map((c) => Number(c).toString(16).padStart(2, "0")).join("")}"`);
}

/**
 * Draws every embedded image pixel by pixel, without smoothing: the images are heat maps of one
 * pixel per grid cell, which would otherwise blur the cells into one another.
 */
export function crispImages(svg: string): string {
  return svg.replace(/<image /g, '<image image-rendering="optimizeSpeed" ');
}

/** {@link stableIds}, {@link compactNumbers} and {@link crispImages}. */
export function tidySvg(svg: string): string {
  return crispImages(compactNumbers(stableIds(svg)));
}
