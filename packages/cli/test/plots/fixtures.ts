/** Data the plot tests draw: seed 003's XOR-easy set and learning curves. */

/** Seed 003's XOR-easy set: 11 points of class 0 on the diagonal, 10 of class 1 on the other. */
export function xorEasy(): { x: [number, number]; label: number }[] {
  const points: { x: [number, number]; label: number }[] = [];
  for (let i = 0; i < 11; i++) {
    points.push({ x: [0.1 * i, 0.1 * i], label: 0 });
    if (i !== 5) points.push({ x: [0.1 * i, 1 - 0.1 * i], label: 1 });
  }
  return points;
}

/** A loss falling from 0.25 to about 0.004, recorded every `every` epochs up to `epochs`. */
export function lossCurve(epochs: number, every = 1): { epoch: number; value: number }[] {
  const points = [];
  for (let epoch = 0; epoch <= epochs; epoch += every) points.push({ epoch, value: 0.25 / (1 + Math.pow(epoch / 2000, 2.6)) });
  return points;
}

/** An evenly spaced axis of `n` points from `from` to `to`. */
export function axis(n: number, from: number, to: number): number[] {
  return Array.from({ length: n }, (_, i) => from + ((to - from) * i) / (n - 1));
}
