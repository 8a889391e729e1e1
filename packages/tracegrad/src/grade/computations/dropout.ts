/**
 * Inverted dropout as a computation to grade (`tracegrad dropout`): with the draws u given, each
 * element's mask m (0 when u < p, else 1/(1 - p)), its output y = m·x, and its expected value E[y].
 * The exact values are the engine's record (the mask `drawDropoutMask` drew, y = m·x as the tape's operation computes it); the
 * mistakes are changes of the mask's rule: kept elements not scaled (m = 1), and p taken as the
 * probability of keeping (kept when u < p, scaled by 1/p).
 *
 * @module
 */
import { didYouMean } from "../../common/did-you-mean.js";
import type { Computation, GradedQuantity, Mistake } from "../computation.js";
import { stagePairs } from "../computation.js";
import { merged, quantity, Recomputation } from "./recompute.js";

/** A dropout as recorded: the input, p, the draws and the engine's mask and output (row by row). */
export interface DropoutData {
  readonly input: readonly (readonly number[])[];
  readonly rate: number;
  readonly draws: readonly number[];
  readonly mask: readonly number[];
}

/** The rules of the mask; each left out is the engine's own. */
export interface DropoutRules {
  /** Kept elements keep their value: m = 1. */
  readonly notScaled?: boolean;
  /** p taken as the probability of keeping: kept when u < p, scaled by 1/p. */
  readonly keepConfused?: boolean;
}

/** A dropout as a computation to grade. */
export function dropoutComputation(data: DropoutData): Computation<DropoutRules> {
  const rows = data.input.length;
  const cols = data.input[0].length;
  const p = data.rate;
  const at = (k: number) => `${(k % cols) + 1}(${Math.floor(k / cols) + 1})`;
  const size = rows * cols;
  const quantities: GradedQuantity[] = [];
  for (let k = 0; k < size; k++) quantities.push(quantity({ path: `mask[${k}]`, name: `m_${at(k)}`, key: `m_${at(k)}`, symbol: `m_${at(k)}`, section: "mask", solutionStep: { section: "mask", name: `m_${at(k)}` } }));
  for (let k = 0; k < size; k++) quantities.push(quantity({ path: `y[${k}]`, name: `y_${at(k)}`, key: `y_${at(k)}`, symbol: `y_${at(k)}`, section: "output", solutionStep: { section: "mask", name: `y_${at(k)}` } }));
  for (let k = 0; k < size; k++) quantities.push(quantity({ path: `expected[${k}]`, name: `E_y_${at(k)}`, key: `E_y_${at(k)}`, symbol: `E[y_${at(k)}]`, section: "expected" }));
  const x = data.input.flat();
  const simulate = (mistakes: readonly Mistake<DropoutRules>[], settings: Parameters<Computation["simulate"]>[1]) => {
    const rules = merged(mistakes);
    const run = new Recomputation(settings);
    for (let k = 0; k < size; k++) {
      // The engine's mask, with the rule a mistake changes.
      const kept = rules.keepConfused ? data.draws[k] < p : data.mask[k] !== 0;
      const scale = rules.notScaled ? 1 : rules.keepConfused ? 1 / p : data.mask[k] !== 0 ? data.mask[k] : 1 / (1 - p);
      const m = run.put(`mask[${k}]`, kept ? scale : 0);
      run.put(`y[${k}]`, m * x[k]);
      // E[y] = P(kept)·scale·x: x itself for inverted dropout.
      const keepProbability = rules.keepConfused ? p : 1 - p;
      run.put(`expected[${k}]`, keepProbability * (rules.notScaled ? 1 : rules.keepConfused ? 1 / p : 1 / (1 - p)) * x[k]);
    }
    return run.result();
  };
  const mistakes: Mistake<DropoutRules>[] = [
    {
      id: "dropout-not-scaled",
      code: "dropout-not-scaled",
      stage: "mask",
      rules: { notScaled: true },
      words: () => `This keeps the element unscaled; inverted dropout multiplies a kept element by 1/(1 - p) = 1/(1 - ${p}), so that E[y] = x.`,
      phrase: () => "kept elements not scaled by 1/(1 - p)",
    },
    {
      id: "keep-probability-confused",
      code: "keep-probability-confused",
      stage: "mask",
      rules: { keepConfused: true },
      words: () => `This takes p = ${p} as the probability of keeping; p is the probability of dropping: an element is dropped when u < p, and a kept one is scaled by 1/(1 - p).`,
      phrase: () => "p taken as the probability of keeping",
    },
  ];
  return {
    quantities,
    asked: quantities.map((q) => q.path),
    exact: simulate([], {}),
    dependencies: (path) => {
      const m = /^y\[(\d+)\]$/.exec(path);
      return m === null ? [] : [`mask[${m[1]}]`];
    },
    mistakes,
    pairs: stagePairs(mistakes, []),
    simulate,
    names: (q) => [q.key],
    unknownName: (key, known) => `unknown quantity "${key}"${didYouMean(key, known)}; answers are named m_j(i), y_j(i) and E_y_j(i) for column j of row i (${known.slice(0, 2).join(", ")}, ...)`,
  };
}
