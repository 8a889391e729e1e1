/**
 * The label of an example in the example list: the course document and the place in it it comes
 * from, then the layer sizes and the activations — `Module 11 activity, Problem 1: 2-2-2 sigmoid`.
 * Read off the spec's `source:` (`seed 001 (Module 11 activity, Problem 1)`): the document's title in
 * parentheses and what follows them; the repository's own numbering of the documents is left out.
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

/**
 * Where an example is from, in the words of its source: `seed 004 (Neural Networks Exercises
 * Correction), exercise 1` → `Neural Networks Exercises, exercise 1`; a source without parentheses as
 * it is.
 */
function origin(source: string): string | undefined {
  const m = /\(([^)]*)\)(.*)$/.exec(source);
  if (m === null) return source.trim() || undefined;
  const after = m[2].replace(/^[\s,;:]+/, "").trim();
  // The document's title (a correction is known by its document's) and the first part of its details
  // (`Problem 1`), unless they are a date.
  const parts = m[1].split(",").map((s) => s.trim());
  const title = parts[0].replace(/\s+Correction$/i, "");
  const dated = parts.some((p) => /^\d{4}$/.test(p));
  const place = after !== "" ? after : dated ? "" : (parts[1] ?? "");
  return [title, place].filter((s) => s !== "").join(", ") || undefined;
}

export function exampleLabel(spec: StepSpec, file: string): string {
  const sizes = [spec.names.inputs.length, ...spec.layers.map((l) => l.weights.length)].join("-");
  const where = (spec.source !== undefined ? origin(spec.source) : undefined) ?? spec.title ?? file.replace(/\.ya?ml$/, "");
  return `${where}: ${sizes} ${activations(spec)}`;
}
