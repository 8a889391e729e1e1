/**
 * Activation functions and their derivatives at some points as a computation to grade (`tracegrad
 * activations`): for each activation asked, f(z) and f'(z) at every point, computed with the dense
 * kernel the tape's activation operation runs (`engine/dense/activation.ts`), f'(z) as its backward
 * pass with ∂L/∂a = 1. Its mistakes: the derivative at the wrong argument (f'(a), or f' written in a
 * applied to z), the other convention at a kink (ReLU'(0) = 1), and the sigmoid with the exponent's
 * sign flipped.
 *
 * @module
 */
import { didYouMean } from "../../common/did-you-mean.js";
import { formatNumber } from "../../common/format-number.js";
import { ACTIVATIONS } from "../../engine/activations.js";
import type { ActivationName, ElementwiseActivation } from "../../engine/activations.js";
import { activationBackward, activationForward } from "../../engine/dense/activation.js";
import { callPrime, sym } from "../../engine/expr.js";
import { renderExpr } from "../../engine/render-expr.js";
import type { Computation, GradedQuantity, Mistake } from "../computation.js";
import type { DerivativeRule } from "../simulate-step.js";
import { AT_OUTPUT, FORMULA_ON_Z } from "../mistake-table.js";
import { merged, quantity, Recomputation } from "./recompute.js";

/** The points and activations of the exercise. */
export interface ActivationsProblem {
  readonly points: readonly number[];
  /** The element-wise activations asked for, in order. */
  readonly activations: readonly ActivationName[];
  /** The slope of leaky ReLU below 0. */
  readonly alpha: number;
}

/** The rules f and f' are taken with; each left out is the activation's own. */
export interface ActivationRules {
  /** f' as a learner takes it. */
  readonly derivative?: DerivativeRule;
  /** Only for these activations. */
  readonly only?: ActivationName;
  /** f'(0) taken as 1 at the kink. */
  readonly kinkAsOne?: boolean;
  /** f(-z) in place of f(z): the sign of the exponent flipped. */
  readonly negatedArgument?: boolean;
}

const SUPERSCRIPT = "⁰¹²³⁴⁵⁶⁷⁸⁹";
function mark(k: number): string {
  return `⁽${[...String(k + 1)].map((d) => SUPERSCRIPT[Number(d)]).join("")}⁾`;
}

/** The value and derivative paths of activation `name` at point k, as `tracegrad activations --json` prints them. */
export function activationPaths(name: string, k: number): { value: string; derivative: string } {
  return { value: `activations.${name}.value[${k}]`, derivative: `activations.${name}.derivative[${k}]` };
}

/** The activations at the points as a computation to grade. */
export function activationsComputation(problem: ActivationsProblem): Computation<ActivationRules> {
  const { points, alpha } = problem;
  const acts = problem.activations.map((name) => ACTIVATIONS[name] as ElementwiseActivation);
  const quantities: GradedQuantity[] = [];
  const derivativeOf = new Map<string, string>();
  for (const act of acts) {
    const fn = act.fn.text.unicode;
    points.forEach((_, k) => {
      const paths = activationPaths(act.name, k);
      const value = `a(${k + 1})`;
      const derivative = `da^(${k + 1})/dz(${k + 1})`;
      quantities.push(quantity({ path: paths.value, name: `${act.name}.a(${k + 1})`, key: `${act.name}.a(${k + 1})`, symbol: `${fn}(z${mark(k)})`, section: "activations", family: `${act.name}:value`, solutionStep: { section: act.name, name: value } }));
      quantities.push(
        quantity({ path: paths.derivative, name: `${act.name}.da/dz(${k + 1})`, key: `${act.name}.da/dz(${k + 1})`, symbol: `${fn}'(z${mark(k)})`, section: "activations", family: `${act.name}:derivative`, solutionStep: { section: act.name, name: derivative } }),
      );
      derivativeOf.set(paths.derivative, paths.value);
    });
  }

  const simulate = (mistakes: readonly Mistake<ActivationRules>[], settings: Parameters<Computation["simulate"]>[1]) => {
    const run = new Recomputation(settings);
    for (const act of acts) {
      const rules = merged(mistakes.filter((m) => m.rules.only === undefined || m.rules.only === act.name));
      const n = points.length;
      const z = Float64Array.from(points);
      const a = new Float64Array(n);
      activationForward(act, alpha, rules.negatedArgument ? z.map((x) => -x) : z, a, 1, n);
      const used = Float64Array.from(a, (v, k) => run.put(activationPaths(act.name, k).value, v));
      const d = new Float64Array(n);
      if (rules.derivative === undefined) activationBackward(act, alpha, z, used, new Float64Array(n).fill(1), d, 1, n);
      else for (let k = 0; k < n; k++) d[k] = rules.derivative(act, z[k], used[k], alpha);
      if (rules.kinkAsOne) for (let k = 0; k < n; k++) if (z[k] === 0) d[k] = 1;
      for (let k = 0; k < n; k++) run.put(activationPaths(act.name, k).derivative, d[k]);
    }
    return run.result();
  };

  const mistakes: Mistake<ActivationRules>[] = [];
  const f = (x: number) => formatNumber(x);
  for (const act of acts) {
    const fn = act.fn;
    const z = sym("z");
    const a = sym("a");
    const right = renderExpr(act.derivativeFormula(z, a, sym("alpha")), { notation: "unicode" });
    if (act.name === "sigmoid" || act.name === "tanh" || act.name === "gaussian") {
      mistakes.push({
        id: `derivative-of-wrong-argument:derivative-at-a:${act.name}`,
        code: "derivative-of-wrong-argument",
        stage: "derivative",
        rules: { derivative: AT_OUTPUT, only: act.name },
        words: () => `This takes the derivative at a instead of at z: ${renderExpr(callPrime(fn, a), { notation: "unicode" })} where ${renderExpr(callPrime(fn, z), { notation: "unicode" })} = ${right} is needed.`,
        phrase: () => `${fn.text.unicode}' taken at a`,
      });
      const wrong = renderExpr(act.derivativeFormula(a, z, sym("alpha")), { notation: "unicode" });
      if (wrong !== right) {
        mistakes.push({
          id: `derivative-of-wrong-argument:formula-on-z:${act.name}`,
          code: "derivative-of-wrong-argument",
          stage: "derivative",
          rules: { derivative: FORMULA_ON_Z, only: act.name },
          words: () => `This applies the derivative written in terms of a to z: ${wrong} instead of ${right}.`,
          phrase: () => `${fn.text.unicode}' written in a applied to z`,
        });
      }
    }
    if (act.kinkConvention !== undefined && points.includes(0)) {
      mistakes.push({
        id: `kink-convention:${act.name}`,
        code: "kink-convention",
        stage: "derivative",
        rules: { kinkAsOne: true, only: act.name },
        words: () => `At the kink z = 0 tracegrad (and the course) takes ${act.kinkConvention}${act.hasAlpha ? ` with α = ${f(alpha)}` : ""}, not 1.`,
        phrase: () => `${fn.text.unicode}'(0) taken as 1`,
      });
    }
    if (act.name === "sigmoid") {
      mistakes.push({
        id: "exponent-sign:sigmoid",
        code: "exponent-sign",
        stage: "value",
        rules: { negatedArgument: true, only: act.name },
        words: (q) => (q.key.includes(".a(") ? "This is 1/(1 + e^z), the sigmoid of -z: the exponent is -z, σ(z) = 1/(1 + e^(-z))." : "This follows from σ(z) taken as 1/(1 + e^z) (the exponent's sign flipped)."),
        phrase: () => "the sign of the exponent flipped",
      });
    }
  }

  const exactValues = simulate([], {});
  const names = problem.activations;
  return {
    quantities,
    asked: quantities.map((q) => q.path),
    exact: exactValues,
    dependencies: (path) => {
      const value = derivativeOf.get(path);
      return value === undefined ? [] : [value];
    },
    mistakes,
    pairs: [],
    simulate,
    names(q) {
      const [name, rest] = [q.key.slice(0, q.key.indexOf(".")), q.key.slice(q.key.indexOf(".") + 1)];
      const k = /\((\d+)\)/.exec(rest)![1];
      return rest.startsWith("a(") ? [q.key, `${name}(${k})`, `${name}.f(${k})`, `${name}.value(${k})`] : [q.key, `${name}'(${k})`, `${name}.f'(${k})`, `${name}.derivative(${k})`, `${name}.da_dz(${k})`];
    },
    unknownName(key, known) {
      return `unknown quantity "${key}"${didYouMean(key, known)}; answers are named ACTIVATION.a(k) for the value at the k-th point and ACTIVATION.da/dz(k) for the derivative (the activations: ${names.join(", ")})`;
    },
  };
}
