#!/usr/bin/env node
/**
 * The tracegrad benchmark: tracegrad and its peers (TensorFlow.js cpu and wasm, brain.js, numpy) on
 * the same workloads in one run, each library in a fresh child process per workload, and a table of
 * the ratios. Performance is only ever a ratio against peers measured in the same run on the same
 * machine; no test times anything.
 *
 *   node bench/run.mjs [--json] [--only W1,W3] [--quick] [--results bench/RESULTS.md]
 *
 *   --json       one JSON object per result line on stdout (progress goes to stderr)
 *   --only LIST  run only these workloads (W1..W6)
 *   --quick      fewer repetitions, for development (the workloads themselves stay the same)
 *   --results F  also write the Markdown report (date, machine, command, tables) to F
 *
 * Workloads: see bench/README.md. The peers are installed into bench/node_modules with
 * `npm ci --ignore-scripts` the first time (never by the root `npm ci`). dist/ must be built.
 */
import { performance } from "node:perf_hooks";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir, totalmem } from "node:os";
import { join, relative } from "node:path";
import { BENCH, CLI_DIST, MARK, ROOT, median } from "./workers/common.mjs";

// ---- options -------------------------------------------------------------------------------------

const argv = process.argv.slice(2);
const WORKLOADS = ["W1", "W2", "W3", "W4", "W5", "W6"];
const option = (name) => {
  const i = argv.findIndex((a) => a === name || a.startsWith(name + "="));
  if (i < 0) return undefined;
  return argv[i].includes("=") ? argv[i].slice(name.length + 1) : argv[i + 1];
};
if (argv.includes("--help") || argv.includes("-h")) {
  process.stdout.write(readFileSync(new URL(import.meta.url)).toString().split("\n").slice(2, 16).map((l) => l.replace(/^ \*\s?/, "")).join("\n") + "\n");
  process.exit(0);
}
const json = argv.includes("--json");
const quick = argv.includes("--quick");
const only = (option("--only") ?? WORKLOADS.join(",")).split(",").map((w) => w.trim().toUpperCase()).filter(Boolean);
const unknown = only.filter((w) => !WORKLOADS.includes(w));
if (unknown.length > 0) fail(`--only: unknown workload ${unknown.join(", ")}; expected some of ${WORKLOADS.join(", ")}`);
const resultsFile = option("--results");
const selected = (w) => only.includes(w);
const quickFlag = quick ? ["--quick"] : [];

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

const log = (line) => process.stderr.write(line + "\n");

// ---- preconditions -------------------------------------------------------------------------------

/** The bundled program, which the command loads. */
const BUNDLE = join(CLI_DIST, "cli-bundle", "main.cjs");
/** The `tracegrad` command as npm links it (package.json bin: it sets up libuv's thread pool, then loads BUNDLE): every workload runs it, as users do. */
const CLI = join(CLI_DIST, "..", "bin", "tracegrad.cjs");
if (!existsSync(BUNDLE)) fail(`${relative(process.cwd(), BUNDLE) || BUNDLE} is missing: build tracegrad first (npm run build), then run npm run bench again`);

/** Installs the peers into bench/node_modules when they are not there. */
function installPeers() {
  const needed = ["@tensorflow/tfjs", "@tensorflow/tfjs-backend-wasm", "brain.js"];
  if (needed.every((p) => existsSync(join(BENCH, "node_modules", p, "package.json")))) return;
  const lock = existsSync(join(BENCH, "package-lock.json"));
  const npmArgs = [lock ? "ci" : "install", "--ignore-scripts", "--no-audit", "--no-fund"];
  log(`bench: installing the peers into bench/node_modules (npm ${npmArgs.join(" ")}) ...`);
  const npmCli = process.env.npm_execpath;
  const result = npmCli && npmCli.endsWith(".js") ? spawnSync(process.execPath, [npmCli, ...npmArgs], { cwd: BENCH, stdio: ["ignore", 2, 2] }) : spawnSync("npm", npmArgs, { cwd: BENCH, stdio: ["ignore", 2, 2] });
  if (result.status !== 0) log("bench: the install failed; the peers that cannot import will be skipped");
}
installPeers();

// ---- jobs ----------------------------------------------------------------------------------------

const rows = [];
const skipped = [];
const node = process.execPath;
const python = findPython();

function findPython() {
  const probe = spawnSync("python3", ["-c", "import numpy, sys; print(numpy.__version__, sys.version.split()[0])"], { encoding: "utf8" });
  if (probe.error) return { ok: false, why: "python3: not found" };
  if (probe.status !== 0) return { ok: false, why: "python3 is there but numpy did not import" };
  const [numpy, version] = probe.stdout.trim().split(" ");
  return { ok: true, numpy, version };
}

function addRow(row) {
  if (!selected(row.workload.split("-")[0])) return;
  if (row.skipped) {
    skipped.push(row);
    log(`  skipped: ${row.library} ${row.workload}: ${row.skipped}`);
  }
  rows.push(row);
  if (json) process.stdout.write(JSON.stringify(publicRow(row)) + "\n");
}

/** The fields of a result in --json: the issue's, and the few a workload needs besides. */
function publicRow(row) {
  const keys = ["workload", "library", "backend", "dtype", "seconds", "samplesPerSec", "gflops", "accuracy", "threads", "peakRssMB", "rssMB", "runs", "skipped"];
  return Object.fromEntries(keys.filter((k) => row[k] !== undefined).map((k) => [k, row[k]]));
}

/** Runs a worker in a child process and collects its `@@bench` lines. */
function runJob({ label, workload, library, backend = "-", dtype = "-", command, args, env = {}, timeout = 600 }, add = addRow) {
  log(`[${workload}] ${label} ...`);
  const started = performance.now();
  const result = spawnSync(command, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", timeout: timeout * 1000, maxBuffer: 64 * 2 ** 20 });
  const wall = (performance.now() - started) / 1000;
  const found = (result.stdout ?? "")
    .split("\n")
    .filter((l) => l.startsWith(MARK))
    .map((l) => JSON.parse(l.slice(MARK.length)));
  if (result.error || result.status !== 0 || found.length === 0) {
    const why = result.error?.code === "ETIMEDOUT" ? `timed out after ${timeout} s` : result.error ? String(result.error.message) : `exit status ${result.status}: ${lastLine(result.stderr)}`;
    add({ workload, library, backend, dtype, skipped: why });
    return [];
  }
  found.forEach(add);
  log(`  done in ${wall.toFixed(1)} s`);
  return found;
}

function lastLine(text) {
  const lines = (text ?? "").trim().split("\n").filter((l) => l.trim() !== "" && !/^\s+at /.test(l));
  return (lines.at(-1) ?? "").slice(0, 300);
}

const worker = (name) => join(BENCH, "workers", name);
const tfjsWorker = (backend, workload, dir) => ({
  label: `tfjs-${backend}`,
  workload,
  library: `tfjs-${backend}`,
  backend,
  command: node,
  args: [worker("tfjs.mjs"), backend, workload, dir, ...quickFlag],
});
const numpyWorker = (workload, dir, threads) =>
  python.ok
    ? { label: `numpy (${threads} BLAS thread${threads > 1 ? "s" : ""})`, workload, library: "numpy", command: "python3", args: [worker("numpy_bench.py"), workload, dir, ...quickFlag], env: blasThreads(threads) }
    : null;
const blasThreads = (n) => ({ OPENBLAS_NUM_THREADS: String(n), OMP_NUM_THREADS: String(n), MKL_NUM_THREADS: String(n) });

/** `tracegrad train ... --quiet --json`: the CLI's own trainSeconds and final metrics. */
function cliTrain(workload, label, flags, backend, dtype, samples, add = addRow) {
  log(`[${workload}] ${label} ...`);
  const args = [CLI, "train", ...flags, "--quiet", "--json"];
  const result = spawnSync(node, args, { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 2 ** 20, timeout: 600_000 });
  if (result.status !== 0) {
    add({ workload, library: "tracegrad", backend, dtype, skipped: `tracegrad train failed (exit status ${result.status}): ${lastLine(result.stderr)}` });
    return null;
  }
  const metrics = JSON.parse(result.stdout);
  const row = {
    workload,
    library: "tracegrad",
    backend,
    dtype,
    seconds: metrics.trainSeconds,
    ...(samples ? { samplesPerSec: samples / metrics.trainSeconds } : {}),
    accuracy: metrics.final.trainAccuracy,
    command: `tracegrad train ${flags.join(" ")}`,
  };
  add(row);
  log(`  trainSeconds ${metrics.trainSeconds.toFixed(3)}`);
  return row;
}

const W2_FLAGS = ["--data", "mnist", "--layers", "784-128-64-10", "--activation", "relu", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.001", "--batch", "128", "--epochs", "3"];
const W2_SAMPLES = 3 * 8000;

const startedAt = new Date();
const loadBefore = loadavg();
const benchStarted = performance.now();
const dir = mkdtempSync(join(tmpdir(), "tracegrad-bench-"));
try {
  if (selected("W1") || selected("W2")) {
    log("[prepare] the shared inputs: XOR-easy with tracegrad's initial weights, the 8,000 MNIST training digits");
    const prep = spawnSync(node, [worker("tracegrad.mjs"), "prepare", dir], { cwd: ROOT, encoding: "utf8" });
    if (prep.status !== 0) fail(`preparing the inputs failed: ${lastLine(prep.stderr)}`);
  }
  if (!python.ok) for (const w of ["W1", "W2", "W3"]) if (selected(w)) addRow({ workload: w, library: "numpy", backend: "python3", dtype: "-", skipped: python.why });

  if (selected("W1")) {
    runJob({ label: "tracegrad library (Trainer)", workload: "W1", library: "tracegrad", command: node, args: [worker("tracegrad.mjs"), "W1", ...quickFlag] });
    cliTrain("W1", "tracegrad CLI", ["--data", "xor-easy", "--layers", "2-4-4-1", "--init", "normal"], "CLI trainSeconds", "float64", 0);
    runJob(tfjsWorker("cpu", "W1", dir));
    runJob(tfjsWorker("wasm", "W1", dir));
    runJob({ label: "brain.js", workload: "W1", library: "brain.js", command: node, args: [worker("brain.mjs"), "W1", ...quickFlag] });
    const np = numpyWorker("W1", dir, 1);
    if (np) runJob(np);
  }

  if (selected("W2")) {
    // tracegrad and numpy, whose ratio is a goal near 1: two passes in opposite orders, each row's faster
    // kept, as W3 does, so that a load that comes and goes weighs on both alike. The TF.js peers, many
    // times slower, run once.
    const best = fasterOfPasses();
    const tracegradRuns = () => {
      for (const dtype of ["float32", "float64"]) cliTrain("W2", `tracegrad CLI --dtype ${dtype}`, [...W2_FLAGS, "--dtype", dtype], "CLI train", dtype, W2_SAMPLES, best.keep);
    };
    const np = numpyWorker("W2", dir, 1);
    tracegradRuns();
    if (np) runJob(np, best.keep);
    if (!quick) {
      if (np) runJob(np, best.keep);
      tracegradRuns();
    }
    best.add();
    runJob({ ...tfjsWorker("cpu", "W2", dir), timeout: 400 });
    runJob(tfjsWorker("wasm", "W2", dir));
  }

  if (selected("W3")) {
    // Two passes in opposite orders (tracegrad, tfjs-wasm, numpy, then back), keeping each row's faster
    // pass: on a busy machine a load that comes and goes then weighs on every library alike.
    const jobs = [
      ...["ts", "wasm", "wasm-threads"].map((backend) => ({ label: `tracegrad matmul (${backend})`, workload: "W3", library: "tracegrad", command: node, args: [worker("tracegrad.mjs"), "W3", backend, ...quickFlag] })),
      tfjsWorker("wasm", "W3", dir),
      ...[1, 2].map((threads) => numpyWorker("W3", dir, threads)).filter(Boolean),
    ];
    const best = fasterOfPasses();
    for (const job of jobs) runJob(job, best.keep);
    if (!quick) for (const job of [...jobs].reverse()) runJob(job, best.keep);
    runJob(tfjsWorker("cpu", "W3", dir), best.keep);
    best.add();
  }

  if (selected("W4")) w4();

  if (selected("W5")) {
    w5();
    runJob({ label: "tracegrad W2 float32 in-process, with the RSS after every epoch", workload: "W5", library: "tracegrad", command: node, args: [worker("tracegrad.mjs"), "W5", ...quickFlag] });
  }

  if (selected("W6")) w6(dir);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Rows of several passes over the same jobs: `keep` takes each row, and `add` adds, for each workload,
 * library, backend and dtype, the row of the fastest pass (fewest seconds; a row with no time, the
 * first pass's), with how many passes ran.
 */
function fasterOfPasses() {
  const best = new Map();
  return {
    keep(row) {
      const key = [row.workload, row.library, row.backend, row.dtype].join("|");
      const seen = best.get(key);
      if (seen === undefined || (seen.skipped && !row.skipped) || (!row.skipped && row.seconds < seen.seconds)) best.set(key, { ...row, passes: (seen?.passes ?? 0) + 1 });
      else seen.passes += 1;
    },
    add() {
      best.forEach((row) => addRow(row));
    },
  };
}

/** W4: wall time of whole `tracegrad step` processes against bare `node -e 0`, alternating, median of 7. */
function w4() {
  log("[W4] tracegrad step examples/module11-2-2-2.yaml against node -e 0 ...");
  const runs = quick ? 3 : 7;
  const time = (args) => {
    const t = performance.now();
    const r = spawnSync(node, args, { cwd: ROOT, stdio: "ignore" });
    const seconds = (performance.now() - t) / 1000;
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${r.status}`);
    return seconds;
  };
  const step = [CLI, "step", "examples/module11-2-2-2.yaml"];
  const bare = ["-e", "0"];
  try {
    time(step);
    time(bare);
    const steps = [];
    const bares = [];
    for (let i = 0; i < runs; i++) {
      steps.push(time(step));
      bares.push(time(bare));
    }
    const s = median(steps);
    const b = median(bares);
    addRow({ workload: "W4", library: "tracegrad", backend: "tracegrad step (whole process)", dtype: "float64", seconds: s, runs });
    addRow({ workload: "W4", library: "node", backend: "node -e 0 (whole process)", dtype: "-", seconds: b, runs });
    addRow({ workload: "W4", library: "tracegrad", backend: "step beyond node -e 0", dtype: "float64", seconds: s - b, runs });
  } catch (error) {
    addRow({ workload: "W4", library: "tracegrad", backend: "tracegrad step", dtype: "float64", skipped: String(error.message) });
  }
}

/** The peak RSS, in MiB, that a process run with `workers/peak-rss.cjs` preloaded wrote to its stderr; null when it wrote none. */
function reportedPeakMiB(stderr) {
  const peak = /tracegrad-bench-peak-rss (\d+)/.exec(stderr);
  return peak === null ? null : Number(peak[1]) / 2 ** 20;
}

/**
 * W5: the peak RSS of W2 float32 as users run it, the whole `tracegrad train` process (the bundled CLI,
 * every thread included: a preloaded `workers/peak-rss.cjs` reports the kernel's high-water mark at
 * exit), in MiB like the peers' rows; median of 3 (1 with --quick).
 */
function w5() {
  log("[W5] tracegrad train (W2 float32), the whole process's peak RSS ...");
  const runs = quick ? 1 : 3;
  const peaks = [];
  const seconds = [];
  try {
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(node, ["-r", worker("peak-rss.cjs"), CLI, "train", ...W2_FLAGS, "--dtype", "float32", "--quiet", "--json"], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 * 2 ** 20 });
      if (r.status !== 0) throw new Error(`tracegrad train exited with ${r.status}: ${lastLine(r.stderr)}`);
      const peak = reportedPeakMiB(r.stderr);
      if (peak === null) throw new Error("tracegrad train did not report its peak RSS");
      peaks.push(peak);
      seconds.push(JSON.parse(r.stdout).trainSeconds);
    }
    addRow({ workload: "W5", library: "tracegrad", backend: "CLI train (whole process)", dtype: "float32", seconds: median(seconds), samplesPerSec: W2_SAMPLES / median(seconds), runs, peakRssMB: median(peaks) });
  } catch (error) {
    addRow({ workload: "W5", library: "tracegrad", backend: "CLI train", dtype: "float32", skipped: String(error.message) });
  }
}

/** W6: `tracegrad lab` end to end (a whole process started as the `tracegrad` command: start-up, 18 runs, figures, report), its wall time (median of 3, 1 with --quick) and largest peak RSS, in MiB like W5 and the peers. */
function w6(dir) {
  log("[W6] tracegrad lab, the whole process ...");
  const runs = quick ? 1 : 3;
  const walls = [];
  const peaks = [];
  try {
    for (let i = 0; i < runs; i++) {
      const out = join(dir, `lab-${i}`);
      const t = performance.now();
      const r = spawnSync(node, ["-r", worker("peak-rss.cjs"), CLI, "lab", "--quiet", "--out", out], { cwd: ROOT, encoding: "utf8" });
      walls.push((performance.now() - t) / 1000);
      if (r.status !== 0) throw new Error(`tracegrad lab exited with ${r.status}: ${lastLine(r.stderr)}`);
      const peak = reportedPeakMiB(r.stderr);
      if (peak !== null) peaks.push(peak);
      rmSync(out, { recursive: true, force: true });
    }
    addRow({ workload: "W6", library: "tracegrad", backend: "tracegrad lab (whole process)", dtype: "float64", seconds: median(walls), runs, peakRssMB: Math.max(...peaks) });
  } catch (error) {
    addRow({ workload: "W6", library: "tracegrad", backend: "tracegrad lab", dtype: "float64", skipped: String(error.message) });
  }
}

const loadAfter = loadavg();
const totalSeconds = (performance.now() - benchStarted) / 1000;

// ---- ratios and targets ---------------------------------------------------------------------------

const measured = rows.filter((r) => !r.skipped);
const find = (pred) => measured.find(pred);
const tg = (workload, backendPrefix, dtype) => find((r) => r.library === "tracegrad" && r.workload === workload && r.backend.startsWith(backendPrefix) && (dtype === undefined || r.dtype === dtype));

/** The tracegrad row each row is compared with. */
function referenceOf(row) {
  const w = row.workload;
  if (w === "W1") return tg("W1", "library");
  if (w === "W2") return tg("W2", "CLI", row.dtype === "float64" ? "float64" : "float32");
  if (w.startsWith("W3-")) return tg(w, "wasm (", row.dtype === "float64" ? "float64" : "float32");
  if (w === "W5") return tg("W5", "CLI");
  return undefined;
}

/** How many times better the reference tracegrad row is than this row (> 1: tracegrad faster or leaner). */
function ratioOf(row) {
  const ref = referenceOf(row);
  if (!ref || row.skipped) return null;
  if (ref === row) return "ref";
  if (row.workload === "W5") return row.peakRssMB / ref.peakRssMB;
  if (row.samplesPerSec !== undefined && ref.samplesPerSec !== undefined) return ref.samplesPerSec / row.samplesPerSec;
  if (row.seconds !== undefined && ref.seconds !== undefined) return row.seconds / ref.seconds;
  return null;
}

const fmt = (x, digits = 3) => (x === undefined || x === null || Number.isNaN(x) ? "—" : Number(x.toPrecision(digits)).toLocaleString("en-US", { maximumFractionDigits: 6 }));
const percent = (x) => (x === undefined ? "" : `, accuracy ${fmt(x * 100, 4)}%`);

function resultOf(row) {
  if (row.skipped) return `skipped: ${row.skipped}`;
  const w = row.workload;
  if (w === "W1") return `${fmt(row.seconds)} s${percent(row.accuracy)}${row.runs ? ` (median of ${row.runs})` : ""}`;
  if (w === "W2") return `${fmt(row.samplesPerSec)} samples/s (${fmt(row.seconds)} s${row.passes > 1 ? `, best of ${row.passes} passes` : ""})`;
  if (w.startsWith("W3-")) return `${fmt(row.gflops)} GFLOP/s (${fmt(row.seconds * 1000)} ms${row.passes > 1 ? `, best of ${row.passes} passes` : ""})`;
  if (w === "W4") return `${fmt(row.seconds * 1000)} ms (median of ${row.runs})`;
  if (w === "W5") return `peak ${fmt(row.peakRssMB)} MB${row.rssMB ? `; after each epoch ${row.rssMB.map((x) => fmt(x)).join(", ")} MB` : ""}`;
  if (w === "W6") return `${fmt(row.seconds)} s (median of ${row.runs}), peak ${fmt(row.peakRssMB)} MB`;
  return "";
}

const ratioText = (row) => {
  const r = ratioOf(row);
  return r === null ? "—" : r === "ref" ? "ref" : `${fmt(r)}×`;
};

/** How much faster tracegrad must get to reach `goal` from `factor`. */
const shortfall = (goal, factor) => (goal / factor < 1.1 ? `needs ${fmt((goal / factor - 1) * 100, 2)}% more speed` : `needs ${fmt(goal / factor)}× more speed`);

function targets() {
  const list = [];
  const add = (name, measuredValue, goal, met, detail) => list.push({ name, measured: measuredValue, goal, met, detail });
  const speedup = (goal, factor) => (factor === undefined ? null : factor >= goal);
  const w1 = tg("W1", "library");
  const peer = (library, workload, dtype) => find((r) => r.library === library && r.workload === workload && (dtype === undefined || r.dtype === dtype));
  if (w1) {
    for (const [library, goal] of [["tfjs-cpu", 100], ["numpy", 10], ["brain.js", 3]]) {
      const p = peer(library, "W1");
      const f = p ? p.seconds / w1.seconds : undefined;
      add(`W1 ≥ ${goal}× faster than ${library === "numpy" ? "the numpy lab" : library}`, f === undefined ? "not measured" : `${fmt(f)}×`, `≥ ${goal}×`, speedup(goal, f), f !== undefined && f < goal ? shortfall(goal, f) : "");
    }
    add("W1 100% accuracy", `${fmt(w1.accuracy * 100, 4)}%`, "100%", w1.accuracy === 1, "");
  }
  const wasm2 = peer("tfjs-wasm", "W2");
  for (const [dtype, goal] of [["float32", 4], ["float64", 2]]) {
    const t = tg("W2", "CLI", dtype);
    const f = t && wasm2 ? t.samplesPerSec / wasm2.samplesPerSec : undefined;
    if (t || wasm2) add(`W2 ${dtype} ≥ ${goal}× the samples/s of tfjs-wasm model.fit`, f === undefined ? "not measured" : `${fmt(f)}×`, `≥ ${goal}×`, speedup(goal, f), f !== undefined && f < goal ? shortfall(goal, f) : "");
  }
  for (const [dtype, goal] of [["float32", 0.4], ["float64", 0.45]]) {
    const t = tg("W2", "CLI", dtype);
    const p = peer("numpy", "W2", dtype);
    const f = t && p ? t.samplesPerSec / p.samplesPerSec : undefined;
    if (t || p) add(`W2 ${dtype} ≥ ${goal}× the samples/s of numpy (one BLAS thread)`, f === undefined ? "not measured" : `${fmt(f)}×`, `≥ ${goal}×`, speedup(goal, f), f !== undefined && f < goal ? shortfall(goal, f) : "");
  }
  for (const [prefix, threads, goal] of [["wasm (", 1, 0.8], ["wasm-threads", 2, 1.3]]) {
    const parts = [];
    let worst;
    for (const n of [128, 256, 512]) {
      const t = tg(`W3-${n}`, prefix, "float32");
      const p = peer("tfjs-wasm", `W3-${n}`, "float32");
      if (!t || !p) continue;
      const f = p.seconds / t.seconds;
      parts.push(`n=${n}: ${fmt(f, f < goal && f > 0.99 * goal ? 4 : 3)}×`);
      worst = worst === undefined ? f : Math.min(worst, f);
    }
    if (parts.length > 0) add(`W3 float32 ≥ ${goal}× tfjs-wasm ${threads === 1 ? "on one thread" : "with both cores"}`, parts.join(", "), `≥ ${goal}× (every n)`, worst >= goal, worst < goal ? `worst n ${shortfall(goal, worst)}` : "");
  }
  const w4 = find((r) => r.workload === "W4" && r.backend.startsWith("step beyond"));
  if (w4) add("W4 step ≤ 80 ms beyond node -e 0 (median of 7)", `${fmt(w4.seconds * 1000)} ms`, "≤ 80 ms", w4.seconds <= 0.08, w4.seconds > 0.08 ? `${fmt(w4.seconds * 1000 - 80)} ms over` : "");
  const w5 = tg("W5", "CLI");
  const w5Series = tg("W5", "library");
  if (w5) add("W5 peak RSS of W2 ≤ 250 MB", `${fmt(w5.peakRssMB)} MB`, "≤ 250 MB", w5.peakRssMB <= 250, w5.peakRssMB > 250 ? `${fmt(w5.peakRssMB - 250)} MB over` : "");
  if (w5Series) {
    const series = w5Series.rssMB ?? [];
    const growth = series.length > 1 ? series.at(-1) - series[0] : 0;
    const flat = growth <= Math.max(10, 0.05 * series[0]);
    add("W5 RSS flat across epochs", `${series.map((x) => fmt(x)).join(" → ")} MB (${growth >= 0 ? "+" : ""}${fmt(growth)} MB)`, "last epoch within max(10 MB, 5%) of the first", flat, "");
  }
  if (w5) {
    const numpy = find((r) => r.library === "numpy" && r.workload === "W5" && r.peakRssMB !== undefined);
    if (numpy) {
      const f = w5.peakRssMB / numpy.peakRssMB;
      add("W5 peak RSS of W2 ≤ 1.5× numpy's", `${fmt(f)}× (${fmt(w5.peakRssMB)} MB against ${fmt(numpy.peakRssMB)} MB)`, "≤ 1.5×", f <= 1.5, f > 1.5 ? `${fmt(w5.peakRssMB - 1.5 * numpy.peakRssMB)} MB over` : "");
    }
  }
  const w6 = tg("W6", "tracegrad lab");
  if (w6) {
    const numpyW1 = peer("numpy", "W1");
    const f = numpyW1 ? w6.seconds / numpyW1.seconds : undefined;
    add("W6 tracegrad lab ≤ 4× one numpy W1 run", f === undefined ? "not measured (no numpy W1 in this run)" : `${fmt(f)}× (${fmt(w6.seconds)} s against ${fmt(numpyW1.seconds)} s)`, "≤ 4×", f === undefined ? null : f <= 4, f !== undefined && f > 4 ? `needs ${fmt(f / 4)}× more speed` : "");
    add("W6 tracegrad lab peak RSS ≤ 200 MB", `${fmt(w6.peakRssMB)} MB`, "≤ 200 MB", w6.peakRssMB <= 200, w6.peakRssMB > 200 ? `${fmt(w6.peakRssMB - 200)} MB over` : "");
  }
  return list;
}

// ---- output ---------------------------------------------------------------------------------------

function table(header, body) {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => String(r[i]).length)));
  const line = (cells) => "| " + cells.map((c, i) => String(c).padEnd(widths[i])).join(" | ") + " |";
  return [line(header), "|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|", ...body.map(line)].join("\n");
}

const resultTable = table(
  ["workload", "library", "backend", "dtype", "result", "ratio vs tracegrad"],
  rows.map((r) => [r.workload, r.library, r.backend, r.dtype, resultOf(r), ratioText(r)]),
);
const targetList = targets();
const targetTable = table(
  ["target", "measured", "goal", "status"],
  targetList.map((t) => [t.name, t.measured, t.goal, t.met === null ? "not measured" : t.met ? "met" : `MISSED${t.detail ? ` (${t.detail})` : ""}`]),
);

const legend =
  "ratio vs tracegrad: how many times better the tracegrad reference row (ref) of the same workload and dtype is than the row — " +
  "its speed ÷ the row's speed (W1, W2, W3), the row's peak RSS ÷ its peak RSS (W5); > 1: tracegrad ahead. " +
  "References: W1 the library run, W2 the CLI of the same dtype, W3 the wasm backend on one thread, W5 the whole CLI process.";

if (!json) {
  process.stdout.write(`\n${resultTable}\n\n${legend}\n\nTargets\n\n${targetTable}\n\n`);
  if (Math.max(loadBefore[0], loadAfter[0]) >= 0.5 * cpus().length) process.stdout.write("The machine was busy (see the load averages): the timings are noisier than on an idle machine.\n");
  process.stdout.write(`${measured.length} results, ${skipped.length} skipped, in ${fmt(totalSeconds)} s; load average ${loadBefore.map((x) => x.toFixed(2)).join(" ")} before, ${loadAfter.map((x) => x.toFixed(2)).join(" ")} after.\n`);
}

if (resultsFile) {
  // The library package's section (npm run bench:package writes it) is kept as it is.
  const kept = existsSync(resultsFile) ? /<!-- package-sizes:start[\s\S]*?<!-- package-sizes:end -->/.exec(readFileSync(resultsFile, "utf8"))?.[0] : undefined;
  writeFileSync(resultsFile, kept === undefined ? markdown() : `${markdown().trimEnd()}\n\n${kept}\n`);
  log(`bench: wrote ${resultsFile}`);
}

function machine() {
  const info = readFileSync("/proc/cpuinfo", "utf8");
  const field = (name) => info.match(new RegExp(`^${name}\\s*:\\s*(.*)$`, "m"))?.[1]?.trim();
  const model = field("model name") ?? cpus()[0]?.model ?? "unknown CPU";
  const family = field("cpu family");
  const modelNumber = field("model");
  const virtual = /\bhypervisor\b/.test(field("flags") ?? "");
  let os = process.platform;
  try {
    os = readFileSync("/etc/os-release", "utf8").match(/^PRETTY_NAME="?([^"\n]*)"?/m)?.[1] ?? os;
  } catch {
    // not Linux
  }
  const versions = (name) => {
    try {
      return JSON.parse(readFileSync(join(BENCH, "node_modules", name, "package.json"), "utf8")).version;
    } catch {
      return "not installed";
    }
  };
  return [
    `${model}${family ? ` (family ${family}, model ${modelNumber})` : ""}, ${cpus().length} cores${virtual ? " (virtual machine)" : ""}, ${fmt(totalmem() / 2 ** 30)} GiB RAM, ${os}`,
    `Node ${process.version}; @tensorflow/tfjs ${versions("@tensorflow/tfjs")}, @tensorflow/tfjs-backend-wasm ${versions("@tensorflow/tfjs-backend-wasm")}, brain.js ${versions("brain.js")}; ${python.ok ? `Python ${python.version}, numpy ${python.numpy}` : python.why}`,
  ];
}

function markdown() {
  const [hardware, software] = machine();
  const date = startedAt.toISOString().slice(0, 10);
  const command = `npm run bench${argv.length > 0 ? " -- " + argv.join(" ") : ""}`;
  const w5 = tg("W5", "library");
  const w5Cli = tg("W5", "CLI");
  return `# Benchmark results

- **Date:** ${date}
- **Machine:** ${hardware}
- **Software:** ${software}
- **Command:** \`${command}\` (tracegrad at \`${gitDescribe()}\`, dist/ built before the run)
- **Load average** (1, 5, 15 min): ${loadBefore.map((x) => x.toFixed(2)).join(", ")} before the run, ${loadAfter.map((x) => x.toFixed(2)).join(", ")} after; the whole run took ${fmt(totalSeconds)} s.

Every figure is a ratio against peers measured in this one run on this one machine. Only the
training loops (W1, W2) and the products (W3) are timed — not imports, backend start-up or data
loading — except W4, which is the wall time of whole processes. W1 and W3 are medians of repeated
runs (W3: the faster of two passes run in opposite orders); W2 is a 3-epoch run per library, for tracegrad and numpy the faster of two passes run in opposite orders. See [README.md](README.md) for what each workload is.
${busyNote()}
## Results

${resultTable}

${legend}

## Targets

${targetTable}
${w5?.rssMB ? `\nW5 series (the in-process run of the library's trainRun, RSS after each epoch, MB): ${w5.rssMB.map((x) => fmt(x)).join(", ")}; RSS before training ${fmt(w5.startRssMB)} MB; its peak (kernel high-water mark, data loading included) ${fmt(w5.peakRssMB)} MB.${w5Cli ? ` The peak of W2 as users run it (the whole \`tracegrad train\` process, median of ${w5Cli.runs}): ${fmt(w5Cli.peakRssMB)} MB.` : ""}\n` : ""}`;
}

/** A warning when other processes competed for the cores during the run. */
function busyNote() {
  const busiest = Math.max(loadBefore[0], loadAfter[0]);
  if (busiest < 0.5 * cpus().length) return "";
  return `
**The machine was busy:** a 1-minute load average of up to ${busiest.toFixed(2)} on ${cpus().length} cores means
other processes competed for the CPU during the run, so the timings (the multi-threaded ones, W3's
2-thread rows and W4 most of all) are noisier than on an idle machine, and peers measured at
different moments of the run saw different loads.
`;
}

function gitDescribe() {
  const r = spawnSync("git", ["-C", ROOT, "describe", "--always", "--dirty"], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "unknown commit";
}
