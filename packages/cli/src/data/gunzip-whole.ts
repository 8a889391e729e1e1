/**
 * Decompressing gzip files (one member) without a second copy of their bytes. Node only.
 *
 * {@link gunzipInto} inflates the bytes straight into memory the caller gives: the MNIST loader gives
 * it the tail of the very typed array the pixels go into, and converts them there, front to back, so
 * that loading holds no inflated buffer beside the array (zlib's `gunzipSync` returns a buffer of its
 * own, and the garbage collector may keep it through the whole run). {@link gunzipWhole} uses zlib,
 * in one output buffer of the size the trailer records rather than 16 kB chunks concatenated into a
 * second buffer.
 *
 * @module
 */
import * as zlib from "node:zlib";
import { constants, gunzipSync } from "node:zlib";
import { inflateRaw } from "tracegrad/internal/kernels/inflate";

/** The largest single output buffer asked for; a trailer claiming more (a damaged file) gets chunks. */
const MAX_ONE_CHUNK = 64 * 2 ** 20;

/** The gzip header's flags (RFC 1952). */
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** The size the gzip trailer records (the decompressed size mod 2³²), or null for bytes too short to be gzip. */
export function gzipRecordedSize(gzip: Uint8Array): number | null {
  if (gzip.length < 18) return null;
  const end = gzip.length;
  return (gzip[end - 4] | (gzip[end - 3] << 8) | (gzip[end - 2] << 16) | (gzip[end - 1] << 24)) >>> 0;
}

/** The decompressed bytes of a gzip file (one member), in one buffer when the trailer tells its size. */
export function gunzipWhole(gzip: Uint8Array): Buffer {
  const size = gzipRecordedSize(gzip);
  // One byte more than the output, so that zlib sees the stream end with room left and adds no chunk.
  const chunkSize = size === null ? undefined : Math.max(constants.Z_MIN_CHUNK, Math.min(MAX_ONE_CHUNK, size + 1));
  return gunzipSync(gzip, chunkSize === undefined ? {} : { chunkSize });
}

let crcTable: Int32Array | null = null;

/** CRC-32 (ISO 3309, as gzip's trailer has it): zlib's where this Node has it (20.15 and later), else a table. */
function crc32(bytes: Uint8Array): number {
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (typeof native === "function") return native(bytes) >>> 0;
  crcTable ??= Int32Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c;
  });
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = crcTable[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/**
 * Inflates a gzip file (one member) into `into`, which must be exactly as long as the file's
 * decompressed bytes (its trailer's size, {@link gzipRecordedSize}), and checks them against the
 * trailer's CRC-32. Throws an Error saying what is wrong where the bytes are not such a file.
 */
export function gunzipInto(gzip: Uint8Array, into: Uint8Array): void {
  if (gzip.length < 18 || gzip[0] !== 0x1f || gzip[1] !== 0x8b || gzip[2] !== 8) throw new Error("not a gzip file (incorrect header check)");
  const flags = gzip[3];
  let at = 10;
  if (flags & FEXTRA) at += 2 + (gzip[at] | (gzip[at + 1] << 8));
  for (const flag of [FNAME, FCOMMENT]) {
    if (flags & flag) {
      while (at < gzip.length && gzip[at] !== 0) at++;
      at++;
    }
  }
  if (flags & FHCRC) {
    if (at + 2 > gzip.length || (crc32(gzip.subarray(0, at)) & 0xffff) !== (gzip[at] | (gzip[at + 1] << 8))) throw new Error("header crc mismatch");
    at += 2;
  }
  if (at > gzip.length - 8) throw new Error("unexpected end of file");
  if (gzipRecordedSize(gzip) !== into.length) throw new Error(`the trailer records ${gzipRecordedSize(gzip)} bytes, not ${into.length} (incorrect length check)`);
  inflateRaw(gzip.subarray(at, gzip.length - 8), into.length, into);
  const end = gzip.length;
  const recorded = (gzip[end - 8] | (gzip[end - 7] << 8) | (gzip[end - 6] << 16) | (gzip[end - 5] << 24)) >>> 0;
  if (crc32(into) !== recorded) throw new Error("incorrect data check (CRC-32)");
}
