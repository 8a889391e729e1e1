import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checkOutputTargets } from "../../src/files/output-target.js";
import { errnoWords } from "../../src/files/errno.js";

const tmp = () => mkdtempSync(join(tmpdir(), "tracegrad-target-"));

test("output targets: what may be written passes, each problem is one InputError naming the option", () => {
  const dir = tmp();
  writeFileSync(join(dir, "file.txt"), "x");
  mkdirSync(join(dir, "folder"));
  symlinkSync("file.txt", join(dir, "link.txt"));
  // A new file in a new folder, an existing file, a link to one, an existing or new folder, a device.
  assert.doesNotThrow(() =>
    checkOutputTargets([
      { option: "--a", path: join(dir, "new", "deeper", "x.csv"), kind: "file" },
      { option: "--b", path: join(dir, "file.txt"), kind: "file" },
      { option: "--c", path: join(dir, "folder"), kind: "folder" },
      { option: "--d", path: join(dir, "new-folder"), kind: "folder" },
      { option: "--e", path: "/dev/null", kind: "file" },
      { option: "--f", path: undefined, kind: "file" },
    ]),
  );
  const refuses = (target: { option: string; path: string; kind: "file" | "folder" }, message: string) =>
    assert.throws(() => checkOutputTargets([target]), { name: "InputError", message });
  refuses({ option: "--out", path: "", kind: "file" }, "--out: give a file name, not an empty string");
  refuses({ option: "--out", path: "  ", kind: "folder" }, "--out: give a folder name, not an empty string");
  refuses({ option: "--out", path: join(dir, "folder"), kind: "file" }, `--out: cannot write ${join(dir, "folder")}: it is a folder; give a file name`);
  refuses({ option: "--out", path: join(dir, "file.txt"), kind: "folder" }, `--out: cannot write ${join(dir, "file.txt")}: it is a file, not a folder`);
  refuses({ option: "--csv", path: join(dir, "file.txt", "a", "b.csv"), kind: "file" }, `--csv: cannot write ${join(dir, "file.txt", "a", "b.csv")}: ${join(dir, "file.txt")} is a file, not a folder`);
  symlinkSync("loop-b", join(dir, "loop-a"));
  symlinkSync("loop-a", join(dir, "loop-b"));
  refuses({ option: "-o", path: join(dir, "loop-a"), kind: "file" }, `-o: cannot write ${join(dir, "loop-a")}: too many levels of symbolic links`);
  refuses({ option: "--out", path: join(dir, "loop-a"), kind: "folder" }, `--out: cannot write ${join(dir, "loop-a")}: too many levels of symbolic links`);
  // Two options naming one file, even through a link.
  assert.throws(
    () =>
      checkOutputTargets([
        { option: "--out", path: join(dir, "file.txt"), kind: "file" },
        { option: "--scaled-out", path: join(dir, "link.txt"), kind: "file" },
      ]),
    { message: `--out and --scaled-out name the same file: ${join(dir, "link.txt")}; give each its own` },
  );
});

test("errno codes become words; an unknown code keeps the system's description without the code", () => {
  for (const code of ["ELOOP", "EBUSY", "ENOSPC", "EACCES", "EISDIR", "EROFS"]) assert.doesNotMatch(errnoWords(Object.assign(new Error(`${code}: x, open 'f'`), { code })), /E[A-Z]+/);
  assert.equal(errnoWords(Object.assign(new Error("EWHATEVER: something odd happened, open '/x'"), { code: "EWHATEVER" })), "something odd happened");
});
