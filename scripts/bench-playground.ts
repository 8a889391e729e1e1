/**
 * The playground's speed, measured the way the README reports it: the page in Chromium (1440 × 900)
 * training the default 2-8-8-1 tanh network on the default circle (140 training points) as fast as it
 * goes, its frames per second over the measured seconds (the median, and the 5th percentile) and its
 * epochs per second; then `tracegrad train` in Node on the same machine with the same options, and the
 * ratio of the two (medians of a few alternating rounds). Also the first load's JavaScript, gzipped.
 *
 *   npm run bench:playground            (builds the site and the CLI first)
 *
 * A measurement, not a test: the numbers depend on the machine and on what else it runs.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { buildSite, CHROMIUM_ARGS, findChromium, REPOSITORY, serve, SITE } from "../packages/playground/test/web/harness.js";

const SECONDS = Number(process.env.SECONDS_MEASURED ?? 8);
/** Page and CLI alternate this many times (the machine's load drifts; both see the same drift). */
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const EPOCHS = 200_000;
const OPTIONS = ["--data", "circle", "--test", "0.3", "--layers", "2-8-8-1", "--activation", "tanh", "--output-activation", "sigmoid", "--loss", "bce", "--optimizer", "adam", "--lr", "0.03", "--seed", "1"];

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** The gzipped size of the JavaScript index.html loads (its module and what that module imports statically). */
function firstLoadBytes(): { files: string[]; gzip: number } {
  const html = readFileSync(join(SITE, "index.html"), "utf8");
  const entry = /<script type="module"[^>]*src="\.\/([^"]+)"/.exec(html)?.[1];
  if (entry === undefined) throw new Error("index.html loads no module");
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const code = readFileSync(join(SITE, file), "utf8");
    // Static imports only (`import ... from "./x.js"`); `import("./x.js")` loads later.
    for (const m of code.matchAll(/(?:^|[;}\s])import\s*(?:[\w*{}\s,$]+from\s*)?["']\.\/([^"']+\.js)["']/g)) visit(join(file.slice(0, file.lastIndexOf("/") + 1), m[1]));
  };
  visit(entry);
  const files = [...seen];
  return { files, gzip: files.reduce((sum, f) => sum + gzipSync(readFileSync(join(SITE, f)), { level: 9 }).length, 0) };
}

/** Frames for `seconds`, as instants per frame (and the epoch readout at the start and the end), measured in the page. */
function framesScript(seconds: number): string {
  // As a string: the code runs in the page, without the helpers tsx adds to functions.
  return `new Promise((done) => {
      const epoch = () => Number(document.querySelector("[data-testid=epoch]").textContent);
      const frames = [];
      let start = 0;
      let first = 0;
      let last = 0;
      function tick(now) {
        if (start === 0) {
          start = last = now;
          first = epoch();
        } else {
          frames.push(1000 / (now - last));
          last = now;
        }
        if (now - start < ${seconds} * 1000) requestAnimationFrame(tick);
        else done({ fps: frames, epochs: epoch() - first, elapsed: (now - start) / 1000 });
      }
      requestAnimationFrame(tick);
    })`;
}

async function page(): Promise<{ idle: number[]; fps: number[]; epochsPerSecond: number }> {
  const executablePath = findChromium();
  if (executablePath === null) throw new Error("no Chromium found (set CHROMIUM)");
  const site = await serve(SITE);
  const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    const p = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await p.goto(site.url);
    await p.waitForFunction(() => document.documentElement.dataset.ready === "true");
    await p.getByTestId("mode-train").click();
    await p.waitForFunction(() => /^2-8-8-1 network/.test(document.querySelector("[data-testid=run-title]")?.textContent ?? ""));
    // The same page, not training, for comparison: what the machine gives a page at the moment.
    const idle = ((await p.evaluate(framesScript(5))) as { fps: number[] }).fps;
    await p.getByTestId("epochs").fill(String(EPOCHS));
    await p.getByTestId("epochs").press("Enter");
    // The page opens at a speed to watch it learn; this measures the fastest.
    await p.getByTestId("speed").selectOption("0");
    await p.getByTestId("train-button").click();
    await p.waitForFunction(() => Number(document.querySelector("[data-testid=epoch]")!.textContent) > 0);
    await p.waitForTimeout(1000);
    const result = (await p.evaluate(framesScript(SECONDS))) as { fps: number[]; epochs: number; elapsed: number };
    return { idle, fps: result.fps, epochsPerSecond: result.epochs / result.elapsed };
  } finally {
    await browser.close();
    site.server.close();
  }
}

function cli(): number {
  const cliPath = join(REPOSITORY, "packages/cli/dist/cli/main.js");
  const epochs = 20_000;
  const r = spawnSync(process.execPath, [cliPath, "train", ...OPTIONS, "--epochs", String(epochs), "--json"], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return epochs / (JSON.parse(r.stdout) as { trainSeconds: number }).trainSeconds;
}

await buildSite();
const load = firstLoadBytes();
const pages: Awaited<ReturnType<typeof page>>[] = [];
const nodes: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  pages.push(await page());
  nodes.push(cli());
}
const fps = pages.flatMap((p) => p.fps);
const idle = pages.flatMap((p) => p.idle);
const pageRate = percentile(pages.map((p) => p.epochsPerSecond), 0.5);
const nodeRate = percentile(nodes, 0.5);
console.log(`first load: ${(load.gzip / 1024).toFixed(1)} KiB of JavaScript, gzipped (${load.files.join(", ")})`);
console.log(`page, training as fast as it goes (${ROUNDS} × ${SECONDS} s): ${percentile(fps, 0.5).toFixed(1)} frames per second (median of the frames), ${percentile(fps, 0.05).toFixed(1)} (5th percentile), ${(fps.length / (ROUNDS * SECONDS)).toFixed(1)} frames a second on average`);
console.log(`the same page not training (${ROUNDS} × 5 s): ${percentile(idle, 0.5).toFixed(1)} (median), ${percentile(idle, 0.05).toFixed(1)} (5th percentile), ${(idle.length / (ROUNDS * 5)).toFixed(1)} frames a second on average`);
console.log(`page: ${Math.round(pageRate)} epochs/s (rounds: ${pages.map((p) => Math.round(p.epochsPerSecond)).join(", ")}); tracegrad train in Node: ${Math.round(nodeRate)} epochs/s (rounds: ${nodes.map(Math.round).join(", ")}); ratio of the medians ${(pageRate / nodeRate).toFixed(2)}`);
console.log(`(tracegrad train ${OPTIONS.join(" ")})`);
