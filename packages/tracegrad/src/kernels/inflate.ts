/**
 * Raw DEFLATE decompression (RFC 1951), for the WebAssembly binaries the library embeds: they are
 * stored compressed (scripts/build-wasm.mjs, with zlib) and decompressed once, synchronously, before
 * they are compiled. DecompressionStream would do it only asynchronously, and a Trainer chooses its path
 * in its constructor.
 *
 * A small decoder: each Huffman code is decoded with one look-up in a table indexed by the next bits
 * (as many as the code's longest code has), so that it is quick even before the engine has optimized it
 * (it runs once, when the page or process starts).
 *
 * @module
 */

/**
 * A canonical Huffman code as a table indexed by the next `bits` bits of the stream (the first bit
 * read lowest): each entry is symbol·16 + the length of its code, 0 where no code begins so.
 */
interface HuffmanTable {
  readonly entries: Uint16Array;
  readonly bits: number;
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
function huffmanTable(lengths: ArrayLike<number>): HuffmanTable {
  const counts = new Uint16Array(16);
  let bits = 0;
  for (let i = 0; i < lengths.length; i++) {
    counts[lengths[i]]++;
    bits = Math.max(bits, lengths[i]);
  }
  counts[0] = 0;
  const next = new Uint16Array(16);
  for (let length = 1, code = 0; length < 16; length++) next[length] = code = (code + counts[length - 1]) << 1;
  const entries = new Uint16Array(1 << bits);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    const length = lengths[symbol];
    if (length === 0) continue;
    // The code's bits come first bit first: the table is indexed by them reversed.
    let reversed = 0;
    for (let i = 0, code = next[length]++; i < length; i++, code >>= 1) reversed = (reversed << 1) | (code & 1);
    for (let j = reversed; j < entries.length; j += 1 << length) entries[j] = (symbol << 4) | length;
  }
  return { entries, bits };
}

function fixedCodes(): [HuffmanTable, HuffmanTable] {
  const lengths = new Uint8Array(288);
  lengths.fill(8, 0, 144);
  lengths.fill(9, 144, 256);
  lengths.fill(7, 256, 280);
  lengths.fill(8, 280, 288);
  return [huffmanTable(lengths), huffmanTable(new Uint8Array(30).fill(5))];
}

/**
 * The `size` bytes that raw DEFLATE `data` holds, written into `into` (its first `size` bytes) when
 * given, else into a new array. Throws where `data` is not DEFLATE or does not hold exactly `size`
 * bytes.
 */
export function inflateRaw<Out extends Uint8Array = Uint8Array<ArrayBuffer>>(data: Uint8Array, size: number, into?: Out): Out {
  if (into !== undefined && into.length < size) throw new RangeError(`inflateRaw: ${size} bytes do not fit in ${into.length}`);
  const out = into ?? (new Uint8Array(size) as Out);
  let at = 0; // the next byte of data
  let bitBuffer = 0;
  let bitCount = 0;
  let written = 0;

  const fail = (): never => {
    throw new Error("corrupt DEFLATE data");
  };
  /** The next n bits, unread: past the end of the data they are zeros (which `consume` refuses). */
  const peek = (n: number): number => {
    while (bitCount < n) {
      bitBuffer |= (at < data.length ? data[at] : 0) << bitCount;
      at++;
      bitCount += 8;
    }
    return bitBuffer & ((1 << n) - 1);
  };
  const consume = (n: number): void => {
    bitBuffer >>>= n;
    bitCount -= n;
    if (at - (bitCount >> 3) > data.length) fail();
  };
  const bits = (n: number): number => {
    const value = peek(n);
    consume(n);
    return value;
  };
  const decode = (code: HuffmanTable): number => {
    const entry = code.entries[peek(code.bits)];
    if ((entry & 15) === 0) fail();
    consume(entry & 15);
    return entry >> 4;
  };

  let last = 0;
  while (last === 0) {
    last = bits(1);
    const type = bits(2);
    if (type === 0) {
      // Stored: the rest of the byte skipped (the whole bytes looked ahead at given back), then LEN,
      // its complement and LEN bytes.
      consume(bitCount & 7);
      at -= bitCount >> 3;
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
    let literals: HuffmanTable;
    let distances: HuffmanTable;
    if (type === 1) {
      [literals, distances] = fixedCodes();
    } else if (type === 2) {
      const literalCount = bits(5) + 257;
      const distanceCount = bits(5) + 1;
      const codeLengthCount = bits(4) + 4;
      const codeLengthLengths = new Uint8Array(19);
      for (let i = 0; i < codeLengthCount; i++) codeLengthLengths[CODE_LENGTH_ORDER[i]] = bits(3);
      const codeLengths = huffmanTable(codeLengthLengths);
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
      literals = huffmanTable(lengths.subarray(0, literalCount));
      distances = huffmanTable(lengths.subarray(literalCount));
    } else {
      return fail();
    }
    // The literals and lengths, the bulk of the work, with the reading of bits written out in the loop
    // (the closures above cost twice the time before the engine optimizes them).
    const literalEntries = literals.entries;
    const literalMask = (1 << literals.bits) - 1;
    const distanceEntries = distances.entries;
    const distanceMask = (1 << distances.bits) - 1;
    for (;;) {
      // 16 bits ahead cover any code (at most 15 bits) or extra bits (at most 13).
      while (bitCount < 16) {
        bitBuffer |= (at < data.length ? data[at] : 0) << bitCount;
        at++;
        bitCount += 8;
      }
      let entry = literalEntries[bitBuffer & literalMask];
      let n = entry & 15;
      if (n === 0) fail();
      bitBuffer >>>= n;
      bitCount -= n;
      const symbol = entry >> 4;
      if (symbol < 256) {
        if (written >= size) fail();
        out[written++] = symbol;
        continue;
      }
      if (symbol === 256) break;
      const s = symbol - 257;
      if (s >= 29) fail();
      n = LENGTH_BITS[s];
      while (bitCount < 16) {
        bitBuffer |= (at < data.length ? data[at] : 0) << bitCount;
        at++;
        bitCount += 8;
      }
      const length = LENGTH_BASES[s] + (bitBuffer & ((1 << n) - 1));
      bitBuffer >>>= n;
      bitCount -= n;
      while (bitCount < 16) {
        bitBuffer |= (at < data.length ? data[at] : 0) << bitCount;
        at++;
        bitCount += 8;
      }
      entry = distanceEntries[bitBuffer & distanceMask];
      n = entry & 15;
      if (n === 0) fail();
      bitBuffer >>>= n;
      bitCount -= n;
      const d = entry >> 4;
      if (d >= 30) fail();
      n = DISTANCE_BITS[d];
      while (bitCount < 16) {
        bitBuffer |= (at < data.length ? data[at] : 0) << bitCount;
        at++;
        bitCount += 8;
      }
      const distance = DISTANCE_BASES[d] + (bitBuffer & ((1 << n) - 1));
      bitBuffer >>>= n;
      bitCount -= n;
      if (distance > written || written + length > size) fail();
      for (let i = 0; i < length; i++, written++) out[written] = out[written - distance];
    }
    // Past the end of the data, the bits read were not there.
    if (at - (bitCount >> 3) > data.length) fail();
  }
  if (written !== size) fail();
  return out;
}
