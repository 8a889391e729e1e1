/**
 * The correct working of the quantities of a smaller computation (a scaling, an optimizer's steps, …):
 * the worked solution's own step that computes each, found by its section and its name (the step's
 * left-hand side in ASCII, as published answers name it), printed as the worked solution prints it;
 * and for a hint, that step's formula with the learner's own values put in for the quantities it uses.
 *
 * @module
 */
import type { PartialExpr, SymbolExpr } from "../engine/expr.js";
import type { Step } from "../engine/operation.js";
import { hintFormula } from "../explain/hint-formula.js";
import { stepLine } from "../explain/render-step.js";
import { publishedName } from "../explain/worked/published.js";
import type { Worked } from "../explain/worked/worked.js";
import type { Computation, GradedQuantity } from "../grade/computation.js";
import type { Checkable, WorkingLines } from "./check.js";

/** The steps of a worked solution by `section/name` (the first of a name in a section). */
function stepsOf(worked: Worked): Map<string, Step> {
  const steps = new Map<string, Step>();
  for (const section of worked.sections) {
    for (const group of section.groups) {
      for (const step of group.steps) {
        const key = `${section.id}/${publishedName(step)}`;
        if (!steps.has(key)) steps.set(key, step);
      }
    }
  }
  return steps;
}

/** The name of a symbol as a published answer (and a quantity's step) names it. */
function symbolName(s: SymbolExpr | PartialExpr): string {
  return publishedName({ lhs: s, formula: s, value: 0 });
}

/** The working of a computation's quantities, read off its worked solution. */
export function workedWorking(worked: Worked, computation: Computation, precision: number): WorkingLines {
  const steps = stepsOf(worked);
  const stepOf = (q: GradedQuantity) => (q.solutionStep === undefined ? undefined : steps.get(`${q.solutionStep.section}/${q.solutionStep.name}`));
  // The quantities a formula's symbols stand for, by section and name.
  const bySectionName = new Map<string, string>();
  for (const q of computation.quantities) if (q.solutionStep !== undefined) bySectionName.set(`${q.solutionStep.section}/${q.solutionStep.name}`, q.path);
  const byName = new Map<string, string>();
  for (const q of computation.quantities) if (q.solutionStep !== undefined && !byName.has(q.solutionStep.name)) byName.set(q.solutionStep.name, q.path);
  return {
    line(q) {
      const step = stepOf(q);
      return step === undefined ? undefined : stepLine(step, "unicode", precision);
    },
    formula(q, own) {
      const step = stepOf(q);
      if (step === undefined) return undefined;
      const section = q.solutionStep!.section;
      const idOf = (s: SymbolExpr | PartialExpr) => bySectionName.get(`${section}/${symbolName(s)}`) ?? byName.get(symbolName(s));
      return hintFormula(step, own, "unicode", precision, false, idOf);
    },
  };
}

/** A computation with its worked solution, as something to check answers against. */
export function workedCheckable(computation: Computation, worked: (precision: number) => Worked): Checkable {
  return { computation, working: (precision) => workedWorking(worked(precision), computation, precision) };
}
