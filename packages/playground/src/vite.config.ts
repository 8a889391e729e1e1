/**
 * The playground's Vite configuration: `npm run playground` serves it, `npm run build:web` writes the
 * static site to `packages/playground/dist/`.
 *
 * The page imports the engine from `src/` directly (the same modules the CLI runs) and the seed
 * examples from `examples/`, so the dev server may read the whole repository.
 */
import { defineConfig } from "vite";

/** This folder and the repository's root, as file paths. */
const here = decodeURIComponent(new URL(".", import.meta.url).pathname);
const repository = decodeURIComponent(new URL("../../../", import.meta.url).pathname);
const site = decodeURIComponent(new URL("../dist", import.meta.url).pathname);

export default defineConfig({
  root: here,
  // Relative asset URLs: the built site works from any folder of any static file server.
  base: "./",
  publicDir: "public",
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
