// Measures how `tracegrad check` names real students' mistakes, on generated misconception cases that
// the tests do not use: for each generated exercise (sigmoid, tanh or ReLU hidden layers; half-sse,
// mse, bce or cross-entropy; batch 1 or 2; with and without biases) and each misconception that
// changes a number of its step, a learner answers every quantity the way the independent reference
// (packages/tracegrad/test/reference/misconceptions.ts) computes it with that misconception, to 4
// significant digits, and the grade is classified (see classify in test/grade/misconception-cases.ts):
//
//   named right       the misconception's code is the diagnosis or an alternative of every wrong value where it is made
//   named wrongly     at one of those values it is neither, but another code is given (with confidence)
//   no common mistake at one of those values nothing is given
//
//   node --import tsx scripts/measure-grading.ts                 the default set: 3 seeds per kind
//   node --import tsx scripts/measure-grading.ts --seeds 5 --from 5000 --verbose
import { codesOf, EXERCISE_KINDS, exerciseSpec, gradeMisconception } from "../packages/tracegrad/test/grade/misconception-cases.js";
import type { Outcome } from "../packages/tracegrad/test/grade/misconception-cases.js";
import { canBeMade, MISCONCEPTIONS } from "../packages/tracegrad/test/reference/misconceptions.js";
import { refSpec } from "../packages/tracegrad/test/grade/misconception-cases.js";

function option(name: string, fallback: number): number {
  const k = process.argv.indexOf(name);
  return k < 0 ? fallback : Number(process.argv[k + 1]);
}

const seeds = option("--seeds", 3);
// The tests draw their exercises from seeds below 1000; the measurement from 9000 up.
const from = option("--from", 9000);
const verbose = process.argv.includes("--verbose");

const counts: Record<Outcome, number> = { "named-right": 0, "named-wrongly": 0, "no-common-mistake": 0, "not-visible": 0 };
/** The wrong values where the misconception is not made again: carried forward, or not. */
const later = { carried: 0, other: 0 };
const byMisconception = new Map<string, Record<Outcome, number>>();
const started = Date.now();
for (const kind of EXERCISE_KINDS) {
  for (let s = 0; s < seeds; s++) {
    const seed = from + s;
    const spec = exerciseSpec(kind, seed);
    for (const m of MISCONCEPTIONS) {
      if (!canBeMade(refSpec(spec), m)) continue;
      const { outcome, offending, report, made } = gradeMisconception(spec, m);
      for (const item of report.items) {
        if (item.ok || made.has(item.path) || codesOf(item).includes(m)) continue;
        if (item.status === "carried-forward") later.carried++;
        else {
          later.other++;
          if (verbose) console.log(`not carried forward: ${m} on ${kind.activation}/${kind.loss}/batch ${kind.batch}${kind.bias ? "/bias" : ""} seed ${seed}: ${item.key} = ${item.given} (expected ${item.expected}): ${[item.diagnosis, ...item.alternatives].join("/") || "none"}`);
        }
      }
      counts[outcome]++;
      const row = byMisconception.get(m) ?? { "named-right": 0, "named-wrongly": 0, "no-common-mistake": 0, "not-visible": 0 };
      row[outcome]++;
      byMisconception.set(m, row);
      if (verbose && (outcome === "named-wrongly" || outcome === "no-common-mistake")) {
        const what = offending.map((i) => `${i.key} = ${i.given} (expected ${i.expected}): ${[i.diagnosis, ...i.alternatives].join("/") || "none"}`).join("; ");
        console.log(`${outcome}: ${m} on ${kind.activation}/${kind.loss}/batch ${kind.batch}${kind.bias ? "/bias" : ""} seed ${seed}: ${what}`);
      }
    }
  }
}
const cases = counts["named-right"] + counts["named-wrongly"] + counts["no-common-mistake"];
const share = (n: number) => `${((100 * n) / cases).toFixed(1)}%`;
console.log(`${cases} misconception cases (${EXERCISE_KINDS.length} kinds of exercise × ${seeds} seeds from ${from}; ${counts["not-visible"]} more left out: the misconception moved no value past the tolerance), ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  named right:             ${counts["named-right"]} (${share(counts["named-right"])})   goal ≥ 95%`);
console.log(`  named wrongly, confident: ${counts["named-wrongly"]} (${share(counts["named-wrongly"])})   goal 0`);
console.log(`  no common mistake:       ${counts["no-common-mistake"]} (${share(counts["no-common-mistake"])})   goal ≤ 5%`);
console.log(`  later values computed right from the learner's own: ${later.carried} of ${later.carried + later.other} carried forward (propagated-error)`);
console.log("");
console.log("  misconception                   right  wrongly  none  not visible");
for (const [m, row] of byMisconception) console.log(`  ${m.padEnd(32)}${String(row["named-right"]).padStart(5)}${String(row["named-wrongly"]).padStart(9)}${String(row["no-common-mistake"]).padStart(6)}${String(row["not-visible"]).padStart(13)}`);
