import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import type { OptimizerName } from "tracegrad/internal/engine/update-rules";
import { runUpdates, updateResults, updateWorked } from "tracegrad/internal/explain/update/explain-update";
import type { UpdateProblem } from "tracegrad/internal/explain/update/run-update";
import { finalState, finalWeights, runUpdate } from "tracegrad/internal/explain/update/run-update";
import { assertAllClose, assertClose } from "../../../tracegrad/test/helpers.js";
import { expectUserError, runExtra, scratch } from "./run-extra.js";
import { assertLatexDocument, assertMarkdownMath, assertStepsEvaluate } from "../../../tracegrad/test/explain-extra/worked-checks.js";

const SEED_EX6 = ["--weights", "1,-2,0.5", "--gradient", "0.1,-0.4,0.2", "--lr", "0.1"];

/** The optimizers written out here, one weight at a time, for N steps (L2: 2λw added to g; decay: λw in the step). */
function byHand(p: { w: number[]; g: number[][]; steps: number; optimizer: OptimizerName; lr: number; l2: number; decay: number; t0: number; state: Record<string, number[]> }) {
  const w = [...p.w];
  const v = [...(p.state.v ?? w.map(() => 0))];
  const s = [...(p.state.s ?? w.map(() => 0))];
  const m = [...(p.state.m ?? w.map(() => 0))];
  const [mu, rho, b1, b2, eps] = [0.9, 0.9, 0.9, 0.999, 1e-8];
  for (let step = 0; step < p.steps; step++) {
    const t = p.t0 + step + 1;
    const row = p.g.length === 1 ? p.g[0] : p.g[step];
    for (let i = 0; i < w.length; i++) {
      const g = row[i] + 2 * p.l2 * w[i];
      const decay = p.decay * w[i];
      switch (p.optimizer) {
        case "sgd":
          w[i] -= p.lr * (g + decay);
          break;
        case "momentum":
          v[i] = mu * v[i] + g;
          w[i] -= p.lr * (v[i] + decay);
          break;
        case "nesterov":
          v[i] = mu * v[i] + g;
          w[i] -= p.lr * (g + mu * v[i] + decay);
          break;
        case "rmsprop":
          s[i] = rho * s[i] + (1 - rho) * g * g;
          w[i] -= p.lr * (g / (Math.sqrt(s[i]) + eps) + decay);
          break;
        default: {
          m[i] = b1 * m[i] + (1 - b1) * g;
          v[i] = b2 * v[i] + (1 - b2) * g * g;
          const mHat = m[i] / (1 - b1 ** t);
          const vHat = v[i] / (1 - b2 ** t);
          w[i] -= p.lr * (mHat / (Math.sqrt(vHat) + eps) + decay);
        }
      }
    }
  }
  return { w, v, s, m };
}

test("seed 004 exercise 6 in both conventions: 2λW gives [0.988, -1.956, 0.479], λW gives the seed's [0.989, -1.958, 0.4795]", () => {
  const problem: UpdateProblem = { weights: [1, -2, 0.5], gradients: [[0.1, -0.4, 0.2]], learningRate: 0.1, l2: 0.01, compare: true };
  const runs = runUpdates(problem);
  assert.deepEqual(runs.map((r) => r.convention), ["l2", "weight-decay"]);
  assertAllClose(finalWeights(runs[0]), [1 - 0.1 * (0.1 + 0.02), -2 - 0.1 * (-0.4 - 0.04), 0.5 - 0.1 * (0.2 + 0.01)], 1e-15);
  assertAllClose(finalWeights(runs[0]), [0.988, -1.956, 0.479], 1e-15);
  assertAllClose(finalWeights(runs[1]), [0.989, -1.958, 0.4795], 1e-15);
  assertClose(runs[0].steps[0].penalty!.item(), 0.0525, 1e-15);
  const worked = updateWorked(problem, runs, { precision: 8 });
  assert.ok(assertStepsEvaluate(worked) >= 13);
  assert.deepEqual(worked.notes, [], "the code knows no course: the exercise's words live in its problem file");

  // The problem file: the engine names the three published weights that belong to the other convention,
  // and the penalty it publishes agrees; --weight-decay (the exercise's own update) makes them agree.
  const file = "examples/worked/nn-exercises-ex6-l2.update.yaml";
  const run = runExtra(["update", file, "--compare"]);
  assert.equal(run.status, 0, run.stderr);
  const differs = run.stdout.split("\n").filter((l) => l.includes("differs"));
  assert.deepEqual(differs.map((l) => l.replace(/^\s*- /, "")), [
    "Where Neural Networks Exercises, exercise 6 differs: it publishes w1 = 0.989; the value is 0.988.",
    "Where Neural Networks Exercises, exercise 6 differs: it publishes w2 = -1.958; the value is -1.956.",
    "Where Neural Networks Exercises, exercise 6 differs: it publishes w3 = 0.4795; the value is 0.479.",
  ]);
  // The file's explanation states numbers the engine computes: the two penalties and the two results.
  assertClose(runUpdates({ ...problem, compare: false, l2: 0.005 })[0].steps[0].penalty!.item(), 0.02625, 1e-15);
  assert.match(run.stdout, /λΣW² = 0\.0525 has the gradient 2λW, which gives W_new = \[0\.988, -1\.956, 0\.479\]/);
  assert.match(run.stdout, /\(λ\/2\)ΣW² = 0\.02625, which gives its answer \[0\.989, -1\.958, 0\.4795\]/);
  const decayed = runExtra(["update", file, "--weight-decay", "0.01"]);
  assert.equal(decayed.status, 0, decayed.stderr);
  assert.doesNotMatch(decayed.stdout, /differs/);
  assert.match(decayed.stdout, /Every value published by Neural Networks Exercises, exercise 6 \(3 of them\) agrees/);
});

test("every optimizer, with L2, decay or neither, for several steps from a given state: the engine agrees with the rules written out by hand", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 4 }).chain((n) =>
        fc.record({
          w: fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: n, maxLength: n }),
          g: fc.array(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { minLength: n, maxLength: n }), { minLength: 1, maxLength: 3 }),
          v: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
          m: fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n, maxLength: n }),
        }),
      ),
      fc.constantFrom<OptimizerName>("sgd", "momentum", "nesterov", "rmsprop", "adam"),
      fc.constantFrom("l2", "weight-decay", "none"),
      fc.integer({ min: 0, max: 5 }),
      ({ w, g, v, m }, optimizer, convention, t0) => {
        const steps = g.length === 1 ? 3 : g.length;
        const arrays: Record<string, number[]> = optimizer === "adam" ? { m, v } : optimizer === "rmsprop" ? { s: v } : optimizer === "sgd" ? {} : { v: m };
        const problem: UpdateProblem = {
          weights: w,
          gradients: g,
          steps,
          optimizer,
          learningRate: 0.05,
          ...(convention === "l2" ? { l2: 0.02 } : convention === "weight-decay" ? { weightDecay: 0.02 } : {}),
          state: { t: t0, arrays },
        };
        const run = runUpdate(problem);
        const expected = byHand({ w, g, steps, optimizer, lr: 0.05, l2: convention === "l2" ? 0.02 : 0, decay: convention === "weight-decay" ? 0.02 : 0, t0, state: arrays });
        assertAllClose(finalWeights(run), expected.w, 1e-12, 1e-12, "weights");
        const state = finalState(run);
        assert.equal(state.t, t0 + steps);
        if (optimizer === "adam") assertAllClose(state.m, expected.m, 1e-12, 1e-12, "m");
        if (optimizer === "rmsprop") assertAllClose(state.s, expected.s, 1e-12, 1e-12, "s");
        if (optimizer === "momentum" || optimizer === "nesterov" || optimizer === "adam") assertAllClose(state.v, expected.v, 1e-12, 1e-12, "v");
        assertStepsEvaluate(updateWorked(problem, [run], { precision: 8 }), 1e-10, 1e-12);
      },
    ),
    { seed: 9, numRuns: 120 },
  );
});

test("Adam's bias correction is printed: m̂ = m/(1 - β₁ᵗ) with t counting the state's steps", () => {
  const problem: UpdateProblem = { weights: [1], gradients: [[0.5]], learningRate: 0.01, optimizer: "adam", state: { t: 2, arrays: { m: [0.1], v: [0.01] } } };
  const runs = runUpdates(problem);
  const steps = updateWorked(problem, runs, { precision: 8 }).sections[0].groups[0].steps;
  const m = 0.9 * 0.1 + 0.1 * 0.5;
  const v = 0.999 * 0.01 + 0.001 * 0.25;
  assertClose(steps[0].value, m, 1e-15);
  assertClose(steps[2].value, m / (1 - 0.9 ** 3), 1e-15);
  assertClose(steps[3].value, v / (1 - 0.999 ** 3), 1e-15);
  assertClose(updateResults(runs).runs[0].final.weights[0], 1 - 0.01 * ((m / (1 - 0.9 ** 3)) / (Math.sqrt(v / (1 - 0.999 ** 3)) + 1e-8)), 1e-15);
});

test("tracegrad update: both conventions, the penalty's own steps, chained states, markdown and LaTeX", () => {
  const r = runExtra(["update", ...SEED_EX6, "--l2", "0.01", "--compare"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /P = λ·\(w1² \+ w2² \+ w3²\) = 0\.01·\(1² \+ \(-2\)² \+ 0\.5²\) = 0\.0525/);
  assert.match(r.stdout, /∂P\/∂w2 = 2·λ·w2 = 2·0\.01·\(-2\) = -0\.04/);
  assert.match(r.stdout, /∂L\/∂w1 = ∂L_data\/∂w1 \+ ∂P\/∂w1 = 0\.1 \+ 0\.02 = 0\.12/);
  assert.match(r.stdout, /w3 ← w3 - η·∂L\/∂w3 = 0\.5 - 0\.1·0\.21 = 0\.479/);
  assert.match(r.stdout, /w3 ← w3 - η·\(∂L\/∂w3 \+ λ_decay·w3\) = 0\.5 - 0\.1·\(0\.2 \+ 0\.01·0\.5\) = 0\.4795/);
  // Two Adam steps at once are one step, its state written out, then one more from that state.
  const dir = scratch();
  const state = join(dir, "state.json");
  const adam = ["--gradient", "0.1,-0.4,0.2", "--lr", "0.01", "--optimizer", "adam"];
  const both = JSON.parse(runExtra(["update", "--weights", "1,-2,0.5", ...adam, "--steps", "2", "--json"]).stdout);
  assert.equal(runExtra(["update", "--weights", "1,-2,0.5", ...adam, "--state-out", state]).status, 0);
  const saved = JSON.parse(readFileSync(state, "utf8"));
  assert.equal(saved.t, 1);
  assert.equal(saved.optimizer, "adam");
  const second = JSON.parse(runExtra(["update", "--state", state, "--gradient", "0.1,-0.4,0.2", "--lr", "0.01", "--json"]).stdout);
  assert.deepEqual(second.runs[0].final, both.runs[0].final);
  const perStep = JSON.parse(runExtra(["update", "--weights", "1,2", "--gradient", "1,0;0,1", "--lr", "0.5", "--optimizer", "momentum", "--json"]).stdout);
  // v = g₁ = (1, 0), w = (0.5, 2); then v = 0.9·v + g₂ = (0.9, 1), w = (0.5 - 0.45, 2 - 0.5).
  assertAllClose(perStep.runs[0].final.weights, [0.05, 1.5], 1e-15);
  assert.ok(assertMarkdownMath(runExtra(["update", ...SEED_EX6, "--weight-decay", "0.01", "--compare", "--format", "markdown"]).stdout) > 10);
  assertLatexDocument(runExtra(["update", "--weights", "1,-2", "--gradient", "0.1,-0.4", "--lr", "0.1", "--optimizer", "adam", "--steps", "2", "--format", "latex"]).stdout);
});

test("tracegrad update: mistakes are one line and exit 2", () => {
  const dir = scratch({ "state.yaml": "t: 1\nweights: [1, 2]\nm: [0.1]\n", "typo.yaml": "t: 1\nweights: [1, 2]\nvelocity: [0, 0]\n", "sgd.json": '{"optimizer": "sgd", "t": 0, "weights": [1]}' });
  expectUserError(["update", ...SEED_EX6, "--l2", "0.01", "--weight-decay", "0.01"], /--l2 and --weight-decay are two conventions for λ: give one/);
  expectUserError(["update", "--weights", "1,-2", "--gradient", "0.1", "--lr", "0.1"], /--gradient: has 1 values; give one per weight: 2/);
  expectUserError(["update", ...SEED_EX6.slice(0, 4)], /--lr: give the learning rate/);
  expectUserError(["update", ...SEED_EX6, "--optimizer", "adamm"], /--optimizer: unknown value "adamm".*did you mean "adam"/);
  expectUserError(["update", "--gradient", "0.1,0.2", "--lr", "0.1", "--optimizer", "adam", "--state", join(dir, "state.yaml")], /state\.yaml:3:4: m: has 1 values; m needs one value per weight: 2/);
  expectUserError(["update", "--gradient", "0.1,0.2", "--lr", "0.1", "--optimizer", "momentum", "--state", join(dir, "typo.yaml")], /typo\.yaml:3:\d+: velocity: unknown field "velocity"; the state of momentum has optimizer, t, weights, v/);
  expectUserError(["update", "--gradient", "0.1", "--lr", "0.1", "--optimizer", "adam", "--state", join(dir, "sgd.json")], /sgd\.json:1:\d+: optimizer: the state is of sgd, but --optimizer is adam/);
  expectUserError(["update", ...SEED_EX6, "--compare"], /--compare: give --l2 λ or --weight-decay λ/);
  // A squared-gradient average that is negative (its square root would be NaN, every weight NaN), and weights that are not numbers, even where --weights wins over them.
  const odd = scratch({ "neg-adam.yaml": "t: 1\nweights: [1, 2]\nm: [0, 0]\nv: [0.5, -1]\n", "neg-rms.json": '{"t": 2, "weights": [1, 2], "s": [-0.25, 1]}', "nan.yaml": "t: 1\nweights: [1, .nan]\n" });
  expectUserError(["update", "--gradient", "0.1,0.2", "--lr", "0.1", "--optimizer", "adam", "--state", join(odd, "neg-adam.yaml")], /neg-adam\.yaml:4:10: v\[1\]: v is a running average of squared gradients, never negative; got -1$/);
  expectUserError(["update", "--gradient", "0.1,0.2", "--lr", "0.1", "--optimizer", "rmsprop", "--state", join(odd, "neg-rms.json")], /neg-rms\.json:1:\d+: s\[0\]: s is a running average of squared gradients, never negative; got -0\.25$/);
  expectUserError(["update", "--weights", "1,2", "--gradient", "0.1,0.2", "--lr", "0.1", "--optimizer", "momentum", "--state", join(odd, "nan.yaml")], /nan\.yaml:2:\d+: weights\[1\]: /);
  // Momentum's velocity may be negative.
  const velocity = scratch({ "v.yaml": "t: 1\nweights: [1, 2]\nv: [-0.5, 0.25]\n" });
  assert.equal(runExtra(["update", "--gradient", "0.1,0.2", "--lr", "0.1", "--optimizer", "momentum", "--state", join(velocity, "v.yaml")]).status, 0);
});
