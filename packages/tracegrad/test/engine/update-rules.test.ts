import { test } from "node:test";
import fc from "fast-check";
import { evaluate, sym } from "../../src/engine/expr.js";
import { DEFAULT_HYPERPARAMETERS, hyperparameterSymbols, BUILTIN_OPTIMIZER_NAMES, UPDATE_RULES } from "../../src/engine/update-rules.js";
import { assertClose } from "../helpers.js";

const small = fc.double({ min: -3, max: 3, noNaN: true });

for (const name of BUILTIN_OPTIMIZER_NAMES) {
  const rule = UPDATE_RULES[name];
  test(`${name}: the printed assignments evaluate to what step() computes`, () => {
    fc.assert(
      fc.property(small, small, fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 2, maxLength: 2 }), fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 0.1, noNaN: true }), (w, g, initial, t, decay) => {
        const h = { ...DEFAULT_HYPERPARAMETERS, learningRate: 0.05, weightDecay: decay };
        const before = rule.stateNames.map((_, k) => Float64Array.of(initial[k]));
        const after = before.map((s) => Float64Array.from(s));
        const trace: number[] = [];
        const updated = rule.step(w, g, after, 0, h, t, trace);
        const named = (names: readonly string[], value: (k: number) => number) => Object.fromEntries(names.map((n, k) => [n, sym(n, "w", undefined, value(k))]));
        const symbols = {
          ...hyperparameterSymbols(h, t),
          w: sym("w", undefined, undefined, w),
          g: sym("g", undefined, undefined, g),
          before: named(rule.stateNames, (k) => before[k][0]),
          after: named(rule.stateNames, (k) => after[k][0]),
          trace: named(rule.traceNames, (k) => trace[k]),
        };
        const assignments = rule.assignments(symbols, h);
        for (const { target, formula } of assignments) {
          const expected = target === "w" ? updated : rule.stateNames.includes(target) ? after[rule.stateNames.indexOf(target)][0] : trace[rule.traceNames.indexOf(target)];
          assertClose(evaluate(formula), expected, 1e-12, 1e-15, `${name}: ${target}`);
        }
      }),
      { seed: 7, numRuns: 200 },
    );
  });
}

test("sgd: seed 004 exercise 6 in both conventions", () => {
  const W = [1, -2, 0.5];
  const G = [0.1, -0.4, 0.2];
  // Weight decay λW (the seed's update): [0.989, -1.958, 0.4795].
  const decay = W.map((w, i) => UPDATE_RULES.sgd.step(w, G[i], [], i, { ...DEFAULT_HYPERPARAMETERS, learningRate: 0.1, weightDecay: 0.01 }, 1));
  [0.989, -1.958, 0.4795].forEach((e, i) => assertClose(decay[i], e, 1e-12));
  // The stated penalty λΣW² has gradient 2λW: [0.988, -1.956, 0.479].
  const penalty = W.map((w, i) => UPDATE_RULES.sgd.step(w, G[i] + 2 * 0.01 * w, [], i, { ...DEFAULT_HYPERPARAMETERS, learningRate: 0.1 }, 1));
  [0.988, -1.956, 0.479].forEach((e, i) => assertClose(penalty[i], e, 1e-12));
});

test("adam: the first step moves every weight by η (bias correction makes m̂/√v̂ = sign(g))", () => {
  for (const g of [0.3, -2, 1e-3]) {
    const state = [new Float64Array(1), new Float64Array(1)];
    const w = UPDATE_RULES.adam.step(1, g, state, 0, { ...DEFAULT_HYPERPARAMETERS, learningRate: 0.01, epsilon: 0 }, 1);
    assertClose(w, 1 - 0.01 * Math.sign(g), 1e-12);
  }
});
