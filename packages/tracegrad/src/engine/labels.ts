/**
 * The symbols of tensor elements in formulas: from the tensor's label where it has one, else a
 * generic `x[i]`.
 *
 * @module
 */
import type { PartialExpr, SymbolExpr } from "./expr.js";
import { partial, sym } from "./expr.js";
import type { Tensor } from "./tensor.js";

/** The symbol of element `index` of `t`, carrying its value. */
export function valueSymbol(t: Tensor, index: number): SymbolExpr {
  const value = t.data[index];
  return t.label?.value(index, value) ?? sym("x", `[${index}]`, undefined, value);
}

/** The symbol of ∂L/∂(element `index` of `t`), carrying the value `value`. */
export function gradientSymbol(t: Tensor, index: number, value: number): SymbolExpr | PartialExpr {
  return t.label?.gradient(index, value) ?? partial(sym("L"), sym("x", `[${index}]`), value);
}

/** A symbol's name as one plain string (`w1`, `z_h1`, `w_1^4`), for building names from names. */
export function symbolName(s: SymbolExpr): string {
  return s.name + (s.sub !== undefined ? `_${s.sub}` : "") + (s.sup !== undefined ? `^${s.sup}` : "");
}
