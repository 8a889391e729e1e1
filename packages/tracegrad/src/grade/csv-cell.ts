/**
 * One cell of a CSV file that opens safely in a spreadsheet: quoted where it holds a comma, a quote or
 * a line break, and prefixed with `'` where a spreadsheet would read it as a formula (a cell that
 * starts with `=`, `@`, a tab or a carriage return, or with `+` or `-` and is not a number), so that a
 * student named `=HYPERLINK(…)` stays a name. Numbers such as `-0.5` are left as they are.
 *
 * @module
 */

/** Whether a spreadsheet would take the text for the start of a formula. */
function looksLikeFormula(text: string): boolean {
  if (/^[=@\t\r]/.test(text)) return true;
  return /^[+-]/.test(text) && !Number.isFinite(Number(text));
}

/** A value as one CSV cell. */
export function csvCell(value: string): string {
  const safe = looksLikeFormula(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rows of values as CSV text, one line per row. */
export function csvText(rows: readonly (readonly string[])[]): string {
  return rows.map((row) => row.map(csvCell).join(",")).join("\n") + "\n";
}
