#!/usr/bin/env node
// The `tracegrad` command. A committed file, so that npm links the command when the package is
// installed, before `npm run build` has written the bundle it loads.
import "../dist/cli-bundle/main.js";
