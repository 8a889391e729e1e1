// What a user of a package meets, measured: packing a workspace (`npm pack`), installing tarballs or
// registry packages in a fresh folder outside the repository, the size and packages of what was
// installed (and whether any has an install script or a native binary), bundling an app for the
// browser with esbuild (no aliases, no polyfills), the time of `import()` in a fresh Node process, and
// running a bundle in Chromium. Used by the tarball test (packages/tracegrad/test/package/) and by
// `npm run bench:package` (scripts/measure-package.ts), which compares tracegrad with its peers.
import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";

export const REPOSITORY = resolve(import.meta.dirname, "..");

/** One file of a packed tarball. */
export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

/** A tarball `npm pack` wrote. */
export interface Packed {
  readonly file: string;
  /** Bytes of the .tgz. */
  readonly size: number;
  /** Bytes of its files. */
  readonly unpackedSize: number;
  readonly files: readonly PackedFile[];
}

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} (in ${cwd}) failed with status ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** Packs workspace `workspace` of the repository (as built: `npm pack` builds nothing) into `destination`. */
export function packWorkspace(workspace: string, destination: string): Packed {
  const out = run("npm", ["pack", "-w", workspace, "--pack-destination", destination, "--json", "--loglevel=error"], REPOSITORY);
  const [info] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string; size: number; unpackedSize: number; files: PackedFile[] }[];
  return { file: join(destination, info.filename), size: info.size, unpackedSize: info.unpackedSize, files: info.files.map((f) => ({ path: f.path, size: f.size })) };
}

/**
 * Installs `specs` (tarball paths or registry names) into `folder`, a fresh app of its own (a
 * package.json is written if there is none), as `npm install` does for a user: install scripts run,
 * the npm cache is used before the network.
 */
export function installInto(folder: string, specs: readonly string[]): void {
  if (!existsSync(join(folder, "package.json"))) writeFileSync(join(folder, "package.json"), JSON.stringify({ name: "app", private: true, type: "module" }, null, 2));
  run("npm", ["install", ...specs, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], folder);
}

/** Installs `specs` globally under `prefix` (`npm install --global --prefix`), as a user installs a command. */
export function installGlobally(prefix: string, specs: readonly string[]): void {
  run("npm", ["install", "--global", "--prefix", prefix, ...specs, "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], prefix);
}

/** What an install put in node_modules. */
export interface InstallMeasure {
  /** Bytes of every file (symbolic links not followed). */
  readonly bytes: number;
  /** Every installed package, name@version, nested ones too. */
  readonly packages: readonly string[];
  /** Packages that run a script or node-gyp on install. */
  readonly installScripts: readonly string[];
  /** Native binaries (.node files). */
  readonly nativeFiles: readonly string[];
}

/** Measures `folder`/node_modules (for a global install, `folder` is the prefix's lib). */
export function measureInstall(folder: string): InstallMeasure {
  let bytes = 0;
  const packages: string[] = [];
  const installScripts: string[] = [];
  const nativeFiles: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) continue;
      if (entry.isDirectory()) walk(path);
      else {
        bytes += lstatSync(path).size;
        if (entry.name.endsWith(".node")) nativeFiles.push(path.slice(folder.length + 1));
      }
    }
  };
  const visitPackages = (modules: string): void => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith(".")) continue;
      const dirs = entry.name.startsWith("@") ? readdirSync(join(modules, entry.name)).map((n) => join(modules, entry.name, n)) : [join(modules, entry.name)];
      for (const dir of dirs) {
        if (!existsSync(join(dir, "package.json"))) continue;
        const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name: string; version: string; scripts?: Record<string, string>; gypfile?: boolean };
        const id = `${manifest.name}@${manifest.version}`;
        packages.push(id);
        const scripts = manifest.scripts ?? {};
        if (["preinstall", "install", "postinstall"].some((s) => s in scripts) || existsSync(join(dir, "binding.gyp"))) installScripts.push(id);
        visitPackages(join(dir, "node_modules"));
      }
    }
  };
  const modules = join(folder, "node_modules");
  walk(modules);
  visitPackages(modules);
  return { bytes, packages: packages.sort(), installScripts, nativeFiles };
}

/** A bundle for the browser. */
export interface Bundle {
  readonly code: string;
  /** Bytes of the minified bundle. */
  readonly bytes: number;
  /** Bytes of it gzipped (level 9), as a server would send it. */
  readonly gzipBytes: number;
}

/** Bundles `entry` (resolving packages from `folder`) as a user would: esbuild, ESM, minified, for browsers, no aliases, no polyfills. */
export async function bundleForBrowser(entry: string, folder: string): Promise<Bundle> {
  const { build } = await import("esbuild");
  const { gzipSync } = await import("node:zlib");
  const result = await build({ entryPoints: [resolve(folder, entry)], absWorkingDir: folder, bundle: true, minify: true, format: "esm", platform: "browser", target: "es2022", write: false, logLevel: "silent" });
  const bytes = result.outputFiles[0].contents;
  return { code: result.outputFiles[0].text, bytes: bytes.length, gzipBytes: gzipSync(bytes, { level: 9 }).length };
}

/** Milliseconds of `await import(specifier)` in a fresh Node process started in `folder`, once per run. */
export function importTimes(folder: string, specifier: string, runs: number): number[] {
  const program = `const t = performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now() - t);`;
  return Array.from({ length: runs }, () => Number(run(process.execPath, ["--input-type=module", "-e", program], folder).trim()));
}

/** The median of some numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The Chromium to run: $CHROMIUM, else /usr/bin/chromium; null when there is none. */
export function findChromium(): string | null {
  const candidates = [process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser"].filter((c): c is string => typeof c === "string" && c !== "");
  return candidates.find((c) => existsSync(c)) ?? null;
}

const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"];

/** What a bundle printed in a page, and the errors the page threw. */
export interface PageRun {
  readonly console: readonly string[];
  readonly errors: readonly string[];
}

/**
 * Runs each bundle as the module script of a page of its own, served from 127.0.0.1, in Chromium; a
 * page is done when it prints a line starting with `doneMarker` or throws (or after `timeoutMs`).
 */
export async function runInChromium(executablePath: string, bundles: readonly string[], doneMarker: string, timeoutMs = 60_000): Promise<PageRun[]> {
  const { chromium } = await import("playwright-core");
  const server = createServer((request, response) => {
    const match = /^\/(\d+)\/(index\.html|app\.js)$/.exec(request.url ?? "");
    if (match === null || Number(match[1]) >= bundles.length) return void response.writeHead(404).end();
    if (match[2] === "index.html") return void response.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end('<!doctype html><meta charset="utf-8"><script type="module" src="app.js"></script>');
    response.writeHead(200, { "content-type": "text/javascript; charset=utf-8" }).end(bundles[Number(match[1])]);
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const runs: PageRun[] = [];
    for (let i = 0; i < bundles.length; i++) {
      const page = await browser.newPage();
      const lines: string[] = [];
      const errors: string[] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const done = new Promise<void>((finish) => {
        page.on("console", (message) => {
          lines.push(message.text());
          if (message.text().startsWith(doneMarker)) finish();
        });
        page.on("pageerror", (error) => {
          errors.push(error.stack ?? error.message);
          finish();
        });
        timer = setTimeout(finish, timeoutMs);
      });
      await page.goto(`http://127.0.0.1:${port}/${i}/index.html`);
      await done;
      clearTimeout(timer);
      runs.push({ console: lines, errors });
      await page.close();
    }
    return runs;
  } finally {
    await browser.close();
    server.close();
  }
}
