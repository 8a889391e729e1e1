/**
 * A worked solution of a smaller computation than a whole step (scaling a data set, the activations
 * at some points, drawing initial weights, an optimizer's update, batch normalisation, dropout): a
 * title, conventions, given values, and sections of steps and tables. Every step is taken from the
 * engine's record of the computation (a tape, or a table's own functions); the renderers beside this
 * file only lay it out, as `solution.ts`'s renderers do for a step.
 *
 * @module
 */
import type { Expr, PartialExpr, SymbolExpr } from "../../engine/expr.js";
import type { Formula, StepGroup } from "../solution.js";

/** Given values, `w1 = 1` or `∂L/∂w1 = 0.1`: symbols carrying their values. */
export interface WorkedGiven {
  readonly title: string;
  readonly values: readonly (SymbolExpr | PartialExpr)[];
}

/** A table of numbers: the seed's answer table, a scaled matrix, drawn weights. */
export interface Table {
  readonly title: string;
  /** Column headings: text, or formulas (rendered in each notation). */
  readonly columns: readonly (string | Expr)[];
  /** The cells: numbers (printed at the chosen precision) or text. */
  readonly rows: readonly (readonly (number | string)[])[];
}

/** One numbered section: general formulas, then groups of steps, then tables. */
export interface WorkedSection {
  /** A short identifier for the JSON form (`statistics`, `scaled`). */
  readonly id: string;
  readonly title: string;
  readonly formulas: readonly Formula[];
  readonly groups: readonly StepGroup[];
  readonly tables: readonly Table[];
}

export interface Worked {
  readonly title: string;
  readonly source?: string;
  /** What is computed, in one line. */
  readonly summary: string;
  readonly conventions: readonly string[];
  readonly given: readonly WorkedGiven[];
  readonly sections: readonly WorkedSection[];
  /** Observations about the whole computation, and where a seed's published answer differs. */
  readonly notes: readonly string[];
}

/** A section, with the parts left out given as empty. */
export function section(id: string, title: string, parts: { formulas?: readonly Formula[]; groups?: readonly StepGroup[]; tables?: readonly Table[] }): WorkedSection {
  return { id, title, formulas: parts.formulas ?? [], groups: parts.groups ?? [], tables: parts.tables ?? [] };
}
