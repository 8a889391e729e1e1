/**
 * Every example of issue 17 ("Hostile and oversized input: no crash, no hang, no leak, whatever a file
 * holds"), run as a user meets it: through the built `tracegrad`, in a folder of the example's files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { CLI } from "../cli/run-cli.js";
import { assertUserError, folders, run } from "./hostile-cli.js";

const SPEC = readFileSync("examples/module11-2-2-2.yaml", "utf8");
const PUBLISHED = readFileSync("examples/answers/module11-published.yaml", "utf8");
const SCALING = readFileSync("examples/nn-exercises-ex3-scaling.csv", "utf8");

/** Folders of a test's own files, removed at the end (some hold a million rows). */
const folder = folders("tracegrad-hostile-");

/** A YAML line with `count` aliases of one anchor, under a key of its own. */
function aliases(count: number): string {
  return `anchor: &a [1]\nmany: [${Array.from({ length: count }, () => "*a").join(", ")}]\n`;
}

/** A YAML "billion laughs": level k names level k - 1 ten times. */
const BOMB = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 8 }, (_, i) => `l${i + 1}: &l${i + 1} [${Array.from({ length: 10 }, () => `*l${i}`).join(", ")}]`)].join("\n") + "\n";

/** Every YAML reader of the issue: its command line, given the YAML file to read. */
const YAML_READERS: [string, (file: string) => string[]][] = [
  ["step", (f) => ["step", f]],
  ["gradcheck", (f) => ["gradcheck", f]],
  ["init --weights", (f) => ["init", "--weights", f]],
  ["check (the spec)", (f) => ["check", f, "answers.yaml"]],
  ["check (the answers)", (f) => ["check", "spec.yaml", f]],
  ["train --config", (f) => ["train", "--config", f, "--epochs", "1", "--quiet"]],
  ["update --state", (f) => ["update", "--gradient", "0.1,0.2", "--lr", "0.1", "--state", f]],
  ["dropout --input", (f) => ["dropout", "--rate", "0.5", "--input", f]],
  ["batchnorm", (f) => ["batchnorm", f]],
  ["scale", (f) => ["scale", f, "--method", "minmax"]],
];

test("YAML with more than 100 alias uses is read like one with 99 by every YAML reader; an alias bomb is one error at the alias past the budget", () => {
  const dir = folder({ "spec.yaml": SPEC.replace(/^published: .*$/m, ""), "answers.yaml": PUBLISHED });
  for (const [name, args] of YAML_READERS) {
    const outcomes = [99, 101].map((count) => {
      writeFileSync(join(dir, "x.yaml"), aliases(count));
      return run(dir, args("x.yaml"));
    });
    // A clean error about the file's content (it is no spec, state or matrix), with 99 aliases as with 101.
    for (const r of outcomes) {
      assertUserError(r, /^tracegrad: x\.yaml/, `${name} with aliases`);
      assert.doesNotMatch(r.stderr, /alias/i, name);
    }
    writeFileSync(join(dir, "bomb.yaml"), BOMB);
    // Level k repeats 10 lists of level k - 1, of 11, 111, 1,111 values: 110 + 1,110 by line 3, and on line 4
    // ("l3: &l3 [" then "*l2, " five characters apart) the 8th alias, at column 10 + 7·5, brings 10,108.
    assertUserError(run(dir, args("bomb.yaml")), /^tracegrad: bomb\.yaml:4:45: aliases repeat more than 10,000 values by here; the limit is 10,000$/, `${name} with a bomb`);
  }
});

test("JSON nested 10,000 deep (a spec's inputs, a model.json, an exercise.json) is one error at its line and column", () => {
  const deep = `${"[".repeat(10_000)}1${"]".repeat(10_000)}`;
  const model = JSON.parse(readFileSync(join(folderWithModel(), "model.json"), "utf8")) as Record<string, unknown>;
  const dir = folder({
    "spec.json": `{\n  "inputs": ${deep},\n  "layers": []\n}\n`,
    "model.json": JSON.stringify({ ...model, scaler: "DEEP" }, null, 2).replace('"DEEP"', deep),
    "exercise.json": `{"title": "x", "inputs": ${deep}}`,
    "points.csv": "x0,x1\n1,2\n",
    "answers.yaml": "E: 1\n",
  });
  // The spec's top mapping is depth 1: the 100th bracket of the list passes the limit of 100.
  assertUserError(run(dir, ["step", "spec.json"]), /^tracegrad: spec\.json:2:112: lists and mappings nest more than 100 deep here; the limit is 100$/, "spec");
  assertUserError(run(dir, ["predict", "model.json", "points.csv"]), /^tracegrad: model\.json:\d+:\d+: lists and mappings nest more than 100 deep/, "model");
  // The exercise's top object is depth 1: again the 100th bracket, counted here.
  const exercise = readFileSync(join(dir, "exercise.json"), "utf8");
  let at = -1;
  for (let i = 0; i < 100; i++) at = exercise.indexOf("[", at + 1);
  assertUserError(run(dir, ["check", "exercise.json", "answers.yaml"]), new RegExp(`^tracegrad: exercise\\.json:1:${at + 1}: lists and mappings nest more than 100 deep`), "exercise");
});

let trained: string | undefined;
/** A folder holding a model.json trained on a small CSV file. */
function folderWithModel(): string {
  if (trained !== undefined) return trained;
  trained = folder({ "data.csv": "x0,x1,label\n0,0,0\n0,1,1\n1,0,1\n1,1,0\n" });
  const r = run(trained, ["train", "--data", "data.csv", "--layers", "2-3-1", "--epochs", "2", "--quiet", "--out", "."]);
  assert.equal(r.status, 0, r.stderr);
  return trained;
}

test("sizes asked for beyond the budgets are one error that says the size and the limit, whether from a flag or from run.yaml", () => {
  const dir = folder({ "run.yaml": "data: xor-easy\nlayers: 2-4294967296-1\nepochs: 1\n" });
  const params = (sizes: string, count: string) => new RegExp(`^tracegrad: --layers: ${sizes} has ${count} weights and biases; the limit is 10,000,000 `);
  assertUserError(run(dir, ["train", "--layers", "2-100000000-1", "--epochs", "1"]), params("2-100000000-1", "400,000,001"), "train --layers 2-100000000-1");
  assertUserError(run(dir, ["train", "--layers", "2-4294967296-1", "--epochs", "1"]), params("2-4294967296-1", "17,179,869,185"), "train --layers 2-4294967296-1");
  assertUserError(run(dir, ["train", "--config", "run.yaml"]), /^tracegrad: run\.yaml:2:9: layers: 2-4294967296-1 has 17,179,869,185 weights and biases; the limit is 10,000,000 /, "run.yaml");
  // 100000 was inside init's own limit of a size; the network is not.
  assertUserError(run(dir, ["init", "--layers", "100000-100000"]), params("100000-100000", "10,000,100,000"), "init --layers 100000-100000");
  for (const classes of ["4294967296", "1000000000"]) {
    assertUserError(run(dir, ["train", "--data", "spiral", "--classes", classes, "--layers", "2-4-2", "--epochs", "1"]), new RegExp(`^tracegrad: --classes: must be at most 10,000 \\(the limit of classes\\), got ${classes}$`), `--classes ${classes}`);
  }
});

test("scale and batchnorm on a valid CSV file of 100,000 rows: one error at the row that passes the budget, no stack overflow", () => {
  const rows = Array.from({ length: 100_000 }, (_, i) => `${i % 97},${(i * 7) % 13},${i % 2}`).join("\n");
  const dir = folder({ "big.csv": `a,b,c\n${rows}\n` });
  // 3 numbers a row: row 33,334 (line 33,335) brings the count to 100,002.
  for (const args of [["scale", "big.csv", "--method", "standardize"], ["batchnorm", "big.csv"]]) {
    assertUserError(run(dir, args), /^tracegrad: big\.csv:33335:1: 100,002 numbers by this row; the limit is 100,000 \(a worked solution works every one of them\)$/, args[0]);
  }
});

test("activations --at with 4,000 points: the softmax's lines of 4,000 terms are summarised, and the output is a few MB, not hundreds", () => {
  const points = Array.from({ length: 4000 }, (_, i) => (i / 1000 - 2).toFixed(3)).join(",");
  const r = run(folder(), ["activations", "--at", points]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /the first 3 of 4,000 points: each line sums e\^z over all 4,000 points \(16,000,000 terms in all/);
  assert.ok(r.stdout.length < 12_000_000, `${r.stdout.length} characters`);
  // Every point is still in the table, softmax included: 4,000 rows of values and 4,000 of derivatives.
  const table = r.stdout.slice(r.stdout.lastIndexOf("Table"));
  assert.equal(table.split("\n").filter((line) => /^\s+-?\d/.test(line)).length, 8000);
  assertUserError(run(folder(), ["activations", "--at", Array.from({ length: 10_001 }, () => "1").join(",")]), /^tracegrad: --at: 10,001 points; the limit is 10,000/, "--at 10,001 points");
});

test("dropout --shape 1000x1000 (the documented maximum) works its first elements and shows the corner of its tables", () => {
  const started = performance.now();
  const r = run(folder(), ["dropout", "--rate", "0.5", "--shape", "1000x1000"]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.length < 20_000, `${r.stdout.length} characters`);
  assert.match(r.stdout, /Row 1, the first 10 of 1,000,000 elements/);
  // The note counts every element of the mask, as the JSON form gives it.
  const json = JSON.parse(run(folder(), ["dropout", "--rate", "0.5", "--shape", "1000x1000", "--json"]).stdout) as { mask: number[][]; kept: number };
  const kept = json.mask.flat().filter((m) => m === 2).length;
  assert.equal(json.kept, kept);
  assert.match(r.stdout, new RegExp(`${kept} of 1000000 elements kept`));
  assert.ok(performance.now() - started < 60_000, "minutes, not seconds: the issue's run took 127 s");
});

test("a YAML spec of one mapping of 100,000 keys (1.4 MB, under the YAML budget) is read in seconds: one error at its first missing field", () => {
  // yaml's own duplicate-key check compared each key with every key before it: this file took 94 s.
  const keys = Array.from({ length: 100_000 }, (_, i) => `k${i}: ${i}\n`).join("");
  const started = performance.now();
  assertUserError(run(folder({ "keys.yaml": keys }), ["step", "keys.yaml"], 60_000), /^tracegrad: keys\.yaml:1:1: inputs: is required/, "100,000 keys");
  assert.ok(performance.now() - started < 60_000, "seconds, not minutes: the file took 94 s");
  // The last key given again is still found, at its line.
  assertUserError(run(folder({ "again.yaml": `${keys}k99999: 1\n` }), ["step", "again.yaml"], 60_000), /^tracegrad: again\.yaml:100001:1: malformed YAML: Map keys must be unique$/, "a key given twice");
});

test("a YAML spec of 1.9 M small rows (47.5 MB), valid or not, is refused by its size before it is parsed", () => {
  const rows = "  - [0.1, 0.2, 0.3, 0.4, 0.5]\n".repeat(1_640_000);
  for (const [name, text] of [["valid.yaml", `inputs:\n${rows}layers:\n  - weights: [[1, 1, 1, 1, 1]]\n    activation: relu\n`], ["invalid.yaml", `inputs:\n${rows}layers: nothing\n`]]) {
    const dir = folder({ [name]: text });
    const bytes = statSync(join(dir, name)).size;
    assert.ok(bytes > 47_000_000, String(bytes));
    const mb = Math.ceil(bytes / 1024 / 1024);
    assertUserError(run(dir, ["step", name]), new RegExp(`^tracegrad: ${name.replace(".", "\\.")} is ${(Math.round((bytes / 1024 / 1024) * 10) / 10).toString().replace(".", "\\.")} MB; YAML files are read up to 4 MB \\(--max-file-size ${mb} reads it\\)$`), name);
  }
});

test("train --out on 1,000,000 rows writes its plots, the scatter plots drawn with 5,000 points and the accuracy over all of them", () => {
  const lines = ["x0,x1,label"];
  for (let i = 0; i < 1_000_000; i++) {
    const a = ((i * 7919) % 1000) / 1000;
    const b = ((i * 104729) % 997) / 997;
    lines.push(`${a},${b},${a > b ? 1 : 0}`);
  }
  const dir = folder({ "million.csv": lines.join("\n") + "\n" });
  const r = run(dir, ["train", "--data", "million.csv", "--layers", "2-4-1", "--epochs", "1", "--quiet", "--out", "run"], 300_000);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  for (const plot of ["learning-curve", "predictions", "decision-boundary", "confusion-matrix"]) for (const ext of [".svg", ".png"]) assert.ok(existsSync(join(dir, "run", plot + ext)), plot + ext);
  const svg = readFileSync(join(dir, "run", "predictions.svg"), "utf8");
  assert.match(svg, /accuracy [\d,]+\/1,000,000 \(\d+(\.\d)?%\); 5,000 points drawn/);
});

test("/dev/zero and a FIFO given as a file are refused at once: no endless read, no wait for a writer", () => {
  const dir = folder();
  assertUserError(run(dir, ["step", "/dev/zero"], 10_000), /^tracegrad: \/dev\/zero is a device, not a file; tracegrad reads regular files only$/, "/dev/zero");
  assertUserError(run(dir, ["train", "--data", "/dev/zero", "--epochs", "1"], 10_000), /is a device, not a file|neither a data set/, "train --data /dev/zero");
  if (spawnSync("mkfifo", [join(dir, "pipe.yaml")]).status === 0) {
    assertUserError(run(dir, ["step", "pipe.yaml"], 10_000), /^tracegrad: pipe\.yaml is a FIFO \(a named pipe\), not a file; tracegrad reads regular files only$/, "a FIFO");
    symlinkSync("pipe.yaml", join(dir, "link.yaml"));
    assertUserError(run(dir, ["step", "link.yaml"], 10_000), /^tracegrad: link\.yaml is a FIFO/, "a link to a FIFO");
  }
  assertUserError(run(dir, ["step", "."], 10_000), /^tracegrad: \. is a folder, not a file/, "a folder");
});

test("an output target that cannot be written is one error before any work: nothing reaches stdout", () => {
  const dir = folder({ "scaling.csv": SCALING, "afile": "keep" });
  mkdirSync(join(dir, "adir"));
  const scale = ["scale", "scaling.csv", "--method", "standardize"];
  assertUserError(run(dir, [...scale, "--scaled-out", "adir"]), /^tracegrad: --scaled-out: cannot write adir: it is a folder; give a file name$/, "--scaled-out DIR");
  assertUserError(run(dir, [...scale, "--scaled-out", "."]), /^tracegrad: --scaled-out: cannot write \.: it is a folder; give a file name$/, "--scaled-out .");
  assertUserError(run(dir, ["update", "--weights", "1,2", "--gradient", "0.1,0.2", "--lr", "0.1", "--state-out", "afile/x"]), /^tracegrad: --state-out: cannot write afile\/x: afile is a file, not a folder$/, "--state-out afile/x");
  symlinkSync("loop2", join(dir, "loop1"));
  symlinkSync("loop1", join(dir, "loop2"));
  assertUserError(run(dir, ["step", resolve("examples/module11-2-2-2.yaml"), "--out", "loop1"]), /^tracegrad: --out: cannot write loop1: too many levels of symbolic links$/, "a symlink loop as --out");
  assertUserError(run(dir, ["train", "--epochs", "1", "--out", "loop1"]), /^tracegrad: --out: cannot write loop1: too many levels of symbolic links$/, "a symlink loop as train --out");
  assertUserError(run(dir, [...scale, "--out", "same.txt", "--scaled-out", "same.txt"]), /^tracegrad: --out and --scaled-out name the same file: same\.txt; give each its own$/, "one file twice");
  // A device that is full passes the check; the file is written before anything is printed.
  if (existsSync("/dev/full")) assertUserError(run(dir, [...scale, "--scaled-out", "/dev/full"]), /^tracegrad: cannot write \/dev\/full: no space left on the device$/, "--scaled-out /dev/full");
  assert.deepEqual(readdirSync(dir).sort(), ["adir", "afile", "loop1", "loop2", "scaling.csv"], "no file written, no temporary file left");
});

test("an empty string is never a number or a path", () => {
  const dir = folder();
  assertUserError(run(dir, ["lab", "--seed", "", "--out", "lab", "--epochs", "1"]), /^tracegrad: --seed must be a whole number from -2147483648 to 2147483647, got ""$/, "lab --seed ''");
  assert.equal(existsSync(join(dir, "lab")), false, "the study did not start");
  for (const seed of ["", " "]) {
    const got = seed === "" ? '""' : '" "';
    assertUserError(run(dir, ["dropout", "--rate", "0.5", "--seed", seed]), new RegExp(`^tracegrad: --seed must be a whole number from 0 to 4294967295, got ${got}$`), `dropout --seed "${seed}"`);
    assertUserError(run(dir, ["init", "--layers", "2-2", "--seed", seed]), new RegExp(`^tracegrad: --seed must be a whole number from 0 to 4294967295, got ${got}$`), `init --seed "${seed}"`);
    assertUserError(run(dir, ["exercise", "--seed", seed, "--out", "ex"]), new RegExp(`^tracegrad: --seed must be a whole number from 0 to 4294967295, got ${got}$`), `exercise --seed "${seed}"`);
  }
  assertUserError(run(dir, ["exercise", "--out", ""]), /^tracegrad: --out: give a folder name, not an empty string$/, "exercise --out ''");
  assertUserError(run(dir, ["train", "--epochs", "1", "--out", ""]), /^tracegrad: --out: give a folder name, not an empty string$/, "train --out ''");
  assertUserError(run(dir, ["step", resolve("examples/module11-2-2-2.yaml"), "--out", ""]), /^tracegrad: --out: give a file name, not an empty string$/, "step --out ''");
  assertUserError(run(dir, ["step", ""]), /^tracegrad: give a file name, not an empty string$/, "step ''");
  assert.deepEqual(readdirSync(dir), [], "nothing written");
});

test("published: may not name a file outside the spec's folder; the message neither quotes it nor says whether it exists", () => {
  const spec = (published: string) => SPEC.replace(/^published: .*$/m, `published: ${published}`);
  const dir = folder({
    "class/shadow.yaml": spec("/etc/shadow"),
    "class/environ.yaml": spec("/proc/self/environ"),
    "class/up.yaml": spec("../../x"),
    "class/missing-outside.yaml": spec("../no-such-file.yaml"),
    "class/exists-outside.yaml": spec("../secret.yaml"),
    "secret.yaml": "E_total: sk-SECRET-TOKEN-123\n",
    "class/inside.yaml": spec("answers.yaml"),
    "class/answers.yaml": PUBLISHED,
  });
  symlinkSync(join(dir, "secret.yaml"), join(dir, "class", "link.yaml"));
  writeFileSync(join(dir, "class", "via-link.yaml"), spec("link.yaml"));
  const refused = (file: string, name: string) =>
    new RegExp(`^tracegrad: class/${file}: published: names a file outside the folder of class/${file} \\("${name}"\\); tracegrad reads only files in that folder or below it, unless given --allow-outside$`);
  for (const [file, name] of [["shadow.yaml", "/etc/shadow"], ["environ.yaml", "/proc/self/environ"], ["up.yaml", "../../x"], ["missing-outside.yaml", "../no-such-file.yaml"], ["exists-outside.yaml", "../secret.yaml"], ["via-link.yaml", "link.yaml"]]) {
    const r = run(dir, ["step", `class/${file}`]);
    assertUserError(r, refused(file, name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")), file);
    assert.doesNotMatch(r.stderr, /root:|SECRET|PATH=/, "no content of the file");
  }
  // check reads specs the same way.
  assertUserError(run(dir, ["check", "class/exists-outside.yaml", "class/answers.yaml"]), /published: names a file outside the folder/, "check");
  // Inside the folder it is read; --allow-outside lets the spec's own user reach further.
  assert.equal(run(dir, ["step", "class/inside.yaml"]).status, 0);
  const allowed = run(dir, ["step", "class/exists-outside.yaml", "--allow-outside"]);
  assertUserError(allowed, /^tracegrad: secret\.yaml:1:10: E_total: expected a number \(or null for no answer\), got "sk-SECRET-TOKEN-123"$/, "--allow-outside");
});

test("a roster's answers files stay in its folder too, the refusal at the roster's line and column", () => {
  const dir = folder({ "secret.yaml": "w1: 1\n" });
  const made = run(dir, ["exercise", "--seed", "6", "--count", "2", "--out", "set"]);
  assert.equal(made.status, 0, made.stderr);
  mkdirSync(join(dir, "class"));
  writeFileSync(join(dir, "class", "01.yaml"), readFileSync(join(dir, "set", "01", "answers.yaml"), "utf8"));
  writeFileSync(join(dir, "class", "roster.csv"), "student,exercise,answers\nana,01,01.yaml\nben,02,../secret.yaml\n");
  assertUserError(run(dir, ["check", "set", "class/roster.csv"]), /^tracegrad: class\/roster\.csv:3:3: answers: names a file outside the folder of class\/roster\.csv \("\.\.\/secret\.yaml"\); tracegrad reads only files in that folder or below it, unless given --allow-outside$/, "roster");
});

test("a value is quoted as a short excerpt, control characters escaped, never whole", () => {
  const secret = `sk-${"A".repeat(200)}`;
  const dir = folder({ "answers.yaml": `E_total: "${secret}"\n`, "spec.yaml": SPEC.replace(/^published: .*$/m, "") });
  const r = run(dir, ["check", "spec.yaml", "answers.yaml"]);
  assertUserError(r, /got "sk-A{37}…"$/, "a long value");
  assert.ok(!r.stderr.includes("A".repeat(41)));
  writeFileSync(join(dir, "answers.yaml"), `"E_t\\u001b[2Jotal\\nX": 0.26\n`);
  const escaped = run(dir, ["check", "spec.yaml", "answers.yaml"]);
  assertUserError(escaped, /E_t\\u001b\[2Jotal\\nX/, "control characters");
});

test("a temporary file left by a killed run is removed by the next run into its folder; a live run's is kept", async () => {
  const dir = folder();
  // A process that has exited: its id names no live process.
  const gone = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  const deadPid = Number(gone.stdout);
  mkdirSync(join(dir, "run"));
  writeFileSync(join(dir, "run", `checkpoint.json.tracegrad-tmp-${deadPid}`), "{half");
  writeFileSync(join(dir, "run", `model.json.tracegrad-tmp-${process.pid}`), "{a live writer's");
  const r = run(dir, ["train", "--epochs", "3", "--checkpoint-every", "1", "--quiet", "--out", "run"]);
  assert.equal(r.status, 0, r.stderr);
  const left = readdirSync(join(dir, "run"));
  assert.ok(!left.includes(`checkpoint.json.tracegrad-tmp-${deadPid}`), left.join(", "));
  assert.ok(left.includes(`model.json.tracegrad-tmp-${process.pid}`), "the live writer's file stays");
  assert.ok(!left.includes(".tracegrad.lock"), "the lock is released");
});

test("a second run into an --out folder that a live run is writing is refused; the lock of a killed run is taken over", async () => {
  const dir = folder();
  const first = spawn(process.execPath, [resolve(CLI), "train", "--epochs", "1000000", "--checkpoint-every", "1000", "--quiet", "--out", "run"], { cwd: dir, stdio: "ignore" });
  try {
    const lock = join(dir, "run", ".tracegrad.lock");
    for (let i = 0; i < 200 && !existsSync(lock); i++) await new Promise((r) => setTimeout(r, 50));
    assert.ok(existsSync(lock), "the first run holds the lock");
    assert.equal(readFileSync(lock, "utf8").trim(), String(first.pid));
    assertUserError(run(dir, ["train", "--epochs", "1", "--quiet", "--out", "run"]), new RegExp(`^tracegrad: run is being written by another tracegrad run \\(process ${first.pid}\\); wait for it to finish, or give another --out$`), "second run");
  } finally {
    first.kill("SIGKILL");
    await new Promise((r) => first.once("close", r));
  }
  const after = run(dir, ["train", "--epochs", "1", "--quiet", "--out", "run"]);
  assert.equal(after.status, 0, after.stderr);
  assert.ok(!existsSync(join(dir, "run", ".tracegrad.lock")));
});

test("errno codes are words: EBUSY, ELOOP, ENOSPC and EACCES never reach a message", () => {
  const dir = folder({ "scaling.csv": SCALING });
  const outcomes = [
    run(dir, ["scale", "scaling.csv", "--method", "minmax", "--scaled-out", "."]),
    run(dir, ["step", resolve("examples/module11-2-2-2.yaml"), "--out", "/proc/version"]),
    ...(existsSync("/dev/full") ? [run(dir, ["scale", "scaling.csv", "--method", "minmax", "--out", "/dev/full"])] : []),
  ];
  for (const r of outcomes) {
    assert.equal(r.status, 2, r.stderr);
    assert.doesNotMatch(r.stderr, /\bE[A-Z]{3,}\b/, r.stderr);
  }
});
