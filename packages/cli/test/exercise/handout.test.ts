/**
 * The printable handout (`tracegrad exercise --handout DIR`): self-contained HTML with every formula as
 * MathML, and LaTeX whose every math block KaTeX reads, ASCII outside math, balanced braces and
 * environments, and which pdflatex and lualatex compile where they are installed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import katex from "katex";
import { runCli } from "../cli/run-cli.js";

const SHEET = `title: Every type
parts:
  - type: forward
  - type: bce
  - type: scaling
  - type: activations
  - type: gradcheck
    layers: 2-1
    activation: sigmoid
  - type: l2
  - type: optimizer
  - type: init
  - type: batchnorm
  - type: dropout
  - type: backprop
`;

function handout(): string {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-handout-"));
  writeFileSync(join(dir, "sheet.yaml"), SHEET);
  const r = runCli(["exercise", "--set", join(dir, "sheet.yaml"), "--count", "2", "--seed", "8", "--out", join(dir, "sheets"), "--handout", join(dir, "print")]);
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

/** The math blocks of a LaTeX document: `$…$` and `\[…\]`. */
function mathBlocks(tex: string): { tex: string; display: boolean }[] {
  const out: { tex: string; display: boolean }[] = [];
  for (const m of tex.matchAll(/\\\[([\s\S]*?)\\\]|(?<!\\)\$([^$]+?)(?<!\\)\$/g)) out.push(m[1] !== undefined ? { tex: m[1], display: true } : { tex: m[2], display: false });
  return out;
}

/** A small structural parse: braces balance (escaped ones aside) and every \begin has its \end, nested properly. */
function assertWellFormed(tex: string): void {
  let depth = 0;
  for (let i = 0; i < tex.length; i++) {
    if (tex[i] === "\\") {
      i++;
      continue;
    }
    if (tex[i] === "{") depth++;
    if (tex[i] === "}") depth--;
    assert.ok(depth >= 0, `a } without its { near ${JSON.stringify(tex.slice(Math.max(0, i - 40), i + 10))}`);
  }
  assert.equal(depth, 0, "every { is closed");
  const stack: string[] = [];
  for (const m of tex.matchAll(/\\(begin|end)\{([^}]+)\}/g)) {
    if (m[1] === "begin") stack.push(m[2]);
    else assert.equal(stack.pop(), m[2], `\\end{${m[2]}} closes the environment open`);
  }
  assert.deepEqual(stack, []);
}

test("questions.html and solutions.html: self-contained, every formula MathML, a page break between students", () => {
  const dir = handout();
  for (const file of [join(dir, "print", "questions.html"), join(dir, "print-key", "solutions.html")]) {
    const html = readFileSync(file, "utf8");
    assert.ok(!/\b(src|href)=|@import|url\(/.test(html), `${file} requests nothing outside itself`);
    assert.ok(!html.includes("$"), `${file}: no formula left as raw TeX`);
    assert.ok((html.match(/<math/g) ?? []).length > 50);
    assert.equal((html.match(/<section class="sheet">/g) ?? []).length, 2, "one section per student");
    assert.match(html, /@media print[\s\S]*section\.sheet \{ break-after: page;/);
  }
  // The students' file has none of the key's numbers beyond 4 digits: the key file is elsewhere.
  assert.ok(!existsSync(join(dir, "print", "01", "key.yaml")));
});

test("questions.tex and solutions.tex: KaTeX reads every math block, ASCII only, well formed, and they compile with pdflatex and lualatex", () => {
  const dir = handout();
  for (const file of [join(dir, "print", "questions.tex"), join(dir, "print-key", "solutions.tex")]) {
    const tex = readFileSync(file, "utf8");
    const other = [...new Set([...tex].filter((c) => c !== "\t" && c !== "\n" && (c < " " || c > "~")))];
    assert.deepEqual(other, [], `${file} is ASCII`);
    assert.ok(!tex.includes("?$") && !/[^\w\s]\?[^\w\s]/.test(tex.replace(/\\texttt\{[^}]*\}/g, "")), "no character left unmapped");
    assert.ok(!tex.includes("\\intertext"));
    assertWellFormed(tex);
    const blocks = mathBlocks(tex);
    assert.ok(blocks.length > 100, `${file}: ${blocks.length} math blocks`);
    for (const b of blocks) assert.doesNotThrow(() => katex.renderToString(b.tex, { displayMode: b.display, throwOnError: true, strict: "ignore" }), b.tex);
  }
  for (const engine of ["pdflatex", "lualatex"]) {
    if (spawnSync("which", [engine]).status !== 0) {
      console.warn(`  NOTICE: ${engine} is not installed: the handout's LaTeX is not compiled with it`);
      continue;
    }
    const r = spawnSync(engine, ["-interaction=nonstopmode", "-halt-on-error", "questions.tex"], { cwd: join(dir, "print"), encoding: "utf8", timeout: 240_000 });
    assert.equal(r.status, 0, `${engine}: ${r.stdout.split("\n").filter((l) => l.startsWith("!")).join("; ")}`);
    assert.ok(existsSync(join(dir, "print", "questions.pdf")));
  }
});
