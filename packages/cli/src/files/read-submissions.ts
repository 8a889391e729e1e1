/**
 * Finding the answers files `tracegrad check` grades, in Node: a folder of them for one spec (one
 * per student, named after the student), and for a set of exercises (a folder written by
 * `tracegrad exercise --count N`: `SET/01`, `SET/02`, …) one of three layouts:
 *
 * - a folder of `NN.yaml` files, each answering exercise NN for a student named NN;
 * - a folder of student folders, `ANSWERS/<student>/NN.yaml`;
 * - a `roster.csv` with the columns `student,exercise,answers`, the paths relative to it, at most
 *   `ROSTER_ROWS` (10,000) rows.
 *
 * A file or student folder of an answers folder that is a symbolic link leading outside it is refused
 * before it is read (unless `allowOutside`), as a roster's paths are.
 *
 * @module
 */
import { readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { InputError } from "tracegrad";
import { checkLimit } from "tracegrad/internal/common/limits";
import { CsvRows } from "tracegrad/internal/data/csv";
import type { Submission } from "tracegrad/internal/grade/gradebook";
import type { Checkable } from "tracegrad/internal/exercise/check";
import type { StepRecord } from "tracegrad/internal/step/run-step";
import { readTextFile } from "./load-step-spec.js";
import { streamTextFile } from "./read-text-file.js";
import { ROSTER_ROWS } from "./input-limits.js";
import { loadExercise } from "./load-exercise.js";
import { errnoWords } from "./errno.js";
import { checkListedFile, resolveNamedFile } from "./named-file.js";

/** The extensions of answers files. */
export const ANSWER_EXTENSIONS = [".yaml", ".yml", ".json"];

/** Whether a path is a folder (a missing path is not: it is reported when it is read). */
export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function entries(folder: string): string[] {
  try {
    return readdirSync(folder).sort();
  } catch (error) {
    throw new InputError(`cannot read the folder ${folder}: ${errnoWords(error)}`);
  }
}

/**
 * The answers files of a folder, one per student named after the file, all answering `exercise`; each
 * inside the folder, links followed, unless `allowOutside`.
 */
export function readClassSubmissions(folder: string, exercise: string, allowOutside = false): Submission[] {
  const files = entries(folder).filter((f) => ANSWER_EXTENSIONS.includes(extname(f).toLowerCase()));
  if (files.length === 0) throw new InputError(`${folder} holds no answers files (${ANSWER_EXTENSIONS.map((e) => `*${e}`).join(", ")})`);
  const seen = new Map<string, string>();
  return files.map((f) => {
    const student = basename(f, extname(f));
    const earlier = seen.get(student);
    if (earlier !== undefined) throw new InputError(`${folder} holds two answers files for ${student}: ${earlier} and ${f}`);
    seen.set(student, f);
    const file = join(folder, f);
    checkListedFile(folder, file, allowOutside);
    return { student, exercise, file, text: readTextFile(file) };
  });
}

/** An exercise of a set: its name (`07`), its folder and file, and what its answers are graded against (read when asked). */
export interface SetExercise {
  readonly name: string;
  readonly folder: string;
  readonly file: string;
  load(): StepRecord | Checkable;
}

/** Whether a folder is a set of exercises: it holds numbered folders with an exercise.yaml (or .json). */
export function isExerciseSet(folder: string): boolean {
  return isFolder(folder) && entries(folder).some((f) => /^\d+$/.test(f) && specOf(join(folder, f)) !== null);
}

function specOf(folder: string): string | null {
  for (const name of ["exercise.yaml", "exercise.json"]) {
    try {
      if (statSync(join(folder, name)).isFile()) return join(folder, name);
    } catch {
      // not there
    }
  }
  return null;
}

/** The exercises of a set, by name, in order (a `published:` file of one stays in its folder unless `allowOutside`). */
export function readExerciseSet(folder: string, allowOutside = false): SetExercise[] {
  const found = entries(folder)
    .filter((f) => /^\d+$/.test(f))
    .flatMap((name) => {
      const file = specOf(join(folder, name));
      return file === null ? [] : [{ name, folder: join(folder, name), file, load: () => loadExercise(join(folder, name), { allowOutside }) }];
    });
  if (found.length === 0) throw new InputError(`${folder} holds no exercises (numbered folders such as 01/ with an exercise.yaml, as tracegrad exercise --count writes)`);
  return found;
}

/** The name of the set's exercise that `id` (`7`, `07`) stands for, or an error naming `file`. */
function exerciseName(id: string, names: readonly string[], file: string, where?: { line: number; column: number }): string {
  const name = names.find((n) => n === id) ?? (/^\d+$/.test(id) ? names.find((n) => Number(n) === Number(id)) : undefined);
  if (name === undefined) throw new InputError(`answers exercise "${id}", which the set does not have (it has ${names[0]} to ${names[names.length - 1]})`, { file, ...(where ? { position: where } : {}) });
  return name;
}

function answersFiles(folder: string): string[] {
  return entries(folder).filter((f) => ANSWER_EXTENSIONS.includes(extname(f).toLowerCase()) && !isFolder(join(folder, f)));
}

/**
 * The submissions to a set: from a folder of NN.yaml files, a folder of student folders, or a
 * roster.csv (whose answers files stay in its folder unless `allowOutside`, as the files and student
 * folders of an answers folder stay in it).
 */
export function readSetSubmissions(answers: string, names: readonly string[], allowOutside = false): Submission[] {
  if (!isFolder(answers)) {
    if (extname(answers).toLowerCase() !== ".csv") throw new InputError(`${answers}: the answers to a set are a folder (NN.yaml files, or one folder per student) or a roster.csv`);
    return readRoster(answers, names, allowOutside);
  }
  const files = answersFiles(answers);
  const students = entries(answers).filter((f) => isFolder(join(answers, f)));
  if (files.length > 0 && students.length > 0)
    throw new InputError(`${answers} holds both answers files (${files[0]}) and student folders (${students[0]}/); use one layout: NN.yaml files, or one folder per student`);
  if (files.length > 0) {
    return files.map((f) => {
      const file = join(answers, f);
      checkListedFile(answers, file, allowOutside);
      const student = basename(f, extname(f));
      return { student, exercise: exerciseName(student, names, file), file, text: readTextFile(file) };
    });
  }
  const out: Submission[] = [];
  for (const student of students) {
    checkListedFile(answers, join(answers, student), allowOutside);
    for (const f of answersFiles(join(answers, student))) {
      const file = join(answers, student, f);
      checkListedFile(answers, file, allowOutside);
      out.push({ student, exercise: exerciseName(basename(f, extname(f)), names, file), file, text: readTextFile(file) });
    }
  }
  if (out.length === 0) throw new InputError(`${answers} holds no answers files: give NN.yaml files, one folder per student with NN.yaml files, or a roster.csv`);
  return out;
}

const ROSTER_COLUMNS = ["student", "exercise", "answers"];

/** A row of a roster: its student, exercise and answers path, and its line in the roster. */
interface RosterRow {
  readonly cells: readonly string[];
  readonly line: number;
}

/**
 * The rows of a roster.csv, read in chunks: the header must name its columns, and past
 * {@link ROSTER_ROWS} rows the roster is refused at the row that passes the limit, before any answers
 * file is read. Returns the index of each roster column and the rows.
 */
function readRosterRows(file: string): { columns: number[]; rows: RosterRow[] } {
  let columns: number[] = [];
  const rows: RosterRow[] = [];
  const reader = new CsvRows(
    {
      header(names) {
        columns = ROSTER_COLUMNS.map((c) => names.indexOf(c));
        const missing = ROSTER_COLUMNS.filter((_, k) => columns[k] < 0);
        if (missing.length > 0) throw new InputError(`the header has no column ${missing.map((m) => `"${m}"`).join(", ")}; a roster has the columns ${ROSTER_COLUMNS.join(",")}`, { file, position: { line: 1, column: 1 } });
      },
      row(cells, line) {
        checkLimit(rows.length + 1, ROSTER_ROWS, "answers files by this row", {
          hint: "grade a larger class a roster at a time",
          error: (reason) => new InputError(reason, { file, position: { line, column: 1 } }),
        });
        rows.push({ cells: columns.map((c) => cells[c]), line });
      },
    },
    file,
  );
  streamTextFile(file, (text) => reader.write(text));
  reader.end();
  return { columns, rows };
}

/**
 * The submissions a roster.csv lists: `student,exercise,answers`, the answers paths relative to the
 * roster and inside its folder unless `allowOutside`; at most {@link ROSTER_ROWS} of them.
 */
function readRoster(file: string, names: readonly string[], allowOutside: boolean): Submission[] {
  const { columns, rows } = readRosterRows(file);
  return rows.map(({ cells, line }) => {
    const [student, exercise, path] = cells;
    if (student === "") throw new InputError("the student is empty", { file, position: { line, column: columns[0] + 1 } });
    const answersFile = resolveNamedFile({ file, field: "answers", position: { line, column: columns[2] + 1 } }, path, allowOutside);
    let text: string;
    try {
      text = readTextFile(answersFile);
    } catch (error) {
      throw new InputError(`${(error as Error).message} (for ${student}, exercise ${exercise})`, { file, position: { line, column: columns[2] + 1 } });
    }
    return { student, exercise: exerciseName(exercise, names, file, { line, column: columns[1] + 1 }), file: answersFile, text };
  });
}
