/**
 * The part of the plane train mode's maps cover: the data's extent with a margin.
 *
 * @module
 */

/** [x1 min, x1 max, x2 min, x2 max]. */
export type Extent = readonly [number, number, number, number];

/** The extent of the data's first two columns, with a margin of 10 % on every side. */
export function dataExtent(x: ArrayLike<number>, n: number, features: number): Extent {
  let a = Infinity;
  let b = -Infinity;
  let c = Infinity;
  let d = -Infinity;
  for (let r = 0; r < n; r++) {
    const x0 = x[r * features];
    const x1 = x[r * features + 1];
    if (x0 < a) a = x0;
    if (x0 > b) b = x0;
    if (x1 < c) c = x1;
    if (x1 > d) d = x1;
  }
  if (!(b > a)) [a, b] = [a - 1, a + 1];
  if (!(d > c)) [c, d] = [c - 1, c + 1];
  const m0 = (b - a) * 0.1;
  const m1 = (d - c) * 0.1;
  return [a - m0, b + m0, c - m1, d + m1];
}
