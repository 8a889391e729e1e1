/**
 * A worked solution as a standalone LaTeX document (article class, amsmath), each step an `align*`
 * row whose forms break onto lines of their own.
 *
 * @module
 */
import { renderExpr } from "./render-expr.js";
import { layoutStep } from "./render-step.js";
import type { Solution } from "./solution.js";

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

export function renderLatex(solution: Solution, options: { precision: number }): string {
  const { precision } = options;
  const latex = { notation: "latex" as const, precision };
  const t = noteToLatexText;
  const out: string[] = [
    "\\documentclass[11pt]{article}",
    "\\usepackage[margin=2cm]{geometry}",
    "\\usepackage{amsmath}",
    "\\allowdisplaybreaks",
    `\\title{${t(solution.title)}}`,
    "\\date{}",
    "\\begin{document}",
    "\\maketitle",
  ];
  if (solution.source !== undefined) out.push(`\\noindent Source: ${t(solution.source)}\\\\`);
  out.push(`\\noindent Network: ${t(solution.network)}`, "", "\\paragraph{Conventions}", "\\begin{itemize}");
  for (const c of solution.conventions) out.push(`  \\item ${t(c)}`);
  out.push("\\end{itemize}", "", "\\section*{Given}", "\\begin{itemize}");
  for (const g of solution.given) {
    out.push(`  \\item ${t(g.title)}: ${g.values.map((v) => `$${renderExpr(v, latex)} = ${renderExpr(v, { ...latex, substitute: true })}$`).join(", ")}`);
  }
  out.push("\\end{itemize}");
  solution.sections.forEach((section, s) => {
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
      out.push(body.trimEnd());
      out.push("\\end{align*}");
    }
  });
  if (solution.notes.length > 0) {
    out.push("", "\\section*{Notes}", "\\begin{itemize}");
    for (const n of solution.notes) out.push(`  \\item ${t(n)}`);
    out.push("\\end{itemize}");
  }
  out.push("\\end{document}", "");
  return out.join("\n");
}
