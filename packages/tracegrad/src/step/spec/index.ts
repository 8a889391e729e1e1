/**
 * Reading step specs from YAML or JSON text.
 *
 * @module
 */
import { normalizeStepSpec } from "./normalize.js";
import { parseSource } from "../../common/source.js";
import { sourceOfValue } from "../../common/value-source.js";
import { expected, isPlainObject } from "../../common/check-argument.js";
import type { SourceFormat } from "../../common/source.js";
import type { StepSpec } from "./step-spec.js";

export type { StepSpec, LayerSpec, NetworkNames, LayerNames, InterchangeSpec } from "./step-spec.js";
export { toInterchange, withOrigin, withPublishedFile, specError } from "./step-spec.js";
export { defaultUnitNames, numbered } from "./default-names.js";
export { InputError, formatPath } from "../../common/input-error.js";
export type { SourcePosition } from "../../common/input-error.js";
export { parseSource, detectFormat } from "../../common/source.js";
export type { ParsedSource, SourceFormat } from "../../common/source.js";

/**
 * Reads a step spec: YAML or JSON text, or the same document as a JavaScript object (the interchange
 * form, `{ inputs, targets, loss, learningRate, layers: [{ activation, weights, bias }] }`, or any
 * notation a spec file takes). `file` names the text in error messages and, by its extension, picks
 * the format. Throws an {@link InputError} (code `InvalidSpec`) for any mistake in the document, with
 * the field and, for text, its line and column.
 *
 * @category Worked solutions
 */
export function parseStepSpec(spec: string | object, file?: string, format?: SourceFormat): StepSpec {
  if (file !== undefined && typeof file !== "string") throw expected("file", "a file name (a string)", file);
  if (format !== undefined && format !== "json" && format !== "yaml") throw expected("format", '"json" or "yaml"', format);
  if (typeof spec === "string") return normalizeStepSpec(parseSource(spec, file, format));
  if (isPlainObject(spec)) return normalizeStepSpec(sourceOfValue(spec, file));
  throw expected("spec", "a step spec: YAML or JSON text, or an object such as { inputs, targets, loss, learningRate, layers }", spec);
}
