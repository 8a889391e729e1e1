import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { AnyDataset } from "tracegrad/internal/data/dataset";
import { Random } from "tracegrad/internal/engine/random";
import { crc32, gunzipSync, gzipSync } from "node:zlib";
import { loadMnistDigits, MNIST_FILES, mnistSplit } from "../../src/data/mnist.js";
import { gunzipInto, gunzipWhole, gzipRecordedSize } from "../../src/data/gunzip-whole.js";
import { packageAsset } from "../../src/files/package-file.js";

test("MNIST: the package's 10,000 digits, 784 pixels in [0, 1], all ten classes", () => {
  const d = loadMnistDigits();
  assert.equal(d.n, 10000);
  assert.equal(d.features, 784);
  assert.equal(d.outputs, 10);
  assert.equal(new Set(d.labels).size, 10);
  assert.ok(d.x.every((v) => v >= 0 && v <= 1));
});

/** The mnist package's digits as its JSON gives them (a devDependency: the reference the shipped file was built from), read once. */
let packagePixels: number[][] | undefined;
function packageDigits(): number[][] {
  if (packagePixels !== undefined) return packagePixels;
  const folder = join(dirname(createRequire(import.meta.url).resolve("mnist/package.json")), "src", "digits");
  return (packagePixels = Array.from({ length: 10 }, (_, digit) => (JSON.parse(readFileSync(join(folder, `${digit}.json`), "utf8")) as { data: number[] }).data));
}

/** The loaded digits hold the package's pixels, each as `round` makes it, digit after digit, each row labelled with its digit. */
function assertPackagePixels(all: AnyDataset, round: (value: number) => number): void {
  let row = 0;
  packageDigits().forEach((parsed, digit) => {
    const count = parsed.length / 784;
    const mismatch = parsed.findIndex((value, i) => !Object.is(all.x[row * 784 + i], round(value)));
    assert.equal(mismatch, -1, `digit ${digit}: pixel ${mismatch} is ${all.x[row * 784 + mismatch]}, the package has ${parsed[mismatch]}`);
    assert.ok(all.labels!.subarray(row, row + count).every((l) => l === digit), `digit ${digit}: labels`);
    row += count;
  });
  assert.equal(row, all.n);
}

/** The split is the seeded permutation of the digits: the first 2,000 of it the test set. */
function assertSplit(all: AnyDataset, train: AnyDataset, test: AnyDataset): void {
  const order = new Random(5).permutation(all.n);
  assert.equal(test.n, 2000);
  assert.equal(train.n, 8000);
  for (const p of [0, 1, 1999, 2000, 9999]) {
    const split = p < 2000 ? test : train;
    const r = p < 2000 ? p : p - 2000;
    assert.equal(split.labels![r], all.labels![order[p]]);
    assert.deepEqual(Array.from(split.x.subarray(r * 784, (r + 1) * 784)), Array.from(all.x.subarray(order[p] * 784, (order[p] + 1) * 784)));
    assert.deepEqual(Array.from(split.y.subarray(r * 10, (r + 1) * 10)), Array.from({ length: 10 }, (_, c) => (c === all.labels![order[p]] ? 1 : 0)));
  }
}

test("MNIST: the shipped file gives exactly the pixels of the mnist package's JSON, digit by digit, and the split is the seeded permutation of them", () => {
  const all = loadMnistDigits();
  assertPackagePixels(all, (value) => value);
  const { train, test } = mnistSplit(5);
  assertSplit(all, train, test);
});

test("the fonts the package ships are DejaVu Sans and DejaVu Sans Bold of the dejavu-fonts-ttf package, byte for byte", async () => {
  const { FONT_FILES } = await import("../../src/plots/render-png.js");
  const require = createRequire(import.meta.url);
  const originals = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf"].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
  assert.equal(FONT_FILES.length, 2);
  FONT_FILES.forEach((file, i) => assert.ok(readFileSync(file).equals(readFileSync(originals[i])), `${file} differs from ${originals[i]}`));
});

test("MNIST for a float32 run: one Float32Array holding the package's pixels rounded to float32, split by the same seeded permutation", () => {
  const all = loadMnistDigits("float32");
  assert.ok(all.x instanceof Float32Array);
  // The one-hot targets in Float32 too (what a float32 model takes without a copy).
  assert.ok(all.y instanceof Float32Array);
  assert.equal(all.y.length, 10000 * 10);
  assertPackagePixels(all, Math.fround);
  for (let r = 0; r < all.n; r += 997) assert.equal(all.y[r * 10 + all.labels![r]], 1);
  const { train, test } = mnistSplit(5, 2000, "float32");
  // Both splits are views of one array: the 10,000 digits, once.
  assert.equal(train.x.buffer, test.x.buffer);
  assert.equal(train.x.buffer.byteLength, 10000 * 784 * 4);
  assertSplit(all, train, test);
});

test("a gzip file is inflated into one buffer of the size its trailer records, byte for byte what zlib gives; bytes that are not gzip, or a trailer with another size, fail as zlib fails them", () => {
  const images = readFileSync(packageAsset(...MNIST_FILES.images));
  // The IDX header of the images: magic 0x00000803, 10,000 digits of 28 × 28.
  const size = 16 + 10000 * 784;
  assert.equal(gzipRecordedSize(images), size);
  const whole = gunzipWhole(images);
  assert.ok(whole.equals(gunzipSync(images)));
  assert.equal(whole.length, size);
  // One buffer: the bytes are not a slice of a concatenation of chunks, but the one output buffer (one byte larger).
  assert.equal(whole.buffer.byteLength, size + 1);
  // A small file, its trailer's size below zlib's smallest chunk.
  const small = gzipSync(Buffer.from("tracegrad"));
  assert.equal(gunzipWhole(small).toString(), "tracegrad");
  // Not gzip (too short to have a trailer): zlib's own error.
  assert.equal(gzipRecordedSize(Uint8Array.of(1, 2, 3)), null);
  assert.throws(() => gunzipWhole(Uint8Array.of(1, 2, 3)), /unexpected end of file|incorrect header check/);
  // A trailer claiming another size: zlib's length check fails.
  const wrong = Buffer.from(small);
  wrong.writeUInt32LE(5, wrong.length - 4);
  assert.throws(() => gunzipWhole(wrong), /incorrect length check/);
});

test("gunzipInto inflates a gzip file into the memory it is given, byte for byte what zlib gives, and refuses damage as zlib does", () => {
  const images = readFileSync(packageAsset(...MNIST_FILES.images));
  const expected = gunzipSync(images);
  // Into the tail of a larger buffer, as the loader does: the bytes before it untouched.
  const memory = new Uint8Array(expected.length + 100).fill(7);
  gunzipInto(images, memory.subarray(100));
  assert.ok(Buffer.from(memory.subarray(100)).equals(expected));
  assert.ok(memory.subarray(0, 100).every((b) => b === 7));
  // A header with a file name, a comment, an extra field and a header CRC (zlib writes none of them): they are skipped.
  const text = Buffer.from("the Neural Networks Exercises");
  const plain = gzipSync(text);
  const extra = Buffer.from([3, 0, 1, 2, 3]);
  const header = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 2 | 4 | 8 | 16]), plain.subarray(4, 10), extra, Buffer.from("name\0comment\0")]);
  const headerCrc = Buffer.alloc(2);
  headerCrc.writeUInt16LE(crc32(header) & 0xffff);
  const named = Buffer.concat([header, headerCrc, plain.subarray(10)]);
  const out = new Uint8Array(text.length);
  gunzipInto(named, out);
  assert.equal(Buffer.from(out).toString(), text.toString());
  assert.ok(gunzipSync(named).equals(text), "zlib reads the same file");
  const badHeader = Buffer.from(named);
  badHeader[header.length] ^= 1;
  assert.throws(() => gunzipSync(badHeader), /header crc mismatch/);
  assert.throws(() => gunzipInto(badHeader, new Uint8Array(text.length)), /header crc mismatch/);
  // A changed byte of the compressed data or of the CRC: refused, as zlib refuses it.
  const badCrc = Buffer.from(plain);
  badCrc[badCrc.length - 8] ^= 1;
  assert.throws(() => gunzipSync(badCrc), /incorrect data check/);
  assert.throws(() => gunzipInto(badCrc, new Uint8Array(text.length)), /incorrect data check/);
  // Memory of another size than the trailer records, or bytes that are not gzip.
  assert.throws(() => gunzipInto(plain, new Uint8Array(text.length + 1)), /incorrect length check/);
  assert.throws(() => gunzipInto(Buffer.from("not gzip at all, not at all"), new Uint8Array(4)), /incorrect header check/);
});
