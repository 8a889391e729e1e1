/**
 * `tracegrad predict MODEL DATA` and `tracegrad evaluate MODEL DATA`: a trained model on new data.
 *
 * @module
 */
import { CsvColumnsReader } from "tracegrad/internal/data/csv";
import type { CsvColumnsPlan } from "tracegrad/internal/data/csv";
import { asFloat64, classificationDataset } from "tracegrad/internal/data/dataset";
import type { Dataset } from "tracegrad";
import { generate, isGeneratorName, MAX_POINTS } from "tracegrad/internal/data/generators";
import { mnistSplit } from "../../data/mnist.js";
import { networkInputs, rawInputCount } from "tracegrad/internal/data/features";
import { formatNumber } from "tracegrad/internal/common/format-number";
import { readTextFile, streamTextFile } from "../../files/read-text-file.js";
import { quote } from "tracegrad/internal/common/excerpt";
import { className, classificationMetrics, predictedClasses } from "tracegrad/internal/nn/metrics";
import { parseModelFile } from "tracegrad/internal/nn/model-file";
import { loadModel } from "tracegrad/internal/nn/model";
import type { ModelFile } from "tracegrad";
import { LOSSES } from "tracegrad/internal/engine/losses";
import { InputError } from "tracegrad";
import { checkOutputTargets, emit, integerOption } from "../io.js";

interface DataOptions {
  seed?: string;
  points?: string;
  json?: boolean;
  out?: string;
}

/**
 * The seed of a generated data set or of MNIST's split: --seed, or the model's training seed, so that
 * MNIST gives the test split the model was held out from.
 */
function seedOf(model: ModelFile, options: DataOptions): number {
  if (options.seed === undefined) return typeof model.training.seed === "number" ? model.training.seed : 1;
  const seed = Number(options.seed);
  if (options.seed.trim() === "" || !Number.isSafeInteger(seed)) throw new InputError(`--seed must be a whole number, got ${quote(options.seed)}`);
  return seed;
}

/** The data a model is applied to: a CSV file (its feature columns by name), or a generated set. */
function loadData(path: string, model: ModelFile, options: DataOptions, needTargets: boolean): Dataset {
  const oneHot = model.outputs > 1;
  const points = options.points === undefined ? undefined : integerOption(options.points, "--points", 1, MAX_POINTS);
  if (path === "mnist") return mnistSplit(seedOf(model, options)).test;
  if (isGeneratorName(path)) {
    const classes = model.task.classes ?? 2;
    // The noise the model's data was drawn with, so that the same seed draws the same points.
    const noise = typeof model.training.noise === "number" ? { noise: model.training.noise } : {};
    return generate(path, { seed: seedOf(model, options), ...(points !== undefined ? { n: points } : {}), classes, oneHot: oneHot && classes === 2, ...noise });
  }
  return csvData(path, model, needTargets, oneHot);
}

/**
 * A CSV file's samples for a model, read in chunks: the model's feature columns by name (or its first
 * columns), and to evaluate, the other columns as targets (class labels matched to the model's own
 * class names, or values).
 */
function csvData(path: string, model: ModelFile, needTargets: boolean, oneHot: boolean): Dataset {
  const header = { line: 1, column: 1 };
  let features: readonly string[] = [];
  let targets: readonly string[] = [];
  const classification = needTargets && model.task.kind !== "regression";
  // Class labels are matched to the model's own class names, whatever classes this file happens to hold.
  const names = model.task.classNames ?? Array.from({ length: model.task.classes ?? 2 }, (_, i) => String(i));
  const plan = (columns: readonly string[]): CsvColumnsPlan => {
    features = model.featureNames ?? columns.slice(0, rawInputCount(model, model.inputs));
    const missing = features.filter((f) => !columns.includes(f));
    if (missing.length > 0) throw new InputError(`has no column ${missing.slice(0, 5).map((m) => quote(m)).join(", ")}${missing.length > 5 ? ", ..." : ""}, which the model takes as input`, { file: path, position: header });
    targets = columns.filter((h) => !features.includes(h));
    if (needTargets && targets.length === 0) throw new InputError("has no target column to evaluate against", { file: path, position: header });
    const numbers = [...features, ...(needTargets && !classification ? targets : [])].map((f) => columns.indexOf(f));
    if (!classification) return { numbers };
    const column = columns.indexOf(targets[0]);
    const id = (cell: string, line: number) => {
      const label = names.indexOf(cell);
      if (label < 0) throw new InputError(`class ${quote(cell)} is not one the model knows (${names.length > 20 ? `${names.slice(0, 20).join(", ")}, ...` : names.join(", ")})`, { file: path, position: { line, column: column + 1 } });
      return label;
    };
    return { numbers, label: { column, id } };
  };
  const reader = new CsvColumnsReader(plan, path);
  streamTextFile(path, (text) => reader.write(text));
  const read = reader.end();
  const n = read.rows;
  const f = features.length;
  if (!needTargets) return { x: read.values, y: new Float64Array(0), n, features: f, outputs: 0, featureNames: features };
  if (classification) return classificationDataset(read.values, f, read.labels!, names.length, { featureNames: features, oneHot });
  // Regression: each row holds its features, then its targets.
  const width = f + targets.length;
  const x = new Float64Array(n * f);
  const y = new Float64Array(n * targets.length);
  for (let r = 0; r < n; r++) {
    x.set(read.values.subarray(r * width, r * width + f), r * f);
    y.set(read.values.subarray(r * width + f, (r + 1) * width), r * targets.length);
  }
  return { x, y, n, features: f, outputs: targets.length, featureNames: features };
}

/** The model's outputs on the data: its features computed from the data's columns (if it has any), scaled, then the network. */
function outputsOf(model: ModelFile, data: Dataset): Float64Array {
  const columns = rawInputCount(model, model.inputs);
  if (data.features !== columns) throw new InputError(`the data has ${data.features} features; the model takes ${columns}`);
  return loadModel(model).predictFlat(networkInputs(model, asFloat64(data.x), data.n, data.features), data.n);
}

export function predictCommand(modelPath: string, dataPath: string, options: DataOptions): number {
  checkOutputTargets([{ option: "--out", path: options.out, kind: "file" }], [modelPath, dataPath]);
  const model = parseModelFile(readTextFile(modelPath), modelPath);
  const data = loadData(dataPath, model, options, false);
  const outputs = outputsOf(model, data);
  const k = model.outputs;
  const classes = model.task.kind === "classification" ? predictedClasses(outputs, data.n, k) : null;
  const names = model.task.classNames;
  if (options.json) {
    const rows = Array.from({ length: data.n }, (_, r) => ({
      ...(classes !== null ? { class: className(classes[r], names) } : {}),
      outputs: Array.from(outputs.subarray(r * k, (r + 1) * k)),
    }));
    emit(JSON.stringify({ predictions: rows }, null, 2) + "\n", options.out);
  } else {
    // Line by line, without an object per row: a million rows print in a second or two.
    const outputNames = Array.from({ length: k }, (_, j) => (k > 1 && names ? `p_${names[j]}` : `output${k > 1 ? j + 1 : ""}`));
    const lines: string[] = [[...(classes !== null ? ["class"] : []), ...outputNames].join(",")];
    for (let r = 0; r < data.n; r++) {
      let line = classes !== null ? className(classes[r], names) : "";
      for (let j = 0; j < k; j++) line += (j === 0 && classes === null ? "" : ",") + String(outputs[r * k + j]);
      lines.push(line);
    }
    emit(lines.join("\n") + "\n", options.out);
  }
  return 0;
}

export function evaluateCommand(modelPath: string, dataPath: string, options: DataOptions): number {
  checkOutputTargets([{ option: "--out", path: options.out, kind: "file" }], [modelPath, dataPath]);
  const model = parseModelFile(readTextFile(modelPath), modelPath);
  const data = loadData(dataPath, model, options, true);
  const outputs = outputsOf(model, data);
  if (model.loss === undefined) throw new InputError('names no loss (it was saved before any training), and evaluate needs one: add "loss" to it, or train the model first', { file: modelPath });
  const loss = LOSSES[model.loss];
  let terms = 0;
  for (let i = 0; i < outputs.length; i++) terms += loss.term(data.y[i], outputs[i]);
  const value = loss.coefficient(loss.count(data.n, model.outputs)).value * terms;
  const metrics = data.labels !== undefined && model.task.classes !== undefined ? classificationMetrics(data.labels, predictedClasses(outputs, data.n, model.outputs), model.task.classes) : null;
  if (options.json) {
    emit(JSON.stringify({ samples: data.n, loss: value, ...(metrics ?? {}) }, null, 2) + "\n", options.out);
    return 0;
  }
  const lines = [`${data.n} samples`, `loss (${model.loss}): ${formatNumber(value, 6)}`];
  if (metrics !== null) {
    const pct = (x: number) => `${formatNumber(x * 100, 4)}%`;
    lines.push(`accuracy: ${pct(metrics.accuracy)}`, `precision: ${pct(metrics.precision)}`, `recall: ${pct(metrics.recall)}`, `F1: ${pct(metrics.f1)}`, "confusion matrix (rows: true class, columns: predicted):");
    const labels = model.task.classNames ?? metrics.confusionMatrix.map((_, i) => String(i));
    const width = Math.max(...labels.map((l) => l.length), ...metrics.confusionMatrix.flat().map((v) => String(v).length));
    lines.push(" ".repeat(width + 2) + labels.map((l) => l.padStart(width)).join(" "));
    metrics.confusionMatrix.forEach((row, i) => lines.push(`${labels[i].padStart(width)}  ${row.map((v) => String(v).padStart(width)).join(" ")}`));
    if (metrics.unpredicted > 0) lines.push(`${metrics.unpredicted} samples have NaN outputs: no class, counted wrong, not in the matrix`);
  }
  emit(lines.join("\n") + "\n", options.out);
  return 0;
}
