/**
 * Breaks of the rule for bad input that a hostile-input run found (a user's mistake is one line naming
 * the file, the field, the line and column, exit 2; nothing half-written), run as a user meets them:
 * through the built `tracegrad`, in a folder of the example's files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { assertUserError, folders, run } from "./hostile-cli.js";

/** Folders of a test's own files, removed at the end. */
const folder = folders("tracegrad-rule-");

/** A roster of `rows` answers files, student s<i> answering exercise 01 or 02 in turn with `file(exercise)`. */
function roster(rows: number, file: (exercise: string) => string): string {
  const lines = ["student,exercise,answers"];
  for (let i = 0; i < rows; i++) {
    const exercise = i % 2 === 0 ? "01" : "02";
    lines.push(`s${i},${exercise},${file(exercise)}`);
  }
  return lines.join("\n") + "\n";
}

test("a roster.csv of more than 10,000 answers files is refused at the row past the limit, before any is read; 10,000 are graded", () => {
  const dir = folder();
  const made = run(dir, ["exercise", "--seed", "6", "--count", "2", "--out", "set"]);
  assert.equal(made.status, 0, made.stderr);
  mkdirSync(join(dir, "class"));
  for (const exercise of ["01", "02"]) writeFileSync(join(dir, "class", `${exercise}.yaml`), readFileSync(join(dir, "set", exercise, "key.yaml"), "utf8"));
  // Past the limit the rows name files that do not exist: none of them is read.
  writeFileSync(join(dir, "class", "roster.csv"), roster(10_001, (exercise) => `missing-${exercise}.yaml`));
  assertUserError(run(dir, ["check", "set", "class/roster.csv"]), /^tracegrad: class\/roster\.csv:10002:1: 10,001 answers files by this row; the limit is 10,000 \(grade a larger class a roster at a time\)$/, "10,001 rows");
  writeFileSync(join(dir, "class", "roster.csv"), roster(10_000, (exercise) => `${exercise}.yaml`));
  const r = run(dir, ["check", "set", "class/roster.csv", "--csv", "grades.csv"]);
  assert.equal(r.status, 0, r.stderr.slice(0, 400));
  assert.match(r.stdout, /^10000 answers files: 10000 with every answer right, 0 with a mistake\.$/m);
  assert.equal(readFileSync(join(dir, "grades.csv"), "utf8").trimEnd().split("\n").length, 10_001);
});

const SPEC = readFileSync("examples/module11-2-2-2.yaml", "utf8");
const PUBLISHED = readFileSync("examples/answers/module11-published.yaml", "utf8");

test("a spec's published: that is neither a file name nor a mapping of answers is refused at its line and column", () => {
  // The example's published: is its line 11, the value from column 12.
  assert.match(SPEC.split("\n")[10], /^published: /);
  const dir = folder({ "answers.yaml": PUBLISHED });
  for (const value of ["42", "true", "[answers.yaml]", "[0.1, 0.2]"]) {
    writeFileSync(join(dir, "spec.yaml"), SPEC.replace(/^published: .*$/m, `published: ${value}`));
    const got = value === "42" || value === "true" ? value : "a list";
    const refused = new RegExp(`^tracegrad: spec\\.yaml:11:12: published: expected the name of an answers file or a mapping of answers \\(the names of the worked solution\\), got ${got}$`);
    for (const args of [["step", "spec.yaml"], ["check", "spec.yaml", "answers.yaml"], ["gradcheck", "spec.yaml"]]) assertUserError(run(dir, args), refused, `${args[0]} with published: ${value}`);
  }
  // A file name, a mapping of answers, and nothing (null) are read as before.
  for (const value of ["answers.yaml", "{E_total: 0.298371109}", "null", ""]) {
    writeFileSync(join(dir, "spec.yaml"), SPEC.replace(/^published: .*$/m, `published: ${value}`));
    const r = run(dir, ["step", "spec.yaml"]);
    assert.equal(r.status, 0, `published: ${value}: ${r.stderr}`);
  }
});

test("train --out DIR whose input is then refused leaves no folder behind; a folder that was there stays", () => {
  const dir = folder({ "bad.csv": "x0,x1,label\n0,0,0\n0,zero,1\n", "good.csv": "x0,x1,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n" });
  mkdirSync(join(dir, "there"));
  for (const out of ["run", "new/deeper/run", "there"]) {
    assertUserError(run(dir, ["train", "--data", "bad.csv", "--layers", "2-3-1", "--epochs", "1", "--quiet", "--out", out]), /^tracegrad: bad\.csv:3:2: column "x1": expected a number, got "zero"$/, `--out ${out}`);
  }
  assert.deepEqual(readdirSync(dir).sort(), ["bad.csv", "good.csv", "there"], "no folder made by the refused runs");
  assert.deepEqual(readdirSync(join(dir, "there")), [], "the folder that was there is kept, without a lock");
  const r = run(dir, ["train", "--data", "good.csv", "--layers", "2-3-1", "--epochs", "1", "--quiet", "--out", "new/run"]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(readdirSync(join(dir, "new", "run")).includes("model.json"), "a run that works keeps its folder");
});

test("train --out: when model.json cannot be written, metrics.json is not replaced either, and no temporary file is left", () => {
  const dir = folder({ "good.csv": "x0,x1,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n", "afile": "not a folder" });
  const first = run(dir, ["train", "--data", "good.csv", "--layers", "2-3-1", "--epochs", "1", "--quiet", "--out", "run"]);
  assert.equal(first.status, 0, first.stderr);
  const metrics = readFileSync(join(dir, "run", "metrics.json"), "utf8");
  // model.json, now a link to a place under a file: it cannot be written.
  rmSync(join(dir, "run", "model.json"));
  symlinkSync(join("..", "afile", "model.json"), join(dir, "run", "model.json"));
  const before = readdirSync(join(dir, "run")).sort();
  assertUserError(run(dir, ["train", "--data", "good.csv", "--layers", "2-3-1", "--epochs", "3", "--quiet", "--out", "run"]), /^tracegrad: cannot write run\/model\.json: .*afile is a file, not a folder$/, "model.json unwritable");
  assert.equal(readFileSync(join(dir, "run", "metrics.json"), "utf8"), metrics, "the old metrics.json, beside the old model.json");
  assert.deepEqual(readdirSync(join(dir, "run")).sort(), before, "no temporary file left");
});

test("export --dtype float32 of a weight beyond float32's range (1e308) is refused at the weight's line and column, and writes nothing", () => {
  const dir = folder({ "good.csv": "x0,x1,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n" });
  const trained = run(dir, ["train", "--data", "good.csv", "--layers", "2-3-1", "--epochs", "1", "--quiet", "--out", "run"]);
  assert.equal(trained.status, 0, trained.stderr);
  const model = JSON.parse(readFileSync(join(dir, "run", "model.json"), "utf8")) as { layers: { weights: number[][] }[] };
  model.layers[1].weights[0][2] = 1e308;
  // One field a line, so that the weight's line and column are known: line 1 is "{", each layer's weights are written out.
  const text = JSON.stringify(model, null, 1);
  writeFileSync(join(dir, "big.json"), text);
  const at = text.indexOf("1e+308");
  const line = text.slice(0, at).split("\n").length;
  const column = at - text.lastIndexOf("\n", at - 1);
  assertUserError(
    run(dir, ["export", "big.json", "--format", "onnx", "--dtype", "float32", "--out", "big.onnx"]),
    new RegExp(`^tracegrad: big\\.json:${line}:${column}: layers\\[1\\]\\.weights\\[0\\]\\[2\\]: 1e\\+308 does not fit float32 \\(at most 3\\.4028235e\\+38 in magnitude\\); export as float64$`),
    "1e308 as float32",
  );
  const r = run(dir, ["export", "big.json", "--format", "onnx", "--dtype", "float64", "--out", "big.onnx"]);
  assert.equal(r.status, 0, r.stderr);
  rmSync(join(dir, "big.onnx"));
  assert.deepEqual(readdirSync(dir).sort(), ["big.json", "good.csv", "run"], "nothing written by the refused export");
});

test("a CSV number is decimal: 0x10, 0b101, 0o7, Infinity and 1_000 are refused at their row and column; 1e-3, .5, -0.25, +3 and \" 1 \" are read", () => {
  const dir = folder();
  for (const cell of ["0x10", "0b101", "0o7", "0X1F", "Infinity", "-Infinity", "1_000", "NaN"]) {
    writeFileSync(join(dir, "data.csv"), `x0,x1,label\n0,0,0\n1,${cell},1\n`);
    const refused = new RegExp(`^tracegrad: data\\.csv:3:2: column "x1": expected a number, got "${cell}"$`);
    assertUserError(run(dir, ["train", "--data", "data.csv", "--layers", "2-2-1", "--epochs", "1", "--quiet"]), refused, `train: ${cell}`);
    assertUserError(run(dir, ["scale", "data.csv", "--method", "minmax"]), refused, `scale: ${cell}`);
  }
  writeFileSync(join(dir, "data.csv"), "x0,x1,label\n1e-3,.5,0\n-0.25,+3,1\n 1 ,2.,0\n-.5,1E2,1\n");
  const scaled = run(dir, ["scale", "data.csv", "--method", "minmax", "--json"]);
  assert.equal(scaled.status, 0, scaled.stderr);
  const trained = run(dir, ["train", "--data", "data.csv", "--layers", "2-2-1", "--epochs", "1", "--quiet"]);
  assert.equal(trained.status, 0, trained.stderr);
  // A class label is any text: 0x10 as a label stays the label "0x10".
  writeFileSync(join(dir, "labels.csv"), "x0,x1,label\n0,0,0x10\n1,1,other\n");
  const labelled = run(dir, ["train", "--data", "labels.csv", "--layers", "2-2-2", "--epochs", "1", "--quiet", "--out", "run"]);
  assert.equal(labelled.status, 0, labelled.stderr);
  assert.deepEqual((JSON.parse(readFileSync(join(dir, "run", "model.json"), "utf8")) as { task: { classNames: string[] } }).task.classNames, ["0x10", "other"]);
});

test("an output that is one of the command's own input files is refused before any work, the input left as it was", () => {
  const csv = "x0,x1,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";
  const dir = folder({ "a.yaml": SPEC.replace(/^published: .*$/m, ""), "data.csv": csv, "state.json": '{"t": 0, "weights": [1, 2], "v": [0, 0]}\n' });
  symlinkSync("a.yaml", join(dir, "link.yaml"));
  const trained = run(dir, ["train", "--data", "data.csv", "--layers", "2-3-1", "--epochs", "1", "--quiet", "--out", "run"]);
  assert.equal(trained.status, 0, trained.stderr);
  const model = readFileSync(join(dir, "run", "model.json"), "utf8");
  const cases: [string[], RegExp][] = [
    [["step", "a.yaml", "-o", "a.yaml"], /^tracegrad: --out: cannot write a\.yaml: it is a\.yaml, which this command reads; give another file$/],
    [["step", "./a.yaml", "--out", "a.yaml"], /^tracegrad: --out: cannot write a\.yaml: it is \.\/a\.yaml, which this command reads; give another file$/],
    [["step", "link.yaml", "-o", "a.yaml"], /^tracegrad: --out: cannot write a\.yaml: it is link\.yaml, which this command reads; give another file$/],
    [["step", "a.yaml", "-o", "link.yaml"], /^tracegrad: --out: cannot write link\.yaml: it is a\.yaml, which this command reads; give another file$/],
    [["gradcheck", "a.yaml", "-o", "a.yaml"], /^tracegrad: --out: cannot write a\.yaml: it is a\.yaml, which this command reads/],
    [["check", "a.yaml", "data.csv", "--csv", "a.yaml"], /^tracegrad: --csv: cannot write a\.yaml: it is a\.yaml, which this command reads/],
    [["predict", "run/model.json", "data.csv", "-o", "data.csv"], /^tracegrad: --out: cannot write data\.csv: it is data\.csv, which this command reads/],
    [["export", "run/model.json", "--format", "onnx", "-o", "run/model.json"], /^tracegrad: --out: cannot write run\/model\.json: it is run\/model\.json, which this command reads/],
    [["scale", "data.csv", "--method", "minmax", "--scaled-out", "data.csv"], /^tracegrad: --scaled-out: cannot write data\.csv: it is data\.csv, which this command reads/],
    [["batchnorm", "data.csv", "-o", "data.csv"], /^tracegrad: --out: cannot write data\.csv: it is data\.csv, which this command reads/],
    [["update", "--gradient", "0.1,0.2", "--lr", "0.1", "--optimizer", "momentum", "--state", "state.json", "-o", "state.json"], /^tracegrad: --out: cannot write state\.json: it is state\.json, which this command reads/],
  ];
  const before = readdirSync(dir).sort();
  for (const [args, pattern] of cases) assertUserError(run(dir, args), pattern, args.join(" "));
  assert.equal(readFileSync(join(dir, "a.yaml"), "utf8"), SPEC.replace(/^published: .*$/m, ""));
  assert.equal(readFileSync(join(dir, "data.csv"), "utf8"), csv);
  assert.equal(readFileSync(join(dir, "run", "model.json"), "utf8"), model);
  assert.deepEqual(readdirSync(dir).sort(), before, "nothing written");
  // The state an update continues from may be replaced by the state after it: that is what --state-out is for.
  const inPlace = run(dir, ["update", "--gradient", "0.1,0.2", "--lr", "0.1", "--optimizer", "momentum", "--state", "state.json", "--state-out", "state.json"]);
  assert.equal(inPlace.status, 0, inPlace.stderr);
  assert.match(readFileSync(join(dir, "state.json"), "utf8"), /"t": 1/);
});

test("an output that is the published: answers file its spec names is refused too, the answers left as they were", () => {
  const dir = folder({ "spec.yaml": SPEC.replace(/^published: .*$/m, "published: answers/published.yaml"), "answers/published.yaml": PUBLISHED });
  for (const command of ["step", "gradcheck"]) {
    assertUserError(run(dir, [command, "spec.yaml", "-o", "answers/published.yaml"]), /^tracegrad: --out: cannot write answers\/published\.yaml: it is answers\/published\.yaml, which this command reads; give another file$/, command);
  }
  assert.equal(readFileSync(join(dir, "answers/published.yaml"), "utf8"), PUBLISHED);
  // Another file is written as before.
  const r = run(dir, ["step", "spec.yaml", "-o", "answers/solution.txt"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(readFileSync(join(dir, "answers/solution.txt"), "utf8"), /Where Module 11 activity, Problem 1 differs: it publishes ∂E\/∂w2 = /);
});

test("train --data FILE with one class names the file; a scale problem's data: file that cannot be read names the problem file, the field, its line and column", () => {
  const dir = folder({
    "one.csv": "x0,x1,label\n0,0,1\n1,1,1\n0,1,1\n",
    "missing.yaml": "title: a problem\nmethod: minmax\ndata: missing.csv\n",
    "folder.yaml": "title: a problem\nmethod: minmax\ndata: sub\n",
    "bad.yaml": "title: a problem\nmethod: minmax\ndata: bad.csv\n",
    "bad.csv": "a,b\n1,x\n",
  });
  mkdirSync(join(dir, "sub"));
  for (const layers of ["2-3-1", "2-3-2"]) {
    assertUserError(run(dir, ["train", "--data", "one.csv", "--layers", layers, "--epochs", "1", "--quiet"]), /^tracegrad: one\.csv: every row has the same class, "1"; a classifier needs 2 or more classes$/, `one class, ${layers}`);
  }
  assertUserError(run(dir, ["scale", "missing.yaml"]), /^tracegrad: missing\.yaml:3:7: data: file not found: missing\.csv \(named by data\)$/, "data: missing");
  assertUserError(run(dir, ["scale", "folder.yaml"]), /^tracegrad: folder\.yaml:3:7: data: sub is a folder, not a file; tracegrad reads regular files only \(named by data\)$/, "data: a folder");
  // A mistake inside the data file is said at its own place there.
  assertUserError(run(dir, ["scale", "bad.yaml"]), /^tracegrad: bad\.csv:2:2: column "b": expected a number, got "x"$/, "data: a malformed file");
});

/** Every file under `dir` (links not followed) and its bytes: to see that a refused run changed and made nothing. */
function snapshot(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (at: string): void => {
    for (const entry of readdirSync(join(dir, at), { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.set(path, entry.isSymbolicLink() ? `link` : readFileSync(join(dir, path), "latin1"));
    }
  };
  walk("");
  return files;
}

test("check: an output that is a file the command reads through a folder or a list (an exercise's, a class's, a set's answers, a roster's) is refused before any work", () => {
  const dir = folder();
  for (const args of [["exercise", "--seed", "3", "--out", "ex"], ["exercise", "--seed", "6", "--count", "2", "--out", "set"]]) {
    const made = run(dir, args);
    assert.equal(made.status, 0, made.stderr);
  }
  const key = readFileSync(join(dir, "ex", "key.yaml"), "utf8");
  mkdirSync(join(dir, "cls"));
  mkdirSync(join(dir, "ans"));
  for (const name of ["a.yaml", "cls/ana.yaml", "cls/bob.yaml"]) writeFileSync(join(dir, name), key);
  for (const exercise of ["01", "02"]) {
    const answers = readFileSync(join(dir, "set", exercise, "key.yaml"), "utf8");
    writeFileSync(join(dir, "ans", `${exercise}.yaml`), answers);
    writeFileSync(join(dir, "set", exercise === "01" ? "a1.yaml" : "a.yaml"), answers);
  }
  writeFileSync(join(dir, "set", "roster.csv"), "student,exercise,answers\nana,01,a1.yaml\nana,02,a.yaml\n");
  const reads = (option: string, path: string) => new RegExp(`^tracegrad: ${option}: cannot write ${path.replace(/\./g, "\\.")}: it is ${path.replace(/\./g, "\\.")}, which this command reads; give another file$`);
  const cases: [string[], RegExp][] = [
    [["check", "ex", "a.yaml", "-o", "ex/exercise.json"], reads("--out", "ex/exercise.json")],
    [["check", "ex", "a.yaml", "--csv", "ex/exercise.json"], reads("--csv", "ex/exercise.json")],
    [["check", "ex", "a.yaml", "--csv-long", "ex/exercise.json"], reads("--csv-long", "ex/exercise.json")],
    [["check", "ex", "cls", "--csv", "cls/ana.yaml"], reads("--csv", "cls/ana.yaml")],
    [["check", "ex", "cls", "-o", "cls/ana.yaml"], reads("--out", "cls/ana.yaml")],
    [["check", "ex", "cls", "--csv-long", "ex/exercise.json"], reads("--csv-long", "ex/exercise.json")],
    [["check", "set", "ans", "-o", "ans/01.yaml"], reads("--out", "ans/01.yaml")],
    [["check", "set", "ans", "--csv", "set/01/exercise.json"], reads("--csv", "set/01/exercise.json")],
    [["check", "set", "set/roster.csv", "--csv", "set/a1.yaml"], reads("--csv", "set/a1.yaml")],
    [["check", "set", "set/roster.csv", "--csv-long", "set/a.yaml"], reads("--csv-long", "set/a.yaml")],
    [["check", "set", "set/roster.csv", "--csv", "set/02/exercise.json"], reads("--csv", "set/02/exercise.json")],
  ];
  const before = snapshot(dir);
  for (const [args, pattern] of cases) {
    assertUserError(run(dir, args), pattern, args.join(" "));
    assert.deepEqual(snapshot(dir), before, `${args.join(" ")}: every file as it was, none made`);
  }
  // Other files are written as before.
  for (const args of [["check", "ex", "cls", "--csv", "cls.csv"], ["check", "set", "set/roster.csv", "--csv", "set/grades.csv"], ["check", "set", "ans", "-o", "ans/report.txt"]]) {
    const r = run(dir, args);
    assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
  }
});

test("train and exercise: a file the --out folder would get that is the run's own config, data or set file is refused before any work", () => {
  const csv = "x0,x1,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n";
  const config = '{"data": "xor-easy", "layers": "2-3-1", "epochs": 1}\n';
  const set = "title: a sheet\nparts:\n  - type: bce\n";
  const dir = folder({ "o/metrics.json": config, "o/model.json": config, "o/config.json": config, "data.csv": csv, "s/01/answers.yaml": set, "t/answers.yaml": set, "t/set.yaml": set });
  mkdirSync(join(dir, "linked"));
  symlinkSync(join("..", "data.csv"), join(dir, "linked", "model.json"));
  const cases: [string[], RegExp][] = [
    [["train", "--config", "o/metrics.json", "--out", "o", "--quiet"], /^tracegrad: --out: cannot write o\/metrics\.json: it is o\/metrics\.json, which this command reads; give another folder$/],
    [["train", "--config", "o/model.json", "--out", "o", "--quiet"], /^tracegrad: --out: cannot write o\/model\.json: it is o\/model\.json, which this command reads; give another folder$/],
    [["train", "--data", "data.csv", "--layers", "2-3-1", "--epochs", "1", "--out", "linked", "--quiet"], /^tracegrad: --out: cannot write linked\/model\.json: it is data\.csv, which this command reads; give another folder$/],
    [["exercise", "--set", "s/01/answers.yaml", "--out", "s", "--count", "1"], /^tracegrad: --out: cannot write s\/01\/answers\.yaml: it is s\/01\/answers\.yaml, which this command reads; give another folder$/],
    [["exercise", "--set", "t/answers.yaml", "--out", "t"], /^tracegrad: --out: cannot write t\/answers\.yaml: it is t\/answers\.yaml, which this command reads; give another folder$/],
    [["exercise", "--set", "t/set.yaml", "--out", "u", "--handout", "t"], /^tracegrad: --handout: cannot write t\/answers\.yaml: it is t\/set\.yaml, which this command reads; give another folder$/],
  ];
  // A file the sheet gets that is a link to the set file (by another name) is the set file: compared by device and inode.
  rmSync(join(dir, "t", "answers.yaml"));
  symlinkSync("set.yaml", join(dir, "t", "answers.yaml"));
  cases[4] = [["exercise", "--set", "t/set.yaml", "--out", "t"], /^tracegrad: --out: cannot write t\/answers\.yaml: it is t\/set\.yaml, which this command reads; give another folder$/];
  const before = snapshot(dir);
  for (const [args, pattern] of cases) {
    assertUserError(run(dir, args), pattern, args.join(" "));
    assert.deepEqual(snapshot(dir), before, `${args.join(" ")}: every file as it was, none made`);
  }
  // A config or set file kept in the folder beside what the run writes is read as before.
  const trained = run(dir, ["train", "--config", "o/config.json", "--out", "o", "--quiet"]);
  assert.equal(trained.status, 0, trained.stderr);
  assert.equal(readFileSync(join(dir, "o", "config.json"), "utf8"), config);
  const drawn = run(dir, ["exercise", "--set", "s/01/answers.yaml", "--out", "s/sheets", "--count", "1"]);
  assert.equal(drawn.status, 0, drawn.stderr);
  assert.equal(readFileSync(join(dir, "s", "01", "answers.yaml"), "utf8"), set);
});

test("check: a symbolic link in an answers folder (a class's, a set's, a student's folder) that leads outside it is refused before it is read; --allow-outside reads it", () => {
  const dir = folder({ "secret/credentials.yaml": "aws_secret_access_key: hunter2-supersecret-token\n", "secret/01.yaml": "hunter2-supersecret-token\n" });
  for (const args of [["exercise", "--seed", "3", "--out", "ex"], ["exercise", "--seed", "6", "--count", "2", "--out", "set"]]) {
    const made = run(dir, args);
    assert.equal(made.status, 0, made.stderr);
  }
  const key = readFileSync(join(dir, "ex", "key.yaml"), "utf8");
  const setKey = readFileSync(join(dir, "set", "01", "key.yaml"), "utf8");
  const files = { "cls/ana.yaml": key, "ans/02.yaml": setKey, "students/ana/01.yaml": setKey, "students/bob/01.yaml": setKey, "linked/ana/01.yaml": setKey };
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  symlinkSync(join("..", "secret", "credentials.yaml"), join(dir, "cls", "evil.yaml"));
  symlinkSync(join(dir, "secret", "01.yaml"), join(dir, "ans", "01.yaml"));
  symlinkSync(join("..", "..", "secret", "01.yaml"), join(dir, "students", "bob", "02.yaml"));
  symlinkSync(join("..", "secret"), join(dir, "linked", "eve"));
  const refused = (file: string, folder: string) =>
    new RegExp(`^tracegrad: ${file}: leads outside the folder ${folder} \\(a symbolic link\\); tracegrad reads only files in that folder or below it, unless given --allow-outside$`);
  const cases: [string[], RegExp][] = [
    [["check", "ex", "cls"], refused("cls/evil\\.yaml", "cls")],
    [["check", "set", "ans"], refused("ans/01\\.yaml", "ans")],
    [["check", "set", "students"], refused("students/bob/02\\.yaml", "students")],
    [["check", "set", "linked"], refused("linked/eve", "linked")],
  ];
  const before = snapshot(dir);
  for (const [args, pattern] of cases) {
    const r = run(dir, [...args, "--csv", "grades.csv"]);
    assertUserError(r, pattern, args.join(" "));
    assert.doesNotMatch(r.stderr, /hunter2|aws_secret/, `${args.join(" ")}: nothing of the outside file`);
    assert.deepEqual(snapshot(dir), before, `${args.join(" ")}: every file as it was, none made`);
  }
  // A link that stays inside the folder is read as before; with --allow-outside, so is one that leads out.
  symlinkSync("ana.yaml", join(dir, "cls", "alias.yaml"));
  rmSync(join(dir, "cls", "evil.yaml"));
  const inside = run(dir, ["check", "ex", "cls"]);
  assert.equal(inside.status, 0, inside.stderr);
  assert.match(inside.stdout, /^2 students: 2 with every answer right, 0 with a mistake\.$/m);
  const allowed = run(dir, ["check", "set", "linked", "--allow-outside"]);
  assert.doesNotMatch(allowed.stderr, /leads outside/);
  assert.match(allowed.stderr, /linked\/eve\//, "the files of the linked student folder are read");
});
