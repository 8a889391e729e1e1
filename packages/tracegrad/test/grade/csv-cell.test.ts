/** Gradebook cells that open safely in a spreadsheet. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { csvCell, csvText } from "../../src/grade/csv-cell.js";

test("a cell a spreadsheet would run as a formula is prefixed with ', and numbers stay numbers", () => {
  assert.equal(csvCell("=1+1"), "'=1+1");
  assert.equal(csvCell("@SUM(A1)"), "'@SUM(A1)");
  assert.equal(csvCell("-cmd"), "'-cmd");
  assert.equal(csvCell("+A1"), "'+A1");
  assert.equal(csvCell("\tx"), "'\tx");
  assert.equal(csvCell("-0.5"), "-0.5");
  assert.equal(csvCell("-1.2e-7"), "-1.2e-7");
  assert.equal(csvCell("ana"), "ana");
  assert.equal(csvCell("a-b"), "a-b");
});

test("a cell with a comma, a quote or a line break is quoted, after the prefix", () => {
  assert.equal(csvCell('=HYPERLINK("x","y")'), '"\'=HYPERLINK(""x"",""y"")"');
  assert.equal(csvCell("Doe, Jane"), '"Doe, Jane"');
  assert.equal(csvText([["a", "=b"], ["1", "-2"]]), "a,'=b\n1,-2\n");
});
