/**
 * Parses YAML or JSON text into a plain value and keeps the position of every node, so that a later
 * check can say where in the file a field is. JSON goes through `jsonc-parser` in strict mode (no
 * comments, no trailing commas); YAML through `yaml`.
 *
 * @module
 */
import { findNodeAtLocation, parseTree, printParseErrorCode } from "jsonc-parser";
import type { Node as JsonNode, ParseError } from "jsonc-parser";
import { isCollection, isMap, isPair, isScalar, LineCounter, parseDocument } from "yaml";
import type { Document } from "yaml";
import { formatPath, InputError } from "./input-error.js";
import type { SourcePosition } from "./input-error.js";

/** @category Worked solutions */
export type SourceFormat = "json" | "yaml";

/**
 * A parsed document and a way back from a field to its place in the text.
 *
 * @category Worked solutions
 */
export interface ParsedSource {
  readonly file: string | undefined;
  readonly format: SourceFormat;
  readonly value: unknown;
  /**
   * The position of the deepest node on `path` that exists: its value, or with `key`, the key of a
   * mapping entry (for an unknown field).
   */
  locate(path: readonly PropertyKey[], options?: { key?: boolean }): SourcePosition | undefined;
  /** An {@link InputError} about a field of this document (at its key, with `key`). */
  error(path: readonly PropertyKey[], reason: string, options?: { key?: boolean }): InputError;
}

function positionOf(text: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

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

function parseJson(text: string, file: string | undefined): ParsedSource {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  if (errors.length > 0) {
    const e = errors[0];
    throw new InputError(`malformed JSON: ${describeJsonError(printParseErrorCode(e.error))}`, { file, position: positionOf(text, e.offset) });
  }
  if (root === undefined) throw new InputError("malformed JSON: no value", { file });
  const source: ParsedSource = {
    file,
    format: "json",
    value: jsonValue(root, (key) => {
      throw new InputError(`the key "${String(key.value)}" is given twice in one object (YAML refuses this too)`, { file, position: positionOf(text, key.offset) });
    }),
    locate(path, options = {}) {
      for (let n = path.length; n >= 0; n--) {
        const node = findNodeAtLocation(root, path.slice(0, n) as (string | number)[]);
        if (node === undefined) continue;
        const isKey = options.key === true && n === path.length && node.parent?.type === "property";
        return positionOf(text, isKey ? node.parent!.offset : node.offset);
      }
      return undefined;
    },
    error(path, reason, options) {
      return makeError(source, path, reason, options);
    },
  };
  return source;
}

function describeJsonError(code: string): string {
  const words = code.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.replace("symbol", "character");
}

/** The plain value of a JSON tree; a key given twice in one object is refused through `duplicate`. */
function jsonValue(node: JsonNode, duplicate: (key: JsonNode) => never): unknown {
  switch (node.type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key === undefined) continue;
        if (Object.hasOwn(out, String(key.value))) duplicate(key);
        // Defined, not assigned, so that a key "__proto__" is a field like any other, as in JSON.parse.
        Object.defineProperty(out, String(key.value), { value: value === undefined ? undefined : jsonValue(value, duplicate), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case "array":
      return (node.children ?? []).map((child) => jsonValue(child, duplicate));
    default:
      return node.value;
  }
}

function parseYaml(text: string, file: string | undefined): ParsedSource {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const problem = doc.errors[0];
  if (problem !== undefined) {
    const offset = problem.pos[0];
    const { line, col } = lineCounter.linePos(offset);
    throw new InputError(`malformed YAML: ${problem.message.split("\n")[0].replace(/ at line \d+, column \d+.*$/, "")}`, {
      file,
      position: { line, column: col },
    });
  }
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  const source: ParsedSource = {
    file,
    format: "yaml",
    value,
    locate(path, options = {}) {
      if (options.key === true && path.length > 0) {
        const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
        if (isMap(parent)) {
          const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(path[path.length - 1]));
          if (pair !== undefined && isScalar(pair.key) && pair.key.range) {
            const { line, col } = lineCounter.linePos(pair.key.range[0]);
            return { line, column: col };
          }
        }
      }
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
        if (node !== undefined && node !== null && (isScalar(node) || isCollection(node) || isPair(node))) {
          const range = "range" in node ? node.range : undefined;
          if (range) {
            const { line, col } = lineCounter.linePos(range[0]);
            return { line, column: col };
          }
        }
      }
      return undefined;
    },
    error(path, reason, options) {
      return makeError(source, path, reason, options);
    },
  };
  return source;
}

function makeError(source: ParsedSource, path: readonly PropertyKey[], reason: string, options?: { key?: boolean }): InputError {
  return new InputError(reason, { file: source.file, field: formatPath(path), position: source.locate(path, options) });
}

/** Parses YAML or JSON text; `file` names it in errors and picks the format by its extension. */
export function parseSource(text: string, file?: string, format?: SourceFormat): ParsedSource {
  if (text.trim() === "") throw new InputError("the file is empty", { file });
  const chosen = format ?? detectFormat(text, file);
  return chosen === "json" ? parseJson(text, file) : parseYaml(text, file);
}

