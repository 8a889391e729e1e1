/**
 * Printable HTML of questions and worked solutions (`tracegrad exercise --handout DIR`): the Markdown
 * rendered by marked, every formula typeset when the file is written by KaTeX as MathML (which
 * browsers render with their own fonts, so nothing is fetched), print CSS with a page break between
 * students: one self-contained file that requests nothing outside itself.
 *
 * @module
 */
import katex from "katex";
import { marked } from "marked";
import { escapeXml } from "../plots/svg-markup.js";
import { mathSegments } from "./math-segments.js";

const STYLE = `
body { font-family: "DejaVu Serif", Georgia, serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.25rem; margin-top: 1.6rem; } h3, h4, h5 { font-size: 1.05rem; }
table { border-collapse: collapse; margin: 0.6rem 0; } th, td { border: 1px solid #999; padding: 0.15rem 0.5rem; text-align: right; }
code { font-family: "DejaVu Sans Mono", monospace; font-size: 0.9em; }
math[display="block"] { margin: 0.4rem 0; overflow-x: auto; }
blockquote { margin: 0.3rem 0 0.3rem 1rem; color: #444; }
section.sheet + section.sheet { border-top: 2px solid #333; margin-top: 2rem; padding-top: 1rem; }
@page { margin: 18mm; }
@media print {
  body { max-width: none; margin: 0; }
  section.sheet { break-after: page; border: none; }
  section.sheet:last-child { break-after: auto; }
  h2, h3 { break-after: avoid; }
  table, math[display="block"] { break-inside: avoid; }
}
`;

/** A formula as MathML; a formula KaTeX cannot read is an error, never silently raw TeX. */
export function mathml(tex: string, display: boolean): string {
  return katex.renderToString(tex, { displayMode: display, output: "mathml", throwOnError: true, strict: "ignore", trust: false });
}

/** One Markdown document as HTML, its math typeset. */
export function markdownHtml(markdown: string): string {
  const formulas: string[] = [];
  // Each formula becomes a placeholder that marked leaves alone, then its MathML.
  const text = mathSegments(markdown)
    .map((s) => {
      if (s.kind === "text") return s.text;
      formulas.push(mathml(s.tex, s.display));
      return `@@MATH${formulas.length - 1}@@`;
    })
    .join("");
  const html = marked.parse(text, { async: false, gfm: true });
  return html.replace(/@@MATH(\d+)@@/g, (_, k: string) => formulas[Number(k)]);
}

/** A printable page of several documents (one per student), each on its own pages. */
export function printableHtml(title: string, documents: readonly string[]): string {
  const sections = documents.map((d) => `<section class="sheet">\n${markdownHtml(d)}</section>`).join("\n");
  return `<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>${escapeXml(title, true)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n${sections}\n</body>\n</html>\n`;
}
