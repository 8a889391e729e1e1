/**
 * Shared by the benchmark's workers: where things are, the result protocol, and timing helpers.
 *
 * A worker is a child process of bench/run.mjs. It prints each result as one line
 * `@@bench {"workload", "library", "backend", "dtype", ...}` on stdout; everything else it (or a
 * library it loads) prints is ignored unless the worker fails.
 */
import { performance } from "node:perf_hooks";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const BENCH = dirname(dirname(fileURLToPath(import.meta.url)));
export const ROOT = dirname(BENCH);
export const DIST = join(ROOT, "packages/tracegrad/dist");
/** The command-line package's build. */
export const CLI_DIST = join(ROOT, "packages/cli/dist");

export const MARK = "@@bench ";

/** Prints one result for run.mjs. */
export function emit(result) {
  process.stdout.write(MARK + JSON.stringify(result) + "\n");
}

/** Imports a module of tracegrad's build: the library's dist/…, or the command line's (`cli:` before the path). */
export async function tracegrad(path) {
  const file = path.startsWith("cli:") ? join(CLI_DIST, path.slice(4)) : join(DIST, path);
  if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first`);
  return import(pathToFileURL(file).href);
}

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Command-line flags of a worker: `--quick`, `--reps=N`. */
export function flags(argv = process.argv.slice(2)) {
  const quick = argv.includes("--quick");
  const positional = argv.filter((a) => !a.startsWith("--"));
  return { quick, positional };
}

/**
 * Runs `once` (which returns its own seconds and any extra fields) up to `reps` times, stopping early
 * once `budgetSeconds` have been spent (after at least one run); returns the median seconds and the
 * extras of the last run.
 */
export async function repeat(once, reps, budgetSeconds) {
  const seconds = [];
  let last = null;
  const started = performance.now();
  for (let r = 0; r < reps; r++) {
    last = await once();
    seconds.push(last.seconds);
    if ((performance.now() - started) / 1000 > budgetSeconds) break;
  }
  return { ...last, seconds: median(seconds), runs: seconds.length, all: seconds };
}

/**
 * Times a GEMM: `call` once per product. First `warmUpSeconds` of calls, untimed (at least two): a
 * backend's start-up is not timed, and tracegrad's threaded kernel starts its worker thread with the
 * first product that needs it, which takes up to a tenth of a second here. Then calls are batched so
 * that one sample lasts at least `minSampleSeconds`; the median of `samples` samples (fewer when
 * `budgetSeconds` runs out, at least 3).
 */
export function timeGemm(call, n, { samples = 7, minSampleSeconds = 0.05, budgetSeconds = 6, warmUpSeconds = 0.25 } = {}) {
  const warmUntil = performance.now() + warmUpSeconds * 1000;
  call();
  do call();
  while (performance.now() < warmUntil);
  let t = performance.now();
  call();
  const single = (performance.now() - t) / 1000;
  const batch = Math.max(1, Math.ceil(minSampleSeconds / Math.max(single, 1e-6)));
  const perCall = [];
  const started = performance.now();
  for (let s = 0; s < samples; s++) {
    t = performance.now();
    for (let i = 0; i < batch; i++) call();
    perCall.push((performance.now() - t) / 1000 / batch);
    if (s >= 2 && (performance.now() - started) / 1000 > budgetSeconds) break;
  }
  const seconds = median(perCall);
  return { seconds, gflops: (2 * n * n * n) / seconds / 1e9, samples: perCall.length, batch };
}

/** Peak resident set size of this process so far, in MB (the kernel's high-water mark). */
export function peakRssMB() {
  return process.resourceUsage().maxRSS / 1024;
}

/** The Lab01 XOR-easy points, as Lab01 lists them and tracegrad's generator draws them. */
export function xorEasy() {
  const x = [];
  const y = [];
  for (let i = 0; i <= 10; i++) {
    x.push([0.1 * i, 0.1 * i]);
    y.push([0]);
    if (i !== 5) {
      x.push([0.1 * i, 1 - 0.1 * i]);
      y.push([1]);
    }
  }
  return { x, y };
}

/** Runs `main`, turning a failure into a message on stderr and exit status 1. */
export function run(main) {
  main().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
}
