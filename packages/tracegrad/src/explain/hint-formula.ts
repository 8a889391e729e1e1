/**
 * A worked-solution step as a hint: its formula in symbols, then with the learner's own values put in
 * where they answered the quantities it uses, and the given numbers (weights before the update,
 * inputs, targets, η) as they are; every other computed value (∂L/∂a among them) stays a symbol, and
 * the result is left out. A learner sees how to get the number from their own work without being told the number.
 *
 * @module
 */
import type { Expr, PartialExpr, SymbolExpr } from "../engine/expr.js";
import type { Step } from "../engine/operation.js";
import type { Notation } from "../engine/render-expr.js";
import { renderExpr } from "../engine/render-expr.js";

/** Given numbers carry these ids: the parameters before the update. */
const GIVEN = /^layers\[\d+\]\.(weights|bias)\[/;

type Valued = SymbolExpr | PartialExpr;

/** The expression with each id-carrying symbol's value replaced by `value(id, its value)` (undefined: no value). */
function substitute(e: Expr, value: (id: string, original: number | undefined) => number | undefined): Expr {
  const leaf = (s: Valued): Valued => {
    // A symbol without an id is a given number (an input, a target, η), except a gradient, which is computed.
    if (s.id === undefined && s.kind === "symbol") return s;
    const v = s.id === undefined ? undefined : value(s.id, s.value);
    const { value: _old, ...rest } = s;
    return v === undefined ? rest : { ...rest, value: v };
  };
  const go = (x: Expr): Expr => {
    switch (x.kind) {
      case "symbol":
      case "partial":
        return leaf(x);
      case "number":
        return x;
      case "add":
        return { ...x, terms: x.terms.map(go) };
      case "subtract":
        return { ...x, left: go(x.left), right: go(x.right) };
      case "multiply":
        return { ...x, factors: x.factors.map(go) };
      case "divide":
        return { ...x, numerator: go(x.numerator), denominator: go(x.denominator) };
      case "negate":
        return { ...x, operand: go(x.operand) };
      case "power":
        return { ...x, base: go(x.base), exponent: go(x.exponent) };
      case "call":
        return { ...x, args: x.args.map(go) };
      case "sumOver":
        return { ...x, body: go(x.body) };
      case "piecewise":
        return { ...x, branches: x.branches.map((b) => ({ value: go(b.value), when: b.when === null ? null : { ...b.when, left: go(b.when.left), right: go(b.when.right) } })) };
    }
  };
  return go(e);
}

/**
 * `∂E/∂w5 = δ_o1·a_h1 = 0.6444·a_h1`: the step's formula, and the same with the learner's own values
 * (`own`, by id) and the given numbers put in. In the pass after the update (`after`), whose symbols
 * name other values than the learner's, only the symbols are shown.
 */
export function hintFormula(step: Step, own: (id: string) => number | undefined, notation: Notation, precision: number, after = false): string {
  const o = { notation, precision };
  const lhs = renderExpr(step.lhs, { ...o, substitute: false });
  const symbols = renderExpr(step.formula, { ...o, substitute: false });
  const relation = step.assign ? (notation === "unicode" ? "←" : "<-") : "=";
  if (after) return `${lhs} ${relation} ${symbols}`;
  const filled = substitute(step.formula, (id, original) => (GIVEN.test(id) ? original : own(id)));
  const withValues = renderExpr(filled, { ...o, substitute: true });
  return withValues === symbols ? `${lhs} ${relation} ${symbols}` : `${lhs} ${relation} ${symbols} = ${withValues}`;
}
