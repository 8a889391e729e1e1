/**
 * The label of an example in the example list: the course document, the layer sizes, the activations,
 * and where in the document it comes from — `Module 11 activity: 2-2-2 sigmoid (Problem 1)`.
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
 * The label of an example: the course document it comes from (its `source:` up to the first comma),
 * the layer sizes and activations, and where in the document it is (the rest of the source):
 * `Module 11 activity: 2-2-2 sigmoid (Problem 1)`.
 */
export function exampleLabel(spec: StepSpec, file: string): string {
  const sizes = [spec.names.inputs.length, ...spec.layers.map((l) => l.weights.length)].join("-");
  const [document, ...rest] = (spec.source ?? "").split(",").map((s) => s.trim());
  const head = document !== "" ? document : (spec.title ?? file.replace(/\.ya?ml$/, ""));
  const where = rest.join(", ");
  return `${head}: ${sizes} ${activations(spec)}${where !== "" ? ` (${where})` : ""}`;
}
