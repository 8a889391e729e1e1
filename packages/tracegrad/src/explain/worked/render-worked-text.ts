/**
 * A {@link Worked} solution as plain text for the terminal, in Unicode or pure ASCII, with tables in
 * aligned columns.
 *
 * @module
 */
import { renderExpr } from "../../engine/render-expr.js";
import { stepLine } from "../render-step.js";
import { tableLines } from "./render-table.js";
import type { Worked } from "./worked.js";

/** Greek letters of the prose, spelled out; a product such as 2λw becomes 2*lambda*w. */
const GREEK: Record<string, string> = { λ: "lambda", σ: "sigmoid", δ: "delta", η: "eta", α: "alpha", μ: "mu", ρ: "rho", β: "beta", ε: "epsilon" };

/** Other Unicode symbols of the prose (notes, conventions) and their plain ASCII spellings. */
const ASCII: [string, string][] = [
  ["→", "->"], ["←", "<-"], ["∂", "d"], ["≤", "<="], ["≥", ">="], ["½", "1/2"], ["²", "^2"], ["×", "x"], ["·", "*"],
  ["√", "sqrt"], ["x̂", "x_hat"], ["ŷ", "y_hat"], ["↳", "->"], ["−", "-"], ["…", "..."],
];

function toAscii(text: string): string {
  let out = text.replace(/([0-9A-Za-z)]?)([λσδηαμρβε])(?=([0-9A-Za-z]?))/g, (_m, before: string, letter: string, after: string) => `${before}${before ? "*" : ""}${GREEK[letter]}${after ? "*" : ""}`);
  out = out.replace(/Σ(?=[A-Za-z])/g, "sum ").replaceAll("Σ", "sum");
  for (const [unicode, ascii] of ASCII) out = out.replaceAll(unicode, ascii);
  return out;
}

export function renderWorkedText(worked: Worked, options: { precision: number; ascii?: boolean }): string {
  const notation = options.ascii ? ("ascii" as const) : ("unicode" as const);
  const { precision } = options;
  const prose = options.ascii ? toAscii : (text: string) => text;
  const out: string[] = [prose(worked.title)];
  if (worked.source !== undefined) out.push(`Source: ${prose(worked.source)}`);
  out.push(prose(worked.summary));
  if (worked.conventions.length > 0) {
    out.push("", "Conventions");
    for (const c of worked.conventions) out.push(`  - ${prose(c)}`);
  }
  if (worked.given.length > 0) {
    out.push("", "Given");
    for (const g of worked.given) out.push(`  ${g.title}: ${g.values.map((v) => `${renderExpr(v, { notation })} = ${renderExpr(v, { notation, substitute: true, precision })}`).join(", ")}`);
  }
  worked.sections.forEach((section, s) => {
    out.push("", `${s + 1}. ${prose(section.title)}`);
    for (const f of section.formulas) out.push(`   ${renderExpr(f.lhs, { notation })} ${f.assign ? prose("←") : "="} ${renderExpr(f.rhs, { notation })}`);
    for (const group of section.groups) {
      if (group.title !== "") out.push(`   ${prose(group.title)}`);
      const indent = group.title === "" ? "   " : "     ";
      for (const step of group.steps) {
        out.push(indent + stepLine(step, notation, precision));
        if (step.note !== undefined) out.push(`${indent}  ${prose("↳")} ${prose(step.note)}`);
      }
    }
    for (const table of section.tables) {
      if (table.title !== "") out.push(`   ${prose(table.title)}`);
      for (const line of tableLines(table, notation, precision)) out.push(`     ${line}`);
    }
  });
  if (worked.notes.length > 0) {
    out.push("", "Notes");
    for (const n of worked.notes) out.push(`  - ${prose(n)}`);
  }
  return out.join("\n") + "\n";
}
