/** tracegrad exercise --type T as a teacher and a student meet it: each type's help, its files, check on its folder, and bad options. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { runCli } from "../cli/run-cli.js";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "tracegrad-types-"));
}

test("--type scaling --help lists the scaling exercise's own options, not backprop's", () => {
  const r = runCli(["exercise", "--type", "scaling", "--help"]);
  assert.equal(r.status, 0);
  for (const option of ["--method <method>", "--std <kind>", "--rows <n>", "--features <n>"]) assert.ok(r.stdout.includes(option), option);
  assert.ok(!r.stdout.includes("--layers"));
  const other = runCli(["exercise", "--type", "scaling", "--layers", "2-2"]);
  assert.equal(other.status, 2);
  assert.match(other.stderr, /^tracegrad: unknown option '--layers'/);
});

test("an unknown type, or a bad option value, is one line with exit status 2", () => {
  const r = runCli(["exercise", "--type", "scalling"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^tracegrad: --type must be one of backprop, .*got "scalling" \(did you mean "scaling"\?\)\n$/);
  const bad = runCli(["exercise", "--type", "l2", "--weights", "0", "--out", join(scratch(), "x")]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^tracegrad: --weights must be a whole number from 1 to 6, got "0"\n$/);
});

test("a bad option leaves nothing behind: no --out folder, no handout folders, alone or with --count", () => {
  const dir = scratch();
  for (const extra of [[], ["--count", "3"]]) {
    const r = runCli(["exercise", "--type", "scaling", "--rows", "100000000", ...extra, "--out", join(dir, "out"), "--handout", join(dir, "handout")]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^tracegrad: --rows must be a whole number from 2 to 6, got "100000000"\n$/);
    assert.deepEqual(readdirSync(dir), []);
  }
});

for (const type of ["scaling", "activations", "gradcheck", "l2", "optimizer", "init", "batchnorm", "dropout", "forward", "bce"]) {
  test(`--type ${type}: six files, byte-identical again; check grades the key all right and a changed value wrong (exit 1)`, () => {
    const dir = scratch();
    const a = runCli(["exercise", "--type", type, "--seed", "4", "--out", join(dir, "a")]);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(runCli(["exercise", "--type", type, "--seed", "4", "--out", join(dir, "b")]).status, 0);
    const files = readdirSync(join(dir, "a")).sort();
    assert.deepEqual(files, ["answers.yaml", "exercise.json", "exercise.yaml", "key.yaml", "question.md", "solution.md"]);
    for (const f of files) assert.equal(readFileSync(join(dir, "b", f), "utf8"), readFileSync(join(dir, "a", f), "utf8"), f);
    const right = runCli(["check", join(dir, "a"), join(dir, "a", "key.yaml"), "--json"]);
    assert.equal(right.status, 0, right.stdout + right.stderr);
    assert.equal((JSON.parse(right.stdout) as { correct: boolean }).correct, true);
    // The last value of the key, doubled (or 1 for a 0), is wrong.
    const key = parse(readFileSync(join(dir, "a", "key.yaml"), "utf8")) as Record<string, unknown>;
    let holder = key;
    let last = Object.keys(holder)[Object.keys(holder).length - 1];
    while (typeof holder[last] === "object") {
      holder = holder[last] as Record<string, unknown>;
      last = Object.keys(holder)[Object.keys(holder).length - 1];
    }
    const v = holder[last] as number;
    holder[last] = v === 0 ? 1 : 2 * v + 0.5;
    writeFileSync(join(dir, "wrong.yaml"), stringify(key));
    const wrong = runCli(["check", join(dir, "a", "exercise.json"), join(dir, "wrong.yaml")]);
    assert.equal(wrong.status, 1, wrong.stdout + wrong.stderr);
    assert.match(wrong.stdout, /wrong 1\b/);
  });
}

test("a set of scaling exercises (--count 2) is graded by check SET ANSWERS, each answers file against its own exercise", () => {
  const dir = scratch();
  assert.equal(runCli(["exercise", "--type", "scaling", "--seed", "9", "--count", "2", "--out", join(dir, "set")]).status, 0);
  // One folder of NN.yaml files: student NN answers exercise NN, here with its key.
  const answers = join(dir, "answers");
  mkdirSync(answers);
  for (const k of ["01", "02"]) writeFileSync(join(answers, `${k}.yaml`), readFileSync(join(dir, "set", k, "key.yaml"), "utf8"));
  const r = runCli(["check", join(dir, "set"), answers, "--json"]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal((JSON.parse(r.stdout) as { correct: boolean }).correct, true);
});

test("--set FILE --count 2 --handout DIR: a sheet per student, the handout without keys, the keys beside it; check grades a sheet and the whole set", () => {
  const dir = scratch();
  const setFile = join(dir, "sheet.yaml");
  writeFileSync(setFile, "title: Sheet\nparts:\n  - type: scaling\n    method: minmax\n  - type: optimizer\n    optimizer: momentum\n    steps: 1\n  - type: dropout\n");
  const r = runCli(["exercise", "--set", setFile, "--count", "2", "--seed", "3", "--out", join(dir, "sheets"), "--handout", join(dir, "handout")]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(readdirSync(join(dir, "handout", "01")).sort(), ["answers.yaml", "exercise.json", "question.md"]);
  assert.deepEqual(readdirSync(join(dir, "handout-key", "02")).sort(), ["exercise.yaml", "key.yaml", "solution.md"]);
  // The handout's template is blank; the question has the parts, one after another.
  const template = parse(readFileSync(join(dir, "handout", "01", "answers.yaml"), "utf8")) as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(template), ["part1", "part2", "part3"]);
  assert.ok(Object.values(template).every((part) => Object.values(part).every((v) => v === null)));
  assert.match(readFileSync(join(dir, "handout", "01", "question.md"), "utf8"), /## Part 1: Feature scaling[\s\S]*## Part 2: Optimizer steps[\s\S]*## Part 3: Inverted dropout/);
  // A student checks the sheet from the handout's exercise.json; the instructor grades the set.
  const key = join(dir, "handout-key", "01", "key.yaml");
  assert.equal(runCli(["check", join(dir, "handout", "01", "exercise.json"), key]).status, 0);
  const answers = join(dir, "answers");
  mkdirSync(answers);
  for (const k of ["01", "02"]) writeFileSync(join(answers, `${k}.yaml`), readFileSync(join(dir, "handout-key", k, "key.yaml"), "utf8"));
  const all = runCli(["check", join(dir, "sheets"), answers, "--json"]);
  assert.equal(all.status, 0, all.stdout + all.stderr);
  // The same command again: the same files.
  const again = runCli(["exercise", "--set", setFile, "--count", "2", "--seed", "3", "--out", join(dir, "sheets2")]);
  assert.equal(again.status, 0);
  for (const f of readdirSync(join(dir, "sheets", "02"))) assert.equal(readFileSync(join(dir, "sheets2", "02", f), "utf8"), readFileSync(join(dir, "sheets", "02", f), "utf8"), f);
  // A bad set file: one line, its line and column, exit 2.
  writeFileSync(setFile, "parts:\n  - type: scaling\n    rows: 9\n");
  const bad = runCli(["exercise", "--set", setFile, "--out", join(dir, "bad")]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /sheet\.yaml:3:\d+: parts\[0\]\.rows: must be a whole number from 2 to 6, got 9\n$/);
});
