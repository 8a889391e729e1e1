/** Checks shared by the tests of the worked-solution commands. */
import assert from "node:assert/strict";
import katex from "katex";
import { EvaluationError, evaluate } from "../../src/engine/expr.js";
import type { Worked } from "../../src/explain/worked/worked.js";

/**
 * Every step's formula, evaluated with the values its symbols carry, gives the value the engine
 * computed: the printed formula and the computation are one. Returns how many steps were evaluated
 * (steps whose formula shows a derivative, as σ'(z), are shown, not evaluated).
 */
export function assertStepsEvaluate(worked: Worked, relative = 1e-12, absolute = 1e-12): number {
  let evaluated = 0;
  for (const section of worked.sections) {
    for (const group of section.groups) {
      for (const step of group.steps) {
        let value: number;
        try {
          value = evaluate(step.formula);
        } catch (error) {
          if (error instanceof EvaluationError) continue;
          throw error;
        }
        if (step.note?.includes("constant") && Number.isNaN(value)) continue;
        const bound = Math.max(relative * Math.abs(step.value), absolute);
        assert.ok(Math.abs(value - step.value) <= bound, `${section.title} / ${group.title}: the formula gives ${value}, the engine ${step.value}`);
        evaluated++;
      }
    }
  }
  return evaluated;
}

/** Every formula of a Markdown solution (`$…$` and `$$…$$`) is LaTeX that KaTeX typesets. */
export function assertMarkdownMath(markdown: string): number {
  const formulas = [...markdown.matchAll(/\$\$([^$]+)\$\$|\$([^$\n]+)\$/g)].map((m) => m[1] ?? m[2]);
  for (const f of formulas) assert.doesNotThrow(() => katex.renderToString(f, { throwOnError: true, displayMode: true }), `KaTeX refuses: ${f}`);
  return formulas.length;
}

/** A LaTeX document: one document environment, plain ASCII, no `$$` (display math where text was meant). */
export function assertLatexDocument(latex: string): void {
  assert.match(latex, /^\\documentclass/);
  assert.match(latex, /\\end\{document\}\n$/);
  const nonAscii = [...latex].filter((c) => c.charCodeAt(0) > 127);
  assert.deepEqual([...new Set(nonAscii)], [], "every Unicode symbol is turned into LaTeX");
  assert.doesNotMatch(latex.replace(/\\\$/g, ""), /\$\$/, "no $$");
}
