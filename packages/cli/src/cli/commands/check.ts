/**
 * `tracegrad check SPEC ANSWERS`: grades a learner's answers to one step of SPEC. ANSWERS is a YAML or
 * JSON file, or a folder of them (one per student, named after the student) to grade a whole class,
 * with `--csv FILE` for a gradebook.
 *
 * @module
 */
import { readdirSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { checkAnswers, checkClass } from "tracegrad/internal/exercise/check";
import { gradebookCsv, renderClassText } from "tracegrad/internal/grade/gradebook";
import type { StudentGrade, Submission } from "tracegrad/internal/grade/gradebook";
import { gradeToJson, renderGradeText } from "tracegrad/internal/grade/render-grade";
import { DEFAULT_TOLERANCE, parseTolerance } from "tracegrad/internal/grade/tolerance";
import { runStep } from "tracegrad/internal/step/run-step";
import { InputError } from "tracegrad";
import { loadStepSpec, readTextFile } from "../../files/load-step-spec.js";
import { parseSource } from "tracegrad/internal/common/source";
import { checkOutputTargets, EXIT_FAILED, EXIT_OK, EXIT_USAGE, emit, integerOption, writeFileAtomic } from "../io.js";

/** The options of `tracegrad check`, as commander passes them (strings). */
export interface CheckOptions {
  tolerance?: string;
  json?: boolean;
  csv?: string;
  precision?: string;
  out?: string;
  allowOutside?: boolean;
}

const ANSWER_EXTENSIONS = [".yaml", ".yml", ".json"];

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false; // a missing file is reported when it is read
  }
}

/** The answers files of a folder, one per student, in order of name. */
export function readSubmissions(folder: string): Submission[] {
  const files = readdirSync(folder)
    .filter((f) => ANSWER_EXTENSIONS.includes(extname(f).toLowerCase()))
    .sort();
  if (files.length === 0) throw new InputError(`${folder} holds no answers files (${ANSWER_EXTENSIONS.map((e) => `*${e}`).join(", ")})`);
  const seen = new Map<string, string>();
  return files.map((f) => {
    const student = basename(f, extname(f));
    const earlier = seen.get(student);
    if (earlier !== undefined) throw new InputError(`${folder} holds two answers files for ${student}: ${earlier} and ${f}`);
    seen.set(student, f);
    const file = join(folder, f);
    return { student, file, text: readTextFile(file) };
  });
}

function classJson(grades: readonly StudentGrade[]): object {
  return {
    correct: grades.every((g) => g.report?.correct === true),
    students: grades.map((g) => ({ student: g.student, file: g.file, ...(g.report === null ? { error: g.error } : gradeToJson(g.report)) })),
  };
}

/** Runs `tracegrad check`; returns the exit status (0 all right, 1 a wrong answer, 2 a malformed answers file in a class). */
export function checkCommand(specFile: string, answers: string, options: CheckOptions): number {
  checkOutputTargets([
    { option: "--out", path: options.out, kind: "file" },
    { option: "--csv", path: options.csv, kind: "file" },
  ]);
  const tolerance = options.tolerance === undefined ? DEFAULT_TOLERANCE : parseTolerance(options.tolerance);
  const precision = options.precision === undefined ? 8 : integerOption(options.precision, "--precision", 1, 17);
  const spec = loadStepSpec(specFile, { allowOutside: options.allowOutside === true });
  const record = runStep(spec);
  const grading = { tolerance, precision, requireAnswers: true };

  if (isFolder(answers)) {
    const grades = checkClass(record, readSubmissions(answers), grading);
    if (options.csv !== undefined) writeFileAtomic(options.csv, gradebookCsv(record, grades));
    const heading = `Grading ${grades.length} answers file${grades.length === 1 ? "" : "s"} in ${answers} against ${specFile}`;
    const text = renderClassText(grades, { heading, tolerance }) + (options.csv !== undefined ? `Gradebook written to ${options.csv}.\n` : "");
    emit(options.json ? JSON.stringify(classJson(grades), null, 2) + "\n" : text, options.out);
    for (const g of grades) if (g.error !== null) process.stderr.write(`tracegrad: ${g.error}\n`);
    if (grades.some((g) => g.report === null)) return EXIT_USAGE;
    return grades.every((g) => g.report!.correct) ? EXIT_OK : EXIT_FAILED;
  }

  const report = checkAnswers(record, parseSource(readTextFile(answers), answers), grading);
  if (options.csv !== undefined) writeFileAtomic(options.csv, gradebookCsv(record, [{ student: basename(answers, extname(answers)), file: answers, report, error: null }]));
  emit(options.json ? JSON.stringify(gradeToJson(report), null, 2) + "\n" : renderGradeText(report, { precision, heading: `Grading ${answers} against ${specFile}` }), options.out);
  return report.correct ? EXIT_OK : EXIT_FAILED;
}
