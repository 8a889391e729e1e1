#!/usr/bin/env node
// The `tracegrad` command. A committed file, so that npm links the command when the package is
// installed, before `npm run build` has written the bundle it loads.
//
// CommonJS, so that it runs before Node first uses libuv's thread pool (loading an ES module does):
// the pool then starts with one thread, unless UV_THREADPOOL_SIZE says otherwise. tracegrad uses the
// pool only to draw PNGs (resvg), one at a time, and every pool thread that draws one keeps a malloc
// arena of its own: the four threads of Node's default made the lab's peak memory about 15 MB larger,
// for no gain in time.
"use strict";
/* global process */
process.env.UV_THREADPOOL_SIZE ??= "1";
import("../dist/cli-bundle/main.js");
