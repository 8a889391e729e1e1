/**
 * The block sizes every kernel shares, and what they mean for the order of the sums.
 *
 * Every backend sums k in blocks of {@link KC}: for each block in turn, s = 0, then s = s + a·b for each
 * k of the block in order; the first block's s becomes C (or C + s when accumulating), each later block
 * adds as C + s. In Float64 (where every operation is one IEEE double operation) this makes the naive
 * loop, the TypeScript kernel and the WebAssembly kernel give the same bits.
 *
 * @module
 */

/** How many values of k one block sums before adding into C. */
export const KC = 256;

/** How many rows of C one block of packed A covers (a multiple of every kernel's tile height, 4). */
export const MC = 64;

/**
 * Products with at most this many multiply-adds (m·n·k) take the naive loop on every backend: below it
 * the WebAssembly backends' fixed cost (copies, packing, the call; about 0.5 µs) outweighs their speed.
 */
export const TINY_PRODUCT = 512;

/** The `ts` backend takes the naive loop up to this many multiply-adds: packing pays off only above. */
export const TS_NAIVE_PRODUCT = 8192;

/**
 * Products with fewer multiply-adds than this stay on one thread, by element type: below, waking the
 * workers and waiting for their last blocks (about 0.1 ms) costs more than the second core saves. A
 * Float32 product of 2²¹ multiply-adds (W3-128) took 0.128 ms on one thread and 0.164 ms on two; a
 * Float64 product runs half as fast, so its threshold is half as many multiply-adds.
 */
export const THREADED_PRODUCT = { f32: 1 << 22, f64: 1 << 21 } as const;
