// tracegrad finds a key given twice in one YAML mapping itself (yaml-source.ts), with a set per
// mapping: yaml's own check compares every key with every key before it, and took 94 s on a spec of
// 100,000 keys. The oracle here is yaml's check itself (`uniqueKeys: true`, the option tracegrad used
// before): on every document drawn, both refuse the same documents, at the same line and column (the
// first duplicate in the text).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { LineCounter, parseDocument } from "yaml";
import { parseSource } from "../../src/common/source.js";

/** Keys that yaml's core schema reads as equal or not: numbers in several spellings, strings, null, booleans, NaN, lists and mappings. */
const KEY = fc.constantFrom("a", "b", "'a'", '"a"', "1", "'1'", "1.0", "0x1", "01", "~", "null", "''", "true", "True", ".nan", ".NaN", "-0", "0", "[1]", "{k: 1}");

/** A mapping drawn as data: its keys (some repeated) and values, each a scalar or a mapping, in block or flow style. */
interface DrawnMap {
  readonly flow: boolean;
  readonly pairs: readonly (readonly [string, string | DrawnMap])[];
}

const MAP: fc.Arbitrary<DrawnMap> = fc.letrec<{ map: DrawnMap }>((tie) => ({
  map: fc.record({
    flow: fc.boolean(),
    pairs: fc.array(fc.tuple(KEY, fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constantFrom("1", "x"), tie("map"))), { minLength: 1, maxLength: 5 }),
  }),
})).map;

/** The YAML text of a drawn mapping: a flow mapping holds only flow mappings; a block one indents its block values. */
function yamlText(map: DrawnMap, indent = "", inFlow = false): string {
  if (map.flow || inFlow) return `{${map.pairs.map(([k, v]) => `${k}: ${typeof v === "string" ? v : yamlText(v, "", true)}`).join(", ")}}`;
  return map.pairs
    .map(([k, v]) => {
      if (typeof v === "string") return `${indent}${k}: ${v}`;
      if (v.flow) return `${indent}${k}: ${yamlText(v, "", true)}`;
      return `${indent}${k}:\n${yamlText(v, `${indent}  `)}`;
    })
    .join("\n");
}

const DOCUMENT = MAP.map((map) => `${yamlText(map)}\n`);

/**
 * yaml's verdict with its own duplicate check: "line:column" of the error it finds first in the text
 * (it reports them in the order it composes, which puts a flow mapping's inner duplicates before its
 * own; tracegrad reports the first in the text), or null.
 */
function yamlVerdict(text: string): string | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true, lineCounter: lines });
  if (doc.errors.length === 0) return null;
  const first = doc.errors.reduce((a, b) => (b.pos[0] < a.pos[0] ? b : a));
  const { line, col } = lines.linePos(first.pos[0]);
  return `${line}:${col} ${first.message.startsWith("Map keys must be unique") ? "duplicate" : "other"}`;
}

/** tracegrad's verdict: "line:column" of its error, or null. */
function tracegradVerdict(text: string): string | null {
  try {
    parseSource(text, "d.yaml");
    return null;
  } catch (error) {
    const match = /^d\.yaml:(\d+):(\d+): (.*)$/.exec((error as Error).message);
    assert.ok(match !== null, (error as Error).message);
    return `${match[1]}:${match[2]} ${match[3] === "malformed YAML: Map keys must be unique" ? "duplicate" : "other"}`;
  }
}

test("a key given twice in a YAML mapping is refused exactly where yaml's own check refuses it", () => {
  fc.assert(
    fc.property(DOCUMENT, (text) => {
      assert.equal(tracegradVerdict(text), yamlVerdict(text), text);
    }),
    { numRuns: 2000, seed: 17 },
  );
});

test("keys yaml reads as the same value are duplicates; NaN never is; null and ~ are", () => {
  for (const [text, duplicate] of [
    ["a: 1\nb: 2\na: 3\n", "3:1"],
    ["x: {a: 1, b: 2, a: 3}\n", "1:17"],
    ["1: a\n1.0: b\n", "2:1"],
    ["1: a\n'1': b\n", null],
    ["~: a\nnull: b\n", "2:1"],
    [".nan: a\n.nan: b\n", null],
    ["a:\n  b: 1\n  b: 2\nb: 3\n", "3:3"],
  ] as const) {
    assert.equal(tracegradVerdict(text), duplicate === null ? null : `${duplicate} duplicate`, text);
    assert.equal(yamlVerdict(text), duplicate === null ? null : `${duplicate} duplicate`, `the oracle agrees on ${text}`);
  }
});
