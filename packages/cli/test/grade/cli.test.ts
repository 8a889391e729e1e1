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
  assert.match(r.stdout, /\nright 30, carried forward 0, wrong 0 \(points 30\/30\)\. All 30 answered values are right\.\n$/);
});

test("check of seed 001's published answers: the w2/w3 swap with its explanation and the correct working, exit 1", () => {
  const r = runCli(["check", SPEC, PUBLISHED]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /✗ ∂E\/∂w2 = 0\.00287383, expected 0\.0025736051: swapped\n {6}This is the value of ∂E\/∂w3 \(0\.0028738346\), and ∂E\/∂w3 was given the value of ∂E\/∂w2: the two are swapped\. w2 connects i2 to h1\.\n {6}Correct working: ∂E\/∂w2 = δ_h1·i2 = 0\.0051472103·0\.5 = 0\.0025736051\n/);
  // The second half of the swap is referred to the first, not explained again.
  assert.match(r.stdout, /✗ ∂E\/∂w3 = 0\.00257361, expected 0\.0028738346: swapped\n {6}The same mistake as in ∂E\/∂w2 above\.\n {6}Correct working: ∂E\/∂w3 = /);
  // Its new w2 is right for its swapped gradient, not for the true one: carried forward.
  assert.match(r.stdout, /↪ new w2 = 0\.39999713, expected 0\.39999743: carried forward \(propagated-error\)\n {6}Consistent with your ∂E\/∂w2 = 0\.00287383 \(swapped\)/);
  assert.match(r.stdout, /\nright 21, carried forward 2, wrong 2 \(points 23\/29\)\. Wrong: ∂E\/∂w2, ∂E\/∂w3 \(swapped\)\. Carried forward: new w2, new w3\.\n$/);
});

test("check --json: the report as one object", () => {
  const r = runCli(["check", SPEC, PUBLISHED, "--json"]);
  assert.equal(r.status, 1);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(out), ["correct", "score", "tolerance", "followThroughCredit", "items"]);
  assert.equal(out.correct, false);
  assert.deepEqual(out.score, { right: 21, answered: 25, followThrough: 2, points: 23, maxPoints: 29 });
  const w2 = out.items.find((i: { path: string }) => i.path === "layers[0].dW[0][1]");
  for (const key of ["path", "name", "expected", "given", "ok", "status", "diagnosis", "alternatives", "explanation"]) assert.ok(key in w2, key);
  assert.equal(w2.status, "wrong");
  assert.deepEqual(w2.alternatives, []);
  const newW2 = out.items.find((i: { path: string }) => i.path === "layers[0].weights[0][1]");
  assert.equal(newW2.status, "carried-forward");
  assert.equal(newW2.diagnosis, "propagated-error");
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

test("--follow-through-credit: the part of a point a value carried forward earns", () => {
  const score = (credit: string) => JSON.parse(runCli(["check", SPEC, PUBLISHED, "--json", "--follow-through-credit", credit]).stdout).score;
  assert.deepEqual(score("0.5"), { right: 21, answered: 25, followThrough: 2, points: 22, maxPoints: 29 });
  assert.equal(score("0").points, 21);
  assert.match(runCli(["check", SPEC, PUBLISHED, "--follow-through-credit", "0.25"]).stdout, /right 21, carried forward 2, wrong 2 \(points 21\.5\/29\)/);
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
  const long = join(dir, "answers.csv");
  const r = runCli(["check", SPEC, answers, "--csv", csv, "--csv-long", long]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^ {2}alice {4}right 30, carried forward 0, wrong 0 \(points 30\/30\)\n/m);
  assert.match(r.stdout, /^ {2}bob {6}right 21, carried forward 2, wrong 2 \(points 23\/29\) {2}wrong: ∂E\/∂w2, ∂E\/∂w3 \(swapped\)$/m);
  assert.match(r.stdout, /^ {2}carol {4}right 0, carried forward 0, wrong 2 \(points 0\/29\) {2}wrong: E \(factor-of-two\); δ_o1 \(missing-activation-derivative\)$/m);
  assert.match(r.stdout, /3 students: 1 with every answer right, 2 with a mistake\.\nGradebook written to .*gradebook\.csv\.\nOne row per answered value written to .*answers\.csv\.\n$/);
  // One row per student and exercise; alice answered the loss after the update as well (30 of 30).
  const rows = readFileSync(csv, "utf8").trimEnd().split("\n").map((l) => l.split(","));
  assert.deepEqual(rows, [
    ["student", "exercise", "points", "maxPoints", "right", "carriedForward", "wrong", "answered"],
    ["alice", "module11-2-2-2", "30", "30", "30", "0", "0", "30"],
    ["bob", "module11-2-2-2", "23", "29", "21", "2", "2", "25"],
    ["carol", "module11-2-2-2", "0", "29", "0", "0", "2", "2"],
  ]);
  const longRows = readFileSync(long, "utf8").trimEnd().split("\n").map((l) => l.split(","));
  assert.deepEqual(longRows[0], ["student", "exercise", "quantity", "given", "expected", "status", "diagnosis", "alternatives"]);
  assert.equal(longRows.length, 1 + 30 + 25 + 2);
  const row = (student: string, quantity: string) => longRows.find((x) => x[0] === student && x[2] === quantity)!;
  assert.equal(row("bob", "dE/dw2")[3], "0.00287383");
  assert.ok(Math.abs(Number(row("bob", "dE/dw2")[4]) - 0.0025736051) < 1e-10, "the expected value at full precision (the seed's errata: 0.0025736051)");
  assert.deepEqual(row("bob", "dE/dw2").slice(5), ["wrong", "swapped", ""]);
  assert.deepEqual(row("bob", "w2").slice(5), ["carried-forward", "propagated-error", ""]);
  assert.deepEqual(row("bob", "dE/dw1").slice(5), ["right", "", ""]);
  assert.deepEqual(row("carol", "E").slice(5), ["wrong", "factor-of-two", ""]);
  assert.deepEqual(row("carol", "delta_o1").slice(5), ["wrong", "missing-activation-derivative", ""]);
  assert.deepEqual(readdirSync(dir).sort(), ["answers", "answers.csv", "exact.json", "gradebook.csv"], "written atomically, no temporary file left");
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
  assert.match(readFileSync(csv, "utf8"), /^student,exercise,points,maxPoints,right,carriedForward,wrong,answered,error\nalice,module11-2-2-2,23,29,21,2,2,25,\ndave,module11-2-2-2,,,,,,,".*dave\.yaml:1:1: z_h9: unknown quantity ""z_h9"".*"\n$/);
});

test("--hints: the mistake and the formula with the learner's own values, never the correct number", () => {
  const dir = scratch();
  // δ_o1 without σ'(z_o1), from the learner's own a_o1: (a_o1 - t1) = 0.69443512 - 0.05.
  writeFileSync(join(dir, "a.yaml"), "a_o1: 0.6944\ndelta_o1: 0.6444\n");
  const r = runCli(["check", SPEC, join(dir, "a.yaml"), "--hints"]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /✗ δ_o1 = 0\.6444: missing-activation-derivative\n {6}This leaves out the factor σ'\(z_o1\): δ_o1 = ∂E\/∂a·σ'\(z_o1\), not ∂E\/∂a alone\. With your own values: δ_o1 = ∂E\/∂a_o1·a_o1·\(1 - a_o1\) = ∂E\/∂a_o1·0\.6944·\(1 - 0\.6944\)\n/);
  assert.doesNotMatch(r.stdout, /0\.1367|0\.6444351|expected|Correct working/, "neither the correct δ_o1 = 0.1367459, nor ∂E/∂a_o1 = 0.64443512, nor the working");
  const json = JSON.parse(runCli(["check", SPEC, join(dir, "a.yaml"), "--hints", "--json"]).stdout);
  const item = json.items.find((i: { key: string }) => i.key === "delta_o1");
  assert.equal(item.expected, undefined);
  assert.equal(item.working, null);
  assert.match(item.hint, /With your own values/);
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
