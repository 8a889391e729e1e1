/**
 * Problem sets (`tracegrad exercise --set FILE`, issue 12 item 3): one sheet of several parts per
 * student, graded as one; each part's numbers checked against closed forms here.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { parse } from "yaml";
import { parseSource } from "../../src/common/source.js";
import { checkAnswers } from "../../src/exercise/check.js";
import { drawSet, loadSet, readProblemSet } from "../../src/exercise/problem-set.js";

const SHEET = `title: A sheet
parts:
  - type: scaling
    method: standardize
    std: population
    rows: 3
    features: 2
  - type: init
    scheme: he
    layers: 8-4-2
  - type: l2
    weights: 2
    noBias: true
`;

function sheet(seed = 5) {
  return drawSet(readProblemSet(parseSource(SHEET, "sheet.yaml")), { seed });
}

test("a sheet: its key under part1:, part2:, … agrees with closed forms, is graded all right from its exercise.json, and the same seed gives the same files", () => {
  const s = sheet();
  const key = parse(s.files["key.yaml"]) as Record<string, Record<string, number>>;
  assert.deepEqual(Object.keys(key), ["part1", "part2", "part3"]);
  // Part 1: standardization with the population σ.
  const data = (JSON.parse(s.files["exercise.json"]) as { parts: { data: number[][] }[] }).parts[0].data;
  const column = data.map((r) => r[0]);
  const mu = column.reduce((a, b) => a + b, 0) / column.length;
  assert.ok(Math.abs(key.part1.mu_1 - mu) < 1e-12);
  assert.ok(Math.abs(key.part1.sigma_1 - Math.sqrt(column.reduce((a, x) => a + (x - mu) ** 2, 0) / column.length)) < 1e-12);
  // Part 2: He on 8-4-2.
  assert.ok(Math.abs(key.part2.r_1 - Math.sqrt(6 / 8)) < 1e-15);
  assert.ok(Math.abs(key.part2.sigma_2 - Math.sqrt(2 / 4)) < 1e-15);
  // Graded from the sheet's exercise.json alone, as a student checks.
  const checkable = loadSet(parseSource(s.files["exercise.json"], "exercise.json"));
  const report = checkAnswers(checkable, key);
  assert.equal(report.correct, true, report.items.filter((i) => !i.ok).map((i) => i.key).join(", "));
  assert.equal(report.items.length, Object.values(key).reduce((n, part) => n + Object.keys(part).length, 0));
  assert.deepEqual(sheet().files, s.files);
  assert.notEqual(sheet(6).files["exercise.json"], s.files["exercise.json"]);
  assert.ok(!/: -?\d/.test(s.files["answers.yaml"].replace(/^#.*$/gm, "")), "the template holds no number");
});

test("a sheet's mistake is named in its own part: Xavier's bound in the He part is wrong-scheme", () => {
  const s = sheet();
  const key = parse(s.files["key.yaml"]) as Record<string, Record<string, number>>;
  const answers = structuredClone(key);
  answers.part2.r_1 = Math.sqrt(6 / (8 + 4));
  const report = checkAnswers(s.checkable, answers);
  const item = report.items.find((i) => i.key === "part2.r_1")!;
  assert.equal(item.ok, false);
  assert.equal(item.diagnosis, "wrong-scheme");
  assert.equal(report.items.filter((i) => !i.ok).length, 1);
});

test("a set file's mistakes are one line with the part's field, line and column", () => {
  assert.throws(() => readProblemSet(parseSource("parts:\n  - type: scalling\n", "sheet.yaml")), /sheet\.yaml:2:.*type.*did you mean "scaling"/);
  const set = readProblemSet(parseSource("parts:\n  - type: scaling\n    rows: 9\n", "sheet.yaml"));
  assert.throws(() => drawSet(set, { seed: 1 }), /sheet\.yaml:3:.*rows: must be a whole number from 2 to 6/);
  const other = readProblemSet(parseSource("parts:\n  - type: scaling\n    layers: 2-2\n", "sheet.yaml"));
  assert.throws(() => drawSet(other, { seed: 1 }), /sheet\.yaml:3:.*layers: is not an option of the scaling exercise \(its options: method, std, rows, features\)/);
});
