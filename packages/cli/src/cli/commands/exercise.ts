/**
 * `tracegrad exercise`: writes a new exercise (or a set, one folder per student) to a folder, of any
 * type (`--type T`, backprop by default): exercise.json and exercise.yaml (the data, as the matching
 * command reads it), the question, the worked solution, a blank answers file and its key.
 *
 * @module
 */
import { join } from "node:path";
import { drawExercise } from "tracegrad/internal/exercise/draw";
import { EXERCISE_FILES, exerciseSeeds } from "tracegrad/internal/exercise/generate";
import type { ExerciseFile } from "tracegrad/internal/exercise/generate";
import { drawSet, readProblemSet } from "tracegrad/internal/exercise/problem-set";
import type { ProblemSet } from "tracegrad/internal/exercise/problem-set";
import { parseSource } from "tracegrad/internal/common/source";
import { readTextFile } from "../../files/load-step-spec.js";
import { printableHtml } from "../../handout/html.js";
import { printableLatex } from "../../handout/latex.js";
import { commandLineOptions } from "tracegrad/internal/exercise/option-reader";
import { isExerciseTypeName, EXERCISE_TYPES } from "tracegrad/internal/exercise/type-options";
import type { ExerciseTypeName } from "tracegrad/internal/exercise/type-options";
import { InputError } from "tracegrad/internal/common/input-error";
import { didYouMean } from "tracegrad/internal/common/did-you-mean";
import { checkOutputTargets, EXIT_OK, integerOption, writeFileAtomic } from "../io.js";
import { LOCK_NAME, lockOutFolder } from "../../files/out-lock.js";

/** The options every type has, as commander passes them (strings); the type's own options beside them. */
export interface ExerciseCommandOptions {
  type?: string;
  seed?: string;
  digits?: string;
  count?: string;
  out?: string;
  set?: string;
  handout?: string;
  [option: string]: unknown;
}

/** The options that are not a type's own. */
const COMMON = ["type", "seed", "digits", "count", "out", "set", "handout"];

/** What goes to students (questions, blank templates, the data to check with) and what stays with the instructor. */
const HANDOUT_FILES: readonly ExerciseFile[] = ["question.md", "answers.yaml", "exercise.json"];
const KEY_FILES: readonly ExerciseFile[] = ["key.yaml", "solution.md", "exercise.yaml"];

/** Writes one exercise's (or sheet's) files: all of them to `folder`, and with a handout, the students' and the instructor's parts. */
function writeExercise(files: Record<ExerciseFile, string>, folder: string, handout: { dir: string; name: string } | null): void {
  for (const name of EXERCISE_FILES) writeFileAtomic(join(folder, name), files[name]);
  if (handout === null) return;
  for (const name of HANDOUT_FILES) writeFileAtomic(join(handout.dir, handout.name, name), files[name]);
  for (const name of KEY_FILES) writeFileAtomic(join(`${handout.dir}-key`, handout.name, name), files[name]);
}

/** The type named by `--type`. */
export function exerciseTypeOption(type: string | undefined): ExerciseTypeName {
  const name = type ?? "backprop";
  if (!isExerciseTypeName(name)) throw new InputError(`--type must be one of ${EXERCISE_TYPES.join(", ")}, got "${name}"${didYouMean(name, EXERCISE_TYPES)}`);
  return name;
}

/**
 * Runs `tracegrad exercise`: writes the files of one exercise, or of a set with `--count`. `given`
 * says which options the user gave (the others are commander's defaults, which the type applies itself).
 *
 * The `--set` file may lie in the `--out` (or `--handout`) folder, but may not be one of the files
 * written there (`--set out/01/answers.yaml --out out`): each file every sheet gets is compared with it
 * before the set is read. Only those files are compared, not the whole folder: a set file kept beside
 * the sheets drawn from it is never touched, and refusing it would only get in the way.
 */
export function exerciseCommand(options: ExerciseCommandOptions, given: (name: string) => boolean = (name) => options[name] !== undefined): number {
  const type = exerciseTypeOption(options.type);
  const seed = options.seed === undefined ? 1 : integerOption(options.seed, "--seed", 0, 0xffffffff);
  const digits = options.digits === undefined || !given("digits") ? null : integerOption(options.digits, "--digits", 0, 17);
  const own = Object.fromEntries(Object.entries(options).filter(([name, v]) => !COMMON.includes(name) && v !== undefined && given(name)));
  const source = commandLineOptions(own);
  const out = options.out ?? `exercise-${seed}`;
  const count = options.count === undefined ? undefined : integerOption(options.count, "--count", 1, 999);
  const handoutDir = options.handout === undefined ? null : options.handout.replace(/\/+$/, "");
  // Every folder written is checked before any work, each file it will get held against the set file,
  // and --out is locked against a second run. A sheet's folder: 01, 02, ... with --count, else the folder itself.
  const folders = count === undefined ? [""] : Array.from({ length: count }, (_, k) => String(k + 1).padStart(Math.max(2, String(count).length), "0"));
  checkOutputTargets(
    [
      { option: "--out", path: out, kind: "folder", files: [...folders.flatMap((name) => EXERCISE_FILES.map((file) => join(name, file))), LOCK_NAME] },
      ...(handoutDir !== null
        ? [
            { option: "--handout", path: handoutDir, kind: "folder" as const, files: [...folders.flatMap((name) => HANDOUT_FILES.map((file) => join(name, file))), "questions.html", "questions.tex"] },
            { option: "--handout (its key)", path: `${handoutDir}-key`, kind: "folder" as const, files: [...folders.flatMap((name) => KEY_FILES.map((file) => join(name, file))), "solutions.html", "solutions.tex"] },
          ]
        : []),
    ],
    [options.set],
  );
  // A set: the parts of its file, each with its own options; one sheet per student.
  let set: ProblemSet | null = null;
  if (options.set !== undefined) {
    if (given("type") || Object.keys(own).length > 0) throw new InputError("--set: the parts' types and options are in the set's file; give only --seed, --count, --out and --handout with it");
    set = readProblemSet(parseSource(readTextFile(options.set), options.set));
  }
  const draw = (s: number, number?: number): { title: string; files: Record<ExerciseFile, string> } => {
    if (set !== null) return drawSet(set, { seed: s, ...(number !== undefined ? { number } : {}) });
    const { exercise, files } = drawExercise(type, source, { seed: s, digits, ...(number !== undefined ? { number } : {}) });
    return { title: exercise.title, files };
  };
  if (count === undefined) {
    const { title, files } = draw(seed);
    lockOutFolder(out);
    writeExercise(files, out, handoutDir === null ? null : { dir: handoutDir, name: "" });
    if (handoutDir !== null) writePrintable(handoutDir, title, [files]);
    process.stdout.write(`Wrote ${title.replace(/ \(seed \d+\)$/, "")} (seed ${seed}) to ${out}/: ${EXERCISE_FILES.join(", ")}\n${handoutNote(handoutDir)}`);
    return EXIT_OK;
  }
  const width = folders[0].length;
  const seeds = exerciseSeeds(seed, count);
  // Every sheet is drawn before anything is written, so that a bad option leaves no folder behind.
  const sheets = seeds.map((s, k) => draw(s, k + 1));
  lockOutFolder(out);
  sheets.forEach((drawn, k) => {
    const name = folders[k];
    writeExercise(drawn.files, join(out, name), handoutDir === null ? null : { dir: handoutDir, name });
  });
  if (handoutDir !== null) writePrintable(handoutDir, sheets[0].title.replace(/ 0*1 \(seed \d+\)$/, ""), sheets.map((x) => x.files));
  process.stdout.write(`Wrote ${count} ${set !== null ? "sheet" : "exercise"}${count === 1 ? "" : "s"} from seed ${seed} to ${out}/${"0".repeat(width - 1)}1 ... ${out}/${String(count).padStart(width, "0")}: ${EXERCISE_FILES.join(", ")} in each\n${handoutNote(handoutDir)}`);
  return EXIT_OK;
}

function handoutNote(dir: string | null): string {
  return dir === null
    ? ""
    : `Handout for the students in ${dir}/ (${HANDOUT_FILES.join(", ")}, and every question in questions.html and questions.tex); ` +
        `keys and solutions in ${dir}-key/ (${KEY_FILES.join(", ")}, and every solution in solutions.html and solutions.tex)\n`;
}

/** The questions of every student in one printable HTML file and one LaTeX file, and the solutions likewise beside the keys. */
function writePrintable(dir: string, title: string, sheets: readonly Record<ExerciseFile, string>[]): void {
  const questions = sheets.map((f) => f["question.md"]);
  const solutions = sheets.map((f) => f["solution.md"]);
  writeFileAtomic(join(dir, "questions.html"), printableHtml(title, questions));
  writeFileAtomic(join(dir, "questions.tex"), printableLatex(title, questions));
  writeFileAtomic(join(`${dir}-key`, "solutions.html"), printableHtml(`${title}: solutions`, solutions));
  writeFileAtomic(join(`${dir}-key`, "solutions.tex"), printableLatex(`${title}: solutions`, solutions));
}
