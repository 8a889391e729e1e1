/**
 * Loads the module of a command only when that command runs.
 *
 * Built by tsc (dist/cli/), a command is an ES module imported as usual. Bundled (dist/cli-bundle/, the
 * installed `tracegrad`), each command is one self-contained CommonJS file compiled through a V8 code
 * cache written at build time (`.cache` beside it; cached-module.ts).
 *
 * @module
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCached } from "./cached-module.js";

/** Set to true by the bundler (scripts/bundle-cli.mjs). */
declare const TRACEGRAD_BUNDLE: boolean | undefined;

function loadBundled(name: string): unknown {
  return loadCached(join(dirname(fileURLToPath(import.meta.url)), "commands", `${name}.cjs`));
}

/** The module of command `name` (src/cli/commands/NAME.ts). */
export async function loadCommand<T>(name: string): Promise<T> {
  if (typeof TRACEGRAD_BUNDLE !== "undefined" && TRACEGRAD_BUNDLE) return loadBundled(name) as T;
  const path = `./commands/${name}.js`;
  return (await import(path)) as T;
}
