/**
 * A minimal TrueType reader for the tests: the advance width of a character, read from the font's
 * `cmap` (format 4) and `hmtx` tables, to check the width table the SVG renderer measures text with.
 */
import { readFileSync } from "node:fs";

/** Advance widths of one font, in font units, and the font's units per em. */
export interface FontWidths {
  readonly unitsPerEm: number;
  /** The advance width of the glyph for a BMP code point, or undefined when the font has none. */
  advance(codePoint: number): number | undefined;
}

/** Reads the tables of the TrueType font at `path`. */
export function readFontWidths(path: string): FontWidths {
  const bytes = readFileSync(path);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tables = new Map<string, number>();
  const tableCount = view.getUint16(4);
  for (let i = 0; i < tableCount; i++) {
    const record = 12 + 16 * i;
    const tag = String.fromCharCode(...bytes.subarray(record, record + 4));
    tables.set(tag, view.getUint32(record + 8));
  }
  const table = (tag: string): number => {
    const offset = tables.get(tag);
    if (offset === undefined) throw new Error(`the font has no ${tag} table`);
    return offset;
  };
  const unitsPerEm = view.getUint16(table("head") + 18);
  const metricCount = view.getUint16(table("hhea") + 34);
  const hmtx = table("hmtx");
  const cmap = table("cmap");
  let format4 = -1;
  for (let i = 0; i < view.getUint16(cmap + 2); i++) {
    const record = cmap + 4 + 8 * i;
    const platform = view.getUint16(record);
    const encoding = view.getUint16(record + 2);
    const offset = cmap + view.getUint32(record + 4);
    if (platform === 3 && encoding === 1 && view.getUint16(offset) === 4) format4 = offset;
  }
  if (format4 < 0) throw new Error("the font has no Unicode BMP cmap (format 4)");
  const segments = view.getUint16(format4 + 6) / 2;
  const ends = format4 + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;

  function glyphOf(codePoint: number): number {
    for (let s = 0; s < segments; s++) {
      if (codePoint > view.getUint16(ends + 2 * s)) continue;
      const start = view.getUint16(starts + 2 * s);
      if (codePoint < start) return 0;
      const delta = view.getInt16(deltas + 2 * s);
      const rangeOffset = view.getUint16(rangeOffsets + 2 * s);
      if (rangeOffset === 0) return (codePoint + delta) & 0xffff;
      const glyph = view.getUint16(rangeOffsets + 2 * s + rangeOffset + 2 * (codePoint - start));
      return glyph === 0 ? 0 : (glyph + delta) & 0xffff;
    }
    return 0;
  }

  return {
    unitsPerEm,
    advance(codePoint) {
      const glyph = glyphOf(codePoint);
      if (glyph === 0) return undefined;
      return view.getUint16(hmtx + 4 * Math.min(glyph, metricCount - 1));
    },
  };
}
