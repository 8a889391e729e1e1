/**
 * Practice mode's state and the one function that changes it: `practiceReducer(model, action)`. An
 * exercise comes from `generateExercise`, the generator of `tracegrad exercise`, with the link's
 * options; the student's answers are kept as typed, graded by `tracegrad check`'s grading
 * (`grading.ts`), and written back as the answers file `tracegrad check` reads.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { generateExercise } from "tracegrad/internal/exercise/generate";
import type { Exercise } from "tracegrad/internal/exercise/generate";
import { listQuantities } from "tracegrad/internal/step/quantities";
import type { Quantity } from "tracegrad/internal/step/quantities";
import { errorLine } from "../lib/errors.js";
import { gradePractice } from "./grading.js";
import type { PracticeGrade } from "./grading.js";
import { DEFAULT_PRACTICE, exerciseOptionsOf, practiceQuery } from "./params.js";
import type { PracticeParams } from "./params.js";

export interface PracticeModel {
  readonly params: PracticeParams;
  /** The exercise; null when the link's options make none (see `problem`). */
  readonly exercise: Exercise | null;
  /** What the learner is asked for, in the order the step computes them (the loss after the update is not asked). */
  readonly quantities: readonly Quantity[];
  /** The answers as typed, by the answers file's names. */
  readonly answers: Readonly<Record<string, string>>;
  /** The grade of the answers as they were when Check was pressed; null before. */
  readonly grade: PracticeGrade | null;
  /** A mistake in the answers (a value that is not a number), said by the grading: the key and the message. */
  readonly answerError: { readonly key: string | null; readonly message: string } | null;
  /** Why there is no exercise (the link's options), in one line. */
  readonly problem: string | null;
  /** The answers whose correct working is shown. */
  readonly shown: readonly string[];
}

export type PracticeAction =
  | { readonly type: "params"; readonly params: PracticeParams }
  | { readonly type: "answer"; readonly key: string; readonly text: string }
  | { readonly type: "check" }
  | { readonly type: "show-working"; readonly key: string }
  | { readonly type: "clear" }
  /** Answers saved earlier for this exercise (a reload). */
  | { readonly type: "restore"; readonly answers: Readonly<Record<string, string>>; readonly checked: boolean };

/** The model of an exercise's options, with no answers. */
export function practiceModel(params: PracticeParams = DEFAULT_PRACTICE): PracticeModel {
  const empty = { params, answers: {}, grade: null, answerError: null, shown: [] };
  try {
    const exercise = generateExercise(exerciseOptionsOf(params));
    return { ...empty, exercise, quantities: listQuantities(exercise.spec).filter((q) => q.kind !== "lossAfter"), problem: null };
  } catch (error) {
    return { ...empty, exercise: null, quantities: [], problem: errorLine(error) };
  }
}

/** The answers given (not blank), as the grading takes them: numbers where they are numbers, else the text typed. */
export function givenAnswers(model: PracticeModel): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const q of model.quantities) {
    const text = (model.answers[q.key] ?? "").trim();
    if (text === "") continue;
    const value = Number(text);
    out[q.key] = Number.isFinite(value) ? value : text;
  }
  return out;
}

function check(model: PracticeModel): PracticeModel {
  if (model.exercise === null) return model;
  try {
    return { ...model, grade: gradePractice(model.exercise.record, givenAnswers(model), {
        ...(model.params.credit !== undefined ? { followThroughCredit: model.params.credit } : {}),
        ...(model.params.tolerance !== undefined ? { tolerance: model.params.tolerance } : {}),
      }), answerError: null };
  } catch (error) {
    const message = errorLine(error);
    const key = model.quantities.find((q) => message.includes(`: ${q.key}: `) || message.startsWith(`${q.key}: `))?.key ?? null;
    return { ...model, grade: null, answerError: { key, message } };
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
      return { ...model, answers: {}, grade: null, answerError: null, shown: [] };
    case "restore": {
      const answers = Object.fromEntries(Object.entries(action.answers).filter(([key, text]) => model.quantities.some((q) => q.key === key) && typeof text === "string"));
      const restored = { ...model, answers };
      return action.checked ? check(restored) : restored;
    }
  }
}

/**
 * The answers file `tracegrad check` reads: the exercise's own blank answers file (`answers.yaml`)
 * with each answered null replaced by the answer as typed.
 */
export function answersFile(model: PracticeModel): string {
  if (model.exercise === null) return "";
  const given = givenAnswers(model);
  return model.exercise.files["answers.yaml"]
    .split("\n")
    .map((line) => {
      const m = /^("(?:[^"\\]|\\.)*"|[^:#\s][^:]*): null$/.exec(line);
      if (m === null) return line;
      const key = m[1].startsWith('"') ? (JSON.parse(m[1]) as string) : m[1];
      const value = given[key];
      return value === undefined ? line : `${m[1]}: ${typeof value === "number" ? String(value) : JSON.stringify(value)}`;
    })
    .join("\n");
}

/** Where the answers to an exercise are kept between visits. */
export function storageKey(params: PracticeParams): string {
  return `tracegrad-practice:${practiceQuery(params)}`;
}

/** The diagram's item a quantity belongs to: its unit (z, a, δ), its weight or bias (gradient, new value), or the loss. */
export function itemOfQuantity(model: PracticeModel, q: Quantity): string | null {
  const spec = model.exercise?.spec;
  if (spec === undefined) return null;
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
  if (model.grade === null) return marks;
  const rank = { right: 0, "carried-forward": 1, wrong: 2 } as const;
  for (const result of model.grade.results) {
    const q = model.quantities.find((x) => x.key === result.key);
    const item = q === undefined ? null : itemOfQuantity(model, q);
    if (item === null) continue;
    const before = marks.get(item) as keyof typeof rank | undefined;
    if (before === undefined || rank[result.status] > rank[before]) marks.set(item, result.status);
  }
  return marks;
}
