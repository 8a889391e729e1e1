/**
 * A blank answers file for a spec: every quantity a learner is asked for, under the names `tracegrad
 * check` reads, each null, grouped by the part of the step that computes it. Filled in, it goes to
 * `tracegrad check`.
 *
 * @module
 */
import type { StepSpec } from "../step/spec/step-spec.js";
import type { Quantity } from "../step/quantities.js";
import { askedQuantities } from "../step/quantities.js";
import type { SectionId } from "../explain/solution.js";

const HEADINGS: Partial<Record<SectionId, string>> = {
  forward: "Forward pass: z and a of every unit",
  loss: "Loss",
  backward: "Backward pass: δ of every unit, the gradient of every weight and bias",
  update: "Update: the value of every weight and bias AFTER the step",
};

/** A key as YAML: plain where that reads back the same, quoted otherwise. */
function yamlKey(key: string): string {
  return /^[A-Za-z][A-Za-z0-9_/()^']*$/.test(key) ? key : JSON.stringify(key);
}

/** The blank answers file of a spec (the loss after the update is left out: it is not asked). */
export function answersTemplate(spec: StepSpec, options: { title?: string; check?: string } = {}): string {
  const out: string[] = [
    `# Answers${options.title !== undefined ? ` to ${options.title}` : ""}: replace each null by your number (leave null what you did not compute).`,
    "# The names are those of the worked solution; a bare weight name (w1) is the weight's value AFTER the update.",
    "# An answer within 0.5% of the exact value is right, so 4 significant digits are plenty.",
  ];
  if (options.check !== undefined) out.push(`# Check your answers: ${options.check}`);
  let section: SectionId | null = null;
  const quantities: Quantity[] = askedQuantities(spec);
  for (const q of quantities) {
    if (q.section !== section) {
      section = q.section;
      out.push("", `# ${HEADINGS[section] ?? section}`);
    }
    out.push(`${yamlKey(q.key)}: null`);
  }
  return out.join("\n") + "\n";
}
