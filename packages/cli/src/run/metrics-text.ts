/**
 * The text of a run's metrics.json: indented JSON, with each epoch of the history on one line. A run of
 * 10,000 epochs writes 0.8 MB where fully indented JSON took 1.3 MB, and it is as easy to read by eye
 * and by `jq`.
 *
 * @module
 */

/**
 * About how many characters of records each piece of {@link metricsPieces} holds: under V8's largest
 * ordinary heap object (128 kB), so that no piece is a large object of its own pages, which the
 * kernel maps anew for each (a 10,000-epoch history stringified whole is 0.8 MB, and the lab's
 * metrics then cost half again as much time).
 */
const PIECE_CHARACTERS = 48 * 1024;

/**
 * The JSON of a run's metrics, with a newline at the end, in pieces to write one after another. The
 * records of its history must be flat (numbers only, as an `EpochRecord`): each piece's records are
 * stringified as one array, which is then broken between records (faster than a call of
 * JSON.stringify per record).
 */
export function* metricsPieces(metrics: { readonly history: readonly object[] }): Generator<string> {
  const { history, ...rest } = metrics;
  if (history.length === 0) yield '{\n  "history": []';
  else {
    // Records per piece, from the longer of the first and last records (the others' numbers are
    // seldom much longer, and a piece twice as long is still an ordinary object).
    const longest = Math.max(JSON.stringify(history[0]).length, JSON.stringify(history[history.length - 1]).length);
    const perPiece = Math.max(1, Math.floor(PIECE_CHARACTERS / (longest + 6)));
    for (let from = 0; from < history.length; from += perPiece) {
      const records = JSON.stringify(history.slice(from, from + perPiece)).slice(1, -1).replaceAll("},{", "},\n    {");
      yield from === 0 ? `{\n  "history": [\n    ${records}` : `,\n    ${records}`;
    }
    yield "\n  ]";
  }
  // The other fields as JSON.stringify indents them, without their braces.
  const others = Object.keys(rest).length === 0 ? "" : `,${JSON.stringify(rest, null, 2).slice(1, -2)}`;
  yield `${others}\n}\n`;
}

/** The whole text of {@link metricsPieces}. */
export function metricsText(metrics: { readonly history: readonly object[] }): string {
  return [...metricsPieces(metrics)].join("");
}
