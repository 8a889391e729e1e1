/**
 * JSON laid out for people: indented like `JSON.stringify(value, null, 2)`, but with every list of
 * plain values (a row of numbers) on one line.
 *
 * @module
 */

function isPlain(v: unknown): boolean {
  return v === null || typeof v !== "object";
}

/** `value` as indented JSON with rows of numbers kept on one line, ending in a newline. */
export function compactJson(value: unknown): string {
  const write = (v: unknown, indent: string): string => {
    if (isPlain(v)) return JSON.stringify(v);
    const inner = indent + "  ";
    if (Array.isArray(v)) {
      if (v.length === 0) return "[]";
      if (v.every(isPlain)) return `[${v.map((x) => JSON.stringify(x)).join(", ")}]`;
      return `[\n${v.map((x) => inner + write(x, inner)).join(",\n")}\n${indent}]`;
    }
    const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
    if (entries.length === 0) return "{}";
    return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${write(x, inner)}`).join(",\n")}\n${indent}}`;
  };
  return write(value, "") + "\n";
}
