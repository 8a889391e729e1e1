import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { findNodeAtLocation, parseTree } from "jsonc-parser";
import { parseSource } from "../../src/common/source.js";
import { formatPath, InputError } from "../../src/common/input-error.js";
import { LIMITS } from "../../src/common/limits.js";

/** Line and column (from 1) of an offset, counted here on the text itself. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

/** The offset of the n-th (from 1) occurrence of a character. */
function nth(text: string, char: string, n: number): number {
  let at = -1;
  for (let i = 0; i < n; i++) at = text.indexOf(char, at + 1);
  return at;
}

test("JSON nested 10,000 deep is one InputError at the bracket that passes the limit, not a stack overflow", () => {
  const text = `{\n  "inputs": ${"[".repeat(10_000)}${"]".repeat(10_000)}\n}`;
  // The object is depth 1, so the limit is passed by the (limit)-th bracket of the list.
  const at = lineColumn(text, nth(text, "[", LIMITS.nestingDepth));
  assert.throws(() => parseSource(text, "deep.json"), { name: "InputError", message: `deep.json:${at}: lists and mappings nest more than ${LIMITS.nestingDepth} deep here; the limit is ${LIMITS.nestingDepth}` });
  // Brackets inside strings are text, not nesting.
  const strings = `{"a": "${"[".repeat(500)}", "b": [1]}`;
  assert.deepEqual(parseSource(strings, "s.json").value, { a: "[".repeat(500), b: [1] });
  // Exactly at the limit is fine.
  const atLimit = `${"[".repeat(LIMITS.nestingDepth)}${"]".repeat(LIMITS.nestingDepth)}`;
  assert.doesNotThrow(() => parseSource(atLimit, "ok.json"));
});

test("YAML nested past the limit, in flow or in block style, is one InputError at its line and column", () => {
  const flow = `inputs: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
  // The mapping is depth 1: the limit is passed by the (limit)-th bracket.
  assert.throws(() => parseSource(flow, "deep.yaml"), { message: `deep.yaml:${lineColumn(flow, nth(flow, "[", LIMITS.nestingDepth))}: lists and mappings nest more than ${LIMITS.nestingDepth} deep here; the limit is ${LIMITS.nestingDepth}` });
  const block = `inputs:\n  ${"- ".repeat(5_000)}1\n`;
  assert.throws(() => parseSource(block, "block.yaml"), { message: `block.yaml:${lineColumn(block, nth(block, "-", LIMITS.nestingDepth))}: lists and mappings nest more than ${LIMITS.nestingDepth} deep here; the limit is ${LIMITS.nestingDepth}` });
  // Thousands of block lists closed by a line indented less: yaml's parser closes them by recursion and
  // runs out of stack before the nesting can be counted; the same error, at the line indented deepest.
  for (const deep of [`inputs:\n${"- ".repeat(50_000)}1\nlayers: []\n`, `a: 1\nb:\n${Array.from({ length: 3_000 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n")} 1\nc: 2\n`]) {
    const line = deep.startsWith("inputs") ? 2 : 3_002;
    assert.throws(() => parseSource(deep, "closed.yaml"), { name: "InputError", message: `closed.yaml:${line}:1: lists and mappings nest more than ${LIMITS.nestingDepth} deep here; the limit is ${LIMITS.nestingDepth}` });
  }
});

test("YAML aliases: 101 uses are read like 99; a bomb stops at the alias past the budget; an alias inside its own anchor or without one is refused", () => {
  for (const count of [99, 101]) {
    const text = `a: &a [1, 2]\nb: [${Array.from({ length: count }, () => "*a").join(", ")}]\n`;
    const value = parseSource(text, "aliases.yaml").value as { b: number[][] };
    assert.equal(value.b.length, count);
    assert.deepEqual(value.b[count - 1], [1, 2]);
  }
  // Level k names 10 of level k-1: level 0 is 11 values (the list and 10 items), level k is 1 + 10·size(k-1).
  const levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let k = 1; k <= 5; k++) levels.push(`l${k}: &l${k} [${Array.from({ length: 10 }, () => `*l${k - 1}`).join(", ")}]`);
  const bomb = levels.join("\n") + "\n";
  // Each alias repeats its anchor's size: the running total passes 10,000 inside level 4 (level 3's size is 1111).
  const sizes = [11];
  for (let k = 1; k <= 5; k++) sizes.push(1 + 10 * sizes[k - 1]);
  let total = 0;
  let where = "";
  search: for (let k = 1; k <= 5; k++) {
    for (let i = 0; i < 10; i++) {
      total += sizes[k - 1];
      if (total > LIMITS.aliasValues) {
        const line = levels[k];
        const column = nth(line, "*", i + 1) + 1;
        where = `${k + 1}:${column}`;
        break search;
      }
    }
  }
  assert.throws(() => parseSource(bomb, "bomb.yaml"), { name: "InputError", message: `bomb.yaml:${where}: aliases repeat more than 10,000 values by here; the limit is 10,000` });
  assert.throws(() => parseSource("a: &a [1, *a]\n", "self.yaml"), { message: "self.yaml:1:11: the alias *a is inside the list or mapping it names, which would contain itself" });
  assert.throws(() => parseSource("a: *nothing\n", "none.yaml"), { message: /^none\.yaml:1:4: / });
});

test("YAML entries: a document of exactly the budget is read; one more is refused at the entry past it, in block and flow style", () => {
  const limit = LIMITS.yamlEntries;
  const refused = (at: string): RegExp => new RegExp(`^big\\.yaml:${at}: the YAML holds more than ${limit.toLocaleString("en-US")} values, keys and list entries by here; the limit is ${limit.toLocaleString("en-US")} \\(give large data as CSV or JSON\\)$`);
  // A block list: each item is two entries, its dash and its value.
  const items = limit / 2;
  const block = (n: number): string => "- 1.5\n".repeat(n);
  const value = parseSource(block(items), "big.yaml").value as number[];
  assert.equal(value.length, items);
  assert.equal(value[items - 1], 1.5);
  // The entry past the budget is the dash of item items + 1, on line items + 1.
  assert.throws(() => parseSource(block(items + 1), "big.yaml"), { name: "InputError", message: refused(`${items + 1}:1`) });
  // A flow list of mappings: the list is one entry, and each mapping three: its brace, its key and its value.
  const flow = (n: number): { text: string; entries: number[] } => {
    let text = "[";
    const entries = [0];
    for (let i = 0; i < n; i++) {
      if (i > 0) text += ", ";
      entries.push(text.length, text.length + 1, text.length + 4);
      text += `{x: ${i % 10}}`;
    }
    return { text: text + "]\n", entries };
  };
  // Refused at the entry right after the budget (so none before it was counted twice), whether a brace, key or value.
  const over = flow(Math.floor((limit - 1) / 3) + 1);
  assert.ok(over.entries.length > limit);
  assert.throws(() => parseSource(over.text, "big.yaml"), { message: refused(lineColumn(over.text, over.entries[limit])) });
});

test("YAML tokens: a document of blank or comment lines past the token budget is refused near the line where it passes it", async () => {
  const { YAML_TOKENS_PER_ENTRY } = await import("../../src/common/yaml-source.js");
  const budget = LIMITS.yamlEntries * YAML_TOKENS_PER_ENTRY;
  // A comment and its line end are two tokens a line: the budget passes near line budget / 2.
  const comments = `inputs: 1\n${"# a note\n".repeat(budget / 2 + 10)}`;
  const refused = new RegExp(`^notes\\.yaml:(\\d+):1: the YAML has more than ${budget.toLocaleString("en-US")} tokens \\(values, keys, punctuation, spaces, line ends and comments\\) by here; the limit is ${budget.toLocaleString("en-US")}$`);
  let line = 0;
  assert.throws(
    () => parseSource(comments, "notes.yaml"),
    (error: Error) => {
      const m = refused.exec(error.message);
      line = m === null ? 0 : Number(m[1]);
      return m !== null;
    },
  );
  assert.ok(Math.abs(line - budget / 2) < 10, `refused at line ${line}`);
});

test("JSON entries: a list of the budget's values is read; one more is refused at that value; a syntax error before it is said first", () => {
  const limit = LIMITS.jsonEntries;
  // The list itself is one entry, each number one.
  const list = (n: number): string => `[${"1,".repeat(n - 1)}1]`;
  assert.equal((parseSource(list(limit - 1), "big.json").value as number[]).length, limit - 1);
  const over = list(limit);
  assert.throws(() => parseSource(over, "big.json"), {
    name: "InputError",
    message: `big.json:1:${over.length - 1}: the JSON holds more than ${limit.toLocaleString("en-US")} values and keys by here; the limit is ${limit.toLocaleString("en-US")} (give large data as CSV)`,
  });
  // Keys count too: an object of (limit - 1) / 2 keys is at the budget with its values, less itself.
  const keys = (n: number): string => `{${Array.from({ length: n }, (_, i) => `"k${i}":0`).join(",")}}`;
  assert.throws(() => parseSource(keys(limit / 2), "keys.json"), /keys\.json:1:\d+: the JSON holds more than/);
  // A mistake earlier in the text than the budget's end is the one said.
  assert.throws(() => parseSource(`[1,,${over.slice(1)}`, "bad.json"), { message: /^bad\.json:1:4: malformed JSON: value expected$/ });
});

test("JSON: a key given twice and malformed text are errors at their place; __proto__ is a plain field", () => {
  assert.throws(() => parseSource('{\n  "a": 1,\n  "a": 2\n}', "dup.json"), { message: 'dup.json:3:3: the key "a" is given twice in one object (YAML refuses this too)' });
  assert.throws(() => parseSource('{"a": [1, 2,]}', "comma.json"), { message: /^comma\.json:1:13: malformed JSON: value expected$/ });
  const value = parseSource('{"__proto__": {"x": 1}}', "proto.json").value as Record<string, unknown>;
  assert.deepEqual(Object.keys(value), ["__proto__"]);
  assert.equal(Object.getPrototypeOf(value), Object.prototype);
  // A byte-order mark is skipped.
  assert.deepEqual(parseSource('\ufeff{"a": 1}', "bom.json").value, { a: 1 });
});

/** Random JSON documents and paths into them, for comparing positions with jsonc-parser's own tree. */
const jsonDocument = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null), tie("list"), tie("object")),
  list: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(fc.string({ minLength: 1, maxLength: 4 }), tie("value"), { maxKeys: 4 }),
})).object;

test("JSON positions found again for a message agree with jsonc-parser's tree, for values and for keys", () => {
  fc.assert(
    fc.property(jsonDocument, fc.array(fc.nat(), { maxLength: 5 }), fc.boolean(), fc.constantFrom(0, 2), (doc, choices, key, indent) => {
      const text = JSON.stringify(doc, null, indent);
      const source = parseSource(text, "doc.json");
      // A path into the document, following the choices while there is something to follow.
      const path: (string | number)[] = [];
      let at: unknown = doc;
      for (const c of choices) {
        if (Array.isArray(at) && at.length > 0) {
          path.push(c % at.length);
          at = at[c % at.length];
        } else if (at !== null && typeof at === "object" && Object.keys(at).length > 0) {
          const k = Object.keys(at)[c % Object.keys(at).length];
          path.push(k);
          at = (at as Record<string, unknown>)[k];
        } else break;
      }
      const tree = parseTree(text)!;
      const node = findNodeAtLocation(tree, path)!;
      const offset = key && path.length > 0 && typeof path[path.length - 1] === "string" ? node.parent!.offset : node.offset;
      const position = source.locate(path, { key: key && path.length > 0 })!;
      assert.equal(`${position.line}:${position.column}`, lineColumn(text, offset));
    }),
    { seed: 17, numRuns: 300 },
  );
});

test("InputError: values are quoted as 40-character excerpts with control characters escaped, so a message is one line", () => {
  const secret = `sk-${"S".repeat(100)}`;
  const error = new InputError(`got "${secret}" and "line\nbreak\u001b[2J"`, { file: "a\nb.yaml", field: formatPath([`key${"k".repeat(60)}`, 2]) });
  assert.equal(error.message.includes("\n"), false);
  assert.match(error.message, /^a\\nb\.yaml: keyk{37}…\[2\]: got "sk-S{37}…" and "line\\nbreak\\u001b\[2J"$/);
});
