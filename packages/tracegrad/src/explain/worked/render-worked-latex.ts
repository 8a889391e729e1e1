/**
 * A {@link Worked} solution as a standalone LaTeX document, in the layout of `render-latex.ts`:
 * steps as `align*` rows, tables as `tabular`s.
 *
 * @module
 */
import { renderExpr } from "../../engine/render-expr.js";
import { layoutStep } from "../render-step.js";
import { cellText } from "./render-table.js";
import type { Table, Worked } from "./worked.js";

const UNICODE_TO_LATEX: [RegExp, string][] = [
  [/\\/g, "\\textbackslash{}"],
  [/([#$%&_{}])/g, "\\$1"],
  [/\^/g, "\\textasciicircum{}"],
  [/~/g, "\\textasciitilde{}"],
  [/σ/g, "$\\sigma$"],
  [/δ/g, "$\\delta$"],
  [/η/g, "$\\eta$"],
  [/λ/g, "$\\lambda$"],
  [/α/g, "$\\alpha$"],
  [/Σ/g, "$\\Sigma$"],
  [/∂/g, "$\\partial$"],
  [/≤/g, "$\\le$"],
  [/≥/g, "$\\ge$"],
  [/→/g, "$\\to$"],
  [/←/g, "$\\leftarrow$"],
  [/×/g, "$\\times$"],
  [/·/g, "$\\cdot$"],
  [/½/g, "$\\frac{1}{2}$"],
  [/²/g, "$^2$"],
  [/−/g, "-"],
];

/** Escapes text (a note, a title) for LaTeX, turning its Unicode symbols into math. */
export function noteToLatexText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of UNICODE_TO_LATEX) out = out.replace(pattern, replacement);
  return out;
}


const SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹ⁱʲᵏⁿᵗ⁺⁻⁽⁾";
const SUPERSCRIPT_PLAIN = "0123456789ijknt+-()";
const SUBSCRIPTS = "₀₁₂₃₄₅₆₇₈₉";

/** Unicode that `noteToLatexText` does not turn into math, as LaTeX math (taken out before it escapes the text). */
const MATH: [RegExp, (match: string) => string][] = [
  [new RegExp(`[${SUPERSCRIPTS}]+`, "g"), (m) => `$^{${[...m].map((c) => SUPERSCRIPT_PLAIN[SUPERSCRIPTS.indexOf(c)]).join("")}}$`],
  [new RegExp(`[${SUBSCRIPTS}]+`, "g"), (m) => `$_{${[...m].map((c) => SUBSCRIPTS.indexOf(c)).join("")}}$`],
  [/[A-Za-z]\u0302/g, (m) => `$\\hat{${m[0]}}$`],
  [/[A-Za-z]\u0304/g, (m) => `$\\bar{${m[0]}}$`],
  [/μ/g, () => "$\\mu$"],
  [/β/g, () => "$\\beta$"],
  [/γ/g, () => "$\\gamma$"],
  [/ε/g, () => "$\\epsilon$"],
  [/ρ/g, () => "$\\rho$"],
  [/√/g, () => "$\\surd$"],
  [/≈/g, () => "$\\approx$"],
  [/≠/g, () => "$\\ne$"],
  [/±/g, () => "$\\pm$"],
  [/…/g, () => "\\ldots{}"],
];

/** Text (a note, a title, a heading) for LaTeX: escaped, its Unicode symbols turned into math. */
function t(text: string): string {
  const kept: string[] = [];
  let out = text;
  for (const [pattern, latex] of MATH) out = out.replace(pattern, (m) => `\uE000${kept.push(latex(m)) - 1}\uE001`);
  out = noteToLatexText(out).replace(/\uE000(\d+)\uE001/g, (_, i: string) => kept[Number(i)]);
  // Math next to math is one formula: `$\sigma$$_{1}$` is `$\sigma_{1}$`.
  return out.replace(/(?<!\\)\$\$/g, "");
}

function latexTable(table: Table, precision: number): string[] {
  const head = table.columns.map((c) => (typeof c === "string" ? t(c) : `$${renderExpr(c, { notation: "latex" })}$`));
  const align = table.columns.map((_, c) => (table.rows.length > 0 && table.rows.every((row) => typeof row[c] === "number") ? "r" : "l")).join("");
  const cell = (v: number | string) => (typeof v === "number" ? `$${cellText(v, "latex", precision)}$` : t(v));
  return [
    "\\begin{center}",
    `\\begin{tabular}{${align}}`,
    `${head.join(" & ")} \\\\ \\hline`,
    ...table.rows.map((row) => `${row.map(cell).join(" & ")} \\\\`),
    "\\end{tabular}",
    "\\end{center}",
  ];
}

export function renderWorkedLatex(worked: Worked, options: { precision: number }): string {
  const { precision } = options;
  const latex = { notation: "latex" as const, precision };
  const out: string[] = [
    "\\documentclass[11pt]{article}",
    "\\usepackage[margin=2cm]{geometry}",
    "\\usepackage{amsmath}",
    "\\allowdisplaybreaks",
    `\\title{${t(worked.title)}}`,
    "\\date{}",
    "\\begin{document}",
    "\\maketitle",
  ];
  if (worked.source !== undefined) out.push(`\\noindent Source: ${t(worked.source)}\\\\`);
  out.push(`\\noindent ${t(worked.summary)}`);
  if (worked.conventions.length > 0) {
    out.push("", "\\paragraph{Conventions}", "\\begin{itemize}");
    for (const c of worked.conventions) out.push(`  \\item ${t(c)}`);
    out.push("\\end{itemize}");
  }
  if (worked.given.length > 0) {
    out.push("", "\\section*{Given}", "\\begin{itemize}");
    for (const g of worked.given) out.push(`  \\item ${t(g.title)}: ${g.values.map((v) => `$${renderExpr(v, latex)} = ${renderExpr(v, { ...latex, substitute: true })}$`).join(", ")}`);
    out.push("\\end{itemize}");
  }
  worked.sections.forEach((section, s) => {
    out.push("", `\\section*{${s + 1}. ${t(section.title)}}`);
    if (section.formulas.length > 0) {
      out.push("\\begin{gather*}");
      out.push(section.formulas.map((f) => `${renderExpr(f.lhs, latex)} ${f.assign ? "\\leftarrow" : "="} ${renderExpr(f.rhs, latex)}`).join(" \\\\\n"));
      out.push("\\end{gather*}");
    }
    for (const group of section.groups) {
      if (group.title !== "") out.push(`\\subsection*{${t(group.title)}}`);
      if (group.steps.length === 0) continue;
      out.push("\\begin{align*}");
      let body = "";
      group.steps.forEach((step, i) => {
        const { lhs, relation, forms } = layoutStep(step, "latex", precision);
        body += forms.map((f, k) => (k === 0 ? `${lhs} &${relation} ${f}` : `&= ${f}`)).join(" \\\\\n");
        if (step.note !== undefined) body += ` \\\\\n\\intertext{\\small ${t(step.note)}}\n`;
        else if (i < group.steps.length - 1) body += " \\\\[4pt]\n";
      });
      out.push(body.trimEnd(), "\\end{align*}");
    }
    for (const table of section.tables) {
      if (table.title !== "") out.push(`\\paragraph{${t(table.title)}}`);
      out.push(...latexTable(table, precision));
    }
  });
  if (worked.notes.length > 0) {
    out.push("", "\\section*{Notes}", "\\begin{itemize}");
    for (const n of worked.notes) out.push(`  \\item ${t(n)}`);
    out.push("\\end{itemize}");
  }
  out.push("\\end{document}", "");
  return out.join("\n");
}
