/**
 * Thinning a long line (10,000 epochs of loss) to the few hundred points a 500-pixel-wide chart can
 * show, keeping its look: each run of consecutive points keeps its lowest and its highest point, so
 * spikes and the envelope of a noisy curve survive.
 *
 * @module
 */

/** A point of a line. */
export interface XY {
  readonly x: number;
  readonly y: number;
}

/** The most points a line chart draws of one series (lines.ts's default). */
export const MAX_POINTS_PER_SERIES = 1000;

/**
 * At most `maxPoints` (at least 4) of `points`, in order: the first, the last, and the lowest and
 * highest of each of equal runs between them. Lines no longer than `maxPoints` come back whole.
 */
export function decimate<P extends XY>(points: readonly P[], maxPoints: number): P[] {
  if (points.length <= maxPoints) return points.slice();
  return decimatedIndices(points.length, (i) => points[i].y, maxPoints).map((i) => points[i]);
}

/**
 * The indices of the points {@link decimate} keeps of a line of `count` points whose i-th has height
 * `y(i)`: for a line held in arrays, such as a run's 10,000 losses, without a point object for each.
 */
export function decimatedIndices(count: number, y: (i: number) => number, maxPoints: number): number[] {
  if (count <= maxPoints) return Array.from({ length: count }, (_, i) => i);
  const limit = Math.max(4, Math.floor(maxPoints));
  const inner = count - 2;
  const buckets = Math.floor((limit - 2) / 2);
  const kept: number[] = [0];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (end <= start) continue;
    let low = start;
    let high = start;
    for (let i = start + 1; i < end; i++) {
      if (y(i) < y(low)) low = i;
      if (y(i) > y(high)) high = i;
    }
    if (low === high) kept.push(low);
    else kept.push(Math.min(low, high), Math.max(low, high));
  }
  kept.push(count - 1);
  return kept;
}
