/**
 * The loss functions, each declared once: its value, its derivative with respect to the network's
 * output, and the formulas it prints. The conventions are:
 *
 * | loss            | L                                   | ∂L/∂a                        |
 * |-----------------|-------------------------------------|------------------------------|
 * | `half-sse`      | ½ Σ_n Σ_k (t - a)²                  | a - t                        |
 * | `mse`           | 1/(N·K) Σ_n Σ_k (t - a)²            | 2(a - t)/(N·K)               |
 * | `bce`           | -1/(N·K) Σ_n Σ_k [t log a + (1 - t) log(1 - a)] | (a - t)/(N·K·a(1 - a)) |
 * | `cross-entropy` | -1/N Σ_n Σ_k t log a (softmax output) | with softmax: δ = (a - t)/N |
 *
 * N is the number of samples in the batch and K the number of outputs. Two pairs of output activation
 * and loss are fused, as every framework does, because their product simplifies and stays exact where
 * the unfused chain would divide 0 by 0: sigmoid with `bce` (δ = (a - t)/(N·K)) and softmax with
 * `cross-entropy` (δ = (a - t)/N).
 *
 * @module
 */
import type { Expr } from "./expr.js";
import { add, div, log, mul, neg, pow, sub, sumOver, sym } from "./expr.js";
import type { ActivationName } from "./activations.js";

/** The names of the built-in losses. */
export const BUILTIN_LOSS_NAMES = ["half-sse", "mse", "bce", "cross-entropy"] as const;

/**
 * A built-in loss's name.
 *
 * @category Training
 */
export type BuiltinLossName = (typeof BUILTIN_LOSS_NAMES)[number];

/**
 * A loss's name: a built-in one, or one added with {@link registerLoss}.
 *
 * @category Training
 */
export type LossName = BuiltinLossName | (string & {});

/** An output activation and a loss whose chain rule product is computed as one simplified formula. */
export interface FusedDelta {
  readonly activation: ActivationName;
  /** δ = ∂L/∂z for one element. */
  delta(a: number, t: number, count: number): number;
  /** The simplified formula of δ. */
  deltaFormula(a: Expr, t: Expr, count: Expr): Expr;
  /** Why the product simplifies, in one sentence. */
  readonly why: string;
  /**
   * The loss terms of one sample computed from the pre-activations z (row `offset`, `outputs` wide), in a
   * form that stays finite where a = f(z) rounds to 0 or 1: Σ_k term(t_k, a_k) for the loss's own term.
   */
  termsFromLogits(z: ArrayLike<number>, t: ArrayLike<number>, offset: number, outputs: number): number;
}

export interface LossDefinition {
  readonly name: LossName;
  /** What the name stands for. */
  readonly title: string;
  /** One line for `--help` and the docs: `½ Σ (t - a)², so ∂L/∂a = a - t`. */
  readonly summary: string;
  /** How the loss is normalised, in words, for the conventions section of a worked solution. */
  readonly convention: string;
  /** The number that divides the sum of the terms: 1/2 for half-sse is written as a coefficient instead. */
  count(batch: number, outputs: number): number;
  /** The coefficient in front of the sum, as a number and as printed (`count` is the symbol n with its value). */
  coefficient(count: number): { value: number; expr(n: Expr): Expr };
  /** One term of the sum, for target t and output a. */
  term(t: number, a: number): number;
  /** The formula of one term. */
  termFormula(t: Expr, a: Expr): Expr;
  /** Whether a term with target 0 vanishes and can be left out of a printed sum. */
  readonly zeroTargetTermsVanish: boolean;
  /** ∂L/∂a for one element. */
  gradient(a: number, t: number, count: number): number;
  /** The formula of ∂L/∂a. */
  gradientFormula(a: Expr, t: Expr, count: Expr): Expr;
  /** The output activation whose derivative this loss's gradient is fused with, if any. */
  readonly fused?: FusedDelta;
  /** Outputs the loss needs (bce: in [0, 1]). */
  readonly targetRange: readonly [number, number];
}

const halfSse: LossDefinition = {
  name: "half-sse",
  title: "half the sum of squared errors",
  summary: "½ Σ (t - a)² over every sample and output; ∂L/∂a = a - t",
  convention: "half-sse: L = ½ Σ (t - a)² over every sample and output, so ∂L/∂a = a - t",
  count: () => 1,
  coefficient: () => ({ value: 0.5, expr: () => div(1, 2) }),
  term: (t, a) => (t - a) * (t - a),
  termFormula: (t, a) => pow(sub(t, a), 2),
  zeroTargetTermsVanish: false,
  gradient: (a, t) => a - t,
  gradientFormula: (a, t) => sub(a, t),
  targetRange: [-Infinity, Infinity],
};

const mse: LossDefinition = {
  name: "mse",
  title: "mean squared error over all outputs",
  summary: "(1/n) Σ (t - a)², the mean over n = samples × outputs; ∂L/∂a = 2(a - t)/n",
  convention: "mse: L = (1/n) Σ (t - a)², the mean over all n = samples × outputs elements, so ∂L/∂a = 2(a - t)/n",
  count: (batch, outputs) => batch * outputs,
  coefficient: (count) => ({ value: 1 / count, expr: (n) => div(1, n) }),
  term: (t, a) => (t - a) * (t - a),
  termFormula: (t, a) => pow(sub(t, a), 2),
  zeroTargetTermsVanish: false,
  gradient: (a, t, count) => (2 * (a - t)) / count,
  gradientFormula: (a, t, count) => div(mul(2, sub(a, t)), count),
  targetRange: [-Infinity, Infinity],
};

const bce: LossDefinition = {
  name: "bce",
  title: "binary cross-entropy, mean over all outputs",
  summary: "binary cross-entropy -(1/n) Σ [t ln a + (1 - t) ln(1 - a)], for sigmoid outputs",
  convention: "bce: L = -(1/n) Σ [t ln a + (1 - t) ln(1 - a)], the mean over all n = samples × outputs elements",
  count: (batch, outputs) => batch * outputs,
  coefficient: (count) => ({ value: -1 / count, expr: (n) => neg(div(1, n)) }),
  // 0·ln 0 = 0: a term whose factor is 0 is left out, so a = t = 1 (or 0) gives 0, not NaN.
  term: (t, a) => (t === 0 ? 0 : t * Math.log(a)) + (t === 1 ? 0 : (1 - t) * Math.log(1 - a)),
  termFormula: (t, a) => add(mul(t, log(a)), mul(sub(1, t), log(sub(1, a)))),
  zeroTargetTermsVanish: false,
  // At a = t = 1 (or 0) the quotient is 0/0; its limit, -1/(n·a) (or 1/(n·(1 - a))), is the derivative there.
  gradient: (a, t, count) => (a === 1 && t === 1 ? -1 / count : a === 0 && t === 0 ? 1 / count : (a - t) / (count * a * (1 - a))),
  gradientFormula: (a, t, count) => div(sub(a, t), mul(count, a, sub(1, a))),
  fused: {
    activation: "sigmoid",
    delta: (a, t, count) => (a - t) / count,
    deltaFormula: (a, t, count) => div(sub(a, t), count),
    why: "σ'(z) = a(1 - a) cancels the denominator of ∂L/∂a = (a - t)/(n·a(1 - a))",
    termsFromLogits(z, t, offset, outputs) {
      // t ln σ(z) + (1 - t) ln(1 - σ(z)) = t·z - max(z, 0) - ln(1 + e^(-|z|))
      let total = 0;
      for (let k = offset; k < offset + outputs; k++) total += t[k] * z[k] - Math.max(z[k], 0) - Math.log1p(Math.exp(-Math.abs(z[k])));
      return total;
    },
  },
  targetRange: [0, 1],
};

const crossEntropy: LossDefinition = {
  name: "cross-entropy",
  title: "categorical cross-entropy of a softmax output, mean over samples",
  summary: "categorical cross-entropy -(1/N) Σ_n Σ_k t ln a, for a softmax output",
  convention: "cross-entropy: softmax output, L = -(1/n) Σ_samples Σ_k t_k ln a_k, the mean over the n samples; δ = (a - t)/n",
  count: (batch) => batch,
  coefficient: (count) => ({ value: -1 / count, expr: (n) => neg(div(1, n)) }),
  term: (t, a) => (t === 0 ? 0 : t * Math.log(a)),
  termFormula: (t, a) => mul(t, log(a)),
  zeroTargetTermsVanish: true,
  gradient: (a, t, count) => -t / (count * a),
  gradientFormula: (a, t, count) => neg(div(t, mul(count, a))),
  fused: {
    activation: "softmax",
    delta: (a, t, count) => (a - t) / count,
    deltaFormula: (a, t, count) => div(sub(a, t), count),
    why: "the softmax Jacobian times ∂L/∂a collapses to a - t when each row of targets sums to 1",
    termsFromLogits(z, t, offset, outputs) {
      // Σ_k t_k ln softmax(z)_k = Σ_k t_k (z_k - m - ln Σ_j e^(z_j - m)), m = max_j z_j
      let m = -Infinity;
      for (let k = offset; k < offset + outputs; k++) if (z[k] > m) m = z[k];
      let sum = 0;
      for (let k = offset; k < offset + outputs; k++) sum += Math.exp(z[k] - m);
      const logSum = m + Math.log(sum);
      let total = 0;
      for (let k = offset; k < offset + outputs; k++) if (t[k] !== 0) total += t[k] * (z[k] - logSum);
      return total;
    },
  },
  targetRange: [0, 1],
};

/** Every loss, by name: the built-in ones and those registered since. */
export const LOSSES: Readonly<Record<string, LossDefinition>> = {
  "half-sse": halfSse,
  mse,
  bce,
  "cross-entropy": crossEntropy,
};

/** Adds a loss to the registry; its name must be new. */
export function registerLoss(entry: LossDefinition): void {
  if (Object.hasOwn(LOSSES, entry.name)) throw new Error(`a loss named ${entry.name} is already registered`);
  (LOSSES as Record<string, LossDefinition>)[entry.name] = entry;
}

/**
 * The names of every registered loss, in the order they were registered.
 *
 * @category Training
 */
export function lossNames(): LossName[] {
  return Object.keys(LOSSES);
}

export function lossDefinition(name: LossName): LossDefinition {
  const found = LOSSES[name];
  if (found === undefined) throw new RangeError(`unknown loss ${name}`);
  return found;
}

export function isLossName(name: string): name is LossName {
  return Object.hasOwn(LOSSES, name);
}

/** The general formula of a loss: `L = 1/2 Σ_n Σ_k (t - a)²`, with its count written as `n`. */
export function generalLossFormula(loss: LossDefinition, lossSymbol = "L"): { lhs: Expr; rhs: Expr } {
  const t = sym("t");
  const a = sym("a");
  const coefficient = loss.coefficient(1).expr(sym("n"));
  return { lhs: sym(lossSymbol), rhs: mul(coefficient, sumOver("n,k", loss.termFormula(t, a))) };
}

/** How the loss is normalised, in words, for the conventions section of a worked solution. */
export function lossConvention(loss: LossDefinition): string {
  return loss.convention;
}
