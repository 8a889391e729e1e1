/**
 * A worked solution as JSON, for programs: every step with its Unicode text, its LaTeX and its value.
 *
 * @module
 */
import { renderExpr } from "./render-expr.js";
import { stepLine } from "./render-step.js";
import type { Solution } from "./solution.js";

export interface SolutionJson {
  title: string;
  source?: string;
  network: string;
  conventions: string[];
  given: { title: string; values: { name: string; latex: string; value: number }[] }[];
  sections: {
    id: string;
    title: string;
    formulas: { text: string; latex: string }[];
    groups: { title: string; steps: { quantity: string; text: string; latex: string; value: number; note?: string }[] }[];
  }[];
  notes: string[];
}

export function solutionToJson(solution: Solution, options: { precision: number }): SolutionJson {
  const { precision } = options;
  return {
    title: solution.title,
    ...(solution.source !== undefined ? { source: solution.source } : {}),
    network: solution.network,
    conventions: [...solution.conventions],
    given: solution.given.map((g) => ({
      title: g.title,
      values: g.values.map((v) => ({ name: renderExpr(v, { notation: "unicode" }), latex: renderExpr(v, { notation: "latex" }), value: v.value ?? Number.NaN })),
    })),
    sections: solution.sections.map((section) => ({
      id: section.id,
      title: section.title,
      formulas: section.formulas.map((f) => {
        const rel = (n: "unicode" | "latex") => (f.assign ? (n === "latex" ? "\\leftarrow" : "←") : "=");
        return {
          text: `${renderExpr(f.lhs, { notation: "unicode" })} ${rel("unicode")} ${renderExpr(f.rhs, { notation: "unicode" })}`,
          latex: `${renderExpr(f.lhs, { notation: "latex" })} ${rel("latex")} ${renderExpr(f.rhs, { notation: "latex" })}`,
        };
      }),
      groups: section.groups.map((group) => ({
        title: group.title,
        steps: group.steps.map((step) => ({
          quantity: renderExpr(step.lhs, { notation: "unicode" }),
          text: stepLine(step, "unicode", precision),
          latex: stepLine(step, "latex", precision),
          value: step.value,
          ...(step.note !== undefined ? { note: step.note } : {}),
        })),
      })),
    })),
    notes: [...solution.notes],
  };
}
