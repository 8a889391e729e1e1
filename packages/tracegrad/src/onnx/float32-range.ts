/**
 * Whether a model's numbers fit an ONNX export in float32: a finite value beyond float32's largest
 * (3.4028235e+38 in magnitude) would be written as an infinity, and the exported model compute
 * something else than the model file. The values checked are those the export writes: each layer's
 * weights, biases and batch-norm parameters, and the scaler's offsets and inverse scales.
 *
 * @module
 */
import type { ModelFile } from "../nn/model-file.js";

/** The largest magnitude of a finite float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

/** A value of a model that does not fit float32: where it is in the model file, and why. */
export interface Float32Overflow {
  /** Its path in the model file: `["layers", 0, "weights", 1, 2]`. */
  readonly path: readonly (string | number)[];
  /** The reason, without the place: `1e+308 does not fit float32 ...`. */
  readonly reason: string;
}

const TOO_LARGE = `does not fit float32 (at most ${FLOAT32_MAX.toPrecision(8)} in magnitude); export as float64`;

/** Whether a finite number becomes an infinity in float32. */
function overflows(x: number): boolean {
  return Number.isFinite(x) && !Number.isFinite(Math.fround(x));
}

/** The first value of a list (or of a matrix's rows) that overflows float32, as its path below `at`. */
function firstIn(values: readonly number[] | readonly (readonly number[])[], at: readonly (string | number)[]): Float32Overflow | null {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v === "number") {
      if (overflows(v)) return { path: [...at, i], reason: `${v} ${TOO_LARGE}` };
      continue;
    }
    const inner = firstIn(v, [...at, i]);
    if (inner !== null) return inner;
  }
  return null;
}

/** The first value of the scaler the export writes (an offset, or an inverse scale) that overflows float32. */
function scalerOverflow(scaler: NonNullable<ModelFile["scaler"]>): Float32Overflow | null {
  const [offsetField, offsets, scaleField] = scaler.method === "minmax" ? ["min", scaler.min, "max"] : ["mean", scaler.mean, "std"];
  const offset = firstIn(offsets, ["scaler", offsetField]);
  if (offset !== null) return offset;
  const scales = scaler.method === "minmax" ? scaler.max.map((m, j) => m - scaler.min[j]) : scaler.std;
  for (let j = 0; j < scales.length; j++) {
    const s = scales[j];
    const inverse = s === 0 ? 0 : 1 / s;
    if (!overflows(inverse)) continue;
    const what = scaler.method === "minmax" ? `the range max - min = ${s}` : `the standard deviation ${s}`;
    return { path: ["scaler", scaleField, j], reason: `${what} is scaled by 1/${s} = ${inverse}, which ${TOO_LARGE}` };
  }
  return null;
}

/**
 * The first value of a model that an export in float32 would turn into an infinity, or null when
 * every one fits.
 */
export function float32Overflow(model: ModelFile): Float32Overflow | null {
  for (let l = 0; l < model.layers.length; l++) {
    const layer = model.layers[l];
    const fields: [string, readonly number[] | readonly (readonly number[])[] | null][] =
      layer.type === "dense"
        ? [["weights", layer.weights], ["bias", layer.bias]]
        : layer.type === "batch-norm"
          ? [["gamma", layer.gamma], ["beta", layer.beta], ["runningMean", layer.runningMean], ["runningVariance", layer.runningVariance]]
          : [];
    for (const [name, values] of fields) {
      const found = values === null ? null : firstIn(values, ["layers", l, name]);
      if (found !== null) return found;
    }
  }
  return model.scaler === null ? null : scalerOverflow(model.scaler);
}
