/**
 * A diagnosis in words: one or two short sentences that say what the learner's number is and what went
 * wrong, "Either … Or …" where several mistakes give the number. With `hint`, the same without the
 * correct number, for self-study. The words of a mistake of a computation's table are the mistake's
 * own ({@link Mistake.words}); the rest (a swap, a flipped sign, a value not updated, rounding, a value
 * carried forward) is said here for every kind of computation alike.
 *
 * @module
 */
import { formatNumber } from "../common/format-number.js";
import type { GradedQuantity } from "./computation.js";
import type { Finding } from "./findings.js";
import type { DiagnosisCode } from "./mistake-table.js";

/** What the sentences need besides the findings. */
export interface ExplanationContext {
  readonly precision: number;
  /** The possessive for the answers: "your" (a learner's) or "its" (a published solution's). */
  readonly whose: "your" | "its";
  /** Leave the correct numbers out (a hint for self-study). */
  readonly hint: boolean;
  /** The exact value of a quantity. */
  expected(q: GradedQuantity): number;
  /** The learner's value of a quantity, if given. */
  given(q: GradedQuantity): number | undefined;
  /** The mistakes at the root of a wrong answer (for one carried forward: those of the answers it came from). */
  rootMistakes(q: GradedQuantity): readonly (DiagnosisCode | null)[];
}

/** `a, b and c`. */
export function listWords(items: readonly string[], and = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}`;
}

/** One or two sentences on one finding. */
export function explainFinding(context: ExplanationContext, q: GradedQuantity, finding: Finding): string {
  const { hint } = context;
  const f = (x: number) => formatNumber(x, context.precision);
  const expected = f(context.expected(q));
  switch (finding.kind) {
    case "not-updated": {
      if (q.words?.notUpdated !== undefined) return q.words.notUpdated;
      const rule = q.words?.update === undefined ? "" : `: ${q.words.update}`;
      return hint
        ? `This is ${q.name} before the update${rule}; write enough digits to show the change.`
        : `This is ${q.name} before the update, which changes it by ${f(context.expected(q) - finding.value)}; write enough digits to show the change.`;
    }
    case "swapped": {
      const r = finding.partner;
      const first = hint ? `This looks like the value of ${r.symbol}` : `This is the value of ${r.symbol} (${f(context.expected(r))})`;
      const second = finding.mutual ? `, and ${r.symbol} was given the value of ${q.symbol}: the two are swapped.` : `, not of ${q.symbol}.`;
      const where = q.words?.where === undefined ? "" : ` ${q.words.where}.`;
      return first + second + where;
    }
    case "negated": {
      const why = q.words?.negated === undefined ? "" : ` ${q.words.negated}`;
      return hint ? `The sign is flipped.${why}` : `The sign is flipped: ${q.symbol} = ${expected}.${why}`;
    }
    case "gradient-not-update":
      return `This is the gradient ${finding.other.symbol}${hint ? "" : ` (${f(context.expected(finding.other))})`}, but the new value of ${q.name} was asked: ${q.name} ← ${q.name} - η·${finding.other.symbol}.`;
    case "update-not-gradient":
      return `This is the new value of ${q.name}${hint ? "" : ` (${f(context.expected(finding.other))})`}, but its gradient ${q.symbol} was asked.`;
    case "mistake":
      if (finding.with !== undefined) return `This follows from two slips together: ${finding.mistake.phrase()}, and ${finding.with.phrase()}.`;
      return finding.mistake.words(q, { precision: context.precision, hint });
    case "propagated-error": {
      const causes = finding.causes.map((c) => {
        const roots = [...new Set(context.rootMistakes(c))].map((m) => m ?? "unexplained");
        return `${c.symbol} = ${f(context.given(c)!)} (${roots.join(", ")})`;
      });
      return `Consistent with ${context.whose} ${listWords(causes)}: computed correctly from ${finding.causes.length === 1 ? "that value" : "those values"}, so only the earlier mistake needs fixing.`;
    }
    case "rounding": {
      if (finding.form === "own-values") return `This follows correctly from ${context.whose} own rounded values of ${listWords(finding.own.map((o) => o.symbol))}; keep more digits in intermediate results.`;
      const unit = finding.decimals ? `decimal place${finding.digits === 1 ? "" : "s"}` : `significant digit${finding.digits === 1 ? "" : "s"}`;
      if (finding.form === "written") {
        const what = hint ? `the right value of ${q.symbol}` : `${q.symbol} = ${expected}`;
        return `This is ${what} rounded to ${finding.digits} ${unit}, too few to be right here; write at least 4 significant digits.`;
      }
      return finding.decimals
        ? `This is off only through rounding every intermediate value to ${finding.digits} ${unit}; keep at least 4 significant digits until the end.`
        : `This is off only through rounding intermediate values to ${finding.digits} ${unit}; keep at least ${finding.digits + 2} digits until the end.`;
    }
  }
}

/** "This is …" as "this is …" (likewise The, Below, Consistent) after "Either" or "Or"; a sentence that starts with a symbol is left as it is. */
function lowerFirst(text: string): string {
  return /^(This|The|Below|Consistent) /.test(text) ? text[0].toLowerCase() + text.slice(1) : text;
}

/**
 * The words on a wrong answer: its finding's, or "Either … Or …" for several (the first in the
 * documented order first), or, for none, that no common mistake explains it.
 */
export function explainDiagnosis(context: ExplanationContext, q: GradedQuantity, findings: readonly Finding[]): string {
  if (findings.length === 0) {
    return context.hint
      ? "This does not match any of the common mistakes tracegrad looks for; check the arithmetic against the formula."
      : `This does not match any of the common mistakes tracegrad looks for; ${q.symbol} = ${formatNumber(context.expected(q), context.precision)}.`;
  }
  const sentences = findings.map((f) => explainFinding(context, q, f));
  if (sentences.length === 1) return sentences[0];
  return sentences.map((s, i) => `${i === 0 ? "Either" : "Or"} ${lowerFirst(s)}`).join(" ");
}
