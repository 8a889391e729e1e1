/**
 * The embedded binaries' decompression (kernels/inflate.ts) against zlib: whatever zlib compresses,
 * with each of its block types (stored, fixed and dynamic Huffman codes) and strategies, decompresses
 * to the bytes given to it; data that is not DEFLATE, or holds another number of bytes, is refused.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { constants, deflateRawSync } from "node:zlib";
import { inflateRaw } from "../../src/kernels/inflate.js";
import { Random } from "../../src/engine/random.js";

const random = new Random(14);

/** Inputs of every kind: empty, one byte, random bytes, long runs, text, and wasm-like data with repeats. */
function inputs(): Uint8Array[] {
  const text = new TextEncoder().encode("The small-network trainer in WebAssembly: whole epochs of gradient descent. ".repeat(300));
  const noise = Uint8Array.from({ length: 70_000 }, () => random.integer(256));
  const runs = Uint8Array.from({ length: 50_000 }, (_, i) => (i % 1000 < 700 ? 0 : random.integer(4)));
  // Short random words repeated at random distances: many matches of every length and distance.
  const words = Array.from({ length: 40 }, () => Uint8Array.from({ length: 3 + random.integer(300) }, () => random.integer(256)));
  const mixed: number[] = [];
  while (mixed.length < 100_000) mixed.push(...words[random.integer(words.length)], random.integer(256));
  // Text, noise, text: compressed blocks around stored ones (which begin at a byte boundary).
  const alternating = Uint8Array.from([...text.subarray(0, 20_000), ...noise.subarray(0, 40_000), ...text.subarray(0, 20_000), ...noise.subarray(0, 3)]);
  return [new Uint8Array(0), Uint8Array.of(7), noise, runs, text, Uint8Array.from(mixed), alternating];
}

test("inflateRaw gives back what zlib's raw deflate compressed, at every level and with every strategy", () => {
  const strategies = [constants.Z_DEFAULT_STRATEGY, constants.Z_FILTERED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE, constants.Z_FIXED];
  for (const input of inputs()) {
    for (const level of [0, 1, 6, 9]) {
      for (const strategy of strategies) {
        const compressed = deflateRawSync(input, { level, strategy });
        const output = inflateRaw(compressed, input.length);
        assert.ok(Buffer.from(output).equals(Buffer.from(input)), `${input.length} bytes, level ${level}, strategy ${strategy}`);
      }
    }
  }
});

test("inflateRaw refuses data that is not DEFLATE or that holds another number of bytes", () => {
  const input = new TextEncoder().encode("abcabcabcabcabcabc, and then some more text ".repeat(20));
  const compressed = deflateRawSync(input, { level: 9 });
  assert.throws(() => inflateRaw(compressed, input.length - 1), /corrupt DEFLATE data/);
  assert.throws(() => inflateRaw(compressed, input.length + 1), /corrupt DEFLATE data/);
  assert.throws(() => inflateRaw(compressed.subarray(0, compressed.length >> 1), input.length), /corrupt DEFLATE data/);
  // Block type 3 is reserved.
  assert.throws(() => inflateRaw(Uint8Array.of(0b111), 1), /corrupt DEFLATE data/);
  // A stored block whose length and its complement disagree.
  assert.throws(() => inflateRaw(Uint8Array.of(1, 5, 0, 0, 0, 1, 2, 3, 4, 5), 5), /corrupt DEFLATE data/);
});

test("inflateRaw writes into the memory it is given (its first bytes), and refuses memory too short", () => {
  const input = new TextEncoder().encode("Laboratory Activity 3: the forward pass, then the backward pass. ".repeat(50));
  const compressed = deflateRawSync(input, { level: 9 });
  const memory = new Uint8Array(input.length + 10).fill(9);
  const output = inflateRaw(compressed, input.length, memory);
  assert.equal(output, memory);
  assert.ok(Buffer.from(memory.subarray(0, input.length)).equals(Buffer.from(input)));
  assert.ok(memory.subarray(input.length).every((b) => b === 9));
  assert.throws(() => inflateRaw(compressed, input.length, new Uint8Array(input.length - 1)), /do not fit/);
});
