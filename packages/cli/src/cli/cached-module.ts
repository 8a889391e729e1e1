/**
 * Running a CommonJS file of the CLI's bundle through the V8 code cache beside it (`FILE.cache`), which
 * saves most of the time Node would spend compiling it again on every run: the program itself
 * (`bin/tracegrad.cjs` loads `main.cjs` so, from this module's own bundle, `cached-module.cjs`) and each
 * command (load-command.ts). A cache from another Node version, or made under other V8 flags, is
 * rejected by V8 and the file is simply compiled. scripts/bundle-cli.mjs makes the caches with
 * {@link runCommonJs}.
 *
 * @module
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname } from "node:path";
import { Script } from "node:vm";

/** Compiles `file` (through `cachedData` when given) and runs it as Node's CommonJS loader would; returns its exports and the compiled script. */
export function runCommonJs(file: string, cachedData?: Buffer): { exports: unknown; script: Script } {
  const script = new Script(Module.wrap(readFileSync(file, "utf8")), { filename: file, ...(cachedData !== undefined ? { cachedData } : {}) });
  const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dirname: string) => void;
  const module = { exports: {} };
  wrapper.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script };
}

/** The exports of `file`, run through `file.cache` when there is one. */
export function loadCached(file: string): unknown {
  const cache = `${file}.cache`;
  const { exports, script } = runCommonJs(file, existsSync(cache) ? readFileSync(cache) : undefined);
  // The build runs `step` once with this set, so that the caches hold the functions a run compiles.
  if (process.env.TRACEGRAD_WRITE_CODE_CACHE === "1") process.once("exit", () => writeFileSync(cache, script.createCachedData()));
  return exports;
}
