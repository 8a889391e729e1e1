#!/usr/bin/env node
// Bundles the CLI (after tsc) into dist/cli-bundle/: main.cjs (the program and its options, which
// bin/tracegrad.cjs loads) and one self-contained CommonJS file per command under commands/, loaded
// only when that command runs (src/cli/load-command.ts); each through a V8 code cache written here. A
// command thus loads two files and compiles little, so `tracegrad step` starts in little more than
// Node's own start-up. Packages with native parts, data files or large optional engines stay external.
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { spawnSync } from "node:child_process";
import { tokenizer } from "acorn";
import { build } from "esbuild";

const OUT = "dist/cli-bundle";

// zod re-exports its error messages in every language it has (about 250 kB); tracegrad writes its own
// messages and zod needs only English, so the bundle gets just that locale.
const englishOnlyZod = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${"node_modules"}/zod/`) ? { path: new URL("./zod-locales-en.mjs", import.meta.url).pathname } : undefined,
    );
  },
};

// commander loads node:child_process when it loads (about 10 ms of start-up), for the executable
// subcommands tracegrad does not have: it gets a stand-in that loads the module only if one is run.
const lazyChildProcess = {
  name: "lazy-child-process",
  setup(b) {
    b.onResolve({ filter: /^node:child_process$/ }, (args) => (args.importer.includes(`${"node_modules"}/commander/`) ? { path: "lazy-child-process", namespace: "tracegrad" } : undefined));
    b.onLoad({ filter: /^lazy-child-process$/, namespace: "tracegrad" }, () => ({
      contents: 'module.exports = { spawn: (...args) => require("node:child_process").spawn(...args) };',
      loader: "js",
    }));
  },
};

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  // The ESM builds of dependencies (jsonc-parser's UMD build hides its requires from the bundler).
  mainFields: ["module", "main"],
  minify: true,
  sourcemap: true,
  legalComments: "none",
  logLevel: "warning",
  external: ["@resvg/resvg-js", "vega", "vega-lite", "onnxruntime-web"],
  plugins: [englishOnlyZod, lazyChildProcess],
};

rmSync(OUT, { recursive: true, force: true });
// The program, CommonJS like everything bin/tracegrad.cjs loads (an ES module would start Node's ES
// module loader): import.meta.url is the file's URL, as in the commands.
const commonJs = {
  format: "cjs",
  define: { TRACEGRAD_BUNDLE: "true", "import.meta.url": "__tracegradModuleUrl" },
  banner: { js: "const __tracegradModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
};
await build({ ...common, ...commonJs, entryPoints: ["src/cli/main.ts"], outfile: `${OUT}/main.cjs` });
// The V8 flag the program sets first (young-generation.ts), on its own: bin/tracegrad.cjs sets it
// before it compiles main.cjs through its code cache, which is made under that flag.
await build({ ...common, ...commonJs, entryPoints: ["src/cli/young-generation.ts"], outfile: `${OUT}/young-generation.cjs`, sourcemap: false });
// What bin/tracegrad.cjs loads main.cjs with, through its code cache (cached-module.ts).
await build({ ...common, ...commonJs, entryPoints: ["src/cli/cached-module.ts"], outfile: `${OUT}/cached-module.cjs`, sourcemap: false });
const commands = readdirSync("src/cli/commands").filter((f) => f.endsWith(".ts"));
await build({
  ...common,
  format: "cjs",
  entryPoints: commands.map((f) => `src/cli/commands/${f}`),
  outdir: `${OUT}/commands`,
  outExtension: { ".js": ".cjs" },
  define: { "import.meta.url": "__tracegradModuleUrl" },
  banner: { js: "const __tracegradModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});
// The figure thread (src/plots/plot-writer.ts) runs this module, which sits beside the lab command
// as figure-worker.js sits beside plot-writer.js in tsc's output. CommonJS, as the commands are: it
// loads Vega with require(), where an ES module's import would first scan Vega's CommonJS files for
// their exports (about 0.2 s).
await build({
  ...common,
  format: "cjs",
  entryPoints: ["src/plots/figure-worker.ts"],
  outfile: `${OUT}/commands/figure-worker.cjs`,
  define: { "import.meta.url": "__tracegradModuleUrl" },
  banner: { js: "const __tracegradModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// Every file of the bundle in ASCII. esbuild escapes the other characters of strings, templates and
// names, but not those of regular expression literals (/[σδη]/ in the worked solutions' notation):
// one such character made Node read the whole file (350 kB for step) as a two-byte string, and V8
// parse and keep it so. They are escaped here, as \uXXXX in the literal (one UTF-16 unit each, which
// a literal with or without the u flag reads as the same character); anything else not in ASCII fails
// the build.
function asciiOnly(file) {
  const text = readFileSync(file, "utf8");
  if (!/[\u0080-\uffff]/.test(text)) return;
  const escape = (part) => part.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  let out = "";
  let at = 0;
  for (const token of tokenizer(text, { ecmaVersion: "latest", allowHashBang: true })) {
    if (token.type.label !== "regexp") continue;
    const literal = text.slice(token.start, token.end);
    // \σ would become \\u03c3, a backslash and "u03c3": refused rather than read wrong.
    if (/\\[\u0080-\uffff]/.test(literal)) throw new Error(`bundle-cli: ${file}: an escaped character outside ASCII in ${literal}`);
    out += text.slice(at, token.start) + escape(literal);
    at = token.end;
  }
  out += text.slice(at);
  const left = /[\u0080-\uffff]/.exec(out);
  if (left !== null) throw new Error(`bundle-cli: ${file} has a character outside ASCII outside a regular expression (${JSON.stringify(out.slice(left.index - 40, left.index + 10))})`);
  writeFileSync(file, out);
}
for (const file of ["main.cjs", "young-generation.cjs", "cached-module.cjs", ...readdirSync(`${OUT}/commands`).filter((f) => f.endsWith(".cjs")).map((f) => `commands/${f}`)]) asciiOnly(resolve(OUT, file));

// The code caches: each command compiled and its top level run once, as load-command.ts does; `step`,
// which users run most and which must start fast, also runs once on an example so that its cache, and
// the program's (main.cjs), hold the functions a worked solution compiles. V8 accepts a cache only
// under the flags it was made with, and bin/tracegrad.cjs sets one before it compiles anything
// (young-generation.ts): the same module sets it here first. Without it, every cache but step's (made
// by a run of the command) was rejected, and those commands compiled anew on every run.
await import("../dist/cli/young-generation.js");
const { runCommonJs } = await import("../dist/cli/cached-module.js");
for (const f of commands) {
  const file = resolve(OUT, "commands", f.replace(/\.ts$/, ".cjs"));
  writeFileSync(`${file}.cache`, runCommonJs(file).script.createCachedData());
}
const run = spawnSync(process.execPath, ["bin/tracegrad.cjs", "step", "../../examples/module11-2-2-2.yaml"], { env: { ...process.env, TRACEGRAD_WRITE_CODE_CACHE: "1" }, stdio: ["ignore", "ignore", "inherit"] });
if (run.status !== 0) throw new Error("bundle-cli: the step command failed while writing its code cache");
