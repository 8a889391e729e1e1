/** The modules a source file loads when it runs, read from its import statements. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The source files and the packages that `entry` (a .ts file) loads at run time, following relative
 * static imports: type-only imports and dynamic `import()` load nothing when the module loads.
 */
export function runtimeImports(entry: string): { files: string[]; packages: string[] } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const pending = [entry];
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (files.has(file)) continue;
    files.add(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?from\s+"([^"]+)";/gm)) {
      if (match[1] !== undefined) continue;
      const target = match[2];
      if (target.startsWith(".")) pending.push(join(dirname(file), target.replace(/\.js$/, ".ts")));
      else packages.add(target);
    }
  }
  return { files: [...files].sort(), packages: [...packages].sort() };
}
