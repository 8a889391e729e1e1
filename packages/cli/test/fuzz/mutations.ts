/**
 * How the fuzzer damages a valid input: fast-check arbitraries of mutations of a YAML or JSON
 * document (a value replaced by NaN, an infinity, 1e308, -0, a huge number, an empty or a long
 * string, a list or a mapping; a key deleted, added or given twice; a list emptied or made ragged; an
 * alias bomb; nesting 150 deep), of any text (truncated, a byte-order mark, CRLF line ends, binary
 * garbage), of a CSV table (a cell replaced, a row made ragged, quotes left open) and of a flag's value.
 */
import fc from "fast-check";
import { parseDocument, stringify } from "yaml";

/** Values that have broken parsers, checks and allocations before. */
export const HOSTILE_VALUES: readonly unknown[] = [
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  1e308,
  -1e308,
  -0,
  0,
  -1,
  1.5,
  4294967296,
  2 ** 53,
  1e21,
  1e9,
  100000,
  "",
  " ",
  "NaN",
  "x",
  "1e999",
  "\u0000\u001b[31mred\u0007",
  "../../etc/passwd",
  "/etc/shadow",
  "/proc/self/environ",
  "/dev/zero",
  "a".repeat(5000),
  "sk-SECRET-TOKEN-123",
  [],
  {},
  null,
  true,
  [[]],
  [1, [2, 3]],
  JSON.parse('{"__proto__": 1}') as unknown,
];

/** Strings a flag's value is replaced with. */
export const HOSTILE_FLAG_VALUES: readonly string[] = [
  "",
  " ",
  "NaN",
  "Infinity",
  "-Infinity",
  "-0",
  "0",
  "-1",
  "1.5",
  "1e308",
  "1e-400",
  "4294967296",
  "1000000000",
  "9007199254740993",
  "abc",
  "0x10",
  "1,2,",
  ";;",
  "2x",
  "1000x1000",
  "/dev/zero",
  "/etc/shadow",
  ".",
  "..",
  "\u001b[2J",
  "a".repeat(3000),
];

/** A path into a parsed document. */
type Path = (string | number)[];

/** Every path of a parsed value, root first, in document order. */
function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) paths(v, [...at, k], out);
  return out;
}

function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], value);
}

function setAt(root: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = replacement;
  return root;
}

/** A mutation of a parsed document's values. */
export type ValueMutation =
  | { readonly kind: "replace"; readonly pick: number; readonly value: unknown }
  | { readonly kind: "delete"; readonly pick: number }
  | { readonly kind: "add-key"; readonly pick: number; readonly key: string; readonly value: unknown }
  | { readonly kind: "empty-list"; readonly pick: number }
  | { readonly kind: "ragged"; readonly pick: number }
  | { readonly kind: "wrap"; readonly pick: number }
  | { readonly kind: "deep"; readonly pick: number; readonly depth: number }
  | { readonly kind: "repeat"; readonly pick: number; readonly times: number };

/** A mutation of a file's text (after the value mutations, if any). */
export type TextMutation =
  | { readonly kind: "truncate"; readonly at: number }
  | { readonly kind: "bom" }
  | { readonly kind: "crlf" }
  | { readonly kind: "garbage"; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: "duplicate-key" }
  | { readonly kind: "alias-bomb"; readonly levels: number }
  | { readonly kind: "aliases"; readonly count: number }
  | { readonly kind: "number-token"; readonly pick: number; readonly token: string }
  | { readonly kind: "empty" };

const pick = fc.nat({ max: 10_000 });

/** Arbitrary hostile values: the list above, or a random double or string. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_VALUES) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
  { weight: 1, arbitrary: fc.integer() },
);

export const valueMutation: fc.Arbitrary<ValueMutation> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant("replace" as const), pick, value: hostileValue }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("delete" as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("add-key" as const), pick, key: fc.constantFrom("unknown", "extra", "__proto__", "constructor", "weights", "published", "data", ""), value: hostileValue }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("empty-list" as const), pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("ragged" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("wrap" as const), pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deep" as const), pick, depth: fc.constantFrom(50, 101, 150, 10_000) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("repeat" as const), pick, times: fc.constantFrom(2, 100, 20_000) }) },
);

export const textMutation: fc.Arbitrary<TextMutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: pick }) },
  { weight: 1, arbitrary: fc.constant({ kind: "bom" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "crlf" as const }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("garbage" as const), at: pick, bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 16 }) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "duplicate-key" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("alias-bomb" as const), levels: fc.integer({ min: 2, max: 9 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("aliases" as const), count: fc.constantFrom(99, 101, 1000) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("number-token" as const), pick, token: fc.constantFrom("NaN", "Infinity", "-Infinity", ".nan", ".inf", "1e999", "-0", "0x1F", "1_000", "+1", "01") }) },
  { weight: 1, arbitrary: fc.constant({ kind: "empty" as const }) },
);

function deepList(depth: number, leaf: unknown): unknown {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Applies value mutations to a parsed document. */
export function mutateValue(value: unknown, mutation: ValueMutation): unknown {
  const all = paths(value);
  const path = all[mutation.pick % all.length];
  const target = getAt(value, path);
  switch (mutation.kind) {
    case "replace":
      return setAt(value, path, mutation.value);
    case "delete": {
      if (path.length === 0) return null;
      const parent = getAt(value, path.slice(0, -1));
      const key = path[path.length - 1];
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete (parent as Record<string, unknown>)[key];
      return value;
    }
    case "add-key": {
      const holder = target !== null && typeof target === "object" && !Array.isArray(target) ? target : value;
      if (holder !== null && typeof holder === "object" && !Array.isArray(holder)) Object.defineProperty(holder, mutation.key, { value: mutation.value, enumerable: true, writable: true, configurable: true });
      return value;
    }
    case "empty-list":
      return Array.isArray(target) ? setAt(value, path, []) : value;
    case "ragged": {
      const list = Array.isArray(target) ? target : undefined;
      if (list !== undefined && list.length > 0) {
        const last = list[list.length - 1];
        if (Array.isArray(last)) last.pop();
        else list.pop();
      }
      return value;
    }
    case "wrap":
      return setAt(value, path, [target]);
    case "deep":
      return setAt(value, path, deepList(mutation.depth, target ?? 1));
    case "repeat":
      return Array.isArray(target) && target.length > 0 ? setAt(value, path, Array.from({ length: mutation.times }, () => target[0])) : value;
  }
}

/** A document's text after value mutations, in its own format (YAML or JSON). */
export function mutateDocument(text: string, format: "yaml" | "json", mutations: readonly ValueMutation[]): string {
  let value: unknown = format === "json" ? JSON.parse(text) : parseDocument(text).toJS();
  for (const m of mutations) value = mutateValue(value, m);
  return format === "json" ? JSON.stringify(value, null, 2) : stringify(value, { aliasDuplicateObjects: false });
}

/** Applies a text mutation; the result may be bytes that are not UTF-8. */
export function mutateText(text: string, format: "yaml" | "json" | "csv", mutation: TextMutation): string | Uint8Array {
  switch (mutation.kind) {
    case "truncate":
      return text.slice(0, mutation.at % (text.length + 1));
    case "bom":
      return "\ufeff" + text;
    case "crlf":
      return text.replace(/\n/g, "\r\n");
    case "garbage": {
      const bytes = new TextEncoder().encode(text);
      const at = mutation.at % (bytes.length + 1);
      return Uint8Array.from([...bytes.subarray(0, at), ...mutation.bytes, ...bytes.subarray(at)]);
    }
    case "duplicate-key": {
      if (format === "json") return text.replace(/^(\s*)("[^"]+"\s*:\s*[^,\n]+,?)$/m, (line, indent: string, entry: string) => `${indent}${entry.replace(/,?$/, ",")}\n${line}`);
      const first = /^([A-Za-z_][\w-]*):.*$/m.exec(text);
      return first === null ? text : `${text}\n${first[0]}\n`;
    }
    case "alias-bomb": {
      if (format !== "yaml") return text;
      const lines = ["bomb0: &b0 [x, x, x, x, x, x, x, x, x, x]"];
      for (let i = 1; i <= mutation.levels; i++) lines.push(`bomb${i}: &b${i} [${Array.from({ length: 10 }, () => `*b${i - 1}`).join(", ")}]`);
      return `${lines.join("\n")}\n${text}`;
    }
    case "aliases": {
      if (format !== "yaml") return text;
      return `anchor: &a [1]\nmany: [${Array.from({ length: mutation.count }, () => "*a").join(", ")}]\n${text}`;
    }
    case "number-token": {
      const numbers = [...text.matchAll(/-?\d+(\.\d+)?(e[-+]?\d+)?/gi)];
      if (numbers.length === 0) return text;
      const m = numbers[mutation.pick % numbers.length];
      return text.slice(0, m.index) + mutation.token + text.slice(m.index! + m[0].length);
    }
    case "empty":
      return "";
  }
}

/** A mutation of a CSV table. */
export type CsvMutation =
  | { readonly kind: "cell"; readonly row: number; readonly column: number; readonly value: string }
  | { readonly kind: "ragged"; readonly row: number }
  | { readonly kind: "open-quote"; readonly row: number }
  | { readonly kind: "header"; readonly value: string }
  | { readonly kind: "rows"; readonly times: number };

export const csvMutation: fc.Arbitrary<CsvMutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("cell" as const), row: pick, column: pick, value: fc.oneof(fc.constantFrom(...HOSTILE_FLAG_VALUES, '"', '""x', "a,b", "1\n2"), fc.string({ maxLength: 8 })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("ragged" as const), row: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("open-quote" as const), row: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("header" as const), value: fc.constantFrom("x0,x0,label", "", ",", "a".repeat(20000), "label", "x0,x1,label,extra") }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("rows" as const), times: fc.constantFrom(0, 2, 1000) }) },
);

/** Applies a mutation to CSV text (header row first). */
export function mutateCsv(text: string, mutation: CsvMutation): string {
  const lines = text.trimEnd().split("\n");
  const rows = lines.map((l) => l.split(","));
  switch (mutation.kind) {
    case "cell": {
      const r = mutation.row % rows.length;
      const row = rows[r];
      row[mutation.column % row.length] = mutation.value;
      break;
    }
    case "ragged": {
      const row = rows[mutation.row % rows.length];
      if (row.length > 1) row.pop();
      else row.push("extra");
      break;
    }
    case "open-quote": {
      const row = rows[mutation.row % rows.length];
      row[0] = `"${row[0]}`;
      break;
    }
    case "header":
      rows[0] = mutation.value.split(",");
      break;
    case "rows": {
      const body = rows.slice(1);
      const repeated = Array.from({ length: mutation.times }, () => body).flat();
      return [rows[0].join(","), ...repeated.map((r) => r.join(","))].join("\n") + "\n";
    }
  }
  return rows.map((r) => r.join(",")).join("\n") + "\n";
}
