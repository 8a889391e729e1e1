/**
 * A CSV parser that takes its text in chunks and hands over one record at a time, so that a file of a
 * million rows is never held whole, as text or as cells: only the numbers its reader keeps stay in
 * memory. It uses nothing but string operations, so it runs unchanged in Node and in browsers. (The
 * libraries considered stream only asynchronously, through Node's or a bundled stream polyfill, and
 * report rows rather than lines; this parser is small and reports every mistake at its line and
 * column.)
 *
 * The dialect is RFC 4180's, as spreadsheets write it: cells separated by commas, records by `\n`,
 * `\r\n` or `\r`; a cell in double quotes may hold commas, line breaks and doubled quotes (`""`).
 * Spaces and tabs around a cell are trimmed (inside quotes they are kept); lines that are empty or
 * blank are skipped, and a byte-order mark at the start is ignored. Positions in errors are the line
 * and the column as a cell number, from 1: `data.csv:3:2` is the second cell of line 3.
 *
 * @module
 */
import { InputError } from "../common/input-error.js";
import { LIMITS, formatCount } from "../common/limits.js";

/** Receives each record: its cells (trimmed, quotes removed) and the line it starts on. */
export type CsvRecordHandler = (cells: string[], line: number) => void;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const TAB = 0x09;

/** Where the parser is within a cell. */
const enum State {
  /** Before a cell's first character that is not a space: it may open a quote. */
  Start,
  /** In a cell without quotes. */
  Plain,
  /** Inside quotes. */
  Quoted,
  /** Just after a quote inside quotes: a second quote is one quote, anything else closes the cell. */
  QuoteInQuoted,
  /** After a closing quote: only spaces may follow before the comma or the line's end. */
  AfterQuoted,
}

/** Parses CSV text given in chunks; `end()` finishes the last record. */
export class CsvParser {
  private state = State.Start;
  private cells: string[] = [];
  /** The current cell's text so far. */
  private cell = "";
  /** Spaces seen in a plain cell, kept only if more text follows them. */
  private pendingSpaces = "";
  private line = 1;
  private recordLine = 1;
  /** The line and cell where an open quote began (for the error if it never closes). */
  private quoteLine = 1;
  private quoteCell = 1;
  /** Whether the last chunk ended with `\r`, whose `\n` may start the next one. */
  private afterCR = false;
  /** Whether the text inside quotes so far ends with `\r` (a `\n` after it ends no further line). */
  private quotedCR = false;
  private started = false;
  private ended = false;

  /**
   * @param onRecord receives each record.
   * @param file names the text in errors.
   */
  constructor(
    private readonly onRecord: CsvRecordHandler,
    private readonly file?: string,
  ) {}

  private error(reason: string, line: number, cell: number): InputError {
    return new InputError(`malformed CSV: ${reason}`, { file: this.file, position: { line, column: cell } });
  }

  private addToCell(text: string): void {
    if (this.cell.length + text.length > LIMITS.csvCellCharacters) {
      throw new InputError(`a cell longer than ${formatCount(LIMITS.csvCellCharacters)} characters; the limit is ${formatCount(LIMITS.csvCellCharacters)}`, {
        file: this.file,
        position: { line: this.recordLine, column: this.cells.length + 1 },
      });
    }
    this.cell += text;
  }

  private endCell(): void {
    if (this.cells.length >= LIMITS.csvColumns) {
      throw new InputError(`more than ${formatCount(LIMITS.csvColumns)} cells in one row; the limit is ${formatCount(LIMITS.csvColumns)}`, {
        file: this.file,
        position: { line: this.recordLine, column: this.cells.length + 1 },
      });
    }
    this.cells.push(this.cell);
    this.cell = "";
    this.pendingSpaces = "";
    this.state = State.Start;
  }

  private endRecord(): void {
    const blank = this.cells.length === 0 && this.cell === "" && this.state !== State.AfterQuoted;
    if (blank) {
      this.cell = "";
      this.pendingSpaces = "";
      this.state = State.Start;
    } else {
      this.endCell();
      const cells = this.cells;
      this.cells = [];
      this.onRecord(cells, this.recordLine);
    }
    this.line++;
    this.recordLine = this.line;
  }

  /** Parses the next chunk of text. */
  write(chunk: string): void {
    if (this.ended) throw new Error("CsvParser: write after end");
    let i = 0;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) i = 1;
    }
    if (this.afterCR && i < chunk.length) {
      this.afterCR = false;
      if (chunk.charCodeAt(i) === LF) i++;
    }
    const n = chunk.length;
    while (i < n) {
      const c = chunk.charCodeAt(i);
      switch (this.state) {
        case State.Start:
          if (c === SPACE || c === TAB) {
            i++;
          } else if (c === QUOTE) {
            this.state = State.Quoted;
            this.quotedCR = false;
            this.quoteLine = this.line;
            this.quoteCell = this.cells.length + 1;
            i++;
          } else {
            this.state = State.Plain;
          }
          break;
        case State.Plain: {
          // The run of ordinary characters up to the next comma, line break, quote or space, at once.
          let j = i;
          while (j < n) {
            const d = chunk.charCodeAt(j);
            if (d === COMMA || d === LF || d === CR || d === QUOTE || d === SPACE || d === TAB) break;
            j++;
          }
          if (j > i) {
            if (this.pendingSpaces !== "") {
              this.addToCell(this.pendingSpaces);
              this.pendingSpaces = "";
            }
            this.addToCell(chunk.slice(i, j));
            i = j;
            break;
          }
          if (c === SPACE || c === TAB) {
            this.pendingSpaces += chunk[i];
            if (this.pendingSpaces.length > LIMITS.csvCellCharacters) this.addToCell(this.pendingSpaces);
            i++;
          } else if (c === QUOTE) {
            throw this.error('a quote inside a cell without quotes; quote the whole cell and double the quotes in it ("a ""b"" c")', this.line, this.cells.length + 1);
          } else {
            i = this.separator(chunk, i, c);
          }
          break;
        }
        case State.Quoted: {
          const j = chunk.indexOf('"', i);
          const end = j === -1 ? n : j;
          const text = chunk.slice(i, end);
          if (text !== "") {
            this.addToCell(text);
            this.line += countLineBreaks(text, this.quotedCR);
            this.quotedCR = text.charCodeAt(text.length - 1) === CR;
          }
          i = end;
          if (j !== -1) {
            this.state = State.QuoteInQuoted;
            i++;
          }
          break;
        }
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.addToCell('"');
            this.quotedCR = false;
            this.state = State.Quoted;
            i++;
          } else {
            this.state = State.AfterQuoted;
          }
          break;
        case State.AfterQuoted:
          if (c === SPACE || c === TAB) {
            i++;
          } else if (c === COMMA || c === LF || c === CR) {
            i = this.separator(chunk, i, c);
          } else {
            throw this.error("text after the closing quote of a cell; a quoted cell ends at its quote", this.line, this.cells.length + 1);
          }
          break;
      }
    }
  }

  /** Handles a comma or a line break at `i`; returns where to go on. */
  private separator(chunk: string, i: number, c: number): number {
    if (c === COMMA) {
      this.endCell();
      return i + 1;
    }
    this.endRecord();
    if (c === CR) {
      if (i + 1 === chunk.length) {
        this.afterCR = true;
        return i + 1;
      }
      if (chunk.charCodeAt(i + 1) === LF) return i + 2;
    }
    return i + 1;
  }

  /** Finishes the text: the last record (with or without a line break after it) is handed over. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.state === State.Quoted) throw this.error(`the quote that opens this cell (line ${this.quoteLine}) is never closed`, this.quoteLine, this.quoteCell);
    if (this.state === State.QuoteInQuoted) this.state = State.AfterQuoted;
    const empty = this.cells.length === 0 && this.cell === "" && this.state !== State.AfterQuoted;
    if (!empty) this.endRecord();
  }
}

/** The line breaks in text inside quotes (`\r\n` counts once); `continuesCR` says the text before it ended with `\r`. */
function countLineBreaks(text: string, continuesCR: boolean): number {
  let count = 0;
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c === LF) {
      if (!(k === 0 ? continuesCR : text.charCodeAt(k - 1) === CR)) count++;
    } else if (c === CR) {
      count++;
    }
  }
  return count;
}

/** Parses a whole CSV text at once; `onRecord` receives each record. */
export function parseCsvText(text: string, onRecord: CsvRecordHandler, file?: string): void {
  const parser = new CsvParser(onRecord, file);
  parser.write(text);
  parser.end();
}
