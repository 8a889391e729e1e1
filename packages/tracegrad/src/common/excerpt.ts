/**
 * How a message quotes a value from a user's file or command line: at most a short excerpt, with
 * control characters escaped, so that a message is always one short line and never repeats a whole
 * value (a secret, a file's content) or lets one rewrite the terminal.
 *
 * @module
 */

/** The characters a message never prints as they are: C0 and C1 controls, DEL, and invisible or direction-changing marks. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/** The longest excerpt of a value a message quotes, in characters. */
export const EXCERPT_LENGTH = 40;

/** The escapes of the control characters that have a short one. */
const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `text` with every control or invisible character written as an escape: `\n`, `\t`, `\u001b`. */
export function escapeControl(text: string): string {
  return text.replace(INVISIBLE, (c) => SHORT_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** The first `max` code points of `text`, and whether it had more. */
function cut(text: string, max: number): { head: string; more: boolean } {
  const points = Array.from(text.length > 4 * max ? text.slice(0, 4 * max) : text);
  return points.length > max ? { head: points.slice(0, max).join(""), more: true } : { head: text, more: false };
}

/** At most `max` characters of `text` (whole code points), with `…` where it was cut, and its control characters escaped. */
export function excerpt(text: string, max = EXCERPT_LENGTH): string {
  const { head, more } = cut(text, max);
  return escapeControl(head) + (more ? "…" : "");
}

/** A value quoted for a message: `"sk-SECRET-TOKEN-123"`, or its first 40 characters and `…` inside the quotes; quotes and backslashes in it are escaped. */
export function quote(text: string, max = EXCERPT_LENGTH): string {
  const { head, more } = cut(text, max);
  return `"${escapeControl(head.replace(/\\/g, "\\\\").replace(/"/g, '\\"'))}${more ? "…" : ""}"`;
}

/** `"…"` runs in a message whose text is longer than 40 characters (a value quoted whole), cut to their first 40 and `…`. */
export function shortenQuoted(message: string, max = EXCERPT_LENGTH): string {
  return message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => {
    const { head, more } = cut(inner, max);
    return more ? `"${head}…"` : whole;
  });
}

/** The longest run of characters without a space a message keeps whole (a path, a name). */
export const LONGEST_WORD = 200;

/** Runs of non-space characters longer than {@link LONGEST_WORD} (a file name thousands of characters long), cut to their start, `…` and their end. */
export function shortenLongWords(message: string, max = LONGEST_WORD): string {
  return message.replace(new RegExp(`\\S{${max + 1},}`, "g"), (word) => `${word.slice(0, max / 2)}…${word.slice(-max / 4)}`);
}
