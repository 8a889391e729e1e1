/**
 * Parsing YAML text with `yaml`, keeping the position of every node for messages.
 *
 * Two budgets are checked before the document becomes a plain value, so that neither a deep nor an
 * aliased document can exhaust the stack or the memory: the nesting of its lists and mappings (on
 * the parser's tokens, without recursion, before the composer's recursive descent), and the values
 * its aliases repeat (`LIMITS.aliasValues`: each alias counts the size of what its anchor names,
 * aliases inside it included, so a "billion laughs" stops at the alias that passes the budget). An
 * alias inside the very list or mapping it names, which would make a value that contains itself, is
 * refused.
 *
 * @module
 */
import { Composer, isAlias, isCollection, isMap, isPair, isScalar, LineCounter, Parser, YAMLParseError } from "yaml";
import type { CST, Document, Node as YamlNode } from "yaml";
import { InputError } from "./input-error.js";
import type { SourcePosition } from "./input-error.js";
import { LIMITS, formatCount } from "./limits.js";
import { excerpt } from "./excerpt.js";
import { fieldError, tooDeep } from "./parsed-source.js";
import type { ParsedSource } from "./parsed-source.js";

const OPTIONS = { prettyErrors: false, uniqueKeys: true, strict: true } as const;

/** The list and mapping tokens directly inside a token. */
function childTokens(token: CST.Token): (CST.Token | null | undefined)[] {
  switch (token.type) {
    case "document":
      return [token.value];
    case "block-map":
    case "block-seq":
    case "flow-collection":
      return token.items.flatMap((item) => ["key" in item ? item.key : undefined, item.value]);
    default:
      return [];
  }
}

function isCollectionToken(token: CST.Token): boolean {
  return token.type === "block-map" || token.type === "block-seq" || token.type === "flow-collection";
}

/** Checks, without recursion, that the parser's lists and mappings nest at most `limit` deep. */
function checkNesting(tokens: readonly CST.Token[], file: string | undefined, lines: LineCounter, limit: number): void {
  const stack: { token: CST.Token; depth: number }[] = tokens.map((token) => ({ token, depth: 0 }));
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    const inner = depth + (isCollectionToken(token) ? 1 : 0);
    if (inner > limit) {
      const { line, col } = lines.linePos((token as { offset: number }).offset);
      throw tooDeep(limit, file, { line, column: col });
    }
    for (const child of childTokens(token)) if (child !== undefined && child !== null) stack.push({ token: child, depth: inner });
  }
}

function positionIn(lines: LineCounter, node: { range?: readonly number[] | null }): SourcePosition | undefined {
  if (!node.range) return undefined;
  const { line, col } = lines.linePos(node.range[0]);
  return { line, column: col };
}

/** The nodes directly inside a node: a collection's items (a mapping's keys and values), nothing for a scalar or an alias. */
function childNodes(node: unknown): unknown[] {
  if (isCollection(node)) return (node.items as unknown[]).flatMap((item) => (isPair(item) ? [item.key, item.value] : [item]));
  return [];
}

/**
 * Checks the aliases: each names an anchor set before it, not a list or mapping that contains it, and
 * together they repeat at most `budget` values. Walks the document once, without recursion, sizing
 * every node as it leaves it.
 */
function checkAliases(doc: Document, file: string | undefined, lines: LineCounter, budget: number): void {
  const sizes = new Map<unknown, number>();
  const anchors = new Map<string, unknown>();
  const open = new Set<unknown>();
  let repeated = 0;
  const stack: { node: unknown; leaving: boolean }[] = [{ node: doc.contents, leaving: false }];
  while (stack.length > 0) {
    const { node, leaving } = stack.pop()!;
    if (node === null || node === undefined || typeof node !== "object") continue;
    if (leaving) {
      open.delete(node);
      let size = 1;
      for (const child of childNodes(node)) size += sizes.get(child) ?? 0;
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
    stack.push({ node, leaving: true });
    const children = childNodes(node);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i], leaving: false });
  }
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

/** Parses YAML text; `file` names it in errors. */
export function parseYaml(text: string, file: string | undefined): ParsedSource {
  const lineCounter = new LineCounter();
  const tokens = Array.from(new Parser(lineCounter.addNewLine).parse(text));
  checkNesting(tokens, file, lineCounter, LIMITS.nestingDepth);
  const doc = compose(tokens, text.length);
  const problem = doc.errors[0];
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
