/** Reading rendered plots in tests: the marks and texts of an SVG, the size of a PNG. */
import assert from "node:assert/strict";
import { inflateSync } from "node:zlib";

/** The contents of every `<g class="CLASS ...">` group of leaf marks (paths, lines, texts). */
function markGroups(svg: string, className: string): string[] {
  const pattern = new RegExp(`<g class="${className}(?: [^"]*)?"[^>]*>([\\s\\S]*?)</g>`, "g");
  return [...svg.matchAll(pattern)].map((m) => m[1]);
}

/** How many `<tag>` elements the mark groups of `className` hold (path for areas, lines, symbols and rects). */
export function countMarks(svg: string, className: string, tag = "path"): number {
  return markGroups(svg, className).reduce((n, body) => n + (body.match(new RegExp(`<${tag}[ >]`, "g"))?.length ?? 0), 0);
}

/** The texts of the mark groups of `className` (as written in the SVG, entities and all), in order. */
export function texts(svg: string, className: string): string[] {
  return markGroups(svg, className).flatMap((body) => [...body.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]));
}

/** The visible texts of the mark groups (axis labels Vega hid for overlapping have opacity 0). */
export function visibleTexts(svg: string, className: string): string[] {
  return markGroups(svg, className).flatMap((body) =>
    [...body.matchAll(/<text([^>]*)>([^<]*)<\/text>/g)].filter((m) => !/opacity="0"/.test(m[1])).map((m) => m[2]),
  );
}

/** The width and height the `<svg>` element declares. */
export function svgSize(svg: string): { width: number; height: number } {
  const match = /^<svg [^>]*width="(\d+(?:\.\d+)?)" height="(\d+(?:\.\d+)?)"/.exec(svg);
  assert.ok(match, "the SVG declares its width and height");
  return { width: Number(match[1]), height: Number(match[2]) };
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Checks the PNG signature and reads the size from the IHDR chunk. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE, "PNG signature");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  assert.equal(String.fromCharCode(...png.subarray(12, 16)), "IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * The pixels of the one PNG image an SVG embeds (a heat map), as #rrggbb colors row by row from the
 * top; it must be an 8-bit RGB PNG without filters, as the plots write them.
 */
export function embeddedImage(svg: string): { width: number; height: number; pixels: string[] } {
  const images = [...svg.matchAll(/<image [^>]*href="data:image\/png;base64,([^"]+)"/g)];
  assert.equal(images.length, 1, "one embedded PNG");
  const png = new Uint8Array(Buffer.from(images[0][1], "base64"));
  const { width, height } = pngSize(png);
  assert.deepEqual([...png.subarray(24, 26)], [8, 2], "8 bits per channel, RGB");
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const parts: Uint8Array[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    if (String.fromCharCode(...png.subarray(at + 4, at + 8)) === "IDAT") parts.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(parts));
  const pixels: string[] = [];
  for (let y = 0; y < height; y++) {
    const row = y * (1 + 3 * width);
    assert.equal(raw[row], 0, "no filter");
    for (let x = 0; x < width; x++) pixels.push("#" + [...raw.subarray(row + 1 + 3 * x, row + 4 + 3 * x)].map((c) => c.toString(16).padStart(2, "0")).join(""));
  }
  return { width, height, pixels };
}

/**
 * The pixels of an 8-bit RGBA or RGB PNG, however its lines are filtered (all five PNG filters), with
 * its size: a decoder of its own, to compare tracegrad's PNGs with resvg's.
 */
export function decodePng(png: Uint8Array): { width: number; height: number; channels: number; pixels: Uint8Array } {
  const { width, height } = pngSize(png);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const data: Uint8Array[] = [];
  let channels = 0;
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...png.subarray(at + 4, at + 8));
    const body = png.subarray(at + 8, at + 8 + length);
    if (type === "IHDR") {
      assert.equal(body[8], 8, "8 bits a channel");
      channels = body[9] === 6 ? 4 : body[9] === 2 ? 3 : 0;
      assert.ok(channels > 0, `colour type ${body[9]}`);
    }
    if (type === "IDAT") data.push(body);
    at += 12 + length;
  }
  const lines = inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = new Uint8Array(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = lines[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = lines[y * (stride + 1) + 1 + i];
      const left = i >= channels ? pixels[y * stride + i - channels] : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + i] : 0;
      const upLeft = i >= channels && y > 0 ? pixels[(y - 1) * stride + i - channels] : 0;
      let predicted = 0;
      if (filter === 1) predicted = left;
      else if (filter === 2) predicted = up;
      else if (filter === 3) predicted = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - upLeft;
        const [a, b, c] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
        predicted = a <= b && a <= c ? left : b <= c ? up : upLeft;
      } else assert.equal(filter, 0, `filter ${filter}`);
      pixels[y * stride + i] = (x + predicted) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}
