/**
 * `tracegrad check SPEC ANSWERS`: grades a learner's answers to one step of SPEC. ANSWERS is a YAML or
 * JSON file, or a folder of them (one per student, named after the student) to grade a whole class.
 * `tracegrad check SET ANSWERS` grades a set of exercises written by `tracegrad exercise --count N`
 * in one call, each answers file against its own exercise (see `files/read-submissions.ts` for the
 * layouts). `--csv FILE` writes the gradebook (one row per student and exercise), `--csv-long FILE`
 * one row per answered value.
 *
 * @module
 */
import { basename, extname } from "node:path";
import { checkAnswers, checkClass, checkSet, stepsCheckable } from "tracegrad/internal/exercise/check";
import { MAX_STEPS, nextStepSpec, runSteps } from "tracegrad/internal/step/run-steps";
import { gradebookCsv, gradebookLongCsv, renderClassText } from "tracegrad/internal/grade/gradebook";
import type { StudentGrade, Submission } from "tracegrad/internal/grade/gradebook";
import { gradeToJson, renderGradeText } from "tracegrad/internal/grade/render-grade";
import type { GradeOptions } from "tracegrad/internal/grade/grade";
import { DEFAULT_TOLERANCE, parseTolerance } from "tracegrad/internal/grade/tolerance";
import type { Checkable } from "tracegrad/internal/exercise/check";
import type { StepRecord } from "tracegrad/internal/step/run-step";
import { parseSource } from "tracegrad/internal/common/source";
import { namedInputFiles, readTextFile } from "../../files/load-step-spec.js";
import type { OutputTarget } from "../../files/output-target.js";
import { exerciseFileOf, loadExercise } from "../../files/load-exercise.js";
import { isExerciseSet, isFolder, readClassSubmissions, readExerciseSet, readSetSubmissions } from "../../files/read-submissions.js";
import { checkOutputTargets, EXIT_FAILED, EXIT_OK, EXIT_USAGE, emit, integerOption, numberOption, writeFileAtomic } from "../io.js";

/** The options of `tracegrad check`, as commander passes them (strings). */
export interface CheckOptions {
  tolerance?: string;
  json?: boolean;
  csv?: string;
  csvLong?: string;
  precision?: string;
  out?: string;
  hints?: boolean;
  followThroughCredit?: string;
  allowOutside?: boolean;
}

/** The name of a spec file as an exercise in the gradebook: `exercise` for ex3/exercise.yaml. */
function exerciseOf(file: string): string {
  return basename(file, extname(file));
}

function classJson(grades: readonly StudentGrade[], hints: boolean): object {
  return {
    correct: grades.every((g) => g.report?.correct === true),
    students: grades.map((g) => ({ student: g.student, exercise: g.exercise, file: g.file, ...(g.report === null ? { error: g.error } : gradeToJson(g.report, { hints })) })),
  };
}

/** Writes the gradebooks asked for. */
function writeGradebooks(grades: readonly StudentGrade[], options: CheckOptions): void {
  if (options.csv !== undefined) writeFileAtomic(options.csv, gradebookCsv(grades));
  if (options.csvLong !== undefined) writeFileAtomic(options.csvLong, gradebookLongCsv(grades));
}

function written(options: CheckOptions): string {
  const csv = options.csv === undefined ? "" : `Gradebook written to ${options.csv}.\n`;
  const long = options.csvLong === undefined ? "" : `One row per answered value written to ${options.csvLong}.\n`;
  return csv + long;
}

/** The last step that answers name (`step3.w1`, `step3:`), 1 when they name none. */
export function stepsNamed(text: string): number {
  let most = 1;
  for (const m of text.matchAll(/(?:^|[\s"'{,])step(\d+)(?:\.|["']?\s*:)/gm)) most = Math.max(most, Number(m[1]));
  return Math.min(most, MAX_STEPS);
}

/** Prints the grades of many files; the exit status: 0 all right, 1 a wrong answer, 2 a file that could not be graded. */
function reportMany(grades: readonly StudentGrade[], heading: string, options: CheckOptions, tolerance: number): number {
  writeGradebooks(grades, options);
  const text = renderClassText(grades, { heading, tolerance }) + written(options);
  emit(options.json ? JSON.stringify(classJson(grades, options.hints ?? false), null, 2) + "\n" : text, options.out);
  for (const g of grades) if (g.error !== null) process.stderr.write(`tracegrad: ${g.error}\n`);
  if (grades.some((g) => g.report === null)) return EXIT_USAGE;
  return grades.every((g) => g.report!.correct) ? EXIT_OK : EXIT_FAILED;
}

/** The files an exercise was read from: its exercise.json (or the spec itself) and a step spec's published: answers file. */
function exerciseInputs(path: string, record: StepRecord | Checkable): string[] {
  return [exerciseFileOf(path), ...("spec" in record ? namedInputFiles(record.spec) : [])];
}

/**
 * Runs `tracegrad check`; returns the exit status (0 all right, 1 a wrong answer, 2 a malformed answers file).
 *
 * The output targets are checked twice: at once against the two paths given (so that a target that
 * cannot be written costs no reading), and again once every file the command reads is known, before
 * anything is written or printed: the exercise files (an exercise folder's exercise.json, each of a
 * set's, a spec's published: file) and every answers file, whether named, found in a folder or listed
 * by a roster. None of them may be replaced by `-o`, `--csv` or `--csv-long`.
 */
export function checkCommand(specOrSet: string, answers: string, options: CheckOptions): number {
  const targets: OutputTarget[] = [
    { option: "--out", path: options.out, kind: "file" },
    { option: "--csv", path: options.csv, kind: "file" },
    { option: "--csv-long", path: options.csvLong, kind: "file" },
  ];
  checkOutputTargets(targets, [specOrSet, answers]);
  const allowOutside = options.allowOutside === true;
  const tolerance = options.tolerance === undefined ? DEFAULT_TOLERANCE : parseTolerance(options.tolerance);
  const precision = options.precision === undefined ? 8 : integerOption(options.precision, "--precision", 1, 17);
  const followThroughCredit =
    options.followThroughCredit === undefined ? 1 : numberOption(options.followThroughCredit, "--follow-through-credit", (x) => (x >= 0 && x <= 1 ? undefined : "must be from 0 to 1"));
  const hints = options.hints ?? false;
  const grading: GradeOptions = { tolerance, precision, requireAnswers: true, followThroughCredit, hints };
  const inputsRead = (exercises: readonly string[], submissions: readonly Submission[]) => checkOutputTargets(targets, [specOrSet, answers, ...exercises, ...submissions.map((s) => s.file)]);

  if (isExerciseSet(specOrSet)) {
    const exercises = readExerciseSet(specOrSet, allowOutside);
    const submissions = readSetSubmissions(answers, exercises.map((e) => e.name), allowOutside);
    const records = new Map<string, StepRecord | Checkable>(exercises.filter((e) => submissions.some((s) => s.exercise === e.name)).map((e) => [e.name, e.load()]));
    // Every exercise of the set is an input, answered or not: its exercise.yaml makes its folder one of the set's.
    inputsRead(
      exercises.flatMap((e) => {
        const record = records.get(e.name);
        return [e.file, ...(record === undefined ? [exerciseFileOf(e.folder)] : exerciseInputs(e.folder, record))];
      }),
      submissions,
    );
    const grades = checkSet(records, submissions, grading);
    return reportMany(grades, `Grading ${grades.length} answers file${grades.length === 1 ? "" : "s"} in ${answers} against the ${exercises.length} exercises of ${specOrSet}`, options, tolerance);
  }

  const record = loadExercise(specOrSet, { allowOutside });
  const exercise = exerciseOf(specOrSet);
  if (isFolder(answers)) {
    const submissions = readClassSubmissions(answers, exercise, allowOutside);
    inputsRead(exerciseInputs(specOrSet, record), submissions);
    const grades = checkClass(record, submissions, grading);
    return reportMany(grades, `Grading ${grades.length} answers file${grades.length === 1 ? "" : "s"} in ${answers} against ${specOrSet}`, options, tolerance);
  }

  const answersText = readTextFile(answers);
  inputsRead(exerciseInputs(specOrSet, record), []);
  // Answers that name a later step (step2.w1) are graded against that many steps in a row.
  const steps = "computation" in record ? 1 : stepsNamed(answersText);
  const against = steps > 1 && !("computation" in record) ? stepsCheckable([record, ...runSteps(nextStepSpec(record), steps - 1)]) : record;
  const report = checkAnswers(against, parseSource(answersText, answers), grading);
  writeGradebooks([{ student: basename(answers, extname(answers)), exercise, file: answers, report, error: null }], options);
  const text = renderGradeText(report, { precision, hints, heading: `Grading ${answers} against ${specOrSet}` });
  emit(options.json ? JSON.stringify(gradeToJson(report, { hints }), null, 2) + "\n" : text, options.out);
  return report.correct ? EXIT_OK : EXIT_FAILED;
}
