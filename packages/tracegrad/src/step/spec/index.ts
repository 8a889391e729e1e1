/**
 * Reading step specs from YAML or JSON text.
 *
 * @module
 */
import { normalizeStepSpec } from "./normalize.js";
import { parseSource } from "../../common/source.js";
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
 * Parses a step spec from YAML or JSON text. `file` names the text in error messages and, by its
 * extension, picks the format. Throws an {@link InputError} for any mistake in the text.
 */
export function parseStepSpec(text: string, file?: string, format?: SourceFormat): StepSpec {
  return normalizeStepSpec(parseSource(text, file, format));
}
