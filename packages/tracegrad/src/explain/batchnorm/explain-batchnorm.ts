/**
 * The worked solution of `tracegrad batchnorm`: batch normalisation of a batch with the statistics
 * of the batch, recorded by `engine/ops/batch-norm.ts` (whose numbers are those of
 * `engine/normalization.ts`, the training layer's functions): per feature μ, σ², every x̂ and
 * y = γx̂ + β, and, given ∂L/∂y, the backward pass.
 *
 * @module
 */
import { checkLimit, LIMITS } from "../../common/limits.js";
import { partial, sym } from "../../engine/expr.js";
import { batchNorm, batchNormSaved, explainBatchNormFeature } from "../../engine/ops/batch-norm.js";
import type { BatchNormNode } from "../../engine/ops/batch-norm.js";
import { batchNormBackwardFormulas, batchNormFormulas } from "../../engine/normalization.js";
import { Tape } from "../../engine/tape.js";
import { Tensor } from "../../engine/tensor.js";
import type { TensorLabel } from "../../engine/tensor.js";
import { DEFAULT_BATCH_NORM_EPSILON } from "../../nn/layers/batch-norm.js";
import { InputError } from "../../common/input-error.js";
import { formatNumber } from "../../common/format-number.js";
import type { DataMatrix } from "../worked/read-matrix.js";
import type { WorkedRenderOptions } from "../worked/render-worked.js";
import { renderWorked } from "../worked/render-worked.js";
import type { Table, Worked, WorkedSection } from "../worked/worked.js";
import { section } from "../worked/worked.js";


export interface BatchNormProblem {
  /** The batch: one row per sample. */
  readonly data: DataMatrix;
  /** γ, one per feature (ones by default). */
  readonly gamma?: readonly number[];
  /** β, one per feature (zeros by default). */
  readonly beta?: readonly number[];
  /** ε (the training layer's 1e-5 when not given). */
  readonly epsilon?: number;
  /** ∂L/∂y (rows × features), to work the backward pass too. */
  readonly gradient?: readonly (readonly number[])[];
  readonly title?: string;
}

/** Batch normalisation as recorded. */
export interface BatchNormRecord {
  readonly problem: BatchNormProblem;
  readonly tape: Tape;
  readonly node: BatchNormNode;
  /** [∂L/∂x, ∂L/∂γ, ∂L/∂β] when ∂L/∂y was given. */
  readonly gradients: readonly Float64Array[] | null;
}

function mark(batch: number, n: number): string | undefined {
  return batch > 1 ? `(${n + 1})` : undefined;
}

function elementLabel(name: string, batch: number, features: number, title: string): TensorLabel {
  const at = (k: number) => sym(name, String((k % features) + 1), mark(batch, Math.floor(k / features)));
  return { title, value: (k, v) => ({ ...at(k), value: v }), gradient: (k, v) => partial(sym("L"), at(k), v) };
}

function parameterLabel(name: string, title: string): TensorLabel {
  return { title, value: (j, v) => sym(name, String(j + 1), undefined, v), gradient: (j, v) => partial(sym("L"), sym(name, String(j + 1)), v) };
}

/** Normalises the batch on a tape and, given ∂L/∂y, runs the operation's backward computation. */
export function runBatchNorm(problem: BatchNormProblem): BatchNormRecord {
  const rows = problem.data.values;
  const batch = rows.length;
  const features = rows[0].length;
  checkLimit(batch * features, LIMITS.workedValues, "numbers in the batch", { hint: "a worked solution works every one of them" });
  const check = (values: readonly number[] | undefined, option: string) => {
    if (values !== undefined && values.length !== features) throw new InputError(`${option}: has ${values.length} values; give one per feature: ${features}`);
  };
  check(problem.gamma, "--gamma");
  check(problem.beta, "--beta");
  const tape = new Tape();
  const x = Tensor.fromRows(rows, { requiresGrad: true, label: elementLabel("x", batch, features, "batch") });
  const gamma = Tensor.fromVector([...(problem.gamma ?? new Array<number>(features).fill(1))], { requiresGrad: true, label: parameterLabel("gamma", "scale") });
  const beta = Tensor.fromVector([...(problem.beta ?? new Array<number>(features).fill(0))], { requiresGrad: true, label: parameterLabel("beta", "shift") });
  const y = batchNorm(tape, x, gamma, beta, { epsilon: problem.epsilon ?? DEFAULT_BATCH_NORM_EPSILON }, elementLabel("y", batch, features, "output"));
  const node = tape.creator(y) as BatchNormNode;
  let gradients: Float64Array[] | null = null;
  if (problem.gradient !== undefined) {
    const g = problem.gradient;
    if (g.length !== batch || g.some((row) => row.length !== features)) throw new InputError(`--gradient: ∂L/∂y must be ${batch} × ${features}, as the batch`);
    // One node's part of a backward pass: its output's gradient, and the operation's vector-Jacobian products.
    y.grad = Float64Array.from(g.flat());
    gradients = node.operation.backward(node, y.grad) as Float64Array[];
  }
  return { problem, tape, node, gradients };
}

/** The numbers, as `tracegrad batchnorm --json` prints them. */
export function batchNormResults(record: BatchNormRecord) {
  const { mean, variance, xHat } = batchNormSaved(record.node);
  const y = record.node.output;
  const cols = y.cols;
  const rows = (data: Float64Array) => Array.from({ length: y.rows }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
  return {
    epsilon: record.node.attributes.epsilon,
    gamma: Array.from(record.node.inputs[1].data),
    beta: Array.from(record.node.inputs[2].data),
    mean: Array.from(mean),
    variance: Array.from(variance),
    xHat: rows(xHat),
    y: rows(y.data),
    ...(record.gradients !== null ? { dx: rows(record.gradients[0]), dGamma: Array.from(record.gradients[1]), dBeta: Array.from(record.gradients[2]) } : {}),
  };
}

function matrix(title: string, columns: readonly string[], data: ArrayLike<number>, rows: number): Table {
  const cols = columns.length;
  return { title, columns: ["row", ...columns], rows: Array.from({ length: rows }, (_, r) => [String(r + 1), ...Array.from({ length: cols }, (_, j) => data[r * cols + j])]) };
}

function backwardSection(record: BatchNormRecord): WorkedSection {
  const node = record.node;
  const [dx, dGamma, dBeta] = record.gradients!;
  const batch = node.inputs[0].rows;
  const features = node.inputs[0].cols;
  const betaSteps = node.operation.explainBackward(node, 2, dBeta);
  const gammaSteps = node.operation.explainBackward(node, 1, dGamma);
  const xSteps = node.operation.explainBackward(node, 0, dx);
  const groups = Array.from({ length: features }, (_, j) => ({
    title: `Feature ${j + 1}`,
    steps: [betaSteps[j], gammaSteps[j], ...xSteps.slice(j * batch, (j + 1) * batch)],
  }));
  return section("backward", "Backward pass", {
    formulas: batchNormBackwardFormulas(),
    groups,
    tables: [matrix("∂L/∂x", record.problem.data.columns, dx, batch)],
  });
}

/** The worked solution of a batch normalisation. */
export function batchNormWorked(record: BatchNormRecord, options: { precision: number; title?: string }): Worked {
  const node = record.node;
  const x = node.inputs[0];
  const batch = x.rows;
  const features = x.cols;
  const { xHat } = batchNormSaved(node);
  const columns = record.problem.data.columns;
  const epsilon = node.attributes.epsilon;
  const featureTitle = (j: number) => (columns[j] === `x${j + 1}` ? `Feature ${j + 1}` : `Feature ${j + 1} (${columns[j]})`);
  const [gamma, beta] = [node.inputs[1], node.inputs[2]];
  const sections: WorkedSection[] = [
    section("data", "The batch", { tables: [matrix("", columns, x.data, batch)] }),
    section("forward", "Normalize, then scale and shift", {
      formulas: batchNormFormulas(),
      groups: Array.from({ length: features }, (_, j) => ({ title: featureTitle(j), steps: explainBatchNormFeature(node, j) })),
      tables: [matrix("x̂", columns, xHat, batch), matrix("y", columns, node.output.data, batch)],
    }),
  ];
  if (record.gradients !== null) sections.push(backwardSection(record));
  return {
    title: options.title ?? "Batch normalization",
    summary: `a batch of ${batch} sample${batch === 1 ? "" : "s"} × ${features} feature${features === 1 ? "" : "s"}, normalized with the batch's own statistics (training mode)`,
    conventions: [
      "x_j⁽ⁿ⁾ is sample n of feature j; each feature is normalized over the N samples of the batch, with the population variance (dividing by N)",
      "γ and β are learned per feature; ε keeps the division finite",
      "x̂ is the Neural Networks Exercises' standardization (population σ) with ε added to the variance; in evaluation the layer uses running averages of μ and σ² instead",
    ],
    given: [
      { title: "scale and shift", values: [...Array.from(gamma.data, (v, j) => gamma.label!.value(j, v)), ...Array.from(beta.data, (v, j) => beta.label!.value(j, v))] },
      { title: "settings", values: [sym("epsilon", undefined, undefined, epsilon), sym("N", undefined, undefined, batch)] },
      ...(record.problem.gradient !== undefined ? [{ title: "∂L/∂y", values: Array.from(node.output.grad!, (v, k) => node.output.label!.gradient(k, v)) }] : []),
    ],
    sections,
    notes: batch === 1 ? [`With one sample, every σ² is 0 and every x̂ is 0: batch normalization needs batches of more than one sample (y = β = ${formatNumber(beta.data[0])}, ...).`] : [],
  };
}

/** Normalises a batch and renders the worked solution; JSON carries {@link batchNormResults}. */
export function explainBatchNorm(problem: BatchNormProblem, options: WorkedRenderOptions = {}): string {
  const record = runBatchNorm(problem);
  return renderWorked(batchNormWorked(record, { precision: options.precision ?? 8, ...(problem.title !== undefined ? { title: problem.title } : {}) }), () => batchNormResults(record), options);
}
