/**
 * Feature scaling as a computation to grade (`tracegrad scale`): each feature's statistics (min and
 * max, or μ and σ) and every scaled value, computed with the functions of `data/scalers.ts` that
 * `tracegrad scale` and `tracegrad train --scale` use. Its mistakes: the other standard deviation
 * (sample for population, or the reverse), min and max swapped, μ of another column, and σ² in place
 * of σ.
 *
 * @module
 */
import type { Deviation, ScalerJson, ScalerMethod } from "../../data/scalers.js";
import { applyScaler, columnDeviation, columnMean, columnRange } from "../../data/scalers.js";
import { didYouMean } from "../../common/did-you-mean.js";
import type { Computation, GradedQuantity, Mistake } from "../computation.js";
import { stagePairs } from "../computation.js";
import { merged, quantity, Recomputation } from "./recompute.js";

/** The data and settings of a scaling. */
export interface ScalingProblem {
  /** rows × features. */
  readonly data: readonly (readonly number[])[];
  readonly method: ScalerMethod;
  /** The standard deviation of `standardize` (population by default). */
  readonly deviation?: Deviation;
}

/** The rules a scaling is computed with; each left out is the engine's own. */
export interface ScalingRules {
  /** σ with this deviation instead of the one asked for. */
  readonly deviation?: Deviation;
  /** (x - max)/(min - max): min and max exchanged. */
  readonly swapMinMax?: boolean;
  /** μ of the column this many places to the right (cyclically) subtracted in x̂. */
  readonly meanOffset?: number;
  /** x̂ = (x - μ)/σ²: the variance in place of σ. */
  readonly variance?: boolean;
}

const SUBSCRIPT = "₀₁₂₃₄₅₆₇₈₉";
const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";
function sub(n: number): string {
  return [...String(n)].map((d) => SUBSCRIPT[Number(d)]).join("");
}
function sup(n: number): string {
  return `⁽${[...String(n)].map((d) => SUPERSCRIPT[Number(d)]).join("")}⁾`;
}

/** The scaling of a matrix as a computation to grade. */
export function scalingComputation(problem: ScalingProblem): Computation<ScalingRules> {
  const rows = problem.data.length;
  const features = problem.data[0].length;
  const flat = problem.data.flat();
  const method = problem.method;
  const deviation = problem.deviation ?? "population";
  const standardize = method === "standardize";
  const [first, second] = standardize ? (["mean", "std"] as const) : (["min", "max"] as const);
  const statNames = standardize ? ["mu", "sigma"] : ["min", "max"];
  const statSymbols = standardize ? ["μ", "σ"] : ["min", "max"];
  const statPath = (s: 0 | 1, j: number) => `${s === 0 ? first : second}[${j}]`;
  const scaledPath = (r: number, j: number) => `scaled[${r}][${j}]`;

  const quantities: GradedQuantity[] = [];
  for (let j = 0; j < features; j++) {
    for (const s of [0, 1] as const) {
      const key = `${statNames[s]}_${j + 1}`;
      quantities.push(quantity({ path: statPath(s, j), name: key, key, symbol: `${statSymbols[s]}${sub(j + 1)}`, section: "statistics", family: standardize ? null : `range:${j}`, solutionStep: { section: "statistics", name: key } }));
    }
  }
  for (let j = 0; j < features; j++) {
    for (let r = 0; r < rows; r++) {
      const key = `x_hat_${j + 1}(${r + 1})`;
      quantities.push(quantity({ path: scaledPath(r, j), name: key, key, symbol: `x̂${sub(j + 1)}${sup(r + 1)}`, section: "scaled", family: `scaled:${j}`, solutionStep: { section: "scaled", name: key } }));
    }
  }

  const simulate = (mistakes: readonly Mistake<ScalingRules>[], settings: Parameters<Computation["simulate"]>[1]) => {
    const rules = merged(mistakes);
    const run = new Recomputation(settings);
    const offset: number[] = [];
    const scale: number[] = [];
    const lows: number[] = [];
    const highs: number[] = [];
    for (let j = 0; j < features; j++) {
      if (standardize) {
        const [lo, hi] = columnRange(flat, rows, features, j);
        // A constant column has its value as μ and σ = 0, as fitScaler takes it.
        const mean = run.put(statPath(0, j), lo === hi ? lo : columnMean(flat, rows, features, j));
        const std = run.put(statPath(1, j), lo === hi ? 0 : columnDeviation(flat, rows, features, j, mean, rules.deviation ?? deviation));
        offset.push(mean);
        scale.push(rules.variance ? run.round(std * std) : std);
      } else {
        const [lo, hi] = columnRange(flat, rows, features, j);
        lows.push(run.put(statPath(0, j), lo));
        highs.push(run.put(statPath(1, j), hi));
      }
    }
    let scaler: ScalerJson;
    if (standardize) {
      const shift = rules.meanOffset ?? 0;
      scaler = { method, deviation, mean: offset.map((_, j) => offset[(j + shift) % features]), std: scale };
    } else {
      scaler = rules.swapMinMax ? { method, min: highs, max: lows } : { method, min: lows, max: highs };
    }
    const scaled = applyScaler(scaler, flat, rows, features);
    for (let j = 0; j < features; j++) for (let r = 0; r < rows; r++) run.put(scaledPath(r, j), scaled[r * features + j]);
    return run.result();
  };

  const n = rows;
  const other: Deviation = deviation === "population" ? "sample" : "population";
  const divisor = (d: Deviation) => (d === "sample" ? `n - 1 = ${n - 1}` : `n = ${n}`);
  const mistakes: Mistake<ScalingRules>[] = [];
  const add = (id: string, code: Mistake["code"], stage: string, rules: ScalingRules, words: Mistake["words"], phrase: string) =>
    mistakes.push({ id, code, stage, rules, words, phrase: () => phrase });
  if (standardize) {
    if (!(other === "sample" && rows < 2)) {
      add(
        "wrong-deviation",
        "wrong-deviation",
        "statistics",
        { deviation: other },
        (q) =>
          q.section === "statistics"
            ? `This is the ${other} standard deviation, which divides by ${divisor(other)}; the ${deviation} σ asked for divides by ${divisor(deviation)}.`
            : `This follows from σ taken as the ${other} standard deviation (dividing by ${divisor(other)}); the ${deviation} σ divides by ${divisor(deviation)}.`,
        `σ taken as the ${other} standard deviation`,
      );
    }
    for (let k = 1; k < features; k++) {
      add(
        `wrong-column:${k}`,
        "wrong-column",
        "scale",
        { meanOffset: k },
        (q) => {
          const j = Number(/_(\d+)\(/.exec(q.key)?.[1] ?? "1");
          const other = ((j - 1 + k) % features) + 1;
          return `This subtracts μ${sub(other)}, the mean of feature ${other}; x̂${sub(j)} uses its own feature's mean μ${sub(j)}.`;
        },
        "μ of another feature subtracted",
      );
    }
    add("variance-not-deviation", "variance-not-deviation", "scale", { variance: true }, () => "This divides by the variance σ² instead of the standard deviation σ.", "σ² in place of σ");
  } else {
    add("min-max-swapped", "min-max-swapped", "scale", { swapMinMax: true }, () => "This takes (x - max)/(min - max): min and max swapped, which gives 1 - x̂.", "min and max swapped");
  }

  const exactValues = simulate([], {});
  const computation: Computation<ScalingRules> = {
    quantities,
    asked: quantities.map((q) => q.path),
    exact: exactValues,
    dependencies(path) {
      const m = /^(?:scaled)\[(\d+)\]\[(\d+)\]$/.exec(path);
      if (m !== null) {
        const j = Number(m[2]);
        return [statPath(0, j), statPath(1, j)];
      }
      const s = /^std\[(\d+)\]$/.exec(path);
      return s !== null ? [statPath(0, Number(s[1]))] : [];
    },
    mistakes,
    pairs: stagePairs(mistakes, ["statistics", "scale"]),
    simulate,
    names(q) {
      // x_hat_2(3) is also xhat_2(3), x̂ spelt as x^_2(3); sigma_2 as σ_2, std_2; mu_2 as mean_2.
      const aliases = [q.key.replace("x_hat_", "xhat_"), q.key.replace("x_hat_", "x_scaled_"), q.key.replace(/^sigma_/, "std_"), q.key.replace(/^mu_/, "mean_")];
      return [q.key, ...aliases.filter((a) => a !== q.key)];
    },
    unknownName(key, known) {
      return `unknown quantity "${key}"${didYouMean(key, known)}; answers are named as in the worked solution (${known.slice(0, 3).join(", ")}, ..., x_hat_j(i) for row i of feature j)`;
    },
  };
  return computation;
}
