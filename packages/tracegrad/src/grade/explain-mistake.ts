/**
 * A diagnosis in words: one or two sentences that say what the learner's number is and what went
 * wrong, with the symbols of the worked solution.
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
import type { DiagnosisCode, FactorOfTwoVariant, Finding } from "./mistakes.js";
import type { Quantity } from "../step/quantities.js";

/** What the sentences need besides the finding. */
export interface ExplanationContext {
  readonly spec: StepSpec;
  readonly precision: number;
  /** The possessive for the answers: "your" (a learner's) or "its" (a published solution's). */
  readonly whose: "your" | "its";
  /** The exact value of a quantity. */
  expected(q: Quantity): number;
  /** The learner's value of a quantity, if given. */
  given(q: Quantity): number | undefined;
  /** The mistakes at the root of a wrong answer (for one carried forward: those of the answers it came from). */
  rootMistakes(q: Quantity): readonly (DiagnosisCode | null)[];
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
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

/** A lost or extra factor of two, in words fit for the quantity it shows in and for the loss. */
function factorOfTwoWords(variant: FactorOfTwoVariant, q: Quantity, loss: LossName | null): string {
  const doubled = variant === "loss-without-half" || variant === "loss-value-doubled";
  const halved = variant === "loss-with-extra-half" || variant === "loss-value-halved";
  const halfSse = loss === "half-sse";
  if ((q.kind === "loss" || q.kind === "dataLoss" || q.kind === "lossAfter") && (doubled || halved)) {
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
      if (halfSse) return "This follows from ∂L/∂a taken twice too large: the 2 that the square brings down cancels the ½ of the loss.";
      return loss === "mse" ? "This follows from ∂L/∂a taken twice too large: 4(a - t)/n instead of 2(a - t)/n." : "This follows from ∂L/∂a taken twice too large.";
    case "loss-gradient-halved":
      return halfSse || loss === "mse"
        ? "This follows from ∂L/∂a taken half too small: the 2 that the derivative of the square brings down was left out."
        : "This follows from ∂L/∂a taken half too small.";
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

/** One or two sentences on a wrong answer, or on one no mistake explains. */
export function explainFinding(context: ExplanationContext, q: Quantity, finding: Finding | null): string {
  const { spec } = context;
  const f = (x: number) => formatNumber(x, context.precision);
  const expected = f(context.expected(q));
  if (finding === null) return `This does not match any of the common mistakes tracegrad looks for; ${q.symbol} = ${expected}.`;
  const isDelta = q.kind === "delta";
  const unitIndex = q.row * spec.layers[Math.max(q.layer, 0)].weights.length + q.col;
  switch (finding.code) {
    case "not-updated":
      return q.kind === "lossAfter"
        ? `This is the loss before the update; the loss after it comes from a new forward pass with the updated weights.`
        : `This is ${q.name} before the update, which changes it by ${f(context.expected(q) - finding.value)}; write enough digits to show the change.`;
    case "swapped": {
      const r = finding.partner;
      const first = `This is the value of ${r.symbol} (${f(context.expected(r))})`;
      const second = finding.mutual ? `, and ${r.symbol} was given the value of ${q.symbol}: the two are swapped.` : `, not of ${q.symbol}.`;
      const hint = q.kind === "dW" || q.kind === "weights" ? ` ${connection(spec, q)}.` : "";
      return first + second + hint;
    }
    case "sign-flipped":
      switch (finding.form) {
        case "negated":
          return `The sign is flipped: ${q.symbol} = ${expected}.${(q.kind === "delta" || q.kind === "dW" || q.kind === "db") && spec.loss !== null ? ` The gradient of the loss with respect to the output is ∂L/∂a = ${lossGradientWords(spec)}, not its negative.` : ""}`;
        case "loss-gradient":
          return spec.loss === "half-sse"
            ? "This follows from ∂L/∂a taken as t - a instead of a - t, which flips the sign of every gradient."
            : `This follows from ∂L/∂a taken with the wrong sign (it is ${lossGradientWords(spec)}), which flips the sign of every gradient.`;
        case "ascent":
          return `This adds η·${gradientOf(spec, q)} instead of subtracting it: gradient descent moves against the gradient.`;
      }
      break;
    case "no-learning-rate":
      return q.kind === "lossAfter"
        ? `This is the loss after an update that subtracted the raw gradients, without multiplying them by the learning rate η = ${f(spec.learningRate!)}.`
        : `This is ${q.name} - ${gradientOf(spec, q)}: the gradient was subtracted without multiplying it by the learning rate η = ${f(spec.learningRate!)}.`;
    case "gradient-not-update":
      return `This is the gradient ${finding.other.symbol} (${f(context.expected(finding.other))}), but the new value of ${q.name} was asked: ${q.name} ← ${q.name} - η·${finding.other.symbol}.`;
    case "update-not-gradient":
      return `This is the new value of ${q.name} (${f(context.expected(finding.other))}), but its gradient ${q.symbol} was asked.`;
    case "factor-of-two":
      return factorOfTwoWords(finding.variant, q, spec.loss);
    case "missing-activation-derivative":
      if (isDelta && finding.layers.includes(q.layer) && spec.layers[q.layer].activation !== "softmax") {
        const d = derivativeSymbol(spec, q.layer, unitIndex);
        return `This leaves out the factor ${d}: ${q.symbol} = ∂L/∂a·${d}, not ∂L/∂a alone.`;
      }
      return `This follows from δ of ${layerWords(spec, finding.layers)} computed without the factor f'(z) of the activation.`;
    case "derivative-of-wrong-argument": {
      if (isDelta && finding.layers.includes(q.layer)) {
        const act = activationOf(spec.layers[q.layer].activation);
        const labels = networkLabels(spec).layers[q.layer];
        const z = labels.z.value(unitIndex, 0);
        const a = labels.a.value(unitIndex, 0);
        if (act.kind === "elementwise") {
          const alpha = sym("alpha");
          const right = renderExpr(act.derivativeFormula(z, a, alpha), { notation: "unicode" });
          if (finding.form === "derivative-at-a") {
            return `This takes the derivative at ${renderExpr(a)} instead of ${renderExpr(z)}: ${renderExpr(callPrime(act.fn, a))} where ${renderExpr(callPrime(act.fn, z))} = ${right} is needed.`;
          }
          const wrong = renderExpr(act.derivativeFormula(a, z, alpha), { notation: "unicode" });
          return `This applies the derivative written in terms of a to z: ${wrong} instead of ${right}.`;
        }
      }
      const how = finding.form === "derivative-at-a" ? "f'(a) instead of f'(z)" : "the formula of f' in terms of a applied to z";
      return `This follows from δ of ${layerWords(spec, finding.layers)} computed with ${how}.`;
    }
    case "used-updated-weights":
      return "This backpropagates δ through the weights after their update; ∂L/∂a = Σ_j w_ji·δ_j uses the weights before it, since the update comes after the whole backward pass.";
    case "propagated-error": {
      const causes = finding.causes.map((c) => {
        const roots = [...new Set(context.rootMistakes(c))].map((m) => m ?? "unexplained");
        return `${c.symbol} = ${f(context.given(c)!)} (${roots.join(", ")})`;
      });
      return `Consistent with ${context.whose} ${listWords(causes)}: computed correctly from ${finding.causes.length === 1 ? "that value" : "those values"}, so only the earlier mistake needs fixing.`;
    }
    case "rounding":
      if (finding.form === "written")
        return `This is ${q.symbol} = ${expected} rounded to ${finding.digits} significant digit${finding.digits === 1 ? "" : "s"}, too few to be right; write at least 4.`;
      if (finding.form === "own-values")
        return `This follows correctly from ${context.whose} own rounded values of ${listWords(finding.own.map((o) => o.symbol))}; keep more digits in intermediate results.`;
      return `This is off only through rounding intermediate values to ${finding.digits} significant digits; keep at least ${finding.digits + 2} digits until the end.`;
  }
  return "";
}

/** `∂E/∂w2` for a new weight `w2`, in the loss symbol of the spec. */
function gradientOf(spec: StepSpec, q: Quantity): string {
  return q.kind === "weights" || q.kind === "bias" ? `∂${spec.names.loss}/∂${q.name}` : q.symbol;
}
