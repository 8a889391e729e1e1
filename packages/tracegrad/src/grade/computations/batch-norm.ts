/**
 * Batch normalization as a computation to grade (`tracegrad batchnorm`): each feature's μ and σ², every
 * x̂ and y = γx̂ + β, and given ∂L/∂y the backward pass (∂L/∂β, ∂L/∂γ, ∂L/∂x), with the functions of
 * `engine/normalization.ts` that the tape's batch-norm operation and the training layer call. Its
 * mistakes: the unbiased variance (÷(N - 1)) for the batch's own (÷N), and ε left out.
 *
 * @module
 */
import { didYouMean } from "../../common/did-you-mean.js";
import { batchStatistics, normalize, normalizeBackward } from "../../engine/normalization.js";
import type { Computation, GradedQuantity, Mistake } from "../computation.js";
import { stagePairs } from "../computation.js";
import { merged, quantity, Recomputation } from "./recompute.js";

/** A batch normalization's data. */
export interface BatchNormData {
  /** samples × features. */
  readonly data: readonly (readonly number[])[];
  readonly gamma: readonly number[];
  readonly beta: readonly number[];
  readonly epsilon: number;
  /** ∂L/∂y (samples × features), for the backward pass. */
  readonly gradient?: readonly (readonly number[])[];
}

/** The rules; each left out is the engine's own. */
export interface BatchNormRules {
  /** σ² divided by N - 1. */
  readonly unbiased?: boolean;
  /** ε taken as 0. */
  readonly noEpsilon?: boolean;
}

/** A batch normalization as a computation to grade. */
export function batchNormComputation(problem: BatchNormData): Computation<BatchNormRules> {
  const batch = problem.data.length;
  const features = problem.data[0].length;
  const x = Float64Array.from(problem.data.flat());
  const at = (n: number, j: number) => `${j + 1}(${n + 1})`;
  const backward = problem.gradient !== undefined;
  const quantities: GradedQuantity[] = [];
  const q = (path: string, key: string, symbol: string, section: string, step: string, family: string | null = null) =>
    quantities.push(quantity({ path, name: key, key, symbol, section, family, solutionStep: { section: step, name: key } }));
  for (let j = 0; j < features; j++) {
    q(`mean[${j}]`, `mu_${j + 1}`, `μ${j + 1}`, "statistics", "forward");
    q(`variance[${j}]`, `sigma_${j + 1}^2`, `σ${j + 1}²`, "statistics", "forward");
  }
  for (let j = 0; j < features; j++) for (let n = 0; n < batch; n++) q(`xHat[${n}][${j}]`, `x_hat_${at(n, j)}`, `x̂_${at(n, j)}`, "normalized", "forward", `xhat:${j}`);
  for (let j = 0; j < features; j++) for (let n = 0; n < batch; n++) q(`y[${n}][${j}]`, `y_${at(n, j)}`, `y_${at(n, j)}`, "normalized", "forward", `y:${j}`);
  if (backward) {
    for (let j = 0; j < features; j++) {
      q(`dBeta[${j}]`, `dL/dbeta_${j + 1}`, `∂L/∂β${j + 1}`, "backward", "backward");
      q(`dGamma[${j}]`, `dL/dgamma_${j + 1}`, `∂L/∂γ${j + 1}`, "backward", "backward");
      for (let n = 0; n < batch; n++) q(`dx[${n}][${j}]`, `dL/dx_${at(n, j)}`, `∂L/∂x_${at(n, j)}`, "backward", "backward", `dx:${j}`);
    }
  }
  const gamma = Float64Array.from(problem.gamma);
  const beta = Float64Array.from(problem.beta);
  const simulate = (mistakes: readonly Mistake<BatchNormRules>[], settings: Parameters<Computation["simulate"]>[1]) => {
    const rules = merged(mistakes);
    const run = new Recomputation(settings);
    const mean = new Float64Array(features);
    const variance = new Float64Array(features);
    batchStatistics(x, batch, features, mean, variance);
    for (let j = 0; j < features; j++) {
      mean[j] = run.put(`mean[${j}]`, mean[j]);
      variance[j] = run.put(`variance[${j}]`, rules.unbiased && batch > 1 ? (variance[j] * batch) / (batch - 1) : variance[j]);
    }
    const epsilon = rules.noEpsilon ? 0 : problem.epsilon;
    const xHat = new Float64Array(x.length);
    const y = new Float64Array(x.length);
    normalize(x, batch, features, mean, variance, epsilon, gamma, beta, xHat, y);
    for (let j = 0; j < features; j++) for (let n = 0; n < batch; n++) xHat[n * features + j] = run.put(`xHat[${n}][${j}]`, xHat[n * features + j]);
    for (let j = 0; j < features; j++) for (let n = 0; n < batch; n++) run.put(`y[${n}][${j}]`, y[n * features + j]);
    if (backward) {
      const g = Float64Array.from(problem.gradient!.flat());
      const dx = new Float64Array(x.length);
      const dGamma = new Float64Array(features);
      const dBeta = new Float64Array(features);
      normalizeBackward(g, xHat, batch, features, variance, epsilon, gamma, dx, dGamma, dBeta);
      for (let j = 0; j < features; j++) {
        run.put(`dBeta[${j}]`, dBeta[j]);
        run.put(`dGamma[${j}]`, dGamma[j]);
        for (let n = 0; n < batch; n++) run.put(`dx[${n}][${j}]`, dx[n * features + j]);
      }
    }
    return run.result();
  };
  const mistakes: Mistake<BatchNormRules>[] = [];
  if (batch > 1) {
    mistakes.push({
      id: "unbiased-variance",
      code: "unbiased-variance",
      stage: "statistics",
      rules: { unbiased: true },
      words: () => `This divides the squared deviations by N - 1 = ${batch - 1}; batch normalization uses the batch's own variance, dividing by N = ${batch}.`,
      phrase: () => "the variance divided by N - 1",
    });
  }
  if (problem.epsilon > 0) {
    mistakes.push({
      id: "epsilon-left-out",
      code: "epsilon-left-out",
      stage: "normalize",
      rules: { noEpsilon: true },
      words: () => `This divides by √σ², leaving out ε = ${problem.epsilon}: x̂ = (x - μ)/√(σ² + ε).`,
      phrase: () => "ε left out",
    });
  }
  const dependencies = (path: string): string[] => {
    const m = /^(xHat|y|dx)\[(\d+)\]\[(\d+)\]$/.exec(path);
    if (m !== null) {
      const j = m[3];
      if (m[1] === "xHat") return [`mean[${j}]`, `variance[${j}]`];
      if (m[1] === "y") return [`xHat[${m[2]}][${j}]`];
      return [`xHat[${m[2]}][${j}]`, `dBeta[${j}]`, `dGamma[${j}]`];
    }
    const d = /^dGamma\[(\d+)\]$/.exec(path);
    return d === null ? [] : Array.from({ length: batch }, (_, n) => `xHat[${n}][${d[1]}]`);
  };
  return {
    quantities,
    asked: quantities.map((x) => x.path),
    exact: simulate([], {}),
    dependencies,
    mistakes,
    pairs: stagePairs(mistakes, ["statistics", "normalize"]),
    simulate,
    names: (x) => [x.key, x.key.replace(/^sigma_(\d+)\^2$/, "var_$1"), x.key.replace(/^x_hat_/, "xhat_")].filter((k, i, all) => all.indexOf(k) === i),
    unknownName: (key, known) => `unknown quantity "${key}"${didYouMean(key, known)}; answers are named as in the worked solution (${known.slice(0, 3).join(", ")}, ..., x_hat_j(n) for sample n of feature j)`,
  };
}
