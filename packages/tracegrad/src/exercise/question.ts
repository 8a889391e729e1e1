/**
 * The question of an exercise, as Markdown: the network, the data, the loss, the learning rate and the
 * conventions, then what to compute. Everything stated is read off the worked solution of the same
 * step (its given values, conventions and general formulas), so question and solution agree.
 *
 * @module
 */
import type { Expr } from "../engine/expr.js";
import { renderExpr } from "../engine/render-expr.js";
import type { StepRecord } from "../step/run-step.js";
import { buildSolution } from "../explain/solution.js";
import { stepComputation } from "../grade/step-computation.js";
import { digitsAdvice, significantDigitsNeeded } from "./digits-advice.js";

function math(e: Expr): string {
  return renderExpr(e, { notation: "latex" });
}

/** The question of an exercise; `files` names the spec and answers files in the instructions. */
export function renderQuestion(record: StepRecord, files: { spec: string; answers: string; tolerance: string; digits?: number }): string {
  const spec = record.spec;
  const solution = buildSolution(record, { precision: 8 });
  const section = (id: string) => solution.sections.find((s) => s.id === id);
  const out: string[] = [`# ${solution.title}`, ""];
  const forwardOnly = record.forward.loss === null;
  out.push(
    forwardOnly
      ? "Work out the forward pass of this network by hand, in matrix form: for each layer $Z = W \\cdot X + b$ (one column of $X$ per sample) and $A = f(Z)$."
      : "Work out one step of gradient descent on this network by hand: the forward pass, the loss, the backward pass and the update.",
    "",
  );
  out.push(`**Network:** ${solution.summary}`, "");
  out.push("## Given", "");
  for (const g of solution.given) {
    out.push(`- ${g.title}: ${g.values.map((v) => `$${math(v)} = ${renderExpr(v, { notation: "latex", substitute: true })}$`).join(", ")}`);
  }
  const forward = section("forward");
  if (forward !== undefined) {
    // Which weight is which: the pre-activations of the first sample, written with symbols only.
    const sums = forward.groups.flatMap((g) => g.steps.filter((s) => s.lhs.kind === "symbol" && s.lhs.name === "z" && s.lhs.sup === (spec.inputs.length > 1 ? "(1)" : undefined)));
    out.push("", `Which weight is which: ${sums.map((s) => `$${math(s.lhs)} = ${math(s.formula)}$`).join(", ")}${spec.inputs.length > 1 ? " (and the same for every sample)" : ""}.`);
  }
  out.push("", "## Conventions", "");
  for (const c of solution.conventions) out.push(`- ${c}`);
  const formulas = solution.sections.flatMap((s) => (s.id === "backward" || s.id === "after" ? [] : s.formulas));
  if (formulas.length > 0) out.push("", `Formulas: ${formulas.map((f) => `$${math(f.lhs)} ${f.assign ? "\\leftarrow" : "="} ${math(f.rhs)}$`).join(", ")}.`);
  const hasBias = spec.layers.some((l) => l.bias !== null);
  const check = [
    "",
    "## Answers",
    "",
    `Write your numbers in \`${files.answers}\` (replace each \`null\`), then check them with \`tracegrad check ${files.spec} ${files.answers}\`. ` +
      `An answer within ${files.tolerance} of the exact value counts as right, so ${digitsAdvice(files.digits ?? significantDigitsNeeded(stepComputation(record)))}; keep more digits in intermediate values.`,
    "",
  ];
  if (forwardOnly) {
    const batch = spec.inputs.length;
    out.push("", "## What to compute", "", `1. $Z$ of every layer: $z$ of every unit${batch > 1 ? ` for each of the ${batch} samples` : ""}.`, `2. $A = f(Z)$ of every layer: $a$ of every unit${batch > 1 ? " for each sample" : ""}.`, ...check);
    return out.join("\n");
  }
  out.push(
    "",
    "## What to compute",
    "",
    "1. The forward pass: $z$ and $a$ of every unit.",
    `2. The loss $${math(solution.sections.find((s) => s.id === "loss")?.formulas[0]?.lhs ?? { kind: "symbol", name: spec.names.loss })}$.`,
    `3. The backward pass: $\\delta$ of every unit, and the gradient of the loss with respect to every weight${hasBias ? " and bias" : ""}.`,
    `4. The update: the value of every weight${hasBias ? " and bias" : ""} after one step of gradient descent with $\\eta = ${spec.learningRate}$.`,
    ...check,
  );
  return out.join("\n");
}
