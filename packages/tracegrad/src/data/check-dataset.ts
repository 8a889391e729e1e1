/**
 * The check of a {@link Dataset} given to a public function: its counts, its arrays' lengths, finite
 * values, labels within the classes.
 *
 * @module
 */
import { checkInteger, expected, isPlainObject } from "../common/check-argument.js";
import { InvalidArgumentError } from "../common/errors.js";
import type { AnyDataset, Dataset } from "./dataset.js";

/**
 * Checks that `value` is a well-formed {@link Dataset}; `argument` names it in errors. With
 * `float32: true` (where the data may be a float32 model's, as the Trainer's), its arrays may also be
 * Float32Arrays.
 */
export function checkDataset(value: unknown, argument: string): Dataset;
export function checkDataset(value: unknown, argument: string, options: { float32: true }): AnyDataset;
export function checkDataset(value: unknown, argument: string, options: { float32?: boolean } = {}): AnyDataset {
  if (!isPlainObject(value)) throw expected(argument, "a data set { x, y, n, features, outputs } (from dataset(), generate() or csvDataset())", value);
  const d = value as Partial<AnyDataset>;
  const n = checkInteger(d.n, `${argument}.n`, 1);
  const features = checkInteger(d.features, `${argument}.features`, 1);
  const outputs = checkInteger(d.outputs, `${argument}.outputs`, 1);
  const float32 = options.float32 === true;
  const arrays = float32 ? "a Float64Array or a Float32Array" : "a Float64Array";
  if (!(d.x instanceof Float64Array || (float32 && d.x instanceof Float32Array))) throw expected(`${argument}.x`, `${arrays} of n × features inputs`, d.x);
  if (!(d.y instanceof Float64Array || (float32 && d.y instanceof Float32Array))) throw expected(`${argument}.y`, `${arrays} of n × outputs targets`, d.y);
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
