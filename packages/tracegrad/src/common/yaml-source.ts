/**
 * Parsing YAML text with `yaml`, keeping the position of every node for messages.
 *
 * Three budgets are checked before the document becomes a plain value, so that neither a large, a
 * deep nor an aliased document can exhaust the time, the stack or the memory: its entries (values,
 * keys and list entries, `LIMITS.yamlEntries`, counted on the lexer's tokens as the parser takes
 * them), the nesting of its lists and mappings (on the parser's tokens, without recursion, before the
 * composer's recursive descent), and the values
 * its aliases repeat (`LIMITS.aliasValues`: each alias counts the size of what its anchor names,
 * aliases inside it included, so a "billion laughs" stops at the alias that passes the budget). An
 * alias inside the very list or mapping it names, which would make a value that contains itself, is
 * refused.
 *
 * @module
 */
import { Composer, CST, isAlias, isCollection, isMap, isPair, isScalar, Lexer, LineCounter, Parser, YAMLParseError } from "yaml";
import type { Document, Node as YamlNode } from "yaml";
import { InputError } from "./input-error.js";
import type { SourcePosition } from "./input-error.js";
import { LIMITS, formatCount, limitReason } from "./limits.js";
import { excerpt } from "./excerpt.js";
import { fieldError, tooDeep } from "./parsed-source.js";
import type { ParsedSource } from "./parsed-source.js";

// Duplicate keys are found by firstDuplicateKey below: yaml's own check (uniqueKeys: true) compares each
// key with every key before it in its mapping, which took seconds on a mapping of 16,000 keys.
const OPTIONS = { prettyErrors: false, uniqueKeys: false, strict: true } as const;

/** yaml's message for a key given twice in one mapping. */
const DUPLICATE_KEY = "Map keys must be unique";

/** Pushes the list and mapping tokens directly inside a token (its scalars hold none), with their depth. */
function pushCollectionTokens(token: CST.Token, depth: number, tokens: CST.Token[], depths: number[]): void {
  const push = (child: CST.Token | null | undefined): void => {
    if (child !== undefined && child !== null && isCollectionToken(child)) {
      tokens.push(child);
      depths.push(depth);
    }
  };
  switch (token.type) {
    case "document":
      push(token.value);
      break;
    case "block-map":
    case "block-seq":
    case "flow-collection":
      for (const item of token.items) {
        if ("key" in item) push(item.key);
        push(item.value);
      }
      break;
    default:
      break;
  }
}

function isCollectionToken(token: CST.Token): boolean {
  return token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection";
}

/** Checks, without recursion, that the parser's lists and mappings nest at most `limit` deep. */
function checkNesting(documents: readonly CST.Token[], file: string | undefined, lines: LineCounter, limit: number): void {
  const tokens = [...documents];
  const depths = documents.map(() => 0);
  while (tokens.length > 0) {
    const token = tokens.pop()!;
    const inner = depths.pop()! + (isCollectionToken(token) ? 1 : 0);
    if (inner > limit) {
      const { line, col } = lines.linePos((token as { offset: number }).offset);
      throw tooDeep(limit, file, { line, column: col });
    }
    pushCollectionTokens(token, inner, tokens, depths);
  }
}

function positionIn(lines: LineCounter, node: { range?: readonly number[] | null }): SourcePosition | undefined {
  if (!node.range) return undefined;
  const { line, col } = lines.linePos(node.range[0]);
  return { line, column: col };
}

/** Calls `visit` with each node directly inside a list or mapping, in order (a mapping's keys and values). */
function forEachChild(node: unknown, visit: (child: unknown) => void): void {
  if (!isCollection(node)) return;
  for (const item of node.items as unknown[]) {
    if (isPair(item)) {
      visit(item.key);
      visit(item.value);
    } else {
      visit(item);
    }
  }
}

/** A scalar without an anchor: one value, which no alias can name. */
function isPlainScalar(node: unknown): boolean {
  return isScalar(node) && node.anchor === undefined;
}

/**
 * Checks the aliases: each names an anchor set before it, not a list or mapping that contains it, and
 * together they repeat at most `budget` values. Walks the document once in order, without recursion,
 * sizing every node as it leaves it (a plain scalar, which needs no visit, counts 1).
 */
function checkAliases(doc: Document, file: string | undefined, lines: LineCounter, budget: number): void {
  const sizes = new Map<unknown, number>();
  const anchors = new Map<string, unknown>();
  const open = new Set<unknown>();
  let repeated = 0;
  const nodes: unknown[] = [doc.contents];
  const leaving: boolean[] = [false];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const leave = leaving.pop()!;
    if (node === null || node === undefined || typeof node !== "object") continue;
    if (leave) {
      open.delete(node);
      let size = 1;
      forEachChild(node, (child) => {
        size += isPlainScalar(child) ? 1 : (sizes.get(child) ?? 0);
      });
      sizes.set(node, size);
      continue;
    }
    const anchor = (node as { anchor?: string }).anchor;
    if (anchor !== undefined) anchors.set(anchor, node);
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const at = { file, position: positionIn(lines, node) };
      if (target === undefined) throw new InputError(`the alias *${excerpt(node.source)} names no anchor (&${excerpt(node.source)}) set before it`, at);
      if (open.has(target)) throw new InputError(`the alias *${excerpt(node.source)} is inside the list or mapping it names, which would contain itself`, at);
      const size = sizes.get(target) ?? 1;
      repeated += size;
      if (repeated > budget) throw new InputError(`aliases repeat more than ${formatCount(budget)} values by here; the limit is ${formatCount(budget)}`, at);
      sizes.set(node, size);
      continue;
    }
    open.add(node);
    nodes.push(node);
    leaving.push(true);
    // The children, last first, so that they come off the stack in the document's order.
    const start = nodes.length;
    forEachChild(node, (child) => {
      if (!isPlainScalar(child)) {
        nodes.push(child);
        leaving.push(false);
      }
    });
    for (let i = start, j = nodes.length - 1; i < j; i++, j--) [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
  }
}

/**
 * Where the first key given twice in one mapping starts (a character offset), or null: the check yaml
 * makes with `uniqueKeys: true`, with a set per mapping instead of a comparison with every earlier key.
 * Two keys are the same, as there, when both are scalars of the same value (===: NaN is never a
 * duplicate) or one node. Of several duplicates, the one earliest in the text (yaml reports them in the
 * order it composes, which puts a flow mapping's own after those inside its values).
 */
function firstDuplicateKey(doc: Document): number | null {
  let first: number | null = null;
  const stack: unknown[] = [doc.contents];
  while (stack.length > 0) {
    const node = stack.pop();
    if (!isCollection(node)) continue;
    if (isMap(node)) {
      const seen = new Set<unknown>();
      for (const pair of node.items) {
        const key: unknown = pair.key;
        const value = isScalar(key) ? key.value : key;
        if (value !== value) continue;
        if (seen.has(value)) {
          const at = (key as { range?: readonly number[] | null } | null)?.range?.[0];
          if (at !== undefined && (first === null || at < first)) first = at;
        } else {
          seen.add(value);
        }
      }
    }
    forEachChild(node, (child) => {
      if (isCollection(child)) stack.push(child);
    });
  }
  return first;
}

/** The composed document of tokens, as `parseDocument` makes it: the first document, and an error for a second. */
function compose(tokens: readonly CST.Token[], length: number): Document.Parsed {
  const composer = new Composer(OPTIONS);
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(tokens, true, length)) {
    if (doc === undefined) {
      doc = next;
    } else {
      doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents"));
      break;
    }
  }
  return doc!;
}

/**
 * Lexical tokens a YAML document may have for each entry of its budget: a block list's entry is five
 * (`-`, a space, the scalar's mark, the scalar, the line end), one more where it is indented.
 */
export const YAML_TOKENS_PER_ENTRY = 7;

/** The lexical tokens that start a value, a key or an entry of a list: each becomes a node or an item of the parser's. */
const ENTRY_TOKENS: ReadonlySet<string> = new Set(["scalar", "single-quoted-scalar", "double-quoted-scalar", "block-scalar-header", "seq-item-ind", "explicit-key-ind", "flow-seq-start", "flow-map-start"]);

/**
 * The parser's tokens of the text, fed from the lexer one lexical token at a time so that the entries
 * (values, keys and list entries) are counted as they come: past `LIMITS.yamlEntries` the text is
 * refused at that place, before the parser (some 5 µs and 450 bytes an entry) and the composer have
 * spent seconds and gigabytes on it.
 *
 * yaml's parser closes block lists and mappings by recursion, so thousands of them nested, then closed,
 * exhaust the stack before {@link checkNesting} can count them: that is reported as the nesting it is,
 * at the line indented deepest.
 */
function parseTokens(text: string, file: string | undefined, lineCounter: LineCounter, budget: number = LIMITS.yamlEntries): CST.Token[] {
  const parser = new Parser(lineCounter.addNewLine);
  const tokens: CST.Token[] = [];
  let entries = 0;
  let lexemes = 0;
  const tokenBudget = budget * YAML_TOKENS_PER_ENTRY;
  try {
    lineCounter.addNewLine(0);
    for (const lexeme of new Lexer().lex(text)) {
      const type = CST.tokenType(lexeme);
      if (type !== null && ENTRY_TOKENS.has(type) && ++entries > budget) {
        const { line, col } = lineCounter.linePos(parser.offset);
        throw new InputError(limitReason(`the YAML holds more than ${formatCount(budget)} values, keys and list entries by here`, formatCount(budget), "give large data as CSV or JSON"), { file, position: { line, column: col } });
      }
      // Line ends, spaces and comments cost the parser time too (4 MB of blank lines took 10 s).
      if (++lexemes > tokenBudget) {
        const { line, col } = lineCounter.linePos(parser.offset);
        throw new InputError(limitReason(`the YAML has more than ${formatCount(tokenBudget)} tokens (values, keys, punctuation, spaces, line ends and comments) by here`, formatCount(tokenBudget)), { file, position: { line, column: col } });
      }
      for (const token of parser.next(lexeme)) tokens.push(token);
    }
    for (const token of parser.end()) tokens.push(token);
    return tokens;
  } catch (error) {
    if (!(error instanceof RangeError && /call stack/i.test(error.message))) throw error;
    throw tooDeep(LIMITS.nestingDepth, file, { line: deepestLine(text), column: 1 });
  }
}

/** The line (1-based) whose indentation, block indicators (`- `, `? `, `: `) included, is longest. */
function deepestLine(text: string): number {
  let best = 1;
  let bestDepth = -1;
  let line = 1;
  let depth = 0;
  let counting = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      depth = 0;
      counting = true;
      continue;
    }
    if (!counting) continue;
    // space, tab, and -, ? or : followed by a space
    if (c === 32 || c === 9 || ((c === 45 || c === 63 || c === 58) && (text.charCodeAt(i + 1) === 32 || text.charCodeAt(i + 1) === 9))) depth++;
    else {
      counting = false;
      if (depth > bestDepth) {
        bestDepth = depth;
        best = line;
      }
    }
  }
  return best;
}

/** Parses YAML text; `file` names it in errors. */
export function parseYaml(text: string, file: string | undefined): ParsedSource {
  const lineCounter = new LineCounter();
  const tokens = parseTokens(text, file, lineCounter);
  checkNesting(tokens, file, lineCounter, LIMITS.nestingDepth);
  const doc = compose(tokens, text.length);
  // The error first in the text (yaml lists them in the order it composes: a flow mapping's after its values').
  const problem = doc.errors.length === 0 ? undefined : doc.errors.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
  const duplicate = firstDuplicateKey(doc);
  if (duplicate !== null && (problem === undefined || duplicate < problem.pos[0])) {
    const { line, col } = lineCounter.linePos(duplicate);
    throw new InputError(`malformed YAML: ${DUPLICATE_KEY}`, { file, position: { line, column: col } });
  }
  if (problem !== undefined) {
    const { line, col } = lineCounter.linePos(problem.pos[0]);
    throw new InputError(`malformed YAML: ${problem.message.split("\n")[0].replace(/ at line \d+, column \d+.*$/, "")}`, { file, position: { line, column: col } });
  }
  checkAliases(doc, file, lineCounter, LIMITS.aliasValues);
  // The aliases are checked above, against a budget of the values they repeat rather than yaml's count of them.
  const value = doc.toJS({ maxAliasCount: -1 }) as unknown;
  const source: ParsedSource = {
    file,
    format: "yaml",
    value,
    locate(path, options = {}) {
      if (options.key === true && path.length > 0) {
        const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1) as unknown[], true);
        if (isMap(parent)) {
          const pair = parent.items.find((item) => isScalar(item.key) && String(item.key.value) === String(path[path.length - 1]));
          if (pair !== undefined && isScalar(pair.key) && pair.key.range) return positionIn(lineCounter, pair.key);
        }
      }
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : (doc.getIn(path.slice(0, n) as unknown[], true) as YamlNode | undefined);
        if (node !== undefined && node !== null && (isScalar(node) || isCollection(node) || isPair(node))) {
          const range = "range" in node ? node.range : undefined;
          if (range) return positionIn(lineCounter, { range });
        }
      }
      return undefined;
    },
    error(path, reason, options) {
      return fieldError(source, path, reason, options);
    },
  };
  return source;
}
