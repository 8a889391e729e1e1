/**
 * The fuzzer in the test suite: for every command, fast-check draws damaged versions of its valid
 * inputs (a file it reads, or a flag) and each runs in a child process with a time and a memory limit;
 * every run must be a normal one (exit 0 or 1) or a clean error (exit 2, one short line, nothing on
 * stdout), never a crash or a hang. A bounded number of cases, two at a time, keeps it to about half a
 * minute; `npm run fuzz` runs a longer campaign. FUZZ_SEED picks other cases.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { baseFiles } from "./inputs.js";
import { fuzzCase, materialize, SCENARIOS } from "./cases.js";
import type { Scenario } from "./cases.js";
import { runCase } from "./run-case.js";

const SEED = process.env.FUZZ_SEED === undefined ? 20260 : Number(process.env.FUZZ_SEED);

/** Cases of each scenario: the study (lab) runs 18 trainings, so it gets one. */
function runsOf(scenario: Scenario): number {
  return scenario.name === "lab" ? 1 : 2;
}

/** Checks the scenarios of one lane, one property each. */
async function lane(scenarios: readonly Scenario[]): Promise<void> {
  const base = baseFiles();
  for (const scenario of scenarios) {
    await fc.assert(
      fc.asyncProperty(fuzzCase([scenario]), async (c) => {
        const { args, files, partial } = materialize(c, base);
        const outcome = await runCase(args, files, { timeoutMs: 60_000, heapMb: 512 }, partial);
        assert.ok(outcome.kind === "accepted" || outcome.kind === "clean-error", `${outcome.kind} (${outcome.why}): tracegrad ${args.map((a) => (a.length > 80 ? `${a.slice(0, 80)}…` : a)).join(" ")}\n${outcome.stderr.slice(0, 2000)}`);
      }),
      { seed: SEED + SCENARIOS.indexOf(scenario), numRuns: runsOf(scenario), endOnFailure: true },
    );
  }
}

test("every command, on damaged input, runs normally or stops with one clean line: no crash, no hang", async () => {
  // Two lanes, as the machine has two cores: the scenarios alternate between them.
  await Promise.all([lane(SCENARIOS.filter((_, i) => i % 2 === 0)), lane(SCENARIOS.filter((_, i) => i % 2 === 1))]);
});
