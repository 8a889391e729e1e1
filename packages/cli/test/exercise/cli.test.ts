/** tracegrad exercise, as a teacher runs it: the files, byte-identical runs, sets, and a round trip through check. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { runCli } from "../cli/run-cli.js";
import { loadStepSpec } from "../../src/files/load-step-spec.js";
import { listQuantities, resultValue } from "tracegrad/internal/step/quantities";
import { runStep } from "tracegrad/internal/step/run-step";
import { stepResults } from "tracegrad/internal/step/results";

const FILES = ["answers.yaml", "exercise.json", "exercise.yaml", "key.yaml", "question.md", "solution.md"];

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "tracegrad-exercise-"));
}

function filesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), "utf8")]));
}

test("exercise --seed 7 writes the six files; the same command writes them again byte for byte", () => {
  const dir = scratch();
  const args = ["exercise", "--seed", "7", "--layers", "2-3-2", "--activation", "tanh", "--bias"];
  const first = runCli([...args, "--out", join(dir, "a")]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /^Wrote Backpropagation exercise \(seed 7\) to .*a\/: exercise\.json, exercise\.yaml, question\.md, solution\.md, answers\.yaml, key\.yaml\n$/);
  assert.equal(runCli([...args, "--out", join(dir, "b")]).status, 0);
  const a = filesOf(join(dir, "a"));
  assert.deepEqual(Object.keys(a), FILES);
  assert.deepEqual(filesOf(join(dir, "b")), a);
  const other = runCli(["exercise", "--seed", "8", "--layers", "2-3-2", "--activation", "tanh", "--bias", "--out", join(dir, "c")]);
  assert.equal(other.status, 0);
  assert.notEqual(filesOf(join(dir, "c"))["exercise.json"], a["exercise.json"]);
  assert.equal(runCli(["step", join(dir, "a", "exercise.json")]).status, 0, "exercise.json is a spec step reads");
});

test("--count 3: one folder per student, each its own exercise", () => {
  const dir = scratch();
  const r = runCli(["exercise", "--seed", "7", "--count", "3", "--out", dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(dir).sort(), ["01", "02", "03"]);
  const jsons = ["01", "02", "03"].map((k) => {
    assert.deepEqual(Object.keys(filesOf(join(dir, k))), FILES);
    return readFileSync(join(dir, k, "exercise.json"), "utf8");
  });
  assert.equal(new Set(jsons).size, 3);
  assert.match(readFileSync(join(dir, "02", "question.md"), "utf8"), /^# Backpropagation exercise 02 \(seed \d+\)/);
});

test("a student's round trip: fill in answers.yaml, check it against exercise.yaml", () => {
  const dir = scratch();
  assert.equal(runCli(["exercise", "--seed", "3", "--out", dir]).status, 0);
  const spec = loadStepSpec(join(dir, "exercise.yaml"));
  const r = stepResults(runStep(spec));
  const blank = parse(readFileSync(join(dir, "answers.yaml"), "utf8")) as Record<string, null>;
  const byKey = new Map(listQuantities(spec).map((q) => [q.key, q]));
  let text = readFileSync(join(dir, "answers.yaml"), "utf8");
  for (const key of Object.keys(blank)) text = text.replace(`${key}: null`, `${key}: ${Number(resultValue(r, byKey.get(key)!).toPrecision(4))}`);
  writeFileSync(join(dir, "answers.yaml"), text);
  const check = runCli(["check", join(dir, "exercise.yaml"), join(dir, "answers.yaml")]);
  assert.equal(check.status, 0, check.stdout + check.stderr);
  assert.match(check.stdout, new RegExp(`All ${Object.keys(blank).length} answered values are right\\.`));
  const wrong = text.replace(/^L: (.*)$/m, (_, v: string) => `L: ${2 * Number(v)}`);
  writeFileSync(join(dir, "wrong.yaml"), wrong);
  const graded = runCli(["check", join(dir, "exercise.json"), join(dir, "wrong.yaml"), "--json"]);
  assert.equal(graded.status, 1);
  assert.equal(JSON.parse(graded.stdout).items.find((i: { path: string }) => i.path === "loss").diagnosis, "factor-of-two");
});

test("bad options: one line on stderr, exit 2", () => {
  const cases: [string[], RegExp][] = [
    [["--layers", "2"], /--layers must list the inputs and then the units of each layer/],
    [["--activation", "sigmod"], /--activation: unknown activation "sigmod".*did you mean "sigmoid"/],
    [["--loss", "mae"], /--loss: unknown loss "mae"/],
    [["--digits", "9"], /--digits must be a whole number from 1 to 4/],
    [["--loss", "bce", "--activation", "relu,relu"], /needs a sigmoid output layer/],
    [["--seed", "-1"], /--seed must be a whole number/],
  ];
  for (const [args, pattern] of cases) {
    const r = runCli(["exercise", ...args, "--out", scratch()]);
    assert.equal(r.status, 2, args.join(" "));
    assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  }
});
