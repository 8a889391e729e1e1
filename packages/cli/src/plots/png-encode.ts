/**
 * A minimal PNG encoder for small RGB images, in plain TypeScript (no Node module, no canvas), for
 * heat maps drawn as one image instead of thousands of rectangles. The pixels go in uncompressed
 * (zlib "stored" blocks), so the same pixels always give the same bytes.
 *
 * @module
 */

/** CRC-32 (ISO 3309, as PNG chunks use it). */
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array, start: number, end: number): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** The largest stored deflate block. */
const BLOCK = 65535;

/**
 * The PNG of a `width` × `height` image whose pixels are `rgb` (3 bytes each, row by row from the top),
 * 8 bits per channel, no alpha.
 *
 * @throws RangeError when `rgb` does not hold width · height pixels.
 */
export function encodePng(width: number, height: number, rgb: Uint8Array): Uint8Array {
  if (!(Number.isInteger(width) && Number.isInteger(height) && width > 0 && height > 0) || rgb.length !== width * height * 3) {
    throw new RangeError(`encodePng: ${rgb.length} bytes for a ${width} × ${height} RGB image`);
  }
  // The scan lines, each after its filter byte (0: none).
  const raw = new Uint8Array(height * (1 + 3 * width));
  for (let y = 0; y < height; y++) raw.set(rgb.subarray(y * 3 * width, (y + 1) * 3 * width), y * (1 + 3 * width) + 1);
  const blocks = Math.max(1, Math.ceil(raw.length / BLOCK));
  const zlib = new Uint8Array(2 + raw.length + 5 * blocks + 4);
  zlib[0] = 0x78; // deflate, 32 KiB window
  zlib[1] = 0x01; // no preset dictionary, fastest level; 0x7801 is a multiple of 31
  let at = 2;
  for (let b = 0; b < blocks; b++) {
    const from = b * BLOCK;
    const length = Math.min(BLOCK, raw.length - from);
    zlib[at++] = b === blocks - 1 ? 1 : 0;
    zlib[at++] = length & 0xff;
    zlib[at++] = length >>> 8;
    zlib[at++] = ~length & 0xff;
    zlib[at++] = (~length >>> 8) & 0xff;
    zlib.set(raw.subarray(from, from + length), at);
    at += length;
  }
  let s1 = 1;
  let s2 = 0;
  for (let i = 0; i < raw.length; i++) {
    s1 = (s1 + raw[i]) % 65521;
    s2 = (s2 + s1) % 65521;
  }
  const adler = ((s2 << 16) | s1) >>> 0;
  zlib.set([adler >>> 24, (adler >>> 16) & 0xff, (adler >>> 8) & 0xff, adler & 0xff], at);

  return pngFile(width, height, 2, zlib);
}

/**
 * A PNG file of one image: its header (8 bits a channel, colour type 2 for RGB or 6 for RGBA, no
 * interlace), one IDAT chunk of the zlib stream of its filtered scan lines, and the end.
 */
export function pngFile(width: number, height: number, colorType: 2 | 6, compressed: Uint8Array): Uint8Array {
  const chunks: [string, Uint8Array][] = [
    ["IHDR", new Uint8Array([width >>> 24, (width >>> 16) & 0xff, (width >>> 8) & 0xff, width & 0xff, height >>> 24, (height >>> 16) & 0xff, (height >>> 8) & 0xff, height & 0xff, 8, colorType, 0, 0, 0])],
    ["IDAT", compressed],
    ["IEND", new Uint8Array(0)],
  ];
  const png = new Uint8Array(8 + chunks.reduce((n, [, data]) => n + 12 + data.length, 0));
  png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer);
  let p = 8;
  for (const [type, data] of chunks) {
    view.setUint32(p, data.length);
    for (let i = 0; i < 4; i++) png[p + 4 + i] = type.charCodeAt(i);
    png.set(data, p + 8);
    view.setUint32(p + 8 + data.length, crc32(png, p + 4, p + 8 + data.length));
    p += 12 + data.length;
  }
  return png;
}

/** Base64 of bytes (btoa works in Node and browsers). */
export function base64(bytes: Uint8Array): string {
  let text = "";
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}
