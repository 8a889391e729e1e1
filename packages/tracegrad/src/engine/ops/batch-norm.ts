/**
 * Batch normalisation of a batch X (N rows × F features) with a scale γ and a shift β (F each), with
 * the statistics of the batch, recorded on a tape. The numbers come from `engine/normalization.ts`,
 * the same functions the training layer (`nn/layers/batch-norm.ts`) runs, and so do the printed
 * formulas: per feature j,
 *
 *   μ_j = (1/N) Σ_n x_nj,   σ²_j = (1/N) Σ_n (x_nj - μ_j)²,   x̂_nj = (x_nj - μ_j)/√(σ²_j + ε),   y_nj = γ_j·x̂_nj + β_j.
 *
 * Inputs: X, γ, β. Backward: `normalizeBackward`.
 *
 * @module
 */
import type { SymbolExpr } from "../expr.js";
import { partial, sym } from "../expr.js";
import { gradientSymbol, valueSymbol } from "../labels.js";
import {
  batchMeanFormula,
  batchStatistics,
  batchVarianceFormula,
  betaGradientFormula,
  gammaGradientFormula,
  inputGradientFormula,
  normalize,
  normalizeBackward,
  normalizedFormula,
  scaleShiftFormula,
} from "../normalization.js";
import type { Operation, Step } from "../operation.js";
import type { Tape, TapeNode } from "../tape.js";
import type { Tensor, TensorLabel } from "../tensor.js";

export interface BatchNormAttributes {
  /** ε, added to the variance before the square root. */
  readonly epsilon: number;
  /** The subscript of each feature in formulas (`1`, `2`, ... when not given). */
  readonly features?: readonly string[];
}

/** What the forward computation keeps: the statistics of the batch and the normalised values. */
export interface BatchNormSaved {
  readonly mean: Float64Array;
  readonly variance: Float64Array;
  readonly xHat: Float64Array;
}

export type BatchNormNode = TapeNode<BatchNormAttributes>;

function dimensions(node: BatchNormNode): { batch: number; features: number } {
  const x = node.inputs[0];
  return { batch: x.rows, features: x.cols };
}

/** The superscript of sample n in a batch of more than one. */
function mark(batch: number, n: number): string | undefined {
  return batch > 1 ? `(${n + 1})` : undefined;
}

function featureName(node: BatchNormNode, j: number): string {
  return node.attributes.features?.[j] ?? String(j + 1);
}

/** An element's symbol: the tensor's label where it has one, else the symbol given. */
function element(t: Tensor, index: number, fallback: SymbolExpr): SymbolExpr {
  return t.label === null ? { ...fallback, value: t.data[index] } : valueSymbol(t, index);
}

/** The symbols of feature j: μ_j, σ²_j, ε, γ_j, β_j, carrying their values. */
function featureSymbols(node: BatchNormNode, j: number) {
  const [, gamma, beta] = node.inputs;
  const { mean, variance } = node.saved as BatchNormSaved;
  const f = featureName(node, j);
  return {
    mean: sym("mu", f, undefined, mean[j]),
    variance: sym("sigma", f, "2", variance[j]),
    epsilon: sym("epsilon", undefined, undefined, node.attributes.epsilon),
    gamma: element(gamma, j, sym("gamma", f)),
    beta: element(beta, j, sym("beta", f)),
  };
}

/** The symbols of row n of feature j: x, x̂ and y. */
function rowSymbols(node: BatchNormNode, n: number, j: number) {
  const { batch, features } = dimensions(node);
  const k = n * features + j;
  const f = featureName(node, j);
  const { xHat } = node.saved as BatchNormSaved;
  return {
    x: element(node.inputs[0], k, sym("x", f, mark(batch, n))),
    xHat: sym("xhat", f, mark(batch, n), xHat[k]),
    y: element(node.output, k, sym("y", f, mark(batch, n))),
  };
}

/** The steps that normalise feature j: μ_j, σ²_j, then x̂ and y for each row. */
export function explainBatchNormFeature(node: BatchNormNode, j: number): Step[] {
  const { batch, features } = dimensions(node);
  const { mean, variance, xHat } = node.saved as BatchNormSaved;
  const s = featureSymbols(node, j);
  const column = Array.from({ length: batch }, (_, n) => rowSymbols(node, n, j).x);
  const steps: Step[] = [
    { lhs: s.mean, formula: batchMeanFormula(column), value: mean[j] },
    {
      lhs: s.variance,
      formula: batchVarianceFormula(column, s.mean),
      value: variance[j],
      ...(variance[j] === 0 ? { note: "every value of this feature is the same: x̂ = 0/√ε = 0, and y = β" } : {}),
    },
  ];
  for (let n = 0; n < batch; n++) {
    const k = n * features + j;
    const r = rowSymbols(node, n, j);
    steps.push({ lhs: r.xHat, formula: normalizedFormula(r.x, s.mean, s.variance, s.epsilon), value: xHat[k] });
    steps.push({ lhs: r.y, formula: scaleShiftFormula(r.xHat, s.gamma, s.beta), value: node.output.data[k] });
  }
  return steps;
}

/** The statistics a batch-norm node computed. */
export function batchNormSaved(node: BatchNormNode): BatchNormSaved {
  return node.saved as BatchNormSaved;
}

function gradientOf(t: Tensor, index: number, value: number, fallback: SymbolExpr): SymbolExpr | ReturnType<typeof partial> {
  return t.label === null ? partial(sym("L"), fallback, value) : gradientSymbol(t, index, value);
}

export const batchNormOperation: Operation<BatchNormAttributes> = {
  name: "batch-norm",

  forward([x, gamma, beta], { epsilon }) {
    const batch = x.rows;
    const features = x.cols;
    if (gamma.size !== features || beta.size !== features) throw new RangeError(`batch-norm: γ and β need ${features} values each, got ${gamma.size} and ${beta.size}`);
    const mean = new Float64Array(features);
    const variance = new Float64Array(features);
    const xHat = new Float64Array(x.size);
    const y = new Float64Array(x.size);
    batchStatistics(x.data, batch, features, mean, variance);
    normalize(x.data, batch, features, mean, variance, epsilon, gamma.data, beta.data, xHat, y);
    const saved: BatchNormSaved = { mean, variance, xHat };
    return { data: y, shape: x.shape, saved };
  },

  backward(node, g) {
    const { batch, features } = dimensions(node);
    const { variance, xHat } = node.saved as BatchNormSaved;
    const dx = new Float64Array(batch * features);
    const dGamma = new Float64Array(features);
    const dBeta = new Float64Array(features);
    normalizeBackward(g, xHat, batch, features, variance, node.attributes.epsilon, node.inputs[1].data, dx, dGamma, dBeta);
    return [dx, dGamma, dBeta];
  },

  explainForward(node) {
    const { features } = dimensions(node);
    const steps: Step[] = [];
    for (let j = 0; j < features; j++) steps.push(...explainBatchNormFeature(node, j));
    return steps;
  },

  explainBackward(node, inputIndex, gradient) {
    const g = node.output.grad;
    if (g === null) return [];
    const { batch, features } = dimensions(node);
    const [x, gamma, beta] = node.inputs;
    // The two sums of the input gradient are ∂L/∂β_j and ∂L/∂γ_j: the same function gives them.
    const [, dGamma, dBeta] = batchNormOperation.backward(node, g) as Float64Array[];
    const steps: Step[] = [];
    for (let j = 0; j < features; j++) {
      const s = featureSymbols(node, j);
      const f = featureName(node, j);
      const upstream = (n: number) => gradientOf(node.output, n * features + j, g[n * features + j], sym("y", f, mark(batch, n)));
      const rows = Array.from({ length: batch }, (_, n) => n);
      const dBetaSymbol = gradientOf(beta, j, dBeta[j], sym("beta", f));
      const dGammaSymbol = gradientOf(gamma, j, dGamma[j], sym("gamma", f));
      if (inputIndex === 2) steps.push({ lhs: dBetaSymbol, formula: betaGradientFormula(rows.map(upstream)), value: gradient[j] });
      if (inputIndex === 1) steps.push({ lhs: dGammaSymbol, formula: gammaGradientFormula(rows.map(upstream), rows.map((n) => rowSymbols(node, n, j).xHat)), value: gradient[j] });
      if (inputIndex === 0) {
        for (const n of rows) {
          const k = n * features + j;
          const r = rowSymbols(node, n, j);
          steps.push({
            lhs: gradientOf(x, k, gradient[k], sym("x", f, mark(batch, n))),
            formula: inputGradientFormula(s.gamma, batch, s.variance, s.epsilon, upstream(n), dBetaSymbol, r.xHat, dGammaSymbol),
            value: gradient[k],
          });
        }
      }
    }
    return steps;
  },
};

/** Records Y = γ·(X - μ)/√(σ² + ε) + β, with the statistics of the batch X. */
export function batchNorm(tape: Tape, x: Tensor, gamma: Tensor, beta: Tensor, attributes: BatchNormAttributes, label?: TensorLabel): Tensor {
  return tape.apply(batchNormOperation, [x, gamma, beta], attributes, label);
}
