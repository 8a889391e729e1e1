/**
 * A {@link Worked} solution as JSON, for programs: every step with its Unicode text, its LaTeX and
 * its value, every table with its numbers, in the shape of `render-json.ts`.
 *
 * @module
 */
import { renderExpr } from "../../engine/render-expr.js";
import { stepLine } from "../render-step.js";
import { headingTexts } from "./render-table.js";
import type { Worked } from "./worked.js";

export interface WorkedJson {
  title: string;
  source?: string;
  summary: string;
  conventions: string[];
  given: { title: string; values: { name: string; latex: string; value: number }[] }[];
  sections: {
    id: string;
    title: string;
    formulas: { text: string; latex: string }[];
    groups: { title: string; steps: { quantity: string; text: string; latex: string; value: number; note?: string }[] }[];
    tables: { title: string; columns: string[]; rows: (number | string)[][] }[];
  }[];
  notes: string[];
}

export function workedToJson(worked: Worked, options: { precision: number }): WorkedJson {
  const { precision } = options;
  return {
    title: worked.title,
    ...(worked.source !== undefined ? { source: worked.source } : {}),
    summary: worked.summary,
    conventions: [...worked.conventions],
    given: worked.given.map((g) => ({
      title: g.title,
      values: g.values.map((v) => ({ name: renderExpr(v, { notation: "unicode" }), latex: renderExpr(v, { notation: "latex" }), value: v.value ?? Number.NaN })),
    })),
    sections: worked.sections.map((section) => ({
      id: section.id,
      title: section.title,
      formulas: section.formulas.map((f) => ({
        text: `${renderExpr(f.lhs, { notation: "unicode" })} ${f.assign ? "←" : "="} ${renderExpr(f.rhs, { notation: "unicode" })}`,
        latex: `${renderExpr(f.lhs, { notation: "latex" })} ${f.assign ? "\\leftarrow" : "="} ${renderExpr(f.rhs, { notation: "latex" })}`,
      })),
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
      tables: section.tables.map((table) => ({ title: table.title, columns: headingTexts(table, "unicode"), rows: table.rows.map((row) => [...row]) })),
    })),
    notes: [...worked.notes],
  };
}
