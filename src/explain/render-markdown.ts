/**
 * A worked solution as Markdown, its formulas as LaTeX between `$` signs (GitHub, VS Code, Jupyter
 * and KaTeX render them).
 *
 * @module
 */
import { renderExpr } from "./render-expr.js";
import { layoutStep } from "./render-step.js";
import type { Solution } from "./solution.js";

export function renderMarkdown(solution: Solution, options: { precision: number }): string {
  const { precision } = options;
  const latex = { notation: "latex" as const, precision };
  const out: string[] = [];
  out.push(`# ${solution.title}`, "");
  if (solution.source !== undefined) out.push(`*Source: ${solution.source}*`, "");
  out.push(`**Network:** ${solution.network}`, "");
  out.push("**Conventions**", "");
  for (const c of solution.conventions) out.push(`- ${c}`);
  out.push("", "## Given", "");
  for (const g of solution.given) {
    out.push(`- ${g.title}: ${g.values.map((v) => `$${renderExpr(v, latex)} = ${renderExpr(v, { ...latex, substitute: true })}$`).join(", ")}`);
  }
  solution.sections.forEach((section, s) => {
    out.push("", `## ${s + 1}. ${section.title}`, "");
    if (section.formulas.length > 0) {
      out.push(section.formulas.map((f) => `$${renderExpr(f.lhs, latex)} ${f.assign ? "\\leftarrow" : "="} ${renderExpr(f.rhs, latex)}$`).join(", "), "");
    }
    for (const group of section.groups) {
      if (group.title !== "") out.push(`### ${group.title}`, "");
      for (const step of group.steps) {
        const { lhs, relation, forms } = layoutStep(step, "latex", precision);
        out.push(`$$${lhs} ${relation} ${forms.join(" = ")}$$`, "");
        if (step.note !== undefined) out.push(`> ${step.note}`, "");
      }
    }
  });
  if (solution.notes.length > 0) {
    out.push("## Notes", "");
    for (const n of solution.notes) out.push(`- ${n}`);
    out.push("");
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}
