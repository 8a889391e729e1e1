/**
 * The cells of a {@link Table} as text in one notation, and a table laid out in aligned columns for
 * the terminal.
 *
 * @module
 */
import type { Notation } from "../../engine/render-expr.js";
import { renderExpr, renderNumber } from "../../engine/render-expr.js";
import type { Table } from "./worked.js";

/** A cell as text: a number at the precision, text as it is. */
export function cellText(cell: number | string, notation: Notation, precision: number): string {
  return typeof cell === "number" ? renderNumber(cell, notation, precision) : cell;
}

/** The headings of a table as text: formulas rendered, text as it is. */
export function headingTexts(table: Table, notation: Notation): string[] {
  return table.columns.map((c) => (typeof c === "string" ? c : renderExpr(c, { notation })));
}

/** How wide a text shows in a terminal: combining marks (the hat of x̂) take no column. */
export function displayWidth(text: string): number {
  return [...text.replace(/\p{M}/gu, "")].length;
}

/** A table as lines of aligned columns: numbers to the right, text to the left. */
export function tableLines(table: Table, notation: Notation, precision: number): string[] {
  const head = headingTexts(table, notation);
  const body = table.rows.map((row) => row.map((cell) => cellText(cell, notation, precision)));
  // A loop, not Math.max(...cells): a table of 100,000 rows would overflow the call stack.
  const widths = head.map((h) => displayWidth(h));
  for (const row of body) row.forEach((cell, c) => (widths[c] = Math.max(widths[c] ?? 0, displayWidth(cell))));
  const pad = (text: string, c: number, right: boolean) => {
    const fill = " ".repeat(Math.max(0, widths[c] - displayWidth(text)));
    return right ? fill + text : text + fill;
  };
  const line = (cells: string[], numeric: boolean[]) => cells.map((t, c) => pad(t, c, numeric[c])).join("  ").trimEnd();
  const numericColumn = head.map((_, c) => table.rows.length > 0 && table.rows.every((row) => typeof row[c] === "number"));
  const lines = [line(head, numericColumn)];
  body.forEach((row, r) => lines.push(line(row, table.rows[r].map((cell) => typeof cell === "number"))));
  return lines;
}
