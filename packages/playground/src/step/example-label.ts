/**
 * The label of a seed example in the example list: which seed, the layer sizes, the activations, and
 * where in the seed it comes from — `seed 001: 2-2-2 sigmoid (Module 11)`.
 *
 * @module
 */
import type { StepSpec } from "tracegrad/internal/step/spec/index";

/** Activations in layer order, a run of equal ones written once: `relu → identity`. */
function activations(spec: StepSpec): string {
  const names: string[] = [];
  for (const layer of spec.layers) if (names[names.length - 1] !== layer.activation) names.push(layer.activation);
  return names.join(" → ");
}

/** Where in its seed an example is from: `Module 11`, `exercise 2`, `Laboratory Activity 3`. */
function place(source: string): string | undefined {
  const m = /\(([^)]*)\)(.*)$/.exec(source);
  if (m === null) return undefined;
  const after = m[2].replace(/^[\s,;:]+/, "").trim();
  if (after !== "") return after;
  return m[1].split(",")[0].replace(/\s+activity$/i, "").trim() || undefined;
}

export function exampleLabel(spec: StepSpec, file: string): string {
  const sizes = [spec.names.inputs.length, ...spec.layers.map((l) => l.weights.length)].join("-");
  const source = spec.source ?? "";
  const seed = /seed\s*(\d+)/i.exec(source)?.[1] ?? /seed(\d+)/i.exec(file)?.[1];
  const where = place(source) ?? spec.title;
  const head = seed !== undefined ? `seed ${seed}` : file.replace(/\.ya?ml$/, "");
  return `${head}: ${sizes} ${activations(spec)}${where !== undefined ? ` (${where})` : ""}`;
}
