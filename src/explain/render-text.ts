/**
 * A worked solution as plain text for the terminal: Unicode symbols by default, or pure ASCII.
 *
 * @module
 */
import { renderExpr } from "./render-expr.js";
import type { Notation } from "./render-expr.js";
import { stepLine } from "./render-step.js";
import type { Solution } from "./solution.js";

export function renderText(solution: Solution, options: { precision: number; ascii?: boolean }): string {
  const notation: Notation = options.ascii ? "ascii" : "unicode";
  const { precision } = options;
  const arrow = options.ascii ? "->" : "→";
  const out: string[] = [];
  const formula = (lhs: string, rhs: string, assign?: boolean) => `${lhs} ${assign ? (options.ascii ? "<-" : "←") : "="} ${rhs}`;
  const ascii = (s: string) => (options.ascii ? s.replaceAll("→", arrow).replaceAll("∂", "d").replaceAll("λ", "lambda").replaceAll("Σ", "sum").replaceAll("σ", "sigmoid").replaceAll("δ", "delta").replaceAll("η", "eta").replaceAll("α", "alpha").replaceAll("≤", "<=").replaceAll("½", "1/2").replaceAll("²", "^2").replaceAll("×", "x").replaceAll("·", "*") : s);
  out.push(solution.title);
  if (solution.source !== undefined) out.push(`Source: ${solution.source}`);
  out.push(ascii(solution.network));
  out.push("");
  out.push("Conventions");
  for (const c of solution.conventions) out.push(`  - ${ascii(c)}`);
  out.push("");
  out.push("Given");
  for (const g of solution.given) out.push(`  ${g.title}: ${g.values.map((v) => `${renderExpr(v, { notation })} = ${renderExpr(v, { notation, substitute: true, precision })}`).join(", ")}`);
  solution.sections.forEach((section, s) => {
    out.push("");
    out.push(`${s + 1}. ${section.title}`);
    for (const f of section.formulas) out.push(`   ${formula(renderExpr(f.lhs, { notation }), renderExpr(f.rhs, { notation }), f.assign)}`);
    for (const group of section.groups) {
      if (group.title !== "") out.push(`   ${group.title}`);
      const indent = group.title === "" ? "   " : "     ";
      for (const step of group.steps) {
        out.push(indent + stepLine(step, notation, precision));
        if (step.note !== undefined) out.push(`${indent}  ${options.ascii ? "->" : "↳"} ${ascii(step.note)}`);
      }
    }
  });
  if (solution.notes.length > 0) {
    out.push("");
    out.push("Notes");
    for (const n of solution.notes) out.push(`  - ${ascii(n)}`);
  }
  return out.join("\n") + "\n";
}
