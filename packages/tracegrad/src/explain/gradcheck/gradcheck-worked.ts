/**
 * The worked solution of a gradient check (`tracegrad gradcheck`, and the gradcheck exercise): the
 * step's forward pass, loss and backward pass (the analytic gradients), then for every weight and bias
 * the forward pass and loss with it moved by +ε and by -ε, recorded on tapes as the check runs them,
 * and the central difference (L(w + ε) - L(w - ε))/2ε that `engine/gradcheck.ts` declares.
 *
 * @module
 */
import { sym } from "../../engine/expr.js";
import { centralDifferenceFormula } from "../../engine/gradcheck.js";
import type { Step } from "../../engine/operation.js";
import { formatNumber } from "../../common/format-number.js";
import { recordForward, runStep } from "../../step/run-step.js";
import type { StepSpec } from "../../step/spec/step-spec.js";
import { gradcheckSpec } from "../gradcheck-spec.js";
import { buildSolution, forwardGroups, lossSteps } from "../solution.js";
import type { Worked, WorkedSection } from "../worked/worked.js";
import { section } from "../worked/worked.js";

/** The parameters of a spec's network, as the check goes through them: each layer's weights, then its biases. */
function parameterValues(spec: StepSpec, layer: number, kind: "weight" | "bias", index: number, delta: number) {
  return spec.layers.map((l, k) => {
    const weights = l.weights.map((row) => [...row]);
    const bias = l.bias === null ? null : [...l.bias];
    if (k === layer) {
      if (kind === "weight") weights[Math.floor(index / l.weights[0].length)][index % l.weights[0].length] += delta;
      else bias![index] += delta;
    }
    return { weights, bias };
  });
}

/** The name of the numeric gradient of a parameter's step: `numeric_w1`. */
export function numericSymbol(name: string, value?: number) {
  return sym("numeric", name, undefined, value);
}

/** The worked solution of checking every gradient of a spec with central differences of step ε. */
export function gradcheckWorked(spec: StepSpec, options: { epsilon: number; precision: number; title?: string }): Worked {
  const record = runStep(spec);
  const solution = buildSolution(record, { precision: options.precision, only: ["forward", "loss", "backward"] });
  const check = gradcheckSpec(spec, { epsilon: options.epsilon });
  const eps = sym("epsilon", undefined, undefined, options.epsilon);
  const L = spec.names.loss;
  const perturbed: WorkedSection[] = [];
  const differences: Step[] = [];
  for (const c of check.parameters) {
    for (const [sign, delta] of [["plus", options.epsilon], ["minus", -options.epsilon]] as const) {
      const trace = recordForward(spec, parameterValues(spec, c.layer, c.kind, c.index, delta));
      const groups = forwardGroups(record, trace);
      groups.push({ title: "Loss", steps: lossSteps(trace) });
      perturbed.push(section(`${sign}-${c.name}`, `${L} with ${c.name} ${sign === "plus" ? "+" : "-"} ε = ${formatNumber(c.name === "" ? 0 : spec.layers[c.layer][c.kind === "weight" ? "weights" : "bias"]!.flat()[c.index] + delta, options.precision)}`, { groups }));
    }
    const plus = sym(L, `${c.name}+ε`, undefined, c.lossPlus);
    const minus = sym(L, `${c.name}-ε`, undefined, c.lossMinus);
    differences.push({ lhs: numericSymbol(c.name, c.numeric), formula: centralDifferenceFormula(plus, minus, eps), value: c.numeric, note: `the analytic gradient is ∂${L}/∂${c.name} = ${formatNumber(c.analytic, options.precision)}; relative error ${formatNumber(c.relativeError, 2)}` });
  }
  return {
    title: options.title ?? spec.title ?? "Gradient check",
    ...(spec.source !== undefined ? { source: spec.source } : {}),
    summary: `${solution.summary}; every gradient checked by the central difference (${L}(w + ε) - ${L}(w - ε))/2ε with ε = ${formatNumber(options.epsilon)}`,
    conventions: [...solution.conventions, "the numeric gradient moves one parameter at a time by ±ε and keeps the others as given"],
    given: [...solution.given, { title: "step", values: [eps] }],
    sections: [
      ...solution.sections,
      ...perturbed,
      section("difference", "Central differences", { formulas: [{ lhs: numericSymbol("w"), rhs: centralDifferenceFormula(sym(L, "w+ε"), sym(L, "w-ε"), sym("epsilon")) }], groups: [{ title: "", steps: differences }] }),
    ],
    notes: [check.ok ? `Every analytic gradient agrees with its central difference (largest relative error ${formatNumber(check.maxRelativeError, 2)}).` : `Some gradients differ from their central differences (largest relative error ${formatNumber(check.maxRelativeError, 2)}).`],
  };
}
