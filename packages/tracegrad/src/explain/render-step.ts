/**
 * Lays one step out as a chain of equal forms: `lhs = call = formula = substituted = value`, in a
 * notation, leaving out forms that would repeat the one before.
 *
 * @module
 */
import type { Step } from "../engine/operation.js";
import type { Notation } from "../engine/render-expr.js";
import { renderExpr, renderNumber } from "../engine/render-expr.js";

export interface StepLayout {
  readonly lhs: string;
  /** `=` or, for an update, `←` (`\leftarrow` in LaTeX). */
  readonly relation: string;
  /** The forms after the relation, joined by `=` when printed on one line. */
  readonly forms: readonly string[];
}

export function layoutStep(step: Step, notation: Notation, precision: number): StepLayout {
  const o = { notation, precision };
  const lhs = renderExpr(step.lhs, { ...o, substitute: false });
  const candidates: string[] = [];
  if (step.call !== undefined) candidates.push(renderExpr(step.call, { ...o, substitute: false }));
  candidates.push(renderExpr(step.formula, { ...o, substitute: false }));
  candidates.push(renderExpr(step.formula, { ...o, substitute: true }));
  candidates.push(renderNumber(step.value, notation, precision));
  const forms: string[] = [];
  for (const c of candidates) if (c !== lhs && c !== forms[forms.length - 1]) forms.push(c);
  const relation = step.assign ? (notation === "latex" ? "\\leftarrow" : notation === "unicode" ? "←" : "<-") : "=";
  return { lhs, relation, forms };
}

/** One line: `lhs = form = form = value`. */
export function stepLine(step: Step, notation: Notation, precision: number): string {
  const { lhs, relation, forms } = layoutStep(step, notation, precision);
  return `${lhs} ${relation} ${forms.join(" = ")}`;
}
