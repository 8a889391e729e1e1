/**
 * A diagnosis in words: one or two short sentences that say what the learner's number is and what went
 * wrong, with the symbols of the worked solution and the notation of the loss; "Either … Or …" where
 * several mistakes give the number. With `hint`, the same without the correct number, for self-study.
 *
 * @module
 */
import { activation as activationOf } from "../engine/activations.js";
import { callPrime, sym } from "../engine/expr.js";
import { lossDefinition } from "../engine/losses.js";
import type { LossName } from "../engine/losses.js";
import type { StepSpec } from "../step/spec/step-spec.js";
import { formatNumber } from "../common/format-number.js";
import { renderExpr } from "../engine/render-expr.js";
import { networkLabels } from "../step/run-step.js";
import type { Finding } from "./findings.js";
import type { DiagnosisCode, FactorOfTwoVariant, MistakeDetail } from "./mistake-table.js";
import type { Quantity } from "../step/quantities.js";

/** What the sentences need besides the findings. */
export interface ExplanationContext {
  readonly spec: StepSpec;
  readonly precision: number;
  /** The possessive for the answers: "your" (a learner's) or "its" (a published solution's). */
  readonly whose: "your" | "its";
  /** Leave the correct numbers out (a hint for self-study). */
  readonly hint: boolean;
  /** The exact value of a quantity. */
  expected(q: Quantity): number;
  /** The learner's value of a quantity, if given. */
  given(q: Quantity): number | undefined;
  /** The mistakes at the root of a wrong answer (for one carried forward: those of the answers it came from). */
  rootMistakes(q: Quantity): readonly (DiagnosisCode | null)[];
}

function listWords(items: readonly string[], and = "and"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} ${and} ${items[items.length - 1]}`;
}

/** `w2 connects i2 to h1`: where a weight sits, for the hints on weights. */
function connection(spec: StepSpec, q: Quantity): string {
  const from = q.layer === 0 ? spec.names.inputs[q.col] : `a_${spec.names.layers[q.layer - 1].units[q.col]}`;
  return `${q.name} connects ${from} to ${spec.names.layers[q.layer].units[q.row]}`;
}

/** The symbol of f'(z) of a unit: `σ'(z_h1)`. */
function derivativeSymbol(spec: StepSpec, layer: number, index: number): string {
  const act = activationOf(spec.layers[layer].activation);
  const z = networkLabels(spec).layers[layer].z.value(index, 0);
  return renderExpr(callPrime(act.fn, z), { notation: "unicode" });
}

function layerWords(spec: StepSpec, layers: readonly number[]): string {
  if (layers.length === spec.layers.length && layers.length > 1) return "every layer";
  return listWords(layers.map((l) => `layer ${l + 1} (${spec.names.layers[l].units.join(", ")})`));
}

/** How the loss averages: `n = samples × outputs = 2·2 = 4`. */
function countWords(spec: StepSpec): { n: number; words: string } {
  const batch = spec.inputs.length;
  const outputs = spec.layers[spec.layers.length - 1].weights.length;
  if (spec.loss === "cross-entropy") return { n: batch, words: `the N = ${batch} sample${batch === 1 ? "" : "s"}` };
  return { n: batch * outputs, words: `all n = N·K = ${batch}·${outputs} = ${batch * outputs} values (samples × outputs)` };
}

const isLoss = (q: Quantity) => q.kind === "loss" || q.kind === "dataLoss" || q.kind === "lossAfter";

/** A lost or extra factor of two, in words fit for the quantity it shows in and for the loss. */
function factorOfTwoWords(variant: FactorOfTwoVariant, q: Quantity, loss: LossName | null, L: string): string {
  const doubled = variant === "loss-without-half" || variant === "loss-value-doubled";
  const halved = variant === "loss-with-extra-half" || variant === "loss-value-halved";
  const halfSse = loss === "half-sse";
  if (isLoss(q) && (doubled || halved)) {
    const which = q.kind === "lossAfter" ? "the loss after the update" : "the loss";
    if (doubled) return halfSse ? `This is twice ${which}: the factor ½ in front of the sum was left out.` : `This is twice ${which}.`;
    if (halfSse) return `This is half ${which}: the factor ½ was applied twice.`;
    return loss === "mse" ? `This is half ${which}: it has a factor ½ (as half-sse has) that the mean squared error does not have.` : `This is half ${which}.`;
  }
  switch (variant) {
    case "loss-without-half":
    case "loss-value-doubled":
      return halfSse ? "This follows from the loss taken without its factor ½ (the sum of squared errors), which doubles every gradient." : "This follows from the loss taken twice as large, which doubles every gradient.";
    case "loss-with-extra-half":
    case "loss-value-halved":
      if (halfSse) return "This follows from the loss taken with its factor ½ twice, which halves every gradient.";
      return loss === "mse"
        ? "This follows from the loss taken with a factor ½ (as half-sse has) that the mean squared error does not have, which halves every gradient."
        : "This follows from the loss taken half as large, which halves every gradient.";
    case "loss-gradient-doubled":
      if (halfSse) return `This follows from ∂${L}/∂a taken twice too large: the 2 that the square brings down cancels the ½ of the loss.`;
      return loss === "mse" ? `This follows from ∂${L}/∂a taken twice too large: 4(a - t)/n instead of 2(a - t)/n.` : `This follows from ∂${L}/∂a taken twice too large.`;
    case "loss-gradient-halved":
      return halfSse || loss === "mse"
        ? `This follows from ∂${L}/∂a taken half too small: the 2 that the derivative of the square brings down was left out.`
        : `This follows from ∂${L}/∂a taken half too small.`;
    case "l2-gradient-lambda-w":
      return "This takes the gradient of the L2 penalty λΣw² as λw; it is 2λw.";
    case "l2-penalty-halved":
      return "This takes the L2 penalty as (λ/2)Σw²; here it is λΣw².";
  }
}

/** ∂L/∂a of the spec's loss, as the worked solution writes it: `a - t` for half-sse. */
function lossGradientWords(spec: StepSpec): string {
  if (spec.loss === null) return "";
  return renderExpr(lossDefinition(spec.loss).gradientFormula(sym("a"), sym("t"), sym("n")), { notation: "unicode" });
}

/** `∂E/∂w2` for a new weight `w2`, in the loss symbol of the spec. */
function gradientOf(spec: StepSpec, q: Quantity): string {
  return q.kind === "weights" || q.kind === "bias" ? `∂${spec.names.loss}/∂${q.name}` : q.symbol;
}

/** A mistake of the table as a phrase, for two made together: "the loss taken without its factor ½". */
function slipPhrase(spec: StepSpec, detail: MistakeDetail): string {
  switch (detail.code) {
    case "sign-flipped":
      return `∂${spec.names.loss}/∂a taken with the wrong sign (it is ${lossGradientWords(spec)})`;
    case "wrong-direction":
      return "an update that adds η times the gradient instead of subtracting it";
    case "no-learning-rate":
      return `an update without the learning rate η = ${formatNumber(spec.learningRate ?? 0)}`;
    case "factor-of-two":
      return detail.variant === "loss-without-half" ? "the loss taken without its factor ½" : `a factor of 2 lost or added (${detail.variant})`;
    case "missing-mean":
      return `the loss without its 1/n (n = ${countWords(spec).n})`;
    case "mean-over-samples-only":
      return `the loss divided by ${detail.count} instead of n = ${countWords(spec).n}`;
    case "dead-relu-derivative":
      return "ReLU'(z) taken as 1 for z ≤ 0";
    case "missing-activation-derivative":
      return `f'(z) left out of δ in ${layerWords(spec, detail.layers)}`;
    case "derivative-of-wrong-argument":
      return detail.form === "derivative-at-a" ? "f'(a) in place of f'(z)" : "f' written for a applied to z";
    case "transposed-weights":
      return "δ sent back through W instead of Wᵀ";
    case "used-updated-weights":
      return "δ sent back through the updated weights";
    case "used-output-for-input":
      return `∂${spec.names.loss}/∂w_ji taken as δ_j·a_j`;
    case "bias-gradient-one-sample":
      return `gradients from sample ${detail.sample + 1} alone`;
  }
}

/** The words of a mistake of the table, for the value of `q`. */
function mistakeWords(context: ExplanationContext, q: Quantity, detail: MistakeDetail): string {
  const { spec } = context;
  const isDelta = q.kind === "delta";
  const unitIndex = q.row * spec.layers[Math.max(q.layer, 0)].weights.length + q.col;
  const L = spec.names.loss;
  switch (detail.code) {
    case "sign-flipped":
      return spec.loss === "half-sse"
        ? `This follows from ∂${L}/∂a taken as t - a instead of a - t, which flips the sign of every gradient.`
        : `This follows from ∂${L}/∂a taken with the wrong sign (it is ${lossGradientWords(spec)}), which flips the sign of every gradient.`;
    case "wrong-direction":
      return q.kind === "lossAfter"
        ? "This is the loss after an update that added η times the gradients instead of subtracting them."
        : `This adds η·${gradientOf(spec, q)} instead of subtracting it: gradient descent moves against the gradient.`;
    case "no-learning-rate":
      return q.kind === "lossAfter"
        ? `This is the loss after an update that subtracted the raw gradients, without multiplying them by the learning rate η = ${formatNumber(spec.learningRate!)}.`
        : `This is ${q.name} - ${gradientOf(spec, q)}: the gradient was subtracted without multiplying it by the learning rate η = ${formatNumber(spec.learningRate!)}.`;
    case "factor-of-two":
      return factorOfTwoWords(detail.variant, q, spec.loss, L);
    case "missing-mean": {
      const { n, words } = countWords(spec);
      return isLoss(q)
        ? `This is the sum of the terms, without the 1/n of the mean: ${spec.loss} averages over ${words}.`
        : `This follows from the loss taken without its 1/n (n = ${n}), which makes every gradient ${n} times too large.`;
    }
    case "mean-over-samples-only": {
      const { n, words } = countWords(spec);
      const by = spec.loss === "cross-entropy" ? `N·K = ${detail.count} (samples × outputs)` : `the number of samples N = ${detail.count} only`;
      return isLoss(q)
        ? `This divides by ${by}; ${spec.loss} averages over ${words}.`
        : `This follows from the loss divided by ${detail.count} instead of n = ${n}, which scales every gradient by ${formatNumber(n / detail.count, 4)}.`;
    }
    case "dead-relu-derivative": {
      if (isDelta && detail.layers.includes(q.layer)) {
        const leaky = spec.layers[q.layer].activation === "leaky-relu";
        const z = networkLabels(spec).layers[q.layer].z.value(unitIndex, 0);
        const name = renderExpr(z, { notation: "unicode" });
        return leaky
          ? `Below 0 the slope of leaky ReLU is α = ${formatNumber(spec.layers[q.layer].alpha)}, not 0: ${derivativeSymbol(spec, q.layer, unitIndex)} = α for ${name} ≤ 0.`
          : `${derivativeSymbol(spec, q.layer, unitIndex)} is 0 for ${name} ≤ 0, not 1: a unit that outputs 0 passes no gradient back.`;
      }
      return `This follows from ReLU'(z) taken as 1 for z ≤ 0 in ${layerWords(spec, detail.layers)}: a unit with z ≤ 0 passes no gradient back.`;
    }
    case "missing-activation-derivative":
      if (isDelta && detail.layers.includes(q.layer) && spec.layers[q.layer].activation !== "softmax") {
        const d = derivativeSymbol(spec, q.layer, unitIndex);
        return `This leaves out the factor ${d}: ${q.symbol} = ∂${L}/∂a·${d}, not ∂${L}/∂a alone.`;
      }
      return `This follows from δ of ${layerWords(spec, detail.layers)} computed without the factor f'(z) of the activation.`;
    case "derivative-of-wrong-argument": {
      if (isDelta && detail.layers.includes(q.layer)) {
        const act = activationOf(spec.layers[q.layer].activation);
        const labels = networkLabels(spec).layers[q.layer];
        const z = labels.z.value(unitIndex, 0);
        const a = labels.a.value(unitIndex, 0);
        if (act.kind === "elementwise") {
          const right = renderExpr(act.derivativeFormula(z, a, sym("alpha")), { notation: "unicode" });
          if (detail.form === "derivative-at-a") return `This takes the derivative at ${renderExpr(a)} instead of ${renderExpr(z)}: ${renderExpr(callPrime(act.fn, a))} where ${renderExpr(callPrime(act.fn, z))} = ${right} is needed.`;
          const wrong = renderExpr(act.derivativeFormula(a, z, sym("alpha")), { notation: "unicode" });
          return `This applies the derivative written in terms of a to z: ${wrong} instead of ${right}.`;
        }
      }
      const how = detail.form === "derivative-at-a" ? "f'(a) instead of f'(z)" : "the formula of f' in terms of a applied to z";
      return `This follows from δ of ${layerWords(spec, detail.layers)} computed with ${how}.`;
    }
    case "transposed-weights":
      return isDelta
        ? `This sends δ back through W instead of Wᵀ: ∂${L}/∂a_i = Σ_j w_ji·δ_j uses the weights out of unit i, a column of W, not a row.`
        : "This follows from δ sent back through W instead of Wᵀ.";
    case "used-updated-weights":
      return `This sends δ back through the weights after their update; ∂${L}/∂a_i = Σ_j w_ji·δ_j uses the weights before it, since the update comes after the whole backward pass.`;
    case "used-output-for-input":
      return q.kind === "dW"
        ? `This multiplies δ by the unit's own output; ∂${L}/∂w_ji = δ_j·a_i uses the input the weight carries (${connection(spec, q)}).`
        : `This follows from ∂${L}/∂w_ji taken as δ_j·a_j, the unit's own output, instead of δ_j·a_i.`;
    case "bias-gradient-one-sample":
      return q.kind === "dW" || q.kind === "db"
        ? `This uses sample ${detail.sample + 1} alone; ${q.symbol} sums over all ${spec.inputs.length} samples of the batch.`
        : `This follows from gradients taken from sample ${detail.sample + 1} alone instead of summed over the batch.`;
  }
}

/** One or two sentences on one finding. */
export function explainFinding(context: ExplanationContext, q: Quantity, finding: Finding): string {
  const { spec, hint } = context;
  const f = (x: number) => formatNumber(x, context.precision);
  const expected = f(context.expected(q));
  switch (finding.kind) {
    case "not-updated":
      if (q.kind === "lossAfter") return "This is the loss before the update; the loss after it comes from a new forward pass with the updated weights.";
      return hint
        ? `This is ${q.name} before the update: ${q.name} ← ${q.name} - η·${gradientOf(spec, q)}; write enough digits to show the change.`
        : `This is ${q.name} before the update, which changes it by ${f(context.expected(q) - finding.value)}; write enough digits to show the change.`;
    case "swapped": {
      const r = finding.partner;
      const first = hint ? `This looks like the value of ${r.symbol}` : `This is the value of ${r.symbol} (${f(context.expected(r))})`;
      const second = finding.mutual ? `, and ${r.symbol} was given the value of ${q.symbol}: the two are swapped.` : `, not of ${q.symbol}.`;
      const where = q.kind === "dW" || q.kind === "weights" ? ` ${connection(spec, q)}.` : "";
      return first + second + where;
    }
    case "negated": {
      const why = (q.kind === "delta" || q.kind === "dW" || q.kind === "db") && spec.loss !== null ? ` The gradient of the loss with respect to the output is ∂${spec.names.loss}/∂a = ${lossGradientWords(spec)}, not its negative.` : "";
      return hint ? `The sign is flipped.${why}` : `The sign is flipped: ${q.symbol} = ${expected}.${why}`;
    }
    case "gradient-not-update":
      return `This is the gradient ${finding.other.symbol}${hint ? "" : ` (${f(context.expected(finding.other))})`}, but the new value of ${q.name} was asked: ${q.name} ← ${q.name} - η·${finding.other.symbol}.`;
    case "update-not-gradient":
      return `This is the new value of ${q.name}${hint ? "" : ` (${f(context.expected(finding.other))})`}, but its gradient ${q.symbol} was asked.`;
    case "mistake":
      if (finding.with !== undefined) return `This follows from two slips together: ${slipPhrase(spec, finding.mistake.detail)}, and ${slipPhrase(spec, finding.with.detail)}.`;
      return mistakeWords(context, q, finding.mistake.detail);
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
export function explainDiagnosis(context: ExplanationContext, q: Quantity, findings: readonly Finding[]): string {
  if (findings.length === 0) {
    return context.hint
      ? "This does not match any of the common mistakes tracegrad looks for; check the arithmetic against the formula."
      : `This does not match any of the common mistakes tracegrad looks for; ${q.symbol} = ${formatNumber(context.expected(q), context.precision)}.`;
  }
  const sentences = findings.map((f) => explainFinding(context, q, f));
  if (sentences.length === 1) return sentences[0];
  return sentences.map((s, i) => `${i === 0 ? "Either" : "Or"} ${lowerFirst(s)}`).join(" ");
}
