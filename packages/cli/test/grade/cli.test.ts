/** tracegrad check, as a user runs it: text, --json, exit statuses, a whole class into a gradebook. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../cli/run-cli.js";

const SPEC = "examples/module11-2-2-2.yaml";
const PUBLISHED = "examples/answers/module11-published.yaml";

function scratch(): string {
  return mkdtempSync(join(tmpdir(), "tracegrad-check-"));
}

/** The exact answers: what tracegrad step --json prints. */
function exactAnswersFile(dir: string): string {
  const file = join(dir, "exact.json");
  writeFileSync(file, runCli(["step", SPEC, "--json"]).stdout);
  return file;
}

test("check of right answers: every value right, exit 0", () => {
  const r = runCli(["check", SPEC, exactAnswersFile(scratch())]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Grading .*exact\.json against examples\/module11-2-2-2\.yaml \(relative tolerance 0\.5%\)\n/);
  assert.match(r.stdout, /All 30 answered values are right\.\n$/);
});

test("check of seed 001's published answers: the w2/w3 swap with its explanation and the correct working, exit 1", () => {
  const r = runCli(["check", SPEC, PUBLISHED]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /✗ ∂E\/∂w2 = 0\.00287383, expected 0\.0025736051: swapped\n {6}This is the value of ∂E\/∂w3 \(0\.0028738346\), and ∂E\/∂w3 was given the value of ∂E\/∂w2: the two are swapped\. w2 connects i2 to h1\.\n {6}Correct working: ∂E\/∂w2 = δ_h1·i2 = 0\.0051472103·0\.5 = 0\.0025736051\n/);
  // Its new w2 is right for its swapped gradient, not for the true one.
  assert.match(r.stdout, /✗ new w2 = 0\.39999713, expected 0\.39999743: propagated-error, consistent\n {6}Consistent with your ∂E\/∂w2 = 0\.00287383 \(swapped\)/);
  assert.match(r.stdout, /21 of 25 answered values are right\. Wrong: ∂E\/∂w2, ∂E\/∂w3 \(swapped\); new w2, new w3 \(propagated-error\)\. 2 of the wrong ones are consistent with an earlier mistake\.\n$/);
});

test("check --json: the report as one object", () => {
  const r = runCli(["check", SPEC, PUBLISHED, "--json"]);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ["correct", "score", "tolerance", "items"]);
  assert.equal(out.correct, false);
  assert.deepEqual(out.score, { right: 21, answered: 25, consistent: 2 });
  const w2 = out.items.find((i: { path: string }) => i.path === "layers[0].dW[0][1]");
  for (const key of ["path", "name", "expected", "given", "ok", "diagnosis", "explanation"]) assert.ok(key in w2, key);
  assert.equal(w2.name, "w2");
  assert.equal(w2.given, 0.00287383);
  assert.equal(w2.ok, false);
  assert.equal(w2.diagnosis, "swapped");
  const right = out.items.find((i: { path: string }) => i.path === "loss");
  assert.equal(right.ok, true);
  assert.equal(right.diagnosis, null);
});

test("--tolerance: 0.5% by default; as a fraction or a percentage", () => {
  const strict = JSON.parse(runCli(["check", SPEC, PUBLISHED, "--json", "--tolerance", "0.0001%"]).stdout);
  assert.ok(strict.score.right < 21, "4-decimal forward values fail a 1e-6 tolerance");
  assert.equal(strict.tolerance, 0.000001);
  assert.equal(JSON.parse(runCli(["check", SPEC, PUBLISHED, "--json", "--tolerance", "0.005"]).stdout).score.right, 21);
});

test("bad input: one line on stderr, exit 2", () => {
  const dir = scratch();
  const expectUsage = (args: string[], pattern: RegExp) => {
    const r = runCli(args);
    assert.equal(r.status, 2, `${args.join(" ")}: ${r.stdout}${r.stderr}`);
    assert.equal(r.stdout, "");
    assert.equal(r.stderr.trimEnd().split("\n").length, 1, r.stderr);
    assert.match(r.stderr, pattern);
  };
  writeFileSync(join(dir, "typo.yaml"), "z_h1: 0.28\nz_h3: 0.13\n");
  expectUsage(["check", SPEC, join(dir, "typo.yaml")], /^tracegrad: .*typo\.yaml:2:1: z_h3: unknown quantity "z_h3" \(did you mean "z_h1"\?\)/);
  writeFileSync(join(dir, "blank.yaml"), "z_h1: null\nforward:\n  a_h1: ~\n");
  expectUsage(["check", SPEC, join(dir, "blank.yaml")], /^tracegrad: .*blank\.yaml:1:1: answers nothing: every value is null or absent/);
  expectUsage(["check", SPEC, join(dir, "missing.yaml")], /file not found: .*missing\.yaml/);
  expectUsage(["check", SPEC, PUBLISHED, "--tolerance", "half"], /--tolerance must be a number or a percentage such as 0\.5%, got "half"/);
  expectUsage(["check", SPEC], /missing required argument 'answers'/);
});

test("a class: one answers file per student into a gradebook, and a line per student", () => {
  const dir = scratch();
  const answers = join(dir, "answers");
  mkdirSync(answers);
  writeFileSync(join(answers, "alice.json"), readFileSync(exactAnswersFile(dir)));
  writeFileSync(join(answers, "bob.yaml"), readFileSync(PUBLISHED));
  writeFileSync(join(answers, "carol.yaml"), "E: 0.5212\ndelta_o1: 0.6444\n"); // sse, and δ without σ'(z)
  writeFileSync(join(answers, "notes.txt"), "not an answers file");
  const csv = join(dir, "gradebook.csv");
  const r = runCli(["check", SPEC, answers, "--csv", csv]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^ {2}alice {4}30\/30 right \(100%\)\n/m);
  assert.match(r.stdout, /^ {2}bob {6}21\/25 right \(84%\) {2}wrong: ∂E\/∂w2, ∂E\/∂w3 \(swapped\); new w2, new w3 \(propagated-error\)$/m);
  assert.match(r.stdout, /^ {2}carol {4}0\/2 right \(0%\) {2}wrong: E \(factor-of-two\); δ_o1 \(missing-activation-derivative\)$/m);
  assert.match(r.stdout, /3 students: 1 with every answer right, 2 with a mistake\.\nGradebook written to .*gradebook\.csv\.\n$/);
  const rows = readFileSync(csv, "utf8").trimEnd().split("\n").map((l) => l.split(","));
  assert.deepEqual(rows[0].slice(0, 5), ["student", "right", "answered", "score %", "z_h1"]);
  assert.deepEqual(rows.map((row) => row.slice(0, 4)), [
    ["student", "right", "answered", "score %"],
    ["alice", "30", "30", "100"],
    ["bob", "21", "25", "84"],
    ["carol", "0", "2", "0"],
  ]);
  const column = (key: string) => rows[0].indexOf(key);
  assert.equal(rows[2][column("dE/dw2")], "swapped");
  assert.equal(rows[2][column("dE/dw1")], "ok");
  assert.equal(rows[3][column("E")], "factor-of-two");
  assert.equal(rows[3][column("delta_o1")], "missing-activation-derivative");
  assert.equal(rows[3][column("z_h1")], "", "not answered");
  assert.deepEqual(readdirSync(dir).sort(), ["answers", "exact.json", "gradebook.csv"], "written atomically, no temporary file left");
});

test("a class with a malformed answers file: the others are graded, the file is reported, exit 2", () => {
  const dir = scratch();
  writeFileSync(join(dir, "alice.yaml"), readFileSync(PUBLISHED));
  writeFileSync(join(dir, "dave.yaml"), "z_h9: 1\n");
  const csv = join(dir, "out", "book.csv");
  const r = runCli(["check", SPEC, dir, "--csv", csv, "--json"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^tracegrad: .*dave\.yaml:1:1: z_h9: unknown quantity "z_h9"/);
  const out = JSON.parse(r.stdout);
  assert.equal(out.students.length, 2);
  assert.equal(out.students[0].score.right, 21);
  assert.match(out.students[1].error, /z_h9/);
  assert.match(readFileSync(csv, "utf8"), /\ndave,,,,.*,.*z_h9.*\n$/);
});

test("--help of check and exercise", () => {
  for (const command of ["check", "exercise"]) {
    const r = runCli([command, "--help"]);
    assert.equal(r.status, 0);
    assert.match(r.stdout, new RegExp(`Usage: tracegrad ${command}`));
  }
});

test("a class: a file that answers nothing is reported like a malformed one", () => {
  const dir = scratch();
  writeFileSync(join(dir, "alice.yaml"), readFileSync(PUBLISHED));
  writeFileSync(join(dir, "erin.yaml"), "z_h1: null\n");
  const r = runCli(["check", SPEC, dir, "--json"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /^tracegrad: .*erin\.yaml:1:1: answers nothing/);
  assert.match(JSON.parse(r.stdout).students[1].error, /answers nothing/);
});
