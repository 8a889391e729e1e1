// The library package against its peers, as a user meets each: the tarball, what `npm install` puts in
// a fresh folder (bytes, packages, install scripts, native binaries), a minimal training app bundled
// for the browser with esbuild (and whether it runs in Chromium), and the time of `import()` in a
// fresh Node process. tracegrad is packed from this repository (build it first: `npm run build`); the
// peers come from the registry, pinned to the versions `npm install NAME` gives today. Everything is
// installed in a scratch folder outside the repository.
//
//   npm run bench:package                                   the table on stdout
//   npm run bench:package -- --results bench/RESULTS.md     also writes it into that file's package section
//   npm run bench:package -- --runs 11                      import() timed in 11 fresh processes (7)
import { execSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, freemem, loadavg, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { bundleForBrowser, findChromium, importTimes, installInto, measureInstall, median, packWorkspace, REPOSITORY, runInChromium } from "./package-metrics.js";

const argument = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const resultsFile = argument("--results");
const runs = Number(argument("--runs") ?? 7);
const MARKER = "tracegrad-report ";

/** Two interleaved moons of 200 points, for the peers' apps (tracegrad's app draws its own with generate("moons")). */
const MOONS = `
function moons(n) {
  const points = [];
  let seed = 2;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < n; i++) {
    const upper = i % 2 === 0;
    const angle = Math.PI * random();
    const x = upper ? Math.cos(angle) : 1 - Math.cos(angle);
    const y = upper ? Math.sin(angle) : 0.5 - Math.sin(angle);
    points.push({ x: [x + 0.1 * (random() - 0.5), y + 0.1 * (random() - 0.5)], label: upper ? 0 : 1 });
  }
  return points;
}
`;

interface Library {
  readonly name: string;
  /** What `npm install` is given. */
  readonly spec: string;
  /** The module `import()` loads. */
  readonly module: string;
  /** The minimal training app: a 2-8-1 tanh/sigmoid network trained on 200 moons points, one prediction. */
  readonly app: string;
}

const PEERS: Library[] = [
  {
    name: "brain.js",
    spec: "brain.js@1.6.1",
    module: "brain.js",
    app: `import brain from "brain.js";
${MOONS}
const net = new brain.NeuralNetwork({ hiddenLayers: [8], activation: "tanh" });
net.train(moons(200).map((p) => ({ input: p.x, output: [p.label] })), { iterations: 300, learningRate: 0.05, errorThresh: 0 });
console.log("${MARKER}" + JSON.stringify({ p: net.run([1.5, -0.4])[0] }));
`,
  },
  {
    name: "@tensorflow/tfjs",
    spec: "@tensorflow/tfjs@4.22.0",
    module: "@tensorflow/tfjs",
    app: `import * as tf from "@tensorflow/tfjs";
${MOONS}
const data = moons(200);
const model = tf.sequential();
model.add(tf.layers.dense({ units: 8, activation: "tanh", inputShape: [2] }));
model.add(tf.layers.dense({ units: 1, activation: "sigmoid" }));
model.compile({ optimizer: tf.train.adam(0.05), loss: "binaryCrossentropy" });
await model.fit(tf.tensor2d(data.map((p) => p.x)), tf.tensor2d(data.map((p) => [p.label])), { epochs: 300, batchSize: 200, verbose: 0 });
console.log("${MARKER}" + JSON.stringify({ p: model.predict(tf.tensor2d([[1.5, -0.4]])).dataSync()[0] }));
`,
  },
];

interface Row {
  readonly library: string;
  readonly version: string;
  readonly tarball: number;
  readonly installed: number;
  readonly packages: number;
  readonly installScripts: readonly string[];
  readonly nativeFiles: number;
  readonly bundle: { readonly bytes: number; readonly gzipBytes: number } | string;
  readonly runs: string;
  /** Filled in at the end, the libraries taking turns (so that a busy moment slows each alike). */
  importMs: number[];
  readonly folder: string;
  readonly module: string;
  readonly extra?: string;
}

const scratch = mkdtempSync(join(tmpdir(), "tracegrad-package-bench-"));
const chromium = findChromium();
const rows: Row[] = [];
const loadBefore = loadavg();

async function measure(library: Library, folder: string, tarball: number, version: string, extra?: string): Promise<Row> {
  const installed = measureInstall(folder);
  writeFileSync(join(folder, "app.mjs"), library.app);
  let bundle: Row["bundle"];
  let ran = "not run (no Chromium)";
  try {
    const built = await bundleForBrowser("app.mjs", folder);
    bundle = { bytes: built.bytes, gzipBytes: built.gzipBytes };
    if (chromium !== null) {
      const [page] = await runInChromium(chromium, [built.code], MARKER, 120_000);
      const report = page.console.find((l) => l.startsWith(MARKER));
      ran = page.errors.length > 0 ? `throws: ${page.errors[0].split("\n")[0]}` : report !== undefined ? `runs, p = ${Number(JSON.parse(report.slice(MARKER.length)).p).toFixed(3)}` : "no result in 120 s";
    }
  } catch (error) {
    bundle = `does not bundle: ${(error as Error).message.split("\n").slice(0, 2).join(" ")}`;
    ran = "—";
  }
  process.stderr.write(`${library.name}: measured\n`);
  return { library: library.name, version, tarball, installed: installed.bytes, packages: installed.packages.length, installScripts: installed.installScripts, nativeFiles: installed.nativeFiles.length, bundle, runs: ran, importMs: [], folder, module: library.module, ...(extra !== undefined ? { extra } : {}) };
}

try {
  // tracegrad, from this repository's build.
  const packed = packWorkspace("tracegrad", scratch);
  const own = join(scratch, "tracegrad");
  mkdirSync(own);
  installInto(own, [packed.file]);
  const fixtures = join(REPOSITORY, "packages/tracegrad/test/package/app");
  const tracegradApp = readFileSync(join(fixtures, "train-app.ts"), "utf8");
  const version = (JSON.parse(readFileSync(join(REPOSITORY, "packages/tracegrad/package.json"), "utf8")) as { version: string }).version;
  copyFileSync(join(fixtures, "step-app.ts"), join(own, "step-app.ts"));
  const step = await bundleForBrowser("step-app.ts", own);
  rows.push(await measure({ name: "tracegrad", spec: packed.file, module: "tracegrad", app: tracegradApp }, own, packed.size, `${version} (${execSync("git rev-parse --short HEAD", { cwd: REPOSITORY, encoding: "utf8" }).trim()})`, `a worked-step app (parseStepSpec, runStep, explainStep): ${kb(step.bytes)} minified, ${kb(step.gzipBytes)} gzipped`));

  for (const peer of PEERS) {
    const folder = join(scratch, peer.name.replace("/", "+"));
    mkdirSync(folder);
    const out = execSync(`npm pack ${peer.spec} --json --loglevel=error`, { cwd: folder, encoding: "utf8" });
    const [info] = JSON.parse(out) as { size: number; version: string; filename: string }[];
    rmSync(join(folder, info.filename));
    installInto(folder, [peer.spec]);
    rows.push(await measure(peer, folder, info.size, info.version));
  }
  process.stderr.write(`timing import() in ${runs} fresh processes per library, the libraries taking turns\n`);
  for (let run = 0; run < runs; run++) for (const row of rows) row.importMs.push(...importTimes(row.folder, row.module, 1));
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

function kb(bytes: number): string {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${(bytes / 1e3).toFixed(1)} kB`;
}

function table(): string {
  const lines = [
    "| library | version | tarball | installed | packages | install scripts, native binaries | training app, minified (gzipped) | in Chromium | `import()` in Node, median (min–max) |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of rows) {
    const bundle = typeof r.bundle === "string" ? r.bundle : `${kb(r.bundle.bytes)} (${kb(r.bundle.gzipBytes)})`;
    const scripts = r.installScripts.length === 0 && r.nativeFiles === 0 ? "none" : `${r.installScripts.length > 0 ? `scripts: ${r.installScripts.join(", ")}` : "no scripts"}; ${r.nativeFiles} .node files`;
    lines.push(`| ${r.library} | ${r.version} | ${kb(r.tarball)} | ${kb(r.installed)} | ${r.packages} | ${scripts} | ${bundle} | ${r.runs} | ${median(r.importMs).toFixed(0)} ms (${Math.min(...r.importMs).toFixed(0)}–${Math.max(...r.importMs).toFixed(0)}) |`);
  }
  return lines.join("\n");
}

const loadAfter = loadavg();
const section = `<!-- package-sizes:start (written by npm run bench:package; npm run bench keeps it) -->
## The library package

- **Date:** ${new Date().toISOString().slice(0, 10)}
- **Machine:** ${cpus()[0]?.model.trim() ?? "unknown CPU"}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free); Node ${process.version}; Chromium ${chromium === null ? "not found" : execSync(`${chromium} --version`, { encoding: "utf8" }).trim().replace(/^Chromium /, "").split(" ")[0]}
- **Command:** \`npm run bench:package -- --results bench/RESULTS.md\` (tracegrad packed from this repository's build; the peers as \`npm install\` gives them; each installed alone in a fresh folder outside the repository)
- **Load average** (1, 5, 15 min): ${loadBefore.map((x) => x.toFixed(2)).join(", ")} before, ${loadAfter.map((x) => x.toFixed(2)).join(", ")} after.

${table()}

- *tarball*: the package's own .tgz; *installed*: the bytes of every file \`npm install\` put in node_modules (dependencies included), and how many packages.
- *training app*: a 2-8-1 tanh/sigmoid network trained for 300 epochs on 200 points of two moons, then one prediction (tracegrad's is packages/tracegrad/test/package/app/train-app.ts; the peers' are in scripts/measure-package.ts), bundled by esbuild (\`--bundle --minify --format=esm --platform=browser\`, no aliases, no polyfills) and run in a page of its own.
- *\`import()\`*: \`await import(NAME)\` in a fresh Node process, once per process, ${runs} processes per library, the libraries taking turns; Node's own start-up is not counted.
${rows
  .filter((r) => r.extra !== undefined)
  .map((r) => `- ${r.library}: ${r.extra}.`)
  .join("\n")}
<!-- package-sizes:end -->`;

process.stdout.write(`${section}\n`);
if (resultsFile !== undefined) {
  const before = existsSync(resultsFile) ? readFileSync(resultsFile, "utf8") : "# Benchmark results\n";
  const pattern = /<!-- package-sizes:start[\s\S]*?<!-- package-sizes:end -->/;
  writeFileSync(resultsFile, pattern.test(before) ? before.replace(pattern, section) : `${before.trimEnd()}\n\n${section}\n`);
  process.stderr.write(`wrote the package section of ${resultsFile}\n`);
}

