/**
 * LaTeX of questions and worked solutions (`tracegrad exercise --handout DIR`) that compiles with both
 * pdflatex and lualatex: the Markdown tracegrad writes (headings, lists, tables, quotes, bold, code and
 * `$…$` math) as a plain `article`, ASCII only outside math (every other character written as its
 * math symbol: σ as `$\sigma$`, x⁽¹⁾ as `x$^{(1)}$`), and only constructs both engines know.
 *
 * @module
 */
import { mathSegments } from "./math-segments.js";

const SYMBOLS: Readonly<Record<string, string>> = {
  α: "\\alpha", β: "\\beta", γ: "\\gamma", δ: "\\delta", ε: "\\epsilon", η: "\\eta", θ: "\\theta", λ: "\\lambda", μ: "\\mu", ρ: "\\rho", σ: "\\sigma", τ: "\\tau", φ: "\\phi",
  Σ: "\\Sigma", Δ: "\\Delta", "∂": "\\partial", "·": "\\cdot", "×": "\\times", "→": "\\to", "←": "\\leftarrow", "≤": "\\leq", "≥": "\\geq", "≈": "\\approx", "≠": "\\neq",
  "∞": "\\infty", "√": "\\surd", "−": "-", "′": "'", "½": "\\tfrac{1}{2}", "∈": "\\in", "±": "\\pm", "∇": "\\nabla", "∑": "\\sum", "⊙": "\\odot", "̂": "",
};
const SUPERSCRIPTS: Readonly<Record<string, string>> = { "⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁽": "(", "⁾": ")", "⁻": "-", ⁿ: "n", ᵗ: "t", ᵀ: "T", "ᴺ": "N", "⁺": "+", "ⁱ": "i", "ʲ": "j", "ᵏ": "k", "ˡ": "l", "ᵐ": "m" };
const SUBSCRIPTS: Readonly<Record<string, string>> = { "₀": "0", "₁": "1", "₂": "2", "₃": "3", "₄": "4", "₅": "5", "₆": "6", "₇": "7", "₈": "8", "₉": "9", "ᵢ": "i", "ⱼ": "j", "ₖ": "k", "ₙ": "n", "ₗ": "l", "ₘ": "m" };
const TEXT: Readonly<Record<string, string>> = { "…": "\\ldots{}", "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", " ": "~", "✓": "(ok)", "✗": "(x)" };

/** The characters of the last conversion that had no ASCII form (written as `?`). */
export const UNMAPPED = new Set<string>();

function escapeText(text: string): string {
  return text.replace(/[\\#$%&_{}~^<>|]/g, (c) => ({ "\\": "\\textbackslash{}", "~": "\\textasciitilde{}", "^": "\\textasciicircum{}", "<": "\\textless{}", ">": "\\textgreater{}", "|": "\\textbar{}" })[c] ?? `\\${c}`);
}

/** Plain text (no Markdown marks left) with every non-ASCII character in its ASCII or math form. */
function asciiText(text: string): string {
  let out = "";
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    if (c.charCodeAt(0) < 128) {
      // A letter with a combining hat (x̂, m̂, v̂): \hat of the letter.
      if (chars[i + 1] === "\u0302") {
        out += `$\\hat{${c}}$`;
        i++;
        continue;
      }
      out += escapeText(c);
      continue;
    }
    for (const [table, mark] of [[SUPERSCRIPTS, "^"], [SUBSCRIPTS, "_"]] as const) {
      if (table[c] !== undefined) {
        let run = "";
        while (i < chars.length && table[chars[i]] !== undefined) run += table[chars[i++]];
        i--;
        out += `$${mark}{${run}}$`;
        break;
      }
    }
    if (SUPERSCRIPTS[c] !== undefined || SUBSCRIPTS[c] !== undefined) continue;
    if (SYMBOLS[c] !== undefined) out += SYMBOLS[c] === "" ? "" : `$${SYMBOLS[c]}$`;
    else if (TEXT[c] !== undefined) out += TEXT[c];
    else {
      UNMAPPED.add(c);
      out += "?";
    }
  }
  return out;
}

/** Math with every non-ASCII character (a Unicode ε in a subscript) as its command, for pdflatex. */
function mathAscii(tex: string): string {
  return [...tex]
    .map((c) => {
      if (c.charCodeAt(0) < 128) return c;
      if (SYMBOLS[c] !== undefined) return `{${SYMBOLS[c]}}`;
      if (SUPERSCRIPTS[c] !== undefined) return `^{${SUPERSCRIPTS[c]}}`;
      if (SUBSCRIPTS[c] !== undefined) return `_{${SUBSCRIPTS[c]}}`;
      UNMAPPED.add(c);
      return "?";
    })
    .join("");
}

/** Inline Markdown (bold, italic, code, `\_` escapes) and math as LaTeX. */
function inline(markdown: string): string {
  return mathSegments(markdown)
    .map((s) => {
      if (s.kind === "math") return s.display ? `\\[ ${mathAscii(s.tex)} \\]` : `$${mathAscii(s.tex)}$`;
      let out = "";
      const re = /`([^`]*)`|\*\*([^*]+)\*\*|\*([^*]+)\*|\\([\\`*_{}[\]()#+\-.!|])/g;
      let last = 0;
      for (const m of s.text.matchAll(re)) {
        out += asciiText(s.text.slice(last, m.index));
        if (m[1] !== undefined) out += `\\texttt{${asciiText(m[1])}}`;
        else if (m[2] !== undefined) out += `\\textbf{${inline(m[2])}}`;
        else if (m[3] !== undefined) out += `\\emph{${inline(m[3])}}`;
        else out += asciiText(m[4]);
        last = m.index + m[0].length;
      }
      return out + asciiText(s.text.slice(last));
    })
    .join("");
}

const HEADINGS = ["\\section*", "\\subsection*", "\\subsubsection*", "\\paragraph*", "\\subparagraph*", "\\subparagraph*"];

function cells(line: string): string[] {
  return line.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
}

/** One Markdown document's body as LaTeX. */
export function markdownLatex(markdown: string): string {
  const lines = markdown.split("\n");
  const out: string[] = [];
  let list: "itemize" | "enumerate" | null = null;
  const closeList = () => {
    if (list !== null) out.push(`\\end{${list}}`);
    list = null;
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heading = /^(#{1,6}) (.*)$/.exec(line);
    const bullet = /^\s*- (.*)$/.exec(line);
    const numbered = /^\s*\d+\. (.*)$/.exec(line);
    if (heading !== null) {
      closeList();
      out.push(`${HEADINGS[heading[1].length - 1]}{${inline(heading[2])}}`);
    } else if (bullet !== null || numbered !== null) {
      const kind = bullet !== null ? "itemize" : "enumerate";
      if (list !== kind) {
        closeList();
        out.push(`\\begin{${kind}}`);
        list = kind;
      }
      out.push(`\\item ${inline((bullet ?? numbered)![1])}`);
    } else if (line.trim().startsWith("|")) {
      closeList();
      const rows: string[][] = [];
      while (i < lines.length && lines[i].trim().startsWith("|")) {
        if (!/^\s*\|[\s|:-]+\|\s*$/.test(lines[i])) rows.push(cells(lines[i]));
        i++;
      }
      i--;
      const n = Math.max(...rows.map((r) => r.length));
      out.push("\\begin{center}", `\\begin{tabular}{|l|${"r|".repeat(n - 1)}}`, "\\hline");
      rows.forEach((r, k) => {
        out.push(`${r.map(inline).join(" & ")} \\\\`);
        if (k === 0) out.push("\\hline");
      });
      out.push("\\hline", "\\end{tabular}", "\\end{center}");
    } else if (line.startsWith("> ")) {
      closeList();
      out.push(`\\begin{quote}${inline(line.slice(2))}\\end{quote}`);
    } else if (line.trim() === "") {
      closeList();
      out.push("");
    } else {
      if (list !== null && /^\s/.test(line)) out.push(inline(line.trim()));
      else {
        closeList();
        out.push(inline(line));
      }
    }
  }
  closeList();
  return out.join("\n");
}

/** A LaTeX document of several documents (one per student), each starting on a new page. */
export function printableLatex(title: string, documents: readonly string[]): string {
  return [
    "\\documentclass[11pt]{article}",
    "\\usepackage[margin=18mm]{geometry}",
    "\\usepackage{amsmath,amssymb}",
    "\\setlength{\\parindent}{0pt}",
    "\\setlength{\\parskip}{0.5em}",
    "\\allowdisplaybreaks",
    `\\title{${inline(title)}}`,
    "\\date{}",
    "\\begin{document}",
    documents.map(markdownLatex).join("\n\\clearpage\n"),
    "\\end{document}",
    "",
  ].join("\n");
}
