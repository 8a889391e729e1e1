/**
 * A gradient check as a computation to grade (`tracegrad gradcheck`): the loss, each parameter's
 * analytic gradient, the two losses with the parameter moved by ±ε, and their central difference
 * (`engine/gradcheck.ts`, the check's own function). Its mistakes: a one-sided difference
 * (L(w + ε) - L(w))/ε, and ε not halved ((L(w + ε) - L(w - ε))/ε).
 *
 * @module
 */
import { didYouMean } from "../../common/did-you-mean.js";
import { centralDifference } from "../../engine/gradcheck.js";
import type { Computation, GradedQuantity, Mistake } from "../computation.js";
import { stagePairs } from "../computation.js";
import { merged, quantity, Recomputation } from "./recompute.js";

/** A gradient check's numbers, as `explain/gradcheck-spec.ts` records them: ε, and each parameter's gradient and two losses. */
export interface GradientCheckData {
  readonly epsilon: number;
  readonly parameters: readonly { readonly name: string; readonly analytic: number; readonly lossPlus: number; readonly lossMinus: number }[];
}

/** The rules the numeric gradient is taken with. */
export interface GradientCheckRules {
  /** (L(w + ε) - L(w))/ε. */
  readonly oneSided?: boolean;
  /** (L(w + ε) - L(w - ε))/ε. */
  readonly notHalved?: boolean;
}

/** A gradient check (`gradcheckSpec`'s) of a network whose loss is `loss`, as a computation to grade. */
export function gradientCheckComputation(check: GradientCheckData, loss: number, lossSymbol: string): Computation<GradientCheckRules> {
  const L = lossSymbol;
  const eps = check.epsilon;
  const quantities: GradedQuantity[] = [quantity({ path: "loss", name: L, key: L, symbol: L, section: "loss", solutionStep: { section: "loss", name: L } })];
  const path = (i: number, field: string) => `parameters[${i}].${field}`;
  check.parameters.forEach((c, i) => {
    const p = c.name;
    quantities.push(quantity({ path: path(i, "analytic"), name: p, key: `d${L}/d${p}`, symbol: `∂${L}/∂${p}`, section: "analytic", solutionStep: { section: "backward", name: `d${L}/d${p}` } }));
  });
  check.parameters.forEach((c, i) => {
    const p = c.name;
    quantities.push(quantity({ path: path(i, "lossPlus"), name: p, key: `${L}(${p}+eps)`, symbol: `${L}(${p} + ε)`, section: "numeric", family: `losses:${i}`, solutionStep: { section: `plus-${p}`, name: L } }));
    quantities.push(quantity({ path: path(i, "lossMinus"), name: p, key: `${L}(${p}-eps)`, symbol: `${L}(${p} - ε)`, section: "numeric", family: `losses:${i}`, solutionStep: { section: `minus-${p}`, name: L } }));
    quantities.push(quantity({ path: path(i, "numeric"), name: p, key: `numeric_${p}`, symbol: `numeric ∂${L}/∂${p}`, section: "numeric", solutionStep: { section: "difference", name: `numeric_${p}` } }));
  });

  const simulate = (mistakes: readonly Mistake<GradientCheckRules>[], settings: Parameters<Computation["simulate"]>[1]) => {
    const rules = merged(mistakes);
    const run = new Recomputation(settings);
    const L0 = run.put("loss", loss);
    check.parameters.forEach((c, i) => run.put(path(i, "analytic"), c.analytic));
    check.parameters.forEach((c, i) => {
      const plus = run.put(path(i, "lossPlus"), c.lossPlus);
      const minus = run.put(path(i, "lossMinus"), c.lossMinus);
      const numeric = rules.oneSided ? (plus - L0) / eps : rules.notHalved ? (plus - minus) / eps : centralDifference(plus, minus, eps);
      run.put(path(i, "numeric"), numeric);
    });
    return run.result();
  };
  const mistakes: Mistake<GradientCheckRules>[] = [
    {
      id: "one-sided-difference",
      code: "one-sided-difference",
      stage: "difference",
      rules: { oneSided: true },
      words: () => `This is the one-sided difference (${L}(w + ε) - ${L}(w))/ε; the central difference (${L}(w + ε) - ${L}(w - ε))/2ε is asked (its error shrinks with ε², not ε).`,
      phrase: () => "a one-sided difference",
    },
    {
      id: "epsilon-not-halved",
      code: "epsilon-not-halved",
      stage: "difference",
      rules: { notHalved: true },
      words: () => `This divides by ε; the two losses are 2ε apart, so the central difference divides by 2ε: (${L}(w + ε) - ${L}(w - ε))/2ε.`,
      phrase: () => "ε not halved",
    },
  ];
  return {
    quantities,
    asked: quantities.map((q) => q.path),
    exact: simulate([], {}),
    dependencies(p) {
      const m = /^parameters\[(\d+)\]\.numeric$/.exec(p);
      return m === null ? [] : [path(Number(m[1]), "lossPlus"), path(Number(m[1]), "lossMinus")];
    },
    mistakes,
    pairs: stagePairs(mistakes, []),
    simulate,
    names(q) {
      const plus = q.key.endsWith("+eps)");
      const minus = q.key.endsWith("-eps)");
      if (plus || minus) {
        const sign = plus ? "+" : "-";
        const base = q.key.slice(0, q.key.length - "+eps)".length);
        return [q.key, `${base}${sign}ε)`, `${base}${sign}epsilon)`, `${L}_${plus ? "plus" : "minus"}_${q.name}`];
      }
      if (q.key.startsWith("numeric_")) return [q.key, `num_${q.name}`, `numeric(${q.name})`, `numerical_${q.name}`];
      return [q.key];
    },
    unknownName(key, known) {
      return `unknown quantity "${key}"${didYouMean(key, known)}; answers are named ${known.slice(0, 4).join(", ")}, ... (the loss, each analytic gradient, the losses with a parameter moved by ±eps, and each numeric gradient)`;
    },
  };
}
