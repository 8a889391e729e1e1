/**
 * Plain data as YAML for people: mappings indented, a list of numbers on one line, a list of rows as
 * one line per row, text double-quoted. Reading it back gives the same value. Used for the files of
 * the exercises whose matching command reads a problem file.
 *
 * @module
 */

function isPlain(v: unknown): boolean {
  return v === null || typeof v !== "object";
}

function scalar(v: unknown): string {
  if (typeof v === "number") return Object.is(v, -0) ? "0" : String(v);
  if (typeof v === "string") return /^[A-Za-z][A-Za-z0-9_.-]*$/.test(v) && !["true", "false", "null", "yes", "no", "on", "off"].includes(v.toLowerCase()) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}

/** A key as YAML: plain where that reads back the same, quoted otherwise. */
export function yamlKey(key: string): string {
  return /^[A-Za-z][A-Za-z0-9_/()^'-]*$/.test(key) ? key : JSON.stringify(key);
}

function inline(v: unknown): string {
  if (isPlain(v)) return scalar(v);
  if (Array.isArray(v)) return `[${v.map(inline).join(", ")}]`;
  return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${yamlKey(k)}: ${inline(x)}`).join(", ")}}`;
}

/** `value` (a mapping) as YAML text ending in a newline; `header` lines become comments at the top. */
export function plainYaml(value: Record<string, unknown>, header: readonly string[] = []): string {
  const out: string[] = header.map((h) => `# ${h}`.trimEnd());
  const write = (v: Record<string, unknown>, indent: string) => {
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined) continue;
      if (isPlain(x) || (Array.isArray(x) && x.every((y) => isPlain(y) || (Array.isArray(y) && y.every(isPlain))) && x.every(isPlain))) {
        out.push(`${indent}${yamlKey(k)}: ${inline(x)}`);
      } else if (Array.isArray(x)) {
        out.push(`${indent}${yamlKey(k)}:`);
        for (const item of x) out.push(`${indent}  - ${inline(item)}`);
      } else {
        out.push(`${indent}${yamlKey(k)}:`);
        write(x as Record<string, unknown>, `${indent}  `);
      }
    }
  };
  write(value, "");
  return out.join("\n") + "\n";
}
