/**
 * The words under a wrong answer once its working is shown: the grading's hint stays on show, so the
 * explanation adds only what the hint does not already say. For an answer no common mistake explains,
 * the hint and the explanation open with the same sentence ("This does not match any of the common
 * mistakes tracegrad looks for"); it is said once. What the working line itself says (`z_h1 = 0.173`,
 * its first and last terms) is not said again either.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */

/** A text's clauses: its sentences, split again at semicolons, each with its punctuation. */
function clauses(text: string): string[] {
  return text
    .split(/(?<=[.;:!?])\s+/)
    .map((c) => c.trim())
    .filter((c) => c !== "");
}

/** A clause without its closing punctuation, for comparing. */
function bare(clause: string): string {
  return clause.replace(/[.;:!?]+$/, "").trim();
}

/** Whether the working line already says `name = value` (it starts with the name and ends with the value). */
function workingSays(working: string | null, clause: string): boolean {
  if (working === null) return false;
  const parts = bare(clause).split(" = ");
  if (parts.length !== 2) return false;
  const [name, value] = parts;
  const line = bare(working);
  return line.startsWith(`${name} = `) && line.endsWith(` = ${value}`);
}

/**
 * The part of `explanation` that neither `hint` nor the `working` line says, as one text; null when
 * nothing is left.
 */
export function explanationBeyond(explanation: string, hint: string | null, working: string | null): string | null {
  const said = new Set((hint === null ? [] : clauses(hint)).map(bare));
  const rest = clauses(explanation).filter((c) => !said.has(bare(c)) && !workingSays(working, c));
  if (rest.length === 0) return null;
  const text = rest.join(" ").replace(/;$/, ".");
  // A sentence cut from its beginning starts in lower case: it starts a sentence of its own now.
  return /^[a-z]{2,}\b/.test(text) ? text[0].toUpperCase() + text.slice(1) : text;
}
