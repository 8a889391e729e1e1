/**
 * Raw DEFLATE decompression (RFC 1951), for the WebAssembly binaries the library embeds: they are
 * stored compressed (scripts/build-wasm.mjs, with zlib) and decompressed once, synchronously, before
 * they are compiled. DecompressionStream would do it only asynchronously, and a Trainer chooses its path
 * in its constructor.
 *
 * A small decoder in the manner of Jørgen Ibsen's tinf: each Huffman code is read a bit at a time,
 * which is fast enough for the few tens of kilobytes it decodes once.
 *
 * @module
 */

/** A canonical Huffman code: how many codes each length has, and the symbols in code order. */
interface HuffmanCode {
  readonly counts: Uint16Array;
  readonly symbols: Uint16Array;
}

/** The order of the code-length code's lengths in a dynamic block's header. */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Extra bits and base values of the 29 length symbols (257 ..) or the 30 distance symbols. */
function extraBitsAndBases(delta: number, first: number): [Uint8Array, Uint16Array] {
  const bits = new Uint8Array(30);
  const bases = new Uint16Array(30);
  for (let i = delta; i < 30; i++) bits[i] = Math.floor((i - delta) / delta);
  for (let i = 0, sum = first; i < 30; i++) {
    bases[i] = sum;
    sum += 1 << bits[i];
  }
  return [bits, bases];
}

const [LENGTH_BITS, LENGTH_BASES] = extraBitsAndBases(4, 3);
// Length symbol 285 is 258 with no extra bits, not the 259 the pattern gives.
LENGTH_BITS[28] = 0;
LENGTH_BASES[28] = 258;
const [DISTANCE_BITS, DISTANCE_BASES] = extraBitsAndBases(2, 1);

/** The canonical Huffman code of `lengths` (code lengths 0 to 15, 0 for a symbol not used). */
function huffmanCode(lengths: ArrayLike<number>): HuffmanCode {
  const counts = new Uint16Array(16);
  for (let i = 0; i < lengths.length; i++) counts[lengths[i]]++;
  counts[0] = 0;
  const offsets = new Uint16Array(16);
  for (let length = 1; length < 16; length++) offsets[length] = offsets[length - 1] + counts[length - 1];
  const symbols = new Uint16Array(lengths.length);
  for (let i = 0; i < lengths.length; i++) if (lengths[i] !== 0) symbols[offsets[lengths[i]]++] = i;
  return { counts, symbols };
}

function fixedCodes(): [HuffmanCode, HuffmanCode] {
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  return [huffmanCode(lengths), huffmanCode(new Uint8Array(30).fill(5))];
}

/**
 * The `size` bytes that raw DEFLATE `data` holds. Throws where `data` is not DEFLATE or does not hold
 * exactly `size` bytes.
 */
export function inflateRaw(data: Uint8Array, size: number): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(size);
  let at = 0; // the next byte of data
  let bitBuffer = 0;
  let bitCount = 0;
  let written = 0;

  const fail = (): never => {
    throw new Error("corrupt DEFLATE data");
  };
  const bits = (n: number): number => {
    while (bitCount < n) {
      if (at >= data.length) fail();
      bitBuffer |= data[at++] << bitCount;
      bitCount += 8;
    }
    const value = bitBuffer & ((1 << n) - 1);
    bitBuffer >>>= n;
    bitCount -= n;
    return value;
  };
  const decode = (code: HuffmanCode): number => {
    // Codes of each length are consecutive: walk the lengths until the code read so far is one.
    let first = 0;
    let index = 0;
    let value = 0;
    for (let length = 1; length < 16; length++) {
      value |= bits(1);
      const count = code.counts[length];
      if (value - first < count) return code.symbols[index + value - first];
      index += count;
      first = (first + count) << 1;
      value <<= 1;
    }
    return fail();
  };

  let last = 0;
  while (last === 0) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored: the rest of the byte skipped, then LEN, its complement and LEN bytes.
      bitBuffer = 0;
      bitCount = 0;
      if (at + 4 > data.length) fail();
      const length = data[at] | (data[at + 1] << 8);
      if ((length ^ 0xffff) !== (data[at + 2] | (data[at + 3] << 8)) || at + 4 + length > data.length || written + length > size) fail();
      out.set(data.subarray(at + 4, at + 4 + length), written);
      at += 4 + length;
      written += length;
      continue;
    }
    let literals: HuffmanCode;
    let distances: HuffmanCode;
    if (type === 1) {
      [literals, distances] = fixedCodes();
    } else if (type === 2) {
      const literalCount = bits(5) + 257;
      const distanceCount = bits(5) + 1;
      const codeLengthCount = bits(4) + 4;
      const codeLengthLengths = new Uint8Array(19);
      for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]] = bits(3);
      const codeLengths = huffmanCode(codeLengthLengths);
      const lengths = new Uint8Array(literalCount + distanceCount);
      for (let i = 0; i < lengths.length; ) {
        const symbol = decode(codeLengths);
        if (symbol < 16) {
          lengths[i++] = symbol;
          continue;
        }
        const [value, repeat] = symbol === 16 ? [i > 0 ? lengths[i - 1] : fail(), 3 + bits(2)] : symbol === 17 ? [0, 3 + bits(3)] : [0, 11 + bits(7)];
        if (i + repeat > lengths.length) fail();
        lengths.fill(value, i, i + repeat);
        i += repeat;
      }
      literals = huffmanCode(lengths.subarray(0, literalCount));
      distances = huffmanCode(lengths.subarray(literalCount));
    } else {
      return fail();
    }
    for (;;) {
      const symbol = decode(literals);
      if (symbol === 256) break;
      if (symbol < 256) {
        if (written >= size) fail();
        out[written++] = symbol;
        continue;
      }
      const s = symbol - 257;
      if (s >= 29) fail();
      const length = LENGTH_BASES[s] + bits(LENGTH_BITS[s]);
      const d = decode(distances);
      if (d >= 30) fail();
      const distance = DISTANCE_BASES[d] + bits(DISTANCE_BITS[d]);
      if (distance > written || written + length > size) fail();
      for (let i = 0; i < length; i++, written++) out[written] = out[written - distance];
    }
  }
  if (written !== size) fail();
  return out;
}
