/**
 * A {@link Worked} solution as Markdown, formulas as LaTeX between `$` signs and tables as pipe
 * tables, in the layout of `render-markdown.ts`.
 *
 * @module
 */
import { renderExpr } from "../../engine/render-expr.js";
import { layoutStep } from "../render-step.js";
import { cellText } from "./render-table.js";
import type { Table, Worked } from "./worked.js";

function markdownTable(table: Table, precision: number): string[] {
  const head = table.columns.map((c) => (typeof c === "string" ? c : `$${renderExpr(c, { notation: "latex" })}$`));
  const align = table.columns.map((_, c) => (table.rows.length > 0 && table.rows.every((row) => typeof row[c] === "number") ? "---:" : "---"));
  const cell = (v: number | string) => (typeof v === "number" ? cellText(v, "unicode", precision) : v.replaceAll("|", "\\|"));
  return [`| ${head.join(" | ")} |`, `|${align.join("|")}|`, ...table.rows.map((row) => `| ${row.map(cell).join(" | ")} |`)];
}

/** Text (a title, a note) as Markdown that shows it as written: `w_1 * 2` is not italics. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, "\\$&").replace(/^([#+-]|\d+\.)(?=\s)/, "\\$1");
}

export function renderWorkedMarkdown(worked: Worked, options: { precision: number }): string {
  const { precision } = options;
  const latex = { notation: "latex" as const, precision };
  const out: string[] = [`# ${escapeMarkdown(worked.title)}`, ""];
  if (worked.source !== undefined) out.push(`*Source: ${escapeMarkdown(worked.source)}*`, "");
  out.push(escapeMarkdown(worked.summary), "");
  if (worked.conventions.length > 0) {
    out.push("**Conventions**", "");
    for (const c of worked.conventions) out.push(`- ${escapeMarkdown(c)}`);
    out.push("");
  }
  if (worked.given.length > 0) {
    out.push("## Given", "");
    for (const g of worked.given) out.push(`- ${g.title}: ${g.values.map((v) => `$${renderExpr(v, latex)} = ${renderExpr(v, { ...latex, substitute: true })}$`).join(", ")}`);
  }
  worked.sections.forEach((section, s) => {
    out.push("", `## ${s + 1}. ${section.title}`, "");
    if (section.formulas.length > 0) out.push(section.formulas.map((f) => `$${renderExpr(f.lhs, latex)} ${f.assign ? "\\leftarrow" : "="} ${renderExpr(f.rhs, latex)}$`).join(", "), "");
    for (const group of section.groups) {
      if (group.title !== "") out.push(`### ${group.title}`, "");
      for (const step of group.steps) {
        const { lhs, relation, forms } = layoutStep(step, "latex", precision);
        out.push(`$$${lhs} ${relation} ${forms.join(" = ")}$$`, "");
        if (step.note !== undefined) out.push(`> ${escapeMarkdown(step.note)}`, "");
      }
    }
    for (const table of section.tables) {
      if (table.title !== "") out.push(`**${table.title}**`, "");
      out.push(...markdownTable(table, precision), "");
    }
  });
  if (worked.notes.length > 0) {
    out.push("", "## Notes", "");
    for (const n of worked.notes) out.push(`- ${escapeMarkdown(n)}`);
    out.push("");
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}
