/**
 * A minibatch's rows gathered from a data set into a preallocated buffer, in the order of the epoch's
 * permutation. Each row is one `set` of a view of it (a memory copy): four to five times faster than
 * copying element by element, the views costing less than the loop they save.
 *
 * @module
 */
import type { FloatArray } from "../engine/activations.js";

/**
 * Copies `rows` rows of `source` (rows of `width` values), the rows `order[start]`, `order[start + 1]`, …
 * (or `start`, `start + 1`, … without an order), into the first `rows · width` values of `target`.
 */
export function gatherRows(target: FloatArray, source: FloatArray, width: number, rows: number, start: number, order: Uint32Array | null): void {
  if (order === null) {
    target.set(source.subarray(start * width, (start + rows) * width));
    return;
  }
  for (let r = 0; r < rows; r++) {
    const from = order[start + r] * width;
    target.set(source.subarray(from, from + width), r * width);
  }
}
