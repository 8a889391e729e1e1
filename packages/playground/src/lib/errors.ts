/**
 * Errors as the page shows them: one line.
 *
 * @module
 */

/** The first line of an error's message (an InputError is one line already). */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split("\n")[0];
}
