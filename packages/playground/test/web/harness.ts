/**
 * What the browser tests of the playground share: building the site with Vite, serving `dist-web/`
 * from 127.0.0.1 on a random port, and finding a Chromium to drive with playwright-core.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";

export const REPOSITORY = resolve(import.meta.dirname, "../../../..");
export const SITE = join(REPOSITORY, "packages/playground/dist");

/** The Chromium to run: $CHROMIUM, else /usr/bin/chromium; null when there is none. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((c): c is string => typeof c === "string" && c !== "");
  return candidates.find((c) => existsSync(c)) ?? null;
}

/** The flags Chromium runs with: no sandbox (containers), no GPU, no calls home. */
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];

/** Builds the site into dist-web/ with Vite's own API (the build:web script does the same). */
export async function buildSite(): Promise<void> {
  const { build } = await import("vite");
  await build({ configFile: join(REPOSITORY, "packages/playground/src/vite.config.ts"), logLevel: "error" });
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".json": "application/json",
  ".png": "image/png",
};

/** A static file server of a folder on 127.0.0.1, as any static host would serve the site. */
export async function serve(root: string): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const base = resolve(root);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    let file = normalize(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server, requests };
}
