/**
 * The blank answers file of an exercise and its key: every quantity a learner is asked for, under the
 * names `tracegrad check` reads, grouped by the part of the computation that computes it. The blank
 * template holds null for each; the key, under exactly the same names and nothing else, the exact
 * value at full precision. A dotted name nests (`part1.sigma_2` is `sigma_2` under `part1:`).
 *
 * @module
 */
import type { StepSpec } from "../step/spec/step-spec.js";
import type { Computation, GradedQuantity } from "../grade/computation.js";
import { stepComputation } from "../grade/step-computation.js";
import { runStep } from "../step/run-step.js";
import { yamlKey } from "./plain-yaml.js";
import { digitsAdvice, significantDigitsNeeded } from "./digits-advice.js";

/** The headings of the parts of a step of backpropagation. */
export const STEP_HEADINGS: Readonly<Record<string, string>> = {
  forward: "Forward pass: z and a of every unit",
  loss: "Loss",
  backward: "Backward pass: δ of every unit, the gradient of every weight and bias",
  update: "Update: the value of every weight and bias AFTER the step",
};

/** What a template says besides its names. */
export interface TemplateOptions {
  readonly title?: string;
  /** The command that checks the answers. */
  readonly check?: string;
  /** The heading of each section (by its id; the id itself where none). */
  readonly headings?: Readonly<Record<string, string>>;
  /** Lines said at the top after the first (what the names mean). */
  readonly notes?: readonly string[];
  /** The significant digits the answers need, where the caller has them (`significantDigitsNeeded` otherwise). */
  readonly digits?: number;
}

/** The quantities asked, in order. */
function askedOf(computation: Computation): GradedQuantity[] {
  const asked = new Set(computation.asked);
  return computation.quantities.filter((q) => asked.has(q.path));
}

/** The lines of the names of `quantities` (a dotted name nested), each written by `entry`. */
function nestedLines(quantities: readonly GradedQuantity[], entry: (q: GradedQuantity) => string, headings: Readonly<Record<string, string>>, comments: boolean): string[] {
  const out: string[] = [];
  let open: string[] = [];
  let section: string | null = null;
  for (const q of quantities) {
    const parts = q.key.split(".");
    const prefix = parts.slice(0, -1);
    let common = 0;
    while (common < open.length && common < prefix.length && open[common] === prefix[common]) common++;
    open = open.slice(0, common);
    for (let k = common; k < prefix.length; k++) {
      if (comments && open.length === 0) out.push("");
      out.push(`${"  ".repeat(k)}${yamlKey(prefix[k])}:`);
      open.push(prefix[k]);
    }
    const indent = "  ".repeat(prefix.length);
    if (q.section !== section) {
      section = q.section;
      if (comments) {
        if (prefix.length === 0) out.push("");
        out.push(`${indent}# ${headings[section] ?? headings[section.replace(/^[^:]*:/, "")] ?? section}`);
      }
    }
    out.push(`${indent}${yamlKey(parts[parts.length - 1])}: ${entry(q)}`);
  }
  return out;
}

/** The blank answers file of a computation: every quantity it asks for, null. */
export function computationTemplate(computation: Computation, options: TemplateOptions = {}): string {
  const out: string[] = [
    `# Answers${options.title !== undefined ? ` to ${options.title}` : ""}: replace each null by your number (leave null what you did not compute).`,
    ...(options.notes ?? []).map((n) => `# ${n}`),
    `# An answer within 0.5% of the exact value is right, so ${digitsAdvice(options.digits ?? significantDigitsNeeded(computation))}.`,
  ];
  if (options.check !== undefined) out.push(`# Check your answers: ${options.check}`);
  out.push(...nestedLines(askedOf(computation), () => "null", options.headings ?? {}, true));
  return out.join("\n") + "\n";
}

/** The key of a computation: the exact value of every quantity the template asks for, at full precision, under the same names. */
export function computationKey(computation: Computation, options: { title?: string } = {}): string {
  const out = [`# The key${options.title !== undefined ? ` to ${options.title}` : ""}: the exact values at full precision, under the names of answers.yaml.`];
  out.push(...nestedLines(askedOf(computation), (q) => numberText(computation.exact(q.path)), {}, false));
  return out.join("\n") + "\n";
}

/** A number at full precision, as YAML reads it back to the same double. */
function numberText(x: number): string {
  if (Number.isNaN(x)) return ".nan";
  if (!Number.isFinite(x)) return x > 0 ? ".inf" : "-.inf";
  return Object.is(x, -0) ? "0" : String(x);
}

/**
 * The blank answers file of a spec (the loss after the update is left out: it is not asked); a caller
 * that has the spec's computation (and its digits) passes it, so the step is not run again.
 */
export function answersTemplate(spec: StepSpec, options: { title?: string; check?: string; computation?: Computation; digits?: number } = {}): string {
  const { computation, ...rest } = options;
  return computationTemplate(computation ?? stepComputation(runStep(spec)), {
    ...rest,
    headings: STEP_HEADINGS,
    notes: ["The names are those of the worked solution; a bare weight name (w1) is the weight's value AFTER the update."],
  });
}
