/**
 * tracegrad check SET ANSWERS, as a teacher runs it: a set of 30 exercises (exercise --count 30) and 5
 * students' answer folders (ANSWERS/<student>/NN.yaml, 6 exercises each) in one call, both gradebooks
 * read back. The answers come from the independent reference (one misconception per student), never
 * from the code under test; the points are checked against the exercises' own answers templates.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { runCli } from "../cli/run-cli.js";
import { loadStepSpec } from "../../src/files/load-step-spec.js";
import { learnerAnswers } from "../../../tracegrad/test/grade/misconception-cases.js";
import type { Misconception } from "../../../tracegrad/test/reference/misconceptions.js";

/** The students, and the one misconception each has (null: none). */
const STUDENTS: [string, Misconception | null][] = [
  ["ana", null],
  ["ben", "sign-flipped"],
  ["cy", "factor-of-two"],
  ["dee", "missing-activation-derivative"],
  ["eli", "wrong-direction"],
];

function csvRows(file: string): string[][] {
  return readFileSync(file, "utf8").trimEnd().split("\n").map((line) => line.split(","));
}

test("a set of 30 exercises and 5 students' folders graded in one call: one gradebook row per student and exercise, one long row per answered value", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-set-"));
  const set = join(dir, "set");
  assert.equal(runCli(["exercise", "--seed", "21", "--count", "30", "--out", set]).status, 0);
  const answers = join(dir, "answers");
  /** What each file should get: the number of template quantities, and where the misconception is made. */
  const expected = new Map<string, { asked: number; made: Set<string>; m: Misconception | null }>();
  STUDENTS.forEach(([student, m], s) => {
    mkdirSync(join(answers, student), { recursive: true });
    for (let k = 0; k < 6; k++) {
      const exercise = String(s * 6 + k + 1).padStart(2, "0");
      const spec = loadStepSpec(join(set, exercise, "exercise.yaml"));
      const learner = learnerAnswers(spec, m);
      writeFileSync(join(answers, student, `${exercise}.json`), JSON.stringify(learner.answers));
      const asked = Object.keys(parse(readFileSync(join(set, exercise, "answers.yaml"), "utf8")) as object).length;
      expected.set(`${student}/${exercise}`, { asked, made: learner.made, m });
    }
  });
  const gradebook = join(dir, "gradebook.csv");
  const long = join(dir, "long.csv");
  const r = runCli(["check", set, answers, "--csv", gradebook, "--csv-long", long]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /^Grading 30 answers files in .*answers against the 30 exercises of .*set \(relative tolerance 0\.5%\)\n/);
  assert.match(r.stdout, /\n30 answers files: 6 with every answer right, 24 with a mistake\.\n/);

  const rows = csvRows(gradebook);
  assert.deepEqual(rows[0], ["student", "exercise", "points", "maxPoints", "right", "carriedForward", "wrong", "answered"]);
  assert.equal(rows.length, 31);
  for (const row of rows.slice(1)) {
    const [student, exercise, points, maxPoints, right, carried, wrong, answered] = row;
    const want = expected.get(`${student}/${exercise}`);
    assert.ok(want !== undefined, `${student}/${exercise}`);
    // Every quantity of the template answered; the points count right values and carried-forward ones (credit 1).
    assert.equal(Number(maxPoints), want.asked, `${student}/${exercise}: maxPoints`);
    assert.equal(Number(answered), want.asked);
    assert.equal(Number(right) + Number(carried) + Number(wrong), want.asked);
    assert.equal(Number(points), Number(right) + Number(carried));
    if (want.m === null) assert.deepEqual([points, carried, wrong], [maxPoints, "0", "0"], `${student}/${exercise}`);
    else assert.ok(Number(wrong) >= 1 && Number(wrong) <= want.made.size, `${student}/${exercise}: ${wrong} wrong of ${want.made.size} made`);
  }

  const longRows = csvRows(long);
  assert.deepEqual(longRows[0], ["student", "exercise", "quantity", "given", "expected", "status", "diagnosis", "alternatives"]);
  assert.equal(longRows.length - 1, [...expected.values()].reduce((s, e) => s + e.asked, 0));
  for (const [student, exercise, , given, exact, status, diagnosis, alternatives] of longRows.slice(1)) {
    assert.ok(["right", "carried-forward", "wrong"].includes(status));
    assert.ok(Number.isFinite(Number(given)) && Number.isFinite(Number(exact)));
    const want = expected.get(`${student}/${exercise}`)!;
    if (status === "right") assert.deepEqual([diagnosis, alternatives], ["", ""]);
    if (status === "carried-forward") assert.equal(diagnosis, "propagated-error");
    if (status === "wrong" && want.m !== null) assert.ok([diagnosis, ...alternatives.split(" ")].includes(want.m) || diagnosis === "", `${student}/${exercise}: ${diagnosis} ${alternatives}`);
  }
  // Where ben's misconception is made (δ of the outputs), it is named.
  const benDelta = longRows.filter((row) => row[0] === "ben" && /^delta_o/.test(row[2]) && row[5] === "wrong");
  assert.ok(benDelta.length >= 6);
  for (const row of benDelta) assert.equal(row[6], "sign-flipped");
  assert.deepEqual(readdirSync(dir).sort(), ["answers", "gradebook.csv", "long.csv", "set"], "no temporary files left");
});

test("a set's answers as NN.yaml files or as a roster.csv; names a spreadsheet would run as formulas are written as text", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-set-"));
  const set = join(dir, "set");
  assert.equal(runCli(["exercise", "--seed", "4", "--count", "3", "--out", set]).status, 0);
  const flat = join(dir, "flat");
  mkdirSync(flat);
  for (const k of ["01", "3"]) writeFileSync(join(flat, `${k}.json`), runCli(["step", join(set, k.padStart(2, "0"), "exercise.yaml"), "--json"]).stdout);
  const r = runCli(["check", set, flat, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.deepEqual(out.students.map((s: { student: string; exercise: string }) => [s.student, s.exercise]), [["01", "01"], ["3", "03"]]);

  writeFileSync(join(dir, "roster.csv"), 'student,exercise,answers\n"=HYPERLINK(""x"")",1,flat/01.json\n-cmd,03,flat/3.json\n+A1,3,flat/3.json\n@sum,1,flat/01.json\n');
  const book = join(dir, "book.csv");
  const long = join(dir, "long.csv");
  assert.equal(runCli(["check", set, join(dir, "roster.csv"), "--csv", book, "--csv-long", long]).status, 0);
  const names = csvRows(book).slice(1).map((row) => row.slice(0, 2).join(","));
  assert.deepEqual(names, ['"\'=HYPERLINK(""x"")",01', "'-cmd,03", "'+A1,03", "'@sum,01"]);
  assert.ok(csvRows(long).slice(1).every((row) => /^("?')/.test(row[0])), "the long gradebook too");
  // A negative number stays a number.
  assert.ok(csvRows(long).some((row) => /^-\d/.test(row[3])));
});

test("a set's answers that do not fit it: one line naming the file, exit 2", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-set-"));
  const set = join(dir, "set");
  assert.equal(runCli(["exercise", "--seed", "4", "--count", "2", "--out", set]).status, 0);
  const flat = join(dir, "flat");
  mkdirSync(flat);
  writeFileSync(join(flat, "07.yaml"), "z_h1: 1\n");
  const r = runCli(["check", set, flat]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /^tracegrad: .*07\.yaml: answers exercise "07", which the set does not have \(it has 01 to 02\)\n$/);
  writeFileSync(join(dir, "roster.csv"), "student,answers\nana,flat/07.yaml\n");
  const roster = runCli(["check", set, join(dir, "roster.csv")]);
  assert.equal(roster.status, 2);
  assert.match(roster.stderr, /^tracegrad: .*roster\.csv:1:1: the header has no column "exercise"; a roster has the columns student,exercise,answers\n$/);
});
