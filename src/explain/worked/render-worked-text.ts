/**
 * A {@link Worked} solution as plain text for the terminal, in Unicode: the same layout as
 * `tracegrad step` (`render-text.ts`), with tables in aligned columns.
 *
 * @module
 */
import { renderExpr } from "../render-expr.js";
import { stepLine } from "../render-step.js";
import { tableLines } from "./render-table.js";
import type { Worked } from "./worked.js";

export function renderWorkedText(worked: Worked, options: { precision: number }): string {
  const notation = "unicode" as const;
  const { precision } = options;
  const out: string[] = [worked.title];
  if (worked.source !== undefined) out.push(`Source: ${worked.source}`);
  out.push(worked.summary);
  if (worked.conventions.length > 0) {
    out.push("", "Conventions");
    for (const c of worked.conventions) out.push(`  - ${c}`);
  }
  if (worked.given.length > 0) {
    out.push("", "Given");
    for (const g of worked.given) out.push(`  ${g.title}: ${g.values.map((v) => `${renderExpr(v, { notation })} = ${renderExpr(v, { notation, substitute: true, precision })}`).join(", ")}`);
  }
  worked.sections.forEach((section, s) => {
    out.push("", `${s + 1}. ${section.title}`);
    for (const f of section.formulas) out.push(`   ${renderExpr(f.lhs, { notation })} ${f.assign ? "←" : "="} ${renderExpr(f.rhs, { notation })}`);
    for (const group of section.groups) {
      if (group.title !== "") out.push(`   ${group.title}`);
      const indent = group.title === "" ? "   " : "     ";
      for (const step of group.steps) {
        out.push(indent + stepLine(step, notation, precision));
        if (step.note !== undefined) out.push(`${indent}  ↳ ${step.note}`);
      }
    }
    for (const table of section.tables) {
      if (table.title !== "") out.push(`   ${table.title}`);
      for (const line of tableLines(table, notation, precision)) out.push(`     ${line}`);
    }
  });
  if (worked.notes.length > 0) {
    out.push("", "Notes");
    for (const n of worked.notes) out.push(`  - ${n}`);
  }
  return out.join("\n") + "\n";
}
