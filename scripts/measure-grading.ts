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
import { learnerAnswers, refSpec, written } from "../packages/tracegrad/test/grade/misconception-cases.js";
import { checkAnswers } from "../packages/tracegrad/src/exercise/check.js";
import { runStep } from "../packages/tracegrad/src/step/run-step.js";
import { stepResults } from "../packages/tracegrad/src/step/results.js";
import { listQuantities, resultValue } from "../packages/tracegrad/src/step/quantities.js";

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
/** The wrong values where it is made: how often its code is the diagnosis itself, and how many codes are given. */
const madeValues = { values: 0, diagnosis: 0, codes: 0 };
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
        if (!item.ok && made.has(item.path)) {
          madeValues.values++;
          if (item.diagnosis === m) madeValues.diagnosis++;
          madeValues.codes += codesOf(item).length;
        }
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
// A control: right answers with one value replaced by an arbitrary wrong number (off by 10% to 60%, either
// way, 4 digits). No misconception made it, so a code here is a coincidence: the share shows how often
// the catalogue explains a number that no common mistake made.
let state = 12345;
const uniform = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
const control = { named: 0, none: 0 };
for (const kind of EXERCISE_KINDS) {
  for (let s = 0; s < seeds; s++) {
    const spec = exerciseSpec(kind, from + s);
    const { answers } = learnerAnswers(spec, null);
    const paths = listQuantities(spec).filter((q) => q.kind !== "lossAfter");
    for (let k = 0; k < 3; k++) {
      const q = paths[Math.floor(uniform() * paths.length)];
      const exact = resultValue(stepResults(runStep(spec)), q);
      const factor = 1 + (uniform() < 0.5 ? -1 : 1) * (0.1 + 0.5 * uniform());
      const wrong = written(exact * factor);
      const changed = JSON.parse(JSON.stringify(answers)) as { layers: Record<string, number[][] | number[]>[] } & Record<string, unknown>;
      if (q.layer < 0) changed[q.kind] = wrong;
      else if (q.kind === "db" || q.kind === "bias") (changed.layers[q.layer][q.kind] as number[])[q.col] = wrong;
      else (changed.layers[q.layer][q.kind] as number[][])[q.row][q.col] = wrong;
      const report = checkAnswers(runStep(spec), changed);
      const item = report.items.find((i) => i.path === q.path)!;
      if (item.ok) continue;
      if (item.diagnosis === null) control.none++;
      else control.named++;
    }
  }
}

const cases = counts["named-right"] + counts["named-wrongly"] + counts["no-common-mistake"];
const share = (n: number) => `${((100 * n) / cases).toFixed(1)}%`;
console.log(`${cases} misconception cases (${EXERCISE_KINDS.length} kinds of exercise × ${seeds} seeds from ${from}; ${counts["not-visible"]} more left out: the misconception moved no value past the tolerance), ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  named right:             ${counts["named-right"]} (${share(counts["named-right"])})   goal ≥ 95%`);
console.log(`  named wrongly, confident: ${counts["named-wrongly"]} (${share(counts["named-wrongly"])})   goal 0`);
console.log(`  no common mistake:       ${counts["no-common-mistake"]} (${share(counts["no-common-mistake"])})   goal ≤ 5%`);
console.log(`  values where it is made: ${madeValues.values}; its code the diagnosis itself at ${madeValues.diagnosis} (${((100 * madeValues.diagnosis) / madeValues.values).toFixed(1)}%), ${(madeValues.codes / madeValues.values).toFixed(2)} codes given per value on average`);
console.log(`  later values computed right from the learner's own: ${later.carried} of ${later.carried + later.other} carried forward (propagated-error)`);
console.log(`  control, one arbitrary wrong value among right ones: ${control.named} of ${control.named + control.none} given a code (${((100 * control.named) / (control.named + control.none)).toFixed(1)}%), the rest "no common mistake"`);
console.log("");
console.log("  misconception                   right  wrongly  none  not visible");
for (const [m, row] of byMisconception) console.log(`  ${m.padEnd(32)}${String(row["named-right"]).padStart(5)}${String(row["named-wrongly"]).padStart(9)}${String(row["no-common-mistake"]).padStart(6)}${String(row["not-visible"]).padStart(13)}`);
