import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { writeFileAtomic } from "../../src/files/write-file-atomic.js";
import { expectUserError } from "../cli/run-cli.js";

const tmp = () => mkdtempSync(join(tmpdir(), "tracegrad-write-"));

test("a path under a regular file is one InputError naming the file in the way, and leaves nothing behind", () => {
  const dir = tmp();
  const file = join(dir, "somefile");
  writeFileSync(file, "keep");
  assert.throws(() => writeFileAtomic(join(file, "x"), "new"), { name: "InputError", message: `cannot write ${join(file, "x")}: ${file} is a file, not a folder` });
  assert.throws(() => writeFileAtomic(join(file, "a", "b"), "new"), { name: "InputError", message: `cannot write ${join(file, "a", "b")}: ${file} is a file, not a folder` });
  assert.equal(readFileSync(file, "utf8"), "keep");
  assert.deepEqual(readdirSync(dir), ["somefile"]);
});

test("a folder as the file to write is an InputError", () => {
  const dir = tmp();
  mkdirSync(join(dir, "folder"));
  assert.throws(() => writeFileAtomic(join(dir, "folder"), "x"), { name: "InputError", message: `cannot write ${join(dir, "folder")}: it is a folder` });
  assert.deepEqual(readdirSync(dir), ["folder"], "no temporary file left");
});

test("-o under a regular file: one line, exit 2, no stack trace", () => {
  const dir = tmp();
  writeFileSync(join(dir, "somefile"), "keep");
  expectUserError(["step", "examples/module11-2-2-2.yaml", "--out", join(dir, "somefile", "x")], /cannot write .*somefile\/x: .*somefile is a file, not a folder$/);
  // train checks its --out folder before it trains, so the message names the folder, not metrics.json.
  expectUserError(["train", "--epochs", "1", "--quiet", "--out", join(dir, "somefile", "run")], /--out: cannot write .*somefile\/run: .*somefile is a file, not a folder$/);
});

test("a symbolic link is followed: its target gets the content, the link stays a link", () => {
  const dir = tmp();
  writeFileSync(join(dir, "target.txt"), "old");
  symlinkSync("target.txt", join(dir, "link.txt"));
  symlinkSync("link.txt", join(dir, "link2.txt"));
  writeFileAtomic(join(dir, "link2.txt"), "new");
  assert.equal(readFileSync(join(dir, "target.txt"), "utf8"), "new");
  assert.ok(lstatSync(join(dir, "link.txt")).isSymbolicLink());
  assert.ok(lstatSync(join(dir, "link2.txt")).isSymbolicLink());
  assert.equal(readlinkSync(join(dir, "link2.txt")), "link.txt");
  // A dangling link: its target is created.
  symlinkSync(join(dir, "sub", "made.txt"), join(dir, "dangling"));
  writeFileAtomic(join(dir, "dangling"), "made");
  assert.equal(readFileSync(join(dir, "sub", "made.txt"), "utf8"), "made");
  assert.ok(lstatSync(join(dir, "dangling")).isSymbolicLink());
  assert.deepEqual(readdirSync(dir).sort(), ["dangling", "link.txt", "link2.txt", "sub", "target.txt"]);
});

const hasMkfifo = spawnSync("mkfifo", ["--version"]).status === 0;

test("a FIFO is written to, not replaced", { skip: !hasMkfifo && "no mkfifo" }, async () => {
  const dir = tmp();
  const fifo = join(dir, "pipe");
  assert.equal(spawnSync("mkfifo", [fifo]).status, 0);
  const reader = spawn("cat", [fifo], { stdio: ["ignore", "pipe", "inherit"] });
  let received = "";
  reader.stdout.on("data", (chunk: Buffer) => (received += chunk.toString()));
  const closed = new Promise((resolve) => reader.once("close", resolve));
  // Should the FIFO be replaced instead, the reader would wait forever: end it.
  const timer = setTimeout(() => reader.kill(), 5000);
  writeFileAtomic(fifo, "through the pipe\n");
  await closed;
  clearTimeout(timer);
  assert.equal(received, "through the pipe\n");
  assert.ok(lstatSync(fifo).isFIFO(), "still a FIFO");
  assert.deepEqual(readdirSync(dir), ["pipe"]);
});

test("text in pieces is written one piece after another: the file holds them joined, characters outside ASCII whole, and no temporary file is left", () => {
  const dir = tmp();
  const pieces = ["{\n", "σ(z) = 0.56954622", "", "—".repeat(70_000), "\n}\n"];
  function* generated() {
    yield* pieces;
  }
  writeFileAtomic(join(dir, "pieces.txt"), generated());
  assert.equal(readFileSync(join(dir, "pieces.txt"), "utf8"), pieces.join(""));
  // An existing file is replaced by the pieces.
  writeFileAtomic(join(dir, "pieces.txt"), ["only"]);
  assert.equal(readFileSync(join(dir, "pieces.txt"), "utf8"), "only");
  assert.deepEqual(readdirSync(dir), ["pieces.txt"]);
});

test("pieces whose making fails: that error, not a message about the file, and no temporary file left (nor the file made)", () => {
  const dir = tmp();
  function* failing() {
    yield "the first piece\n";
    throw new TypeError("a piece could not be made");
  }
  assert.throws(() => writeFileAtomic(join(dir, "out.txt"), failing()), { name: "TypeError", message: "a piece could not be made" });
  assert.deepEqual(readdirSync(dir), []);
});

test("text in pieces through a FIFO: every byte arrives, in order", { skip: !hasMkfifo && "no mkfifo" }, async () => {
  const dir = tmp();
  const fifo = join(dir, "pipe");
  assert.equal(spawnSync("mkfifo", [fifo]).status, 0);
  // The reader copies to a file: this thread blocks in the writes, and could not read a pipe meanwhile.
  const copy = join(dir, "copy.txt");
  const reader = spawn("sh", ["-c", 'exec cat "$0" > "$1"', fifo, copy], { stdio: "inherit" });
  const closed = new Promise((resolve) => reader.once("close", resolve));
  // More than a pipe holds (64 kB), so that writes wait for the reader.
  const pieces = Array.from({ length: 40 }, (_, i) => `${i}:` + "ab".repeat(4000) + "\n");
  writeFileAtomic(fifo, pieces);
  await closed;
  assert.equal(readFileSync(copy, "utf8"), pieces.join(""));
  assert.ok(lstatSync(fifo).isFIFO(), "still a FIFO");
});

// Without the fix, root would replace /dev/null with a regular file: run it only where that cannot happen.
test("/dev/null is written to, not replaced", { skip: (process.getuid?.() ?? 0) === 0 && "running as root" }, () => {
  writeFileAtomic("/dev/null", "discarded");
  assert.ok(statSync("/dev/null").isCharacterDevice());
});
