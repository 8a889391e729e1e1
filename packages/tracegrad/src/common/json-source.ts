/**
 * Parsing JSON text in strict mode (no comments, no trailing commas, no key given twice in one
 * object), with the places of its values found again when a message needs them.
 *
 * Nothing here recurses deeper than the document's nesting, and that is checked first, without
 * recursion, against `LIMITS.nestingDepth`: JSON nested 10,000 deep is one error at the bracket
 * that goes past the limit, not a stack overflow. The value is made by `JSON.parse` (native, and small
 * in memory); positions are not kept for every value but found again, by a walk that skips every
 * subtree off the path, when an error needs one.
 *
 * @module
 */
import { printParseErrorCode, visit } from "jsonc-parser";
import type { JSONPath, ParseErrorCode } from "jsonc-parser";
import { InputError } from "./input-error.js";
import type { SourcePosition } from "./input-error.js";
import { formatCount, limitReason, LIMITS } from "./limits.js";
import { excerpt } from "./excerpt.js";
import { fieldError, positionOf, tooDeep } from "./parsed-source.js";
import type { ParsedSource } from "./parsed-source.js";

const STRICT = { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false } as const;

/** Checks, without recursion, that brackets outside strings nest at most `limit` deep. */
export function checkJsonNesting(text: string, file: string | undefined, limit: number = LIMITS.nestingDepth): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) throw tooDeep(limit, file, positionOf(text, i));
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
}

function describeJsonError(code: ParseErrorCode): string {
  const words = printParseErrorCode(code)
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase();
  return words.replace("symbol", "character");
}

/**
 * The values and keys a JSON text may hold: `LIMITS.jsonEntries`, or one for every
 * `JSON_BYTES_PER_ENTRY` bytes of a text longer than that allows (a large model.json read with a raised
 * `--max-file-size` writes each weight in some 20 bytes). What it stops is a file of millions of
 * tiny values or keys ("1," or `"k1":1,`), which took tens of seconds and gigabytes to read and check.
 */
export function jsonEntryBudget(textLength: number): number {
  return Math.max(LIMITS.jsonEntries, Math.floor(textLength / JSON_BYTES_PER_ENTRY));
}

/** Bytes of text per value or key past which a large JSON text is not refused for its count (see {@link jsonEntryBudget}). */
export const JSON_BYTES_PER_ENTRY = 8;

/**
 * Checks the syntax, that no object gives a key twice, and that the document holds at most `budget`
 * values and keys (counted as the text is scanned, so that a file past it stops there); throws the
 * first mistake at its place.
 */
function checkJson(text: string, file: string | undefined, budget: number = jsonEntryBudget(text.length)): void {
  const keys: Set<string>[] = [];
  let mistake: { reason: string; offset: number } | undefined;
  let entries = 0;
  const count = (offset: number): void => {
    if (++entries <= budget) return;
    // A mistake earlier in the text is said first.
    const limit = budget === LIMITS.jsonEntries ? formatCount(budget) : `${formatCount(budget)}, one per ${JSON_BYTES_PER_ENTRY} bytes of the file`;
    const first = mistake ?? { reason: limitReason(`the JSON holds more than ${formatCount(budget)} values and keys by here`, limit, "give large data as CSV"), offset };
    throw new InputError(first.reason, { file, position: positionOf(text, first.offset) });
  };
  visit(
    text,
    {
      onArrayBegin: (offset) => count(offset),
      onLiteralValue: (_value, offset) => count(offset),
      onObjectBegin: (offset) => {
        count(offset);
        keys.push(new Set());
      },
      onObjectEnd: () => {
        keys.pop();
      },
      onObjectProperty: (property, offset) => {
        count(offset);
        const seen = keys[keys.length - 1];
        if (seen === undefined) return;
        if (seen.has(property)) mistake ??= { reason: `the key "${excerpt(property)}" is given twice in one object (YAML refuses this too)`, offset };
        seen.add(property);
      },
      onError: (error, offset) => {
        mistake ??= { reason: `malformed JSON: ${describeJsonError(error)}`, offset };
      },
    },
    STRICT,
  );
  if (mistake !== undefined) throw new InputError(mistake.reason, { file, position: positionOf(text, mistake.offset) });
}

/** Whether `prefix` is the start of `path` (keys compared as text, as JSON has them). */
function startsPath(path: readonly PropertyKey[], prefix: JSONPath): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (String(prefix[i]) !== String(path[i])) return false;
  return true;
}

/** The offset of the deepest value on `path` (or with `key`, of the key of its last step), found by a walk that skips other subtrees. */
function locateJson(text: string, path: readonly PropertyKey[], key: boolean): number | undefined {
  let best: { length: number; offset: number } | undefined;
  const consider = (offset: number, at: JSONPath): boolean => {
    if (!startsPath(path, at)) return false;
    if (best === undefined || at.length > best.length) best = { length: at.length, offset };
    return true;
  };
  let keyOffset: number | undefined;
  visit(
    text,
    {
      onObjectBegin: (offset, _l, _sl, _sc, at) => consider(offset, at()),
      onArrayBegin: (offset, _l, _sl, _sc, at) => consider(offset, at()),
      // Given, so that the walk counts the ends of the subtrees it skips (jsonc-parser resumes its callbacks there).
      onObjectEnd: () => undefined,
      onArrayEnd: () => undefined,
      onLiteralValue: (_v, offset, _l, _sl, _sc, at) => {
        consider(offset, at());
      },
      onObjectProperty: (property, offset, _l, _sl, _sc, at) => {
        if (key && keyOffset === undefined && at().length === path.length - 1 && String(path[path.length - 1]) === property && startsPath(path, at())) keyOffset = offset;
      },
    },
    STRICT,
  );
  return keyOffset ?? best?.offset;
}

/** Parses JSON text; `file` names it in errors. */
export function parseJson(text: string, file: string | undefined): ParsedSource {
  checkJsonNesting(text, file);
  checkJson(text, file);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    // The walk above accepts what JSON.parse accepts; this is a safety net, without the parser's own words.
    const at = /position (\d+)/.exec((error as Error).message);
    throw new InputError("malformed JSON", { file, ...(at !== null ? { position: positionOf(text, Number(at[1])) } : {}) });
  }
  const source: ParsedSource = {
    file,
    format: "json",
    value,
    locate(path, options = {}): SourcePosition | undefined {
      const offset = locateJson(text, path, options.key === true && path.length > 0);
      return offset === undefined ? undefined : positionOf(text, offset);
    },
    error(path, reason, options) {
      return fieldError(source, path, reason, options);
    },
  };
  return source;
}
