import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { CsvParser, parseCsvText } from "../../src/data/csv-parser.js";
import { csvDataset, CsvDatasetReader, parseCsv } from "../../src/data/csv.js";
import { LIMITS } from "../../src/common/limits.js";

/** The records of a text, each with its line, parsed in the given chunks. */
function records(chunks: readonly string[]): [string[], number][] {
  const out: [string[], number][] = [];
  const parser = new CsvParser((cells, line) => out.push([cells, line]), "t.csv");
  for (const c of chunks) parser.write(c);
  parser.end();
  return out;
}

/** The text cut at the given offsets. */
function cut(text: string, offsets: readonly number[]): string[] {
  const points = [...new Set(offsets.map((o) => o % (text.length + 1)))].sort((a, b) => a - b);
  const chunks: string[] = [];
  let from = 0;
  for (const p of points) {
    chunks.push(text.slice(from, p));
    from = p;
  }
  chunks.push(text.slice(from));
  return chunks;
}

test("CSV records: quotes, doubled quotes, commas and line breaks inside quotes, CRLF and CR, blank lines, spaces trimmed, a byte-order mark", () => {
  const text = '\ufeff a , "b, c" ,d\r\n\r\n"x ""y"" z","line\nbreak",  \n   \nlast,"",e\rfinal,1,2';
  assert.deepEqual(records([text]), [
    [["a", "b, c", "d"], 1],
    [['x "y" z', "line\nbreak", ""], 3],
    [["last", "", "e"], 6],
    [["final", "1", "2"], 7],
  ]);
});

test("CSV mistakes are errors at their line and cell", () => {
  assert.throws(() => records(['a,b\n1,"2\n3,4\n']), { name: "InputError", message: "t.csv:2:2: malformed CSV: the quote that opens this cell (line 2) is never closed" });
  assert.throws(() => records(['a,b\n1,2"x\n']), { message: /^t\.csv:2:2: malformed CSV: a quote inside a cell without quotes/ });
  assert.throws(() => records(['a,b\n1,"2"x\n']), { message: /^t\.csv:2:2: malformed CSV: text after the closing quote/ });
  assert.throws(() => parseCsv("a,b\n1,2\n3\n", "short.csv"), { message: "short.csv:3:1: malformed CSV: this row has 1 cell; the header has 2 columns" });
  assert.throws(() => parseCsv("", "empty.csv"), { message: "empty.csv: the file is empty" });
  assert.throws(() => parseCsv("a,b\n\n", "head.csv"), { message: "head.csv:1:1: has a header row but no data" });
  const long = "x".repeat(LIMITS.csvCellCharacters + 1);
  assert.throws(() => records([`a\n${long}\n`]), { message: `t.csv:2:1: a cell longer than 10,000 characters; the limit is 10,000` });
});

/** Cells that need no trimming: none starts or ends with a space or a tab. */
const cell = fc.string({ maxLength: 6, unit: fc.constantFrom("a", "1", ".", " ", ",", '"', "\n", "\r", "é", "\t") }).map((s) => s.replace(/^[ \t]+|[ \t]+$/g, ""));

/** CSV text written here, independently of the parser: every cell quoted when it holds a comma, quote, space or line break. */
function write(rows: readonly (readonly string[])[], newline: string): string {
  const field = (c: string) => (/[",\n\r\t ]/.test(c) || c === "" ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(field).join(",")).join(newline) + newline;
}

test("CSV records survive a round trip through an independent writer, whatever the chunks the text arrives in", () => {
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.constantFrom("\n", "\r\n", "\r"), fc.array(fc.nat(), { maxLength: 6 }), (rows, newline, offsets) => {
      const text = write(rows, newline);
      const whole = records([text]);
      assert.deepEqual(
        whole.map(([cells]) => cells),
        rows,
      );
      // Each record starts on the line after the line breaks of the records before it (a \r\n counts once).
      let line = 1;
      rows.forEach((row, r) => {
        assert.equal(whole[r][1], line);
        line += 1 + row.reduce((n, c) => n + (c.replace(/\r\n/g, "\n").match(/[\n\r]/g)?.length ?? 0), 0);
      });
      assert.deepEqual(records(cut(text, offsets)), whole);
    }),
    { seed: 5, numRuns: 400 },
  );
});

test("a data set read in chunks is the data set read whole, and labels are sorted as before (numerically when they are numbers)", () => {
  const text = "a,b,label\n1,2,10\n3,4,9\n5,6,10\n7,8,2\n";
  const whole = csvDataset(text, "d.csv");
  assert.deepEqual(whole.classNames, ["2", "9", "10"]);
  assert.deepEqual(Array.from(whole.labels!), [2, 1, 2, 0]);
  assert.deepEqual(Array.from(whole.x), [1, 2, 3, 4, 5, 6, 7, 8]);
  for (let size = 1; size < text.length; size += 3) {
    const reader = new CsvDatasetReader("d.csv");
    for (let i = 0; i < text.length; i += size) reader.write(text.slice(i, i + size));
    const chunked = reader.end();
    assert.deepEqual(Array.from(chunked.x), Array.from(whole.x));
    assert.deepEqual(Array.from(chunked.y), Array.from(whole.y));
    assert.deepEqual(chunked.classNames, whole.classNames);
  }
  // More than 20 whole numbers, or fractions: values (a regression), in the order of the file.
  const values = "x,y\n" + Array.from({ length: 25 }, (_, i) => `${i},${i * 3}`).join("\n") + "\n";
  const regression = csvDataset(values, "r.csv");
  assert.equal(regression.labels, undefined);
  assert.deepEqual(Array.from(regression.y), Array.from({ length: 25 }, (_, i) => i * 3));
  // A regression's target must be a number: the first one that is not is named at its line and cell.
  assert.throws(() => csvDataset("x,y\n1,2\n3,z\n", "v.csv", { task: "regression" }), { message: 'v.csv:3:2: column "y": expected a number, got "z"' });
});

test("parseCsvText hands over every record of a whole text", () => {
  const seen: string[][] = [];
  parseCsvText("a,b\n1,2", (cells) => seen.push(cells));
  assert.deepEqual(seen, [
    ["a", "b"],
    ["1", "2"],
  ]);
});

test("1,000,000 rows read in chunks keep memory proportional to the numbers, at most 3 times the Float64 data, whatever the text's length", () => {
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const live = () => {
    gc();
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const rows = 1_000_000;
  const perChunk = 10_000;
  const reader = new CsvDatasetReader("million.csv");
  const before = live();
  let peak = 0;
  let textLength = 0;
  reader.write("x0,x1,label\n");
  for (let start = 0; start < rows; start += perChunk) {
    // Each chunk is made, read and dropped: only the reader can keep anything of it.
    const lines: string[] = [];
    for (let i = start; i < start + perChunk; i++) {
      const a = ((i * 7919) % 1000) / 1000;
      const b = ((i * 104729) % 997) / 997;
      // Written with 20 decimals: the text (about 48 bytes a row) outweighs the numbers (24).
      lines.push(`${a.toFixed(20)},${b.toFixed(20)},${a > b ? 1 : 0}\n`);
    }
    const chunk = lines.join("");
    textLength += chunk.length;
    reader.write(chunk);
    peak = Math.max(peak, live() - before);
  }
  const data = reader.end();
  peak = Math.max(peak, live() - before);
  assert.equal(data.n, rows);
  assert.equal(data.classNames?.length, 2);
  // The numbers kept: two features and one label a row, 8 bytes each.
  const float64Bytes = rows * 3 * 8;
  assert.ok(peak <= 3 * float64Bytes, `peak ${(peak / 1e6).toFixed(1)} MB, more than 3 times ${float64Bytes / 1e6} MB`);
  assert.ok(textLength > 1.5 * float64Bytes && peak < textLength, `the text (${(textLength / 1e6).toFixed(1)} MB) is never held: ${(peak / 1e6).toFixed(1)} MB at the peak`);
});
