/**
 * PNG files of RGBA pixels (resvg's drawings), compressed by Node's zlib. Each scan line is filtered
 * with PNG's "Up" filter (the difference from the line above), which turns a plot's long vertical runs
 * of the same colour into zeros; the file around them is png-encode.ts's. Node only.
 *
 * @module
 */
import { deflateSync } from "node:zlib";
import { pngFile } from "./png-encode.js";

/** zlib's level: its default, where the size stops paying for the time. */
const LEVEL = 6;

/**
 * Premultiplied pixels (resvg's) in straight alpha, as PNG stores them, rounded as resvg's own encoder
 * rounds; opaque pixels (all of a plot's, on its white background) are left as they are.
 */
function straightAlpha(rgba: Uint8Array): Uint8Array {
  let out = rgba;
  for (let p = 3; p < rgba.length; p += 4) {
    const a = rgba[p];
    if (a === 255) continue;
    if (out === rgba) out = rgba.slice();
    for (let c = p - 3; c < p; c++) out[c] = a === 0 ? 0 : Math.min(255, Math.round((rgba[c] * 255) / a));
  }
  return out;
}

/** The scan lines of a `width` × `height` RGBA image, each after its filter byte (2: Up). */
function filteredLines(width: number, height: number, premultiplied: Uint8Array): Uint8Array {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || premultiplied.length !== width * height * 4) {
    throw new RangeError(`png: ${premultiplied.length} bytes for a ${width} × ${height} RGBA image`);
  }
  const rgba = straightAlpha(premultiplied);
  const stride = 4 * width;
  const lines = new Uint8Array(height * (1 + stride));
  // The differences four bytes at a time (each byte's own difference modulo 256, no borrow between them).
  const aligned = rgba.byteOffset % 4 === 0;
  const words = aligned ? new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >>> 2) : new Uint32Array(0);
  const difference = new Uint32Array(width);
  const bytes = new Uint8Array(difference.buffer);
  for (let y = 0; y < height; y++) {
    const out = y * (1 + stride);
    lines[out] = 2;
    if (y === 0) {
      lines.set(rgba.subarray(0, stride), out + 1);
      continue;
    }
    if (aligned) {
      for (let i = 0, w = y * width; i < width; i++, w++) {
        const a = words[w];
        const b = words[w - width];
        difference[i] = (((a | 0x80808080) - (b & 0x7f7f7f7f)) ^ ((a ^ ~b) & 0x80808080)) >>> 0;
      }
      lines.set(bytes, out + 1);
    } else {
      const row = y * stride;
      for (let i = 0; i < stride; i++) lines[out + 1 + i] = (rgba[row + i] - rgba[row - stride + i]) & 0xff;
    }
  }
  return lines;
}

/**
 * The PNG of a `width` × `height` image whose pixels are `rgba` (4 bytes each, row by row from the
 * top, with premultiplied alpha as resvg draws them).
 *
 * @throws RangeError when `rgba` does not hold width · height pixels.
 */
export function encodeRgbaPng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  return pngFile(width, height, 6, deflateSync(filteredLines(width, height, rgba), { level: LEVEL }));
}
