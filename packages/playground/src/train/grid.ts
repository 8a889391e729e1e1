/**
 * The network over the plane: every layer's outputs at the centres of a grid of cells, for the
 * decision boundary and the per-unit thumbnails. The grid's points are in the data's own units and go
 * through the run's scaler, as `tracegrad predict` sends its inputs.
 *
 * @module
 */
import { applyScaler } from "tracegrad/internal/data/scalers";
import type { ScalerJson } from "tracegrad/internal/data/scalers";
import { Random } from "tracegrad/internal/engine/random";
import type { Sequential } from "tracegrad/internal/nn/model";

/** [x0 min, x0 max, x1 min, x1 max]. */
export type Extent = readonly [number, number, number, number];

export interface PlaneGrid {
  readonly cols: number;
  readonly rows: number;
  readonly extent: Extent;
  /** Per layer of the model: rows·cols × units, row 0 of the grid at the top (largest x1). */
  readonly layers: readonly { readonly type: string; readonly units: number; readonly activation: string | null; readonly values: Float64Array }[];
}

/** The extent of the data's first two features, with a margin of 10 % on every side. */
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

const random = new Random(0);

/** Runs the model over the grid in evaluation mode, keeping every layer's output. */
export function planeGrid(model: Sequential, scaler: ScalerJson | null, extent: Extent, cols: number, rows: number): PlaneGrid {
  const n = cols * rows;
  const points = new Float64Array(n * 2);
  for (let j = 0; j < rows; j++) {
    const x1 = extent[3] - ((j + 0.5) / rows) * (extent[3] - extent[2]);
    for (let i = 0; i < cols; i++) {
      const k = 2 * (j * cols + i);
      points[k] = extent[0] + ((i + 0.5) / cols) * (extent[1] - extent[0]);
      points[k + 1] = x1;
    }
  }
  const scaled = scaler === null ? points : applyScaler(scaler, points, n, 2);
  const input = model.dtype === "float64" ? scaled : Float32Array.from(scaled);
  const layers: { type: string; units: number; activation: string | null; values: Float64Array }[] = [];
  let x: Float64Array | Float32Array = input;
  for (const layer of model.layers) {
    x = layer.forward(x, n, false, random);
    const activation = (layer as unknown as { activation?: { name?: string } }).activation?.name ?? null;
    layers.push({ type: layer.type, units: layer.outputSize, activation, values: Float64Array.from(x.subarray(0, n * layer.outputSize)) });
  }
  return { cols, rows, extent, layers };
}
