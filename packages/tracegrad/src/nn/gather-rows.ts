/**
 * A minibatch's rows gathered from a data set into a preallocated buffer, in the order of the epoch's
 * permutation: element by element, so that no view of a row is made (two per row of every batch
 * before, the garbage of the minibatch loop).
 *
 * @module
 */
import type { FloatArray } from "../engine/activations.js";

/**
 * Copies `rows` rows of `source` (rows of `width` values), the rows `order[start]`, `order[start + 1]`, …
 * (or `start`, `start + 1`, … without an order), into the first `rows · width` values of `target`.
 */
export function gatherRows(target: FloatArray, source: FloatArray, width: number, rows: number, start: number, order: Uint32Array | null): void {
  let to = 0;
  for (let r = 0; r < rows; r++) {
    let from = (order === null ? start + r : order[start + r]) * width;
    const end = from + width;
    while (from < end) target[to++] = source[from++];
  }
}
