/**
 * Writes a spec as YAML with the learner's names on every number (`w1: 0.8`), the form people read
 * and write by hand. Reading the text back gives the same spec.
 *
 * @module
 */
import { activation } from "../engine/activations.js";
import type { StepSpec } from "../step/spec/step-spec.js";

/** A number as written in the file: the shortest form that reads back as the same number. */
function number(x: number): string {
  return Object.is(x, -0) ? "0" : String(x);
}

function named(names: readonly string[], values: readonly number[]): string {
  return values.map((v, i) => `${names[i]}: ${number(v)}`).join(", ");
}

/** A YAML double-quoted string. */
function quoted(text: string): string {
  return JSON.stringify(text);
}

/** `field: {x1: 0.1}` for one sample; a list of named rows for a batch. */
function samples(field: string, names: readonly string[], rows: readonly (readonly number[])[]): string {
  if (rows.length === 1) return `${field}: {${named(names, rows[0])}}`;
  return `${field}:\n` + rows.map((row) => `  - [${named(names, row)}]`).join("\n");
}

/** The spec as YAML with learner names; `header` lines become comments at the top. */
export function specToNamedYaml(spec: StepSpec, header: readonly string[] = []): string {
  const out: string[] = header.map((h) => `# ${h}`.trimEnd());
  if (spec.title !== undefined) out.push(`title: ${quoted(spec.title)}`);
  if (spec.source !== undefined) out.push(`source: ${quoted(spec.source)}`);
  out.push(samples("inputs", spec.names.inputs, spec.inputs));
  if (spec.targets !== null) out.push(samples("targets", spec.names.targets, spec.targets));
  if (spec.loss !== null) out.push(`loss: ${spec.loss}`);
  if (spec.names.loss !== "L") out.push(`lossSymbol: ${spec.names.loss}`);
  if (spec.learningRate !== null) out.push(`learningRate: ${number(spec.learningRate)}`);
  if (spec.l2 !== 0) out.push(`l2: ${number(spec.l2)}`);
  if (spec.weightDecay !== 0) out.push(`weightDecay: ${number(spec.weightDecay)}`);
  out.push("layers:");
  spec.layers.forEach((layer, l) => {
    const names = spec.names.layers[l];
    out.push(`  - units: [${names.units.join(", ")}]`);
    out.push(`    activation: ${layer.activation}`);
    if (activation(layer.activation).hasAlpha) out.push(`    alpha: ${number(layer.alpha)}`);
    out.push("    weights:");
    for (const [j, row] of layer.weights.entries()) out.push(`      - [${named(names.weights[j], row)}]`);
    if (layer.bias !== null && names.bias !== null) out.push(`    bias: [${named(names.bias, layer.bias)}]`);
    if (!layer.trainBias) out.push("    trainBias: false");
  });
  return out.join("\n") + "\n";
}
