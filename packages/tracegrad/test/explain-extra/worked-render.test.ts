import { test } from "node:test";
import assert from "node:assert/strict";
import { partial, pow, sym } from "../../src/engine/expr.js";
import { renderExpr } from "../../src/engine/render-expr.js";
import { renderWorked } from "../../src/explain/worked/render-worked.js";
import { displayWidth, tableLines } from "../../src/explain/worked/render-table.js";
import type { Worked } from "../../src/explain/worked/worked.js";
import { section } from "../../src/explain/worked/worked.js";
import { assertLatexDocument, assertMarkdownMath } from "./worked-checks.js";

const WORKED: Worked = {
  title: "A small solution",
  source: "a test",
  summary: "x̂ = x/2 for two values",
  conventions: ["μ is a mean, σ₂ a deviation"],
  given: [{ title: "values", values: [sym("x", "1", undefined, 3), partial(sym("L"), sym("w1"), -0.5)] }],
  sections: [
    section("halve", "Halve", {
      formulas: [{ lhs: sym("xhat"), rhs: sym("x") }],
      groups: [{ title: "the step", steps: [{ lhs: sym("xhat", "1"), formula: sym("x", "1", undefined, 3), value: 1.5, note: "an x̂ with a note" }] }],
      tables: [{ title: "Table", columns: ["row", sym("xhat", "1")], rows: [["1", 1.5], ["22", -0.25]] }],
    }),
  ],
  notes: ["a note ±1"],
};

test("text: the layout of tracegrad step, tables in aligned columns (numbers to the right)", () => {
  const text = renderWorked(WORKED, {}, { format: "text" });
  assert.equal(
    text,
    [
      "A small solution",
      "Source: a test",
      "x̂ = x/2 for two values",
      "",
      "Conventions",
      "  - μ is a mean, σ₂ a deviation",
      "",
      "Given",
      "  values: x₁ = 3, ∂L/∂w1 = -0.5",
      "",
      "1. Halve",
      "   x̂ = x",
      "   the step",
      "     x̂₁ = x₁ = 3 = 1.5",
      "       ↳ an x̂ with a note",
      "   Table",
      "     row     x̂₁",
      "     1      1.5",
      "     22   -0.25",
      "",
      "Notes",
      "  - a note ±1",
      "",
    ].join("\n"),
  );
  assert.equal(displayWidth("x̂₁"), 2);
  assert.deepEqual(tableLines({ title: "", columns: ["a", "b"], rows: [[1, "x"], [-10, "yy"]] }, "unicode", 8), ["  a  b", "  1  x", "-10  yy"]);
});

test("markdown, LaTeX and JSON", () => {
  const md = renderWorked(WORKED, {}, { format: "markdown" });
  assert.match(md, /^# A small solution\n/);
  assert.match(md, /\| row \| \$\\hat\{x\}_\{1\}\$ \|\n\|---\|---:\|\n\| 1 \| 1\.5 \|\n\| 22 \| -0\.25 \|/);
  assertMarkdownMath(md);
  const latex = renderWorked(WORKED, {}, { format: "latex" });
  assertLatexDocument(latex);
  assert.match(latex, /\\item \$\\mu\$ is a mean, \$\\sigma_\{2\}\$ a deviation/);
  assert.match(latex, /\\begin\{tabular\}\{lr\}/);
  const json = JSON.parse(renderWorked(WORKED, { answer: 42 }, { format: "json", precision: 3 }));
  assert.equal(json.answer, 42);
  assert.equal(json.solution.sections[0].groups[0].steps[0].text, "x̂₁ = x₁ = 3 = 1.5");
  assert.deepEqual(json.solution.sections[0].tables[0], { title: "Table", columns: ["row", "x̂₁"], rows: [["1", 1.5], ["22", -0.25]] });
  assert.equal(json.solution.given[0].values[1].value, -0.5);
});

test("a derivative or a symbol with a superscript, raised to a power, takes parentheses", () => {
  const g = partial(sym("L"), sym("w"), 0.5);
  assert.equal(renderExpr(pow(g, 2)), "(∂L/∂w)²");
  assert.equal(renderExpr(pow(g, 2), { substitute: true }), "0.5²");
  assert.equal(renderExpr(pow(sym("a", undefined, "(1)", -2), 2)), "(a⁽¹⁾)²");
  assert.equal(renderExpr(pow(sym("a", undefined, "(1)"), 2), { notation: "latex" }), "\\left(a^{(1)}\\right)^{2}");
  assert.equal(renderExpr(pow(sym("a", "1"), 2)), "a₁²");
});

test("Markdown shows a title and notes as written: no emphasis, links or HTML from their characters", async () => {
  const { marked } = await import("marked");
  const title = "*bold* w_1 and w_2 [x](y) <b>";
  const markdown = renderWorked({ ...WORKED, title, notes: ["2*3*4 and __init__"] }, {}, { format: "markdown" });
  const html = await marked.parse(markdown);
  assert.match(html, /<h1>\*bold\* w_1 and w_2 \[x\]\(y\) &lt;b&gt;<\/h1>/);
  assert.match(html, /<li>2\*3\*4 and __init__<\/li>/);
  assert.doesNotMatch(html, /<(strong|a) /);
});
