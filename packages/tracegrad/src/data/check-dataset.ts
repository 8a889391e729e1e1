/**
 * The check of a {@link Dataset} given to a public function: its counts, its arrays' lengths, finite
 * values, labels within the classes.
 *
 * @module
 */
import { checkInteger, expected, isPlainObject } from "../common/check-argument.js";
import { InvalidArgumentError } from "../common/errors.js";
import type { AnyDataset, Dataset } from "./dataset.js";

/** Whether a data set's array is a Float64Array or a Float32Array. */
function isFloats(values: unknown): values is Float64Array | Float32Array {
  return values instanceof Float64Array || values instanceof Float32Array;
}

/**
 * Checks that `value` is a well-formed {@link Dataset}; `argument` names it in errors. Its arrays may
 * be Float32Arrays too (a float32 model's data, for the Trainer); the type says which a caller takes.
 */
export function checkDataset(value: unknown, argument: string): Dataset;
export function checkDataset(value: unknown, argument: string, float32: true): AnyDataset;
export function checkDataset(value: unknown, argument: string): AnyDataset {
  if (!isPlainObject(value)) throw expected(argument, "a data set { x, y, n, features, outputs } (from dataset(), generate() or csvDataset())", value);
  const d = value as Partial<AnyDataset>;
  const n = checkInteger(d.n, `${argument}.n`, 1);
  const features = checkInteger(d.features, `${argument}.features`, 1);
  const outputs = checkInteger(d.outputs, `${argument}.outputs`, 1);
  if (!isFloats(d.x)) throw expected(`${argument}.x`, "a Float64Array of n × features inputs", d.x);
  if (!isFloats(d.y)) throw expected(`${argument}.y`, "a Float64Array of n × outputs targets", d.y);
  if (d.x.length !== n * features) throw new InvalidArgumentError(`${argument}.x`, `has ${d.x.length} numbers, but ${n} samples of ${features} features need ${n * features}`);
  if (d.y.length !== n * outputs) throw new InvalidArgumentError(`${argument}.y`, `has ${d.y.length} numbers, but ${n} samples of ${outputs} outputs need ${n * outputs}`);
  const badInput = d.x.findIndex((v) => !Number.isFinite(v));
  if (badInput >= 0) throw new InvalidArgumentError(`${argument}.x`, `has ${d.x[badInput]} at sample ${Math.floor(badInput / features)}, input ${badInput % features} (0-based); every input must be a finite number`);
  const badTarget = d.y.findIndex((v) => !Number.isFinite(v));
  if (badTarget >= 0) throw new InvalidArgumentError(`${argument}.y`, `has ${d.y[badTarget]} at sample ${Math.floor(badTarget / outputs)}, target ${badTarget % outputs} (0-based); every target must be a finite number`);
  if (d.labels !== undefined) {
    if (!(d.labels instanceof Int32Array) || d.labels.length !== n) throw expected(`${argument}.labels`, `an Int32Array of ${n} class indices`, d.labels);
    const classes = checkInteger(d.classes, `${argument}.classes`, 2);
    const bad = d.labels.findIndex((c) => c < 0 || c >= classes);
    if (bad >= 0) throw new InvalidArgumentError(`${argument}.labels`, `has class ${d.labels[bad]} at sample ${bad}, outside 0 … ${classes - 1}`);
  }
  return d as AnyDataset;
}
