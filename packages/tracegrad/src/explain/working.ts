/**
 * The correct working of a quantity of a step: the worked solution's own step that computes it,
 * found by its section and the id its left-hand side carries (the quantity's path, `layers[0].dW[0][1]`),
 * and printed as the worked solution prints it. Nothing is derived a second time here.
 *
 * @module
 */
import type { Step } from "../engine/operation.js";
import type { Notation } from "../engine/render-expr.js";
import type { Quantity } from "../step/quantities.js";
import type { StepRecord } from "../step/run-step.js";
import { hintFormula } from "./hint-formula.js";
import { stepLine } from "./render-step.js";
import { buildSolution } from "./solution.js";

/** Looks up the worked-solution step of a quantity. */
export interface Working {
  /** The step that computes `q`, if the worked solution has one. */
  step(q: Quantity): Step | undefined;
  /** That step as one line: `∂E/∂w2 = δ_h1·i2 = 0.0051472103·0.5 = 0.0025736051`. */
  line(q: Quantity, notation?: Notation): string | undefined;
  /**
   * That step's formula as a hint, with the learner's own values (`own`, by quantity path) put in and
   * no result: `∂E/∂w2 = δ_h1·i2 = 0.0051·0.5`.
   */
  formula(q: Quantity, own: (path: string) => number | undefined, notation?: Notation): string | undefined;
}

/** The steps of a recorded step's worked solution, by quantity. */
export function workingOf(record: StepRecord, precision: number): Working {
  const steps = new Map<string, Step>();
  for (const section of buildSolution(record, { precision }).sections) {
    for (const group of section.groups) {
      for (const step of group.steps) {
        const id = step.lhs.id;
        if (id === undefined) continue;
        const key = `${section.id}:${id}`;
        if (!steps.has(key)) steps.set(key, step);
      }
    }
  }
  const step = (q: Quantity) => (q.lhs.id === undefined ? undefined : steps.get(`${q.section}:${q.lhs.id}`));
  return {
    step,
    line(q, notation = "unicode") {
      const found = step(q);
      return found === undefined ? undefined : stepLine(found, notation, precision);
    },
    formula(q, own, notation = "unicode") {
      const found = step(q);
      return found === undefined ? undefined : hintFormula(found, own, notation, precision, q.section === "after");
    },
  };
}
