/**
 * Formulas typeset with KaTeX, from the LaTeX the worked solutions print (`layoutStep` with the
 * `latex` notation, as `tracegrad step --format latex` writes it). KaTeX runs with `trust: false`
 * (no \href, no \includegraphics, no HTML) and `throwOnError: false`; its output is the only HTML the
 * page inserts besides practice mode's question (see `dom.ts`).
 *
 * @module
 */
import katex from "katex";
import "katex/dist/katex.min.css";
import type { Step } from "tracegrad/internal/engine/operation";
import { renderExpr } from "tracegrad/internal/engine/render-expr";
import { layoutStep } from "tracegrad/internal/explain/render-step";
import type { Formula } from "tracegrad/internal/explain/solution";
import { h } from "./dom.js";

/** The HTML of a formula. */
export function mathHtml(latex: string, display: boolean): string {
  return katex.renderToString(latex, { displayMode: display, throwOnError: false, trust: false, strict: "ignore", output: "htmlAndMathml" });
}

/** An element holding a typeset formula. */
export function mathElement(latex: string, display = true, attributes: Record<string, string> = {}): HTMLElement {
  const element = h(display ? "div" : "span", { class: display ? "math display" : "math", ...attributes });
  element.innerHTML = mathHtml(latex, display);
  return element;
}

/**
 * The LaTeX of a step, its forms one under the other as `tracegrad step --format latex` breaks them:
 * `lhs &= call \\ &= formula \\ &= substituted \\ &= value`.
 */
export function stepLatex(step: Step, precision: number): string {
  const { lhs, relation, forms } = layoutStep(step, "latex", precision);
  const rows = forms.map((f, k) => (k === 0 ? `${lhs} &${relation} ${f}` : `&= ${f}`));
  return `\\begin{aligned}${rows.join(" \\\\ ")}\\end{aligned}`;
}

/** The LaTeX of a general formula: `δ_j = ∂L/∂a_j · f'(z_j)`. */
export function formulaLatex(formula: Formula, precision: number): string {
  const o = { notation: "latex" as const, precision, substitute: false };
  return `${renderExpr(formula.lhs, o)} ${formula.assign ? "\\leftarrow" : "="} ${renderExpr(formula.rhs, o)}`;
}
