/**
 * Problem sets (`tracegrad exercise --set FILE`): a YAML list of parts, each a type and its options, drawn
 * into one sheet per student with fresh numbers (a Neural Networks Exercises-like sheet). A set's
 * folder holds the files of an exercise: its `exercise.json` lists the parts' own documents (`type:
 * set`), its question and solution go part by part, and its template and key group each part's names
 * under `part1:`, `part2:`, … . One composite computation grades a whole sheet.
 *
 * @module
 */
import { describeValue, isMapping } from "../common/describe-value.js";
import { didYouMean } from "../common/did-you-mean.js";
import type { ParsedSource } from "../common/source.js";
import { renderWorkedMarkdown } from "../explain/worked/render-worked-markdown.js";
import { compositeComputation } from "../grade/composite.js";
import { computationKey, computationTemplate } from "./answers-template.js";
import type { Checkable } from "./check.js";
import { compactJson } from "./compact-json.js";
import { drawExercise, loadTypedExercise, typedExerciseOf } from "./draw.js";
import { SECTION_HEADINGS } from "./exercise-files.js";
import type { ExerciseTypeName, TypedExercise } from "./exercise-type.js";
import { EXERCISE_TYPES } from "./exercise-type.js";
import type { ExerciseFile } from "./generate.js";
import { exerciseSeeds } from "./generate.js";
import type { OptionSource } from "./option-reader.js";
import { plainYaml } from "./plain-yaml.js";
import { stepCheckable } from "./check.js";
import { runStep } from "../step/run-step.js";
import { normalizeStepSpec } from "../step/spec/normalize.js";
import { isExerciseTypeName } from "./type-options.js";

/** One part of a set as read: its type and its options where they were written. */
export interface SetPart {
  readonly type: ExerciseTypeName;
  readonly options: OptionSource;
}

/** A problem set as read from its file. */
export interface ProblemSet {
  readonly title: string;
  readonly parts: readonly SetPart[];
}

/** A document inside another (a set's part), its errors placed at their line and column in the whole. */
export function subDocument(document: ParsedSource, base: readonly PropertyKey[], value: unknown): ParsedSource {
  return {
    file: document.file,
    format: document.format,
    value,
    locate: (path, options) => document.locate([...base, ...path], options),
    error: (path, reason, options) => document.error([...base, ...path], reason, options),
  };
}

/** Reads a problem set: `title:` and `parts:`, a list of mappings each with `type:` and that type's options. */
export function readProblemSet(document: ParsedSource): ProblemSet {
  const v = document.value;
  const list = isMapping(v) ? v.parts : v;
  if (!Array.isArray(list) || list.length === 0) throw document.error(isMapping(v) ? ["parts"] : [], `expected a list of parts (each a mapping with type: and its options), got ${describeValue(list)}`);
  if (list.length > 20) throw document.error(["parts"], `has ${list.length} parts; a set holds at most 20`);
  const at = (k: number) => (isMapping(v) ? ["parts", k] : [k]);
  const parts = list.map((part, k): SetPart => {
    if (!isMapping(part)) throw document.error(at(k), `expected a mapping with type: and its options, got ${describeValue(part)}`);
    const type = part.type;
    if (typeof type !== "string" || !isExerciseTypeName(type)) {
      throw document.error([...at(k), "type"], `expected one of ${EXERCISE_TYPES.join(", ")}, got ${describeValue(type)}${typeof type === "string" ? didYouMean(type, EXERCISE_TYPES) : ""}`);
    }
    // A part writes noBias: true where the command line writes --no-bias.
    const values: Record<string, unknown> = Object.fromEntries(Object.entries(part).filter(([name]) => name !== "type"));
    if (values.noBias !== undefined) {
      values.bias = values.noBias === true ? false : values.noBias === false ? true : values.noBias;
      delete values.noBias;
    }
    const source: OptionSource = {
      get: (name) => values[name],
      error: (name, reason) => document.error([...at(k), name in part ? name : name === "bias" ? "noBias" : name], reason),
      names: () => Object.keys(values),
    };
    return { type, options: source };
  });
  const title = isMapping(v) && typeof v.title === "string" ? v.title : "Problem set";
  return { title, parts };
}

/** A set drawn for one student. */
export interface DrawnSet {
  readonly title: string;
  readonly parts: readonly TypedExercise[];
  readonly checkable: Checkable;
  readonly files: Record<ExerciseFile, string>;
}

/** The parts of a set as one thing to check answers against. */
export function setCheckable(parts: readonly Checkable[]): Checkable {
  const computation = compositeComputation(parts.map((p, k) => ({ prefix: `part${k + 1}`, computation: p.computation })));
  return {
    computation,
    working(precision) {
      const lines = parts.map((p) => p.working(precision));
      return {
        line: (q) => {
          const { part, quantity } = computation.partOf(q.path);
          return lines[part].line(quantity);
        },
        formula: (q, own) => {
          const { part, quantity } = computation.partOf(q.path);
          return lines[part].formula(quantity, (p) => own(`parts[${part}].${p}`));
        },
      };
    },
  };
}

/** Headings one level down: a part's `# x` becomes `## x`. */
function demote(markdown: string, levels = 1): string {
  return markdown.replace(/^(#+) /gm, (_, hashes: string) => `${"#".repeat(Math.min(6, hashes.length + levels))} `);
}

/** Draws one student's sheet: each part from its own seed, drawn from the sheet's. */
export function drawSet(set: ProblemSet, common: { seed: number; number?: number }): DrawnSet {
  const seeds = exerciseSeeds(common.seed, set.parts.length);
  const parts = set.parts.map((p, k) => drawExercise(p.type, p.options, { seed: seeds[k], digits: null }).exercise);
  const number = common.number === undefined ? "" : ` ${String(common.number).padStart(2, "0")}`;
  const title = `${set.title}${number} (seed ${common.seed})`;
  const checkable = setCheckable(parts.map((p) => p.checkable));
  // Each part's question without its own paragraph on answers: the sheet has one, at its end.
  const partQuestion = (p: TypedExercise) => demote(p.question.replace(/\n## Answers\n[\s\S]*$/, "")).trim();
  const question = [
    `# ${title}`,
    "",
    ...parts.flatMap((p, k) => [`## Part ${k + 1}: ${p.title.replace(/ \(seed \d+\)$/, "")}`, "", partQuestion(p), ""]),
    "## Answers",
    "",
    "Write your numbers in `answers.yaml` (replace each `null`; each part's names are under its `partN:`), then check them with " +
      "`tracegrad check exercise.json answers.yaml` (`--hints` names a mistake without giving the answer). An answer within 0.5% of the exact value counts as right.",
    "",
  ].join("\n");
  const solution = [`# ${title}: worked solutions`, "", ...parts.flatMap((p, k) => [`## Part ${k + 1}`, "", demote(renderWorkedMarkdown(p.worked, { precision: 8 }), 2).trim(), ""])].join("\n");
  const document = { type: "set", title, seed: common.seed, parts: parts.map((p) => p.document) };
  return {
    title,
    parts,
    checkable,
    files: {
      "exercise.json": compactJson(document),
      "exercise.yaml": plainYaml(document, [`${title}: the parts' data, as exercise.json`]),
      "question.md": question,
      "solution.md": solution,
      "answers.yaml": computationTemplate(checkable.computation, { title, check: "tracegrad check exercise.json answers.yaml", headings: SECTION_HEADINGS, notes: ["Each part's answers go under its partN: key, named as in that part's worked solution."] }),
      "key.yaml": computationKey(checkable.computation, { title }),
    },
  };
}

/** What the answers to a set's `exercise.json` (`type: set`) are graded against. */
export function loadSet(document: ParsedSource): Checkable {
  const v = document.value;
  if (!isMapping(v) || !Array.isArray(v.parts) || v.parts.length === 0) throw document.error(["parts"], "a set's exercise.json lists its parts' documents under parts:");
  const parts = v.parts.map((part, k) => {
    const sub = subDocument(document, ["parts", k], part);
    const type = typedExerciseOf(sub);
    return type !== null ? loadTypedExercise(type, sub) : stepCheckable(runStep(normalizeStepSpec(sub)));
  });
  return setCheckable(parts);
}
