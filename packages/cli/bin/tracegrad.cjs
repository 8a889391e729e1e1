#!/usr/bin/env node
// The `tracegrad` command. A committed file, so that npm links the command when the package is
// installed, before `npm run build` has written the bundle it loads.
//
// CommonJS, so that it runs before Node first uses libuv's thread pool: the pool then starts with one
// thread, unless UV_THREADPOOL_SIZE says otherwise. tracegrad uses the pool only to draw PNGs (resvg),
// one at a time, and every pool thread that draws one keeps a malloc arena of its own: the four
// threads of Node's default made the lab's peak memory about 15 MB larger, for no gain in time.
//
// The program (dist/cli-bundle/main.cjs, CommonJS too: an ES module would start Node's ES module
// loader, about 10 ms) is compiled through the V8 code cache beside it, as each command is
// (src/cli/cached-module.ts). V8 takes a cache only under the flags it was made with, so the one flag
// the program sets (young-generation.cjs) is set first, here and where the cache is made: at the end
// of a run the build makes with TRACEGRAD_WRITE_CODE_CACHE=1 (scripts/bundle-cli.mjs). A missing or
// rejected cache only means the program is compiled.
"use strict";
/* global process */
process.env.UV_THREADPOOL_SIZE ??= "1";
const { join } = require("node:path");

const bundle = join(__dirname, "..", "dist", "cli-bundle");
require(join(bundle, "young-generation.cjs"));
require(join(bundle, "cached-module.cjs")).loadCached(join(bundle, "main.cjs"));
