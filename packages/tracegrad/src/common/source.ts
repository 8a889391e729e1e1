/**
 * Parses YAML or JSON text into a plain value and keeps a way back from every field to its place in
 * the text, so that a later check can say where in the file a field is. JSON is read in strict mode
 * (no comments, no trailing commas, no key twice), YAML with `yaml`; both refuse documents nested
 * deeper than `LIMITS.nestingDepth`, a YAML document holds at most `LIMITS.yamlEntries` values,
 * keys and list entries, and YAML's aliases may repeat at most
 * `LIMITS.aliasValues` values, each limit one {@link InputError} at its line and column.
 *
 * @module
 */
import { InputError } from "./input-error.js";
import { parseJson } from "./json-source.js";
import type { ParsedSource, SourceFormat } from "./parsed-source.js";
import { parseYaml } from "./yaml-source.js";

export type { ParsedSource, SourceFormat } from "./parsed-source.js";

/** Chooses JSON for `.json` files, YAML for `.yaml`/`.yml`, and otherwise by the first character. */
export function detectFormat(text: string, file?: string): SourceFormat {
  if (file !== undefined) {
    const lower = file.toLowerCase();
    if (lower.endsWith(".json")) return "json";
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) return "yaml";
  }
  const first = text.trimStart()[0];
  return first === "{" || first === "[" ? "json" : "yaml";
}

/** Parses YAML or JSON text; `file` names it in errors and picks the format by its extension. A byte-order mark is skipped. */
export function parseSource(text: string, file?: string, format?: SourceFormat): ParsedSource {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw new InputError("the file is empty", { file });
  const chosen = format ?? detectFormat(body, file);
  return chosen === "json" ? parseJson(body, file) : parseYaml(body, file);
}

