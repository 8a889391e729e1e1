/**
 * Practice mode's state and the one function that changes it: `practiceReducer(model, action)`. An
 * exercise of any type comes from `drawExercise`, the function `tracegrad exercise --type T` draws
 * with, given the link's options; the student's answers are kept as typed, graded by `tracegrad check`'s grading
 * (`grading.ts`), and written back as the answers file `tracegrad check` reads.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { drawExercise } from "tracegrad/internal/exercise/draw";
import type { ExerciseFile } from "tracegrad/internal/exercise/generate";
import { exerciseSeeds } from "tracegrad/internal/exercise/generate";
import type { TypedExercise } from "tracegrad/internal/exercise/exercise-type";
import { checkCommand as exerciseCheckCommand } from "tracegrad/internal/exercise/exercise-files";
import type { GradedQuantity } from "tracegrad/internal/grade/computation";
import { listQuantities } from "tracegrad/internal/step/quantities";
import type { Quantity } from "tracegrad/internal/step/quantities";
import type { StepRecord } from "tracegrad/internal/step/run-step";
import { errorLine } from "../lib/errors.js";
import { gradePractice } from "./grading.js";
import { readTypedNumber } from "./typed-number.js";
import { ADVISED_DIGITS, significantDigitsNeeded } from "tracegrad/internal/exercise/digits-advice";
import { DEFAULT_TOLERANCE } from "tracegrad/internal/grade/tolerance";
import type { PracticeGrade } from "./grading.js";
import { checkCommand, DEFAULT_PRACTICE, optionSource, practiceQuery } from "./params.js";
import type { PracticeParams } from "./params.js";

export interface PracticeModel {
  readonly params: PracticeParams;
  /** The exercise, as `tracegrad exercise` draws it; null when the link's options make none (see `problem`). */
  readonly exercise: TypedExercise | null;
  /** Its files, as `tracegrad exercise` writes them. */
  readonly files: Readonly<Record<ExerciseFile, string>> | null;
  /** The recorded step, for the types whose data is a step (backprop, forward, bce): the diagram draws it. */
  readonly record: StepRecord | null;
  /** What the learner is asked for (what its answers.yaml names), in the order they are computed. */
  readonly quantities: readonly GradedQuantity[];
  /** The answers as typed, by the answers file's names. */
  readonly answers: Readonly<Record<string, string>>;
  /** The grade of the answers as they were when Check was pressed; null before. */
  readonly grade: PracticeGrade | null;
  /**
   * What stopped answers from being graded when Check was pressed: an answer that is not a number (its
   * key, and the message said beside it; the other answers are graded without it), or the grading's own
   * refusal (key null).
   */
  readonly answerErrors: readonly { readonly key: string | null; readonly message: string }[];
  /** Why there is no exercise (the link's options), in one line. */
  readonly problem: string | null;
  /** The link's parameter the problem is in (`rows`, `layers`), where it names one. */
  readonly problemField: string | null;
  /** The answers whose correct working is shown. */
  readonly shown: readonly string[];
  /** The significant digits the answers need at the link's tolerance (4, or more where a step is small). */
  readonly digits: number;
}

export type PracticeAction =
  | { readonly type: "params"; readonly params: PracticeParams }
  | { readonly type: "answer"; readonly key: string; readonly text: string }
  | { readonly type: "check" }
  | { readonly type: "show-working"; readonly key: string }
  | { readonly type: "clear" }
  /** Answers saved earlier for this exercise (a reload). */
  | { readonly type: "restore"; readonly answers: Readonly<Record<string, string>>; readonly checked: boolean };

/**
 * Draws the exercise of a link as `tracegrad exercise --type T` draws it (the same function): one
 * exercise, or number N of a set of `count` with the seed `--count` gives it.
 */
export function drawPractice(params: PracticeParams): { exercise: TypedExercise; files: Record<ExerciseFile, string> } {
  const seed = params.count !== undefined && params.number !== undefined ? exerciseSeeds(params.seed, params.count)[params.number - 1] : params.seed;
  return drawExercise(params.type, optionSource(params), { seed, digits: params.digits ?? null, ...(params.number !== undefined ? { number: params.number } : {}) });
}

/** The model of an exercise's options, with no answers. */
export function practiceModel(params: PracticeParams = DEFAULT_PRACTICE): PracticeModel {
  const empty = { params, answers: {}, grade: null, answerErrors: [], shown: [], digits: ADVISED_DIGITS };
  try {
    const { exercise, files } = drawPractice(params);
    const computation = exercise.checkable.computation;
    const asked = new Set(computation.asked);
    const quantities = computation.quantities.filter((q) => asked.has(q.path));
    const digits = significantDigitsNeeded(computation, params.tolerance ?? DEFAULT_TOLERANCE);
    return { ...empty, exercise, files, record: exercise.record ?? null, quantities, problem: null, problemField: null, digits };
  } catch (error) {
    const field = error instanceof Error && "field" in error && typeof error.field === "string" ? error.field : null;
    return { ...empty, exercise: null, files: null, record: null, quantities: [], problem: errorLine(error), problemField: field };
  }
}

/** The command line that checks the answers file as this page does. */
export function practiceCheckCommand(model: PracticeModel): string {
  return model.exercise === null ? "" : checkCommand(model.params, exerciseCheckCommand(model.exercise));
}

/** The exercise's file `tracegrad check` reads with the answers: the step spec of a step, else exercise.json. */
export function exerciseFileOf(model: PracticeModel): "exercise.yaml" | "exercise.json" {
  return model.exercise !== null && exerciseCheckCommand(model.exercise).includes("exercise.yaml") ? "exercise.yaml" : "exercise.json";
}

/**
 * The answers given (not blank), read once: those that are numbers (`0,173` read as 0.173), as the
 * grading takes them, and those that are not, each with the text typed and what is wrong with it.
 */
export function readAnswers(model: PracticeModel): { numbers: Record<string, number>; unreadable: { key: string; text: string; message: string }[] } {
  const numbers: Record<string, number> = {};
  const unreadable: { key: string; text: string; message: string }[] = [];
  for (const q of model.quantities) {
    const text = (model.answers[q.key] ?? "").trim();
    if (text === "") continue;
    const read = readTypedNumber(text);
    if ("value" in read) numbers[q.key] = read.value;
    else unreadable.push({ key: q.key, text, message: read.problem });
  }
  return { numbers, unreadable };
}

function check(model: PracticeModel): PracticeModel {
  if (model.exercise === null) return model;
  const { numbers, unreadable } = readAnswers(model);
  const answerErrors = unreadable.map(({ key, message }) => ({ key, message }));
  try {
    const grade = gradePractice(model.exercise.checkable, numbers, {
      ...(model.params.credit !== undefined ? { followThroughCredit: model.params.credit } : {}),
      ...(model.params.tolerance !== undefined ? { tolerance: model.params.tolerance } : {}),
    });
    return { ...model, grade, answerErrors };
  } catch (error) {
    const message = errorLine(error);
    const key = model.quantities.find((q) => message.includes(`: ${q.key}: `) || message.startsWith(`${q.key}: `))?.key ?? null;
    return { ...model, grade: null, answerErrors: [...answerErrors, { key, message }] };
  }
}

export function practiceReducer(model: PracticeModel, action: PracticeAction): PracticeModel {
  switch (action.type) {
    case "params":
      return practiceQuery(action.params) === practiceQuery(model.params) ? model : practiceModel(action.params);
    case "answer":
      return { ...model, answers: { ...model.answers, [action.key]: action.text } };
    case "check":
      return check(model);
    case "show-working":
      return { ...model, shown: model.shown.includes(action.key) ? model.shown.filter((k) => k !== action.key) : [...model.shown, action.key] };
    case "clear":
      return { ...model, answers: {}, grade: null, answerErrors: [], shown: [] };
    case "restore": {
      const answers = Object.fromEntries(Object.entries(action.answers).filter(([key, text]) => model.quantities.some((q) => q.key === key) && typeof text === "string"));
      const restored = { ...model, answers };
      return action.checked ? check(restored) : restored;
    }
  }
}

/**
 * The answers file `tracegrad check` reads: the exercise's own blank answers file (`answers.yaml`)
 * with each answered null replaced by the answer as typed. A nested name (`step2:` then `  w1:`) is
 * the dotted key `step2.w1`.
 */
export function answersFile(model: PracticeModel): string {
  if (model.files === null) return "";
  // Numbers as read (a decimal comma as a point); an answer that is not one as the text typed, which
  // tracegrad check then refuses at its line, as the page says beside it.
  const { numbers, unreadable } = readAnswers(model);
  const given: Record<string, number | string> = { ...Object.fromEntries(unreadable.map(({ key, text }) => [key, text])), ...numbers };
  const open: { indent: number; name: string }[] = [];
  return model.files["answers.yaml"]
    .split("\n")
    .map((line) => {
      const m = /^( *)("(?:[^"\\]|\\.)*"|[^:#\s][^:]*):( null)?$/.exec(line);
      if (m === null) return line;
      const indent = m[1].length;
      while (open.length > 0 && open[open.length - 1].indent >= indent) open.pop();
      const name = m[2].startsWith('"') ? (JSON.parse(m[2]) as string) : m[2];
      if (m[3] === undefined) {
        open.push({ indent, name });
        return line;
      }
      const key = [...open.map((o) => o.name), name].join(".");
      const value = given[key];
      return value === undefined ? line : `${m[1]}${m[2]}: ${typeof value === "number" ? String(value) : JSON.stringify(value)}`;
    })
    .join("\n");
}

/** Where the answers to an exercise are kept between visits. */
export function storageKey(params: PracticeParams): string {
  return `tracegrad-practice:${practiceQuery(params)}`;
}

/** The step's quantity of an answers file's name (for the diagram), where the exercise is a step. */
function stepQuantities(model: PracticeModel): Map<string, Quantity> {
  return new Map(model.record === null ? [] : listQuantities(model.record.spec).map((q) => [q.key, q]));
}

/** The diagram's item a quantity belongs to: its unit (z, a, δ), its weight or bias (gradient, new value), or the loss. */
export function itemOfQuantity(model: PracticeModel, key: string, quantities = stepQuantities(model)): string | null {
  const spec = model.record?.spec;
  const q = quantities.get(key);
  if (spec === undefined || q === undefined) return null;
  if (q.layer < 0) return q.kind === "loss" ? "loss" : null;
  const names = spec.names.layers[q.layer];
  switch (q.kind) {
    case "z":
    case "a":
    case "delta":
      return `u:${names.units[q.col]}`;
    case "dW":
    case "weights":
      return `p:${names.weights[q.row][q.col]}`;
    case "db":
    case "bias":
      return names.bias === null ? null : `p:${names.bias[q.col]}`;
    default:
      return null;
  }
}

/** The worst status of each diagram item's graded answers (wrong over carried forward over right). */
export function diagramMarks(model: PracticeModel): Map<string, string> {
  const marks = new Map<string, string>();
  if (model.grade === null || model.record === null) return marks;
  const quantities = stepQuantities(model);
  const rank = { right: 0, "carried-forward": 1, wrong: 2 } as const;
  for (const result of model.grade.results) {
    const item = itemOfQuantity(model, result.key, quantities);
    if (item === null) continue;
    const before = marks.get(item) as keyof typeof rank | undefined;
    if (before === undefined || rank[result.status] > rank[before]) marks.set(item, result.status);
  }
  return marks;
}
