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

/**
 * At most `maxPoints` (at least 4) of `points`, in order: the first, the last, and the lowest and
 * highest of each of equal runs between them. Lines no longer than `maxPoints` come back whole.
 */
export function decimate<P extends XY>(points: readonly P[], maxPoints: number): P[] {
  if (points.length <= maxPoints) return points.slice();
  const limit = Math.max(4, Math.floor(maxPoints));
  const inner = points.length - 2;
  const buckets = Math.floor((limit - 2) / 2);
  const kept: P[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (end <= start) continue;
    let low = start;
    let high = start;
    for (let i = start + 1; i < end; i++) {
      if (points[i].y < points[low].y) low = i;
      if (points[i].y > points[high].y) high = i;
    }
    if (low === high) kept.push(points[low]);
    else kept.push(points[Math.min(low, high)], points[Math.max(low, high)]);
  }
  kept.push(points[points.length - 1]);
  return kept;
}
