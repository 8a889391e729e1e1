/**
 * Loads the module of a command only when that command runs.
 *
 * Built by tsc (dist/cli/), a command is an ES module imported as usual. Bundled (dist/cli-bundle/, the
 * installed `tracegrad`), each command is one self-contained CommonJS file compiled through a V8 code
 * cache written at build time (`.cache` beside it), which saves most of the time Node would spend
 * compiling it again on every run. A cache from another Node version is rejected by V8 and the file
 * is simply compiled.
 *
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";

/** Set to true by the bundler (scripts/bundle-cli.mjs). */
declare const TRACEGRAD_BUNDLE: boolean | undefined;

function loadBundled(name: string): unknown {
  const file = join(dirname(fileURLToPath(import.meta.url)), "commands", `${name}.cjs`);
  const cache = `${file}.cache`;
  const script = new Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, ...(existsSync(cache) ? { cachedData: readFileSync(cache) } : {}) });
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  // The build runs a command once with this set, so that the cache holds the functions it compiled.
  if (process.env.TRACEGRAD_WRITE_CODE_CACHE === "1") process.once("exit", () => writeFileSync(cache, script.createCachedData()));
  return module.exports;
}

/** The module of command `name` (src/cli/commands/NAME.ts). */
export async function loadCommand<T>(name: string): Promise<T> {
  if (typeof TRACEGRAD_BUNDLE !== "undefined" && TRACEGRAD_BUNDLE) return loadBundled(name) as T;
  const path = `./commands/${name}.js`;
  return (await import(path)) as T;
}
