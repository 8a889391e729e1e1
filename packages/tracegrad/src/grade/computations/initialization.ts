/**
 * Weight initialization as a computation to grade (`tracegrad init`): for each layer of given sizes,
 * the uniform bound r of U(-r, r), the normal σ of N(0, σ²) and the variance σ², each from the
 * initializers' own `scale` functions (`nn/initializers.ts`, which `tracegrad train` draws with). Its
 * mistakes: fan-in and fan-out exchanged (He), the other scheme (Xavier for He, or the reverse), and
 * the square root left out.
 *
 * @module
 */
import { didYouMean } from "../../common/did-you-mean.js";
import { INITIALIZERS } from "../../nn/initializers.js";
import type { Computation, GradedQuantity, Mistake } from "../computation.js";
import { stagePairs } from "../computation.js";
import { merged, quantity, Recomputation } from "./recompute.js";

/** The two schemes an exercise asks for. */
export type InitScheme = "xavier" | "he";

/** The rules the scales are computed with; each left out is the initializer's own. */
export interface InitRules {
  /** n_in and n_out exchanged. */
  readonly swapFans?: boolean;
  /** The other scheme's formulas. */
  readonly otherScheme?: boolean;
  /** The quantity under the square root taken as the scale. */
  readonly noSquareRoot?: boolean;
}

/** The paths of layer l's quantities. */
export const initPath = (l: number, field: "bound" | "sigma" | "variance") => `layers[${l}].${field}`;

/** The scales of every layer of `sizes` under one scheme, as a computation to grade. */
export function initializationComputation(sizes: readonly number[], scheme: InitScheme): Computation<InitRules> {
  const layers = sizes.length - 1;
  const quantities: GradedQuantity[] = [];
  for (let l = 0; l < layers; l++) {
    const n = l + 1;
    quantities.push(quantity({ path: initPath(l, "bound"), name: `r_${n}`, key: `r_${n}`, symbol: `r${n}`, section: "scales", solutionStep: { section: `layer-${n}`, name: `r_${n}` } }));
    quantities.push(quantity({ path: initPath(l, "sigma"), name: `sigma_${n}`, key: `sigma_${n}`, symbol: `σ${n}`, section: "scales", solutionStep: { section: `layer-${n}`, name: `sigma_${n}` } }));
    quantities.push(quantity({ path: initPath(l, "variance"), name: `var_${n}`, key: `var_${n}`, symbol: `σ${n}²`, section: "scales", solutionStep: { section: `layer-${n}`, name: `var_${n}` } }));
  }
  const simulate = (mistakes: readonly Mistake<InitRules>[], settings: Parameters<Computation["simulate"]>[1]) => {
    const rules = merged(mistakes);
    const run = new Recomputation(settings);
    const used = rules.otherScheme ? (scheme === "he" ? "xavier" : "he") : scheme;
    for (let l = 0; l < layers; l++) {
      const [fanIn, fanOut] = rules.swapFans ? [sizes[l + 1], sizes[l]] : [sizes[l], sizes[l + 1]];
      const uniform = INITIALIZERS[`${used}-uniform`].scale(fanIn, fanOut);
      const normal = INITIALIZERS[`${used}-normal`].scale(fanIn, fanOut);
      run.put(initPath(l, "bound"), rules.noSquareRoot ? uniform * uniform : uniform);
      const sigma = run.put(initPath(l, "sigma"), rules.noSquareRoot ? normal * normal : normal);
      run.put(initPath(l, "variance"), sigma * sigma);
    }
    return run.result();
  };
  const other = scheme === "he" ? "Xavier" : "He";
  const mistakes: Mistake<InitRules>[] = [];
  if (scheme === "he" && sizes.some((s, l) => l < layers && s !== sizes[l + 1])) {
    mistakes.push({
      id: "fans-swapped",
      code: "fans-swapped",
      stage: "scale",
      rules: { swapFans: true },
      words: () => "This divides by n_out, the layer's units; He's scale divides by n_in, the layer's inputs (its fan-in).",
      phrase: () => "n_in and n_out exchanged",
    });
  }
  mistakes.push({
    id: "wrong-scheme",
    code: "wrong-scheme",
    stage: "scale",
    rules: { otherScheme: true },
    words: () => (scheme === "he" ? "This is Xavier's scale, from n_in + n_out; He's is from n_in alone (√(6/n_in) and √(2/n_in))." : "This is He's scale, from n_in alone; Xavier's is from n_in + n_out (√(6/(n_in + n_out)) and √(2/(n_in + n_out)))."),
    phrase: () => `${other}'s scale`,
  });
  mistakes.push({
    id: "missing-square-root",
    code: "missing-square-root",
    stage: "scale",
    rules: { noSquareRoot: true },
    words: () => "This leaves out the square root: the fraction is the variance (for the uniform bound, 3 times it); the bound and σ are its square roots.",
    phrase: () => "the square root left out",
  });
  return {
    quantities,
    asked: quantities.map((q) => q.path),
    exact: simulate([], {}),
    dependencies: (path) => {
      const m = /^layers\[(\d+)\]\.variance$/.exec(path);
      return m === null ? [] : [initPath(Number(m[1]), "sigma")];
    },
    mistakes,
    pairs: stagePairs(mistakes, []),
    simulate,
    names: (q) => [q.key, q.key.replace(/^var_/, "variance_"), q.key.replace(/^r_/, "bound_")].filter((k, i, all) => all.indexOf(k) === i),
    unknownName: (key, known) => `unknown quantity "${key}"${didYouMean(key, known)}; answers are named r_l, sigma_l and var_l for layer l (${known.slice(0, 3).join(", ")}, ...)`,
  };
}
