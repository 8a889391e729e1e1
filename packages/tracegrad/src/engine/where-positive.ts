/**
 * out[i] = z[i] > 0 ? x[i] : +0 over typed arrays, without a branch per element: ReLU's forward
 * (x = z) and backward (x = ∂L/∂a) on the training fast path. Whether z[i] > 0 is taken from the IEEE
 * comparison (so NaN, -0 and -∞ give +0), as a mask of all ones or all zeros that keeps x[i]'s bits or
 * clears them. On data whose signs are mixed the branch of `z[i] > 0 ? x[i] : 0` is mispredicted half the
 * time; the mask runs about three times faster and gives the same bits. Below {@link MASKED_FROM}
 * elements the plain loop stays (the two word views cost more than a short loop's mispredictions).
 *
 * @module
 */
import type { FloatArray } from "../kernels/types.js";

/** The 32-bit words of a typed array's elements. */
function words(values: FloatArray): Int32Array {
  return new Int32Array(values.buffer, values.byteOffset, values.length * (values.BYTES_PER_ELEMENT >> 2));
}

/** The fewest elements taken through the mask (a Float32Array of 64 took 216 ns with it, 112 ns without; of 256, 0.6 against 1.8 µs). */
export const MASKED_FROM = 128;

/** out[i] = z[i] > 0 ? x[i] : +0 for i < length (out may be x or z). */
export function wherePositive(z: FloatArray, x: FloatArray, out: FloatArray, length: number): void {
  if (length < MASKED_FROM || x.BYTES_PER_ELEMENT !== out.BYTES_PER_ELEMENT) {
    for (let i = 0; i < length; i++) out[i] = z[i] > 0 ? x[i] : 0;
    return;
  }
  const from = words(x);
  const to = words(out);
  if (out.BYTES_PER_ELEMENT === 4) {
    for (let i = 0; i < length; i++) to[i] = from[i] & -(z[i] > 0);
  } else {
    for (let i = 0; i < length; i++) {
      const keep = -(z[i] > 0);
      to[2 * i] = from[2 * i] & keep;
      to[2 * i + 1] = from[2 * i + 1] & keep;
    }
  }
}
