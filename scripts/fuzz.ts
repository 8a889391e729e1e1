/**
 * The fuzz campaign (`npm run fuzz`): cases of every command drawn by fast-check from several seeds,
 * each run in a child process with a time and a memory limit, two at a time, and counted by outcome:
 * accepted (a normal run, exit 0 or 1), a clean error (exit 2, one line), a crash or a hang. Exits 1
 * when any case crashed or hung, and prints each such case (its seed and index reproduce it).
 *
 *   npm run fuzz                          5 seeds × 220 cases
 *   npm run fuzz -- --seeds 1,2 --runs 50
 *   npm run fuzz -- --scenarios step,check --runs 40
 *   npm run fuzz -- --case 3:104        one case (seed 3, the 105th), with everything about it
 *
 * Build first (`npm run build`): the cases run the built `tracegrad`.
 */
import fc from "fast-check";
import { baseFiles } from "../packages/cli/test/fuzz/inputs.js";
import { fuzzCase, materialize, SCENARIOS } from "../packages/cli/test/fuzz/cases.js";
import type { FuzzCase } from "../packages/cli/test/fuzz/cases.js";
import { DEFAULT_LIMITS, runCase } from "../packages/cli/test/fuzz/run-case.js";
import type { Outcome, OutcomeKind } from "../packages/cli/test/fuzz/run-case.js";

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

const seeds = option("--seeds", "1,2,3,4,5").split(",").map(Number);
const runs = Number(option("--runs", "220"));
const parallel = Number(option("--parallel", "2"));

const base = baseFiles();
const jobs: { seed: number; index: number; c: FuzzCase }[] = [];
const named = option("--scenarios", "");
const scenarios = named === "" ? SCENARIOS : SCENARIOS.filter((s) => named.split(",").includes(s.name));
for (const seed of seeds) fc.sample(fuzzCase(scenarios), { seed, numRuns: runs }).forEach((c, index) => jobs.push({ seed, index, c }));

// --case SEED:INDEX runs that one case and shows everything about it.
const only = option("--case", "");
if (only !== "") {
  const [seed, index] = only.split(":").map(Number);
  const c = fc.sample(fuzzCase(scenarios), { seed, numRuns: index + 1 })[index];
  const { args, files, partial } = materialize(c, base);
  const outcome = await runCase(args, files, DEFAULT_LIMITS, partial);
  console.log(JSON.stringify(c, null, 2));
  console.log(`tracegrad ${args.join(" ").slice(0, 2000)}`);
  console.log(`${outcome.kind} (${outcome.why ?? ""}), exit ${outcome.status}, signal ${outcome.signal}, ${outcome.stdoutBytes} bytes on stdout, ${outcome.milliseconds.toFixed(0)} ms`);
  console.log(outcome.stderr);
  process.exit(0);
}

const counts = new Map<string, Record<OutcomeKind, number>>();
const times = new Map<string, number>();
const bad: { seed: number; index: number; c: FuzzCase; args: string[]; outcome: Outcome }[] = [];
let next = 0;
let done = 0;
const started = performance.now();

async function worker(): Promise<void> {
  while (next < jobs.length) {
    const job = jobs[next++];
    const { args, files, partial } = materialize(job.c, base);
    const outcome = await runCase(args, files, DEFAULT_LIMITS, partial);
    const row = counts.get(job.c.scenario) ?? { accepted: 0, "clean-error": 0, crash: 0, hang: 0 };
    row[outcome.kind]++;
    counts.set(job.c.scenario, row);
    times.set(job.c.scenario, (times.get(job.c.scenario) ?? 0) + outcome.milliseconds);
    if (outcome.kind === "crash" || outcome.kind === "hang") {
      bad.push({ ...job, args, outcome });
      process.stderr.write(`fuzz: ${outcome.kind} (${outcome.why}) at seed ${job.seed}, case ${job.index}: ${job.c.scenario}\n`);
    }
    if (++done % 50 === 0) process.stderr.write(`fuzz: ${done}/${jobs.length} cases, ${bad.length} crashes or hangs, ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
  }
}

await Promise.all(Array.from({ length: parallel }, worker));

const total = { accepted: 0, "clean-error": 0, crash: 0, hang: 0 };
const lines = ["scenario            accepted  clean-error  crash  hang  mean s"];
for (const [name, row] of [...counts].sort()) {
  for (const k of Object.keys(total) as OutcomeKind[]) total[k] += row[k];
  const n = row.accepted + row["clean-error"] + row.crash + row.hang;
  lines.push(`${name.padEnd(18)}  ${String(row.accepted).padStart(8)}  ${String(row["clean-error"]).padStart(11)}  ${String(row.crash).padStart(5)}  ${String(row.hang).padStart(4)}  ${((times.get(name) ?? 0) / n / 1000).toFixed(1).padStart(6)}`);
}
lines.push(`${"all".padEnd(18)}  ${String(total.accepted).padStart(8)}  ${String(total["clean-error"]).padStart(11)}  ${String(total.crash).padStart(5)}  ${String(total.hang).padStart(4)}`);
console.log(`${jobs.length} cases, seeds ${seeds.join(", ")}, ${((performance.now() - started) / 1000).toFixed(0)} s (limits: ${DEFAULT_LIMITS.timeoutMs / 1000} s, ${DEFAULT_LIMITS.heapMb} MB of heap a case)`);
console.log(lines.join("\n"));
for (const b of bad) {
  console.log(`\n${b.outcome.kind} (${b.outcome.why}): seed ${b.seed}, case ${b.index}: tracegrad ${b.args.map((a) => (a.length > 60 ? a.slice(0, 60) + "…" : a)).join(" ")}`);
  console.log(`  damage: ${JSON.stringify(b.c.damage).slice(0, 400)}`);
  console.log(`  stderr: ${b.outcome.stderr.slice(0, 600).replace(/\n/g, "\n          ")}`);
}
process.exitCode = bad.length > 0 ? 1 : 0;
