/**
 * The correct working of a graded quantity: the engine's own step of the worked solution that
 * computes it, found by its section and the symbol on its left-hand side, and printed as the worked
 * solution prints it. Nothing is derived a second time here.
 *
 * @module
 */
import type { Step } from "../engine/operation.js";
import type { Notation } from "../engine/render-expr.js";
import { renderExpr } from "../engine/render-expr.js";
import { stepLine } from "../explain/render-step.js";
import type { StepRecord } from "../step/run-step.js";
import { buildSolution } from "../explain/solution.js";
import type { Quantity } from "../step/quantities.js";

/** Looks up the worked-solution step of a quantity. */
export interface Working {
  /** The step that computes `q`, if the worked solution has one. */
  step(q: Quantity): Step | undefined;
  /** That step as one line: `∂E/∂w2 = δ_h1·i2 = 0.0051472103·0.5 = 0.0025736051`. */
  line(q: Quantity, notation?: Notation): string | undefined;
}

function keyOf(section: string, lhs: Step["lhs"]): string {
  return `${section}:${renderExpr(lhs, { notation: "unicode" })}`;
}

/** The steps of a recorded step's worked solution, by quantity. */
export function workingOf(record: StepRecord, precision: number): Working {
  const steps = new Map<string, Step>();
  for (const section of buildSolution(record, { precision }).sections) {
    for (const group of section.groups) {
      for (const step of group.steps) {
        const key = keyOf(section.id, step.lhs);
        if (!steps.has(key)) steps.set(key, step);
      }
    }
  }
  return {
    step: (q) => steps.get(keyOf(q.section, q.lhs)),
    line(q, notation = "unicode") {
      const step = this.step(q);
      return step === undefined ? undefined : stepLine(step, notation, precision);
    },
  };
}
