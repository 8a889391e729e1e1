/**
 * Splits the Markdown of questions and worked solutions into text and math: `$$…$$` (display) and
 * `$…$` (inline), as tracegrad writes them, leaving code spans (`` `…` ``) as text.
 *
 * @module
 */

/** One piece of a line: text, or a math formula in LaTeX. */
export type Segment = { readonly kind: "text"; readonly text: string } | { readonly kind: "math"; readonly tex: string; readonly display: boolean };

/** The text and math of a Markdown string, in order. */
export function mathSegments(markdown: string): Segment[] {
  const out: Segment[] = [];
  let text = "";
  let i = 0;
  while (i < markdown.length) {
    const c = markdown[i];
    if (c === "`") {
      const end = markdown.indexOf("`", i + 1);
      if (end < 0) {
        text += markdown.slice(i);
        break;
      }
      text += markdown.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (c === "\\" && markdown[i + 1] === "$") {
      text += "$";
      i += 2;
      continue;
    }
    if (c === "$") {
      const display = markdown[i + 1] === "$";
      const open = display ? 2 : 1;
      const end = markdown.indexOf(display ? "$$" : "$", i + open);
      if (end > i + open) {
        if (text !== "") out.push({ kind: "text", text });
        text = "";
        out.push({ kind: "math", tex: markdown.slice(i + open, end).trim(), display });
        i = end + open;
        continue;
      }
    }
    text += c;
    i++;
  }
  if (text !== "") out.push({ kind: "text", text });
  return out;
}
