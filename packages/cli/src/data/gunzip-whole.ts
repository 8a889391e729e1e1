/**
 * Decompresses a gzip file's bytes into one buffer of its size, the size its trailer records
 * (ISIZE): zlib's `gunzipSync` otherwise fills 16 kB chunks and then concatenates them into a second
 * buffer, so that the decompressed bytes are held twice at once (16 MB for the 7.8 MB of the MNIST
 * images). Node only.
 *
 * @module
 */
import { constants, gunzipSync } from "node:zlib";

/** The largest single output buffer asked for; a trailer claiming more (a damaged file) gets chunks. */
const MAX_ONE_CHUNK = 64 * 2 ** 20;

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
