/**
 * Gradient checking of a step spec's network: every weight and bias, with the learner's names.
 *
 * @module
 */
import { checkGradients } from "../engine/gradcheck.js";
import type { GradientCheck, GradientCheckOptions, ParameterCheck } from "../engine/gradcheck.js";
import { InputError } from "../common/input-error.js";
import type { StepSpec } from "../step/spec/step-spec.js";
import { formatNumber } from "../common/format-number.js";
import { recordForward, runStep } from "../step/run-step.js";

/**
 * The gradient check of one weight or bias of a spec.
 *
 * @category Worked solutions
 */
export interface NamedParameterCheck extends ParameterCheck {
  /** The learner's name of the parameter (`w5`, `b1`). */
  readonly name: string;
  /** The index of its layer in the spec's `layers` (0-based). */
  readonly layer: number;
  readonly kind: "weight" | "bias";
}

/** @category Worked solutions */
export interface SpecGradientCheck extends Omit<GradientCheck, "parameters"> {
  readonly parameters: readonly NamedParameterCheck[];
}

/** Checks the gradient of every weight and bias of a spec against central differences. */
export function gradcheckSpec(spec: StepSpec, options: GradientCheckOptions = {}): SpecGradientCheck {
  if (spec.targets === null || spec.loss === null) throw new InputError("gradcheck needs targets and a loss: this spec is a forward pass only", { ...(spec.document?.file !== undefined ? { file: spec.document.file } : {}), field: "targets" });
  const record = runStep(spec);
  const groups: { layer: number; kind: "weight" | "bias"; values: Float64Array; names: string[]; analytic: Float64Array }[] = [];
  record.forward.layers.forEach((layer, l) => {
    groups.push({ layer: l, kind: "weight", values: Float64Array.from(layer.weights.data), names: spec.names.layers[l].weights.flat(), analytic: layer.weights.grad! });
    if (layer.bias !== null) groups.push({ layer: l, kind: "bias", values: Float64Array.from(layer.bias.data), names: [...spec.names.layers[l].bias!], analytic: layer.bias.grad! });
  });
  const parameters = () =>
    spec.layers.map((layer, l) => {
      const w = groups.find((g) => g.layer === l && g.kind === "weight")!;
      const b = groups.find((g) => g.layer === l && g.kind === "bias");
      const cols = layer.weights[0].length;
      return {
        weights: Array.from({ length: layer.weights.length }, (_, j) => Array.from(w.values.subarray(j * cols, (j + 1) * cols))),
        bias: b === undefined ? null : Array.from(b.values),
      };
    });
  const check = checkGradients(
    groups.map((g) => g.values),
    groups.map((g) => g.analytic),
    () => recordForward(spec, parameters()).loss!.item(),
    options,
  );
  return {
    ...check,
    parameters: check.parameters.map((c) => ({ ...c, name: groups[c.group].names[c.index], layer: groups[c.group].layer, kind: groups[c.group].kind })),
  };
}

/** A gradient check as a text table. */
export function renderGradientCheck(check: SpecGradientCheck, options: { precision: number; file?: string }): string {
  const f = (x: number) => formatNumber(x, options.precision);
  const header = ["parameter", "analytic", "numeric", "L(w+ε)", "L(w-ε)", "relative error", ""];
  const rows = check.parameters.map((c) => [c.name, f(c.analytic), f(c.numeric), f(c.lossPlus), f(c.lossMinus), formatNumber(c.relativeError, 2), c.ok ? "ok" : "FAIL"]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  const out = [
    `Gradient check${options.file !== undefined ? ` of ${options.file}` : ""}: central differences (L(w+ε) - L(w-ε))/2ε with ε = ${formatNumber(check.epsilon)}, tolerance ${formatNumber(check.tolerance)} on |a - n|/max(|a|, |n|, 1e-8)`,
    "",
    line(header),
    ...rows.map(line),
    "",
  ];
  const failures = check.parameters.filter((c) => !c.ok).length;
  out.push(
    failures === 0
      ? `All ${check.parameters.length} gradients agree (largest relative error ${formatNumber(check.maxRelativeError, 2)}).`
      : `${failures} of ${check.parameters.length} gradients differ by more than the tolerance (largest relative error ${formatNumber(check.maxRelativeError, 2)}).`,
  );
  return out.join("\n") + "\n";
}
