/**
 * The files of an exercise of any type, as `tracegrad exercise` writes them into its folder:
 * `exercise.json` (the type, its options and the data), `exercise.yaml` (the same as the matching
 * command reads it), `question.md`, `solution.md` (the worked solution), `answers.yaml` (the blank
 * template) and `key.yaml` (the exact answers under the template's names).
 *
 * @module
 */
import { renderWorkedMarkdown } from "../explain/worked/render-worked-markdown.js";
import { computationKey, computationTemplate, STEP_HEADINGS } from "./answers-template.js";
import { compactJson } from "./compact-json.js";
import type { TypedExercise } from "./exercise-type.js";
import type { ExerciseFile } from "./generate.js";

/** The headings of the answers templates' sections, whatever the type. */
export const SECTION_HEADINGS: Readonly<Record<string, string>> = {
  ...STEP_HEADINGS,
  statistics: "Each feature's statistics",
  scaled: "Every scaled value x_hat_j(i): row i, feature j",
  activations: "a(k) is the activation at the k-th point, da/dz(k) its derivative there",
};

/** What a template says of the names of a type. */
function notes(ex: TypedExercise): string[] {
  return ex.type === "backprop" || ex.type === "bce" ? ["The names are those of the worked solution; a bare weight name (w1) is the weight's value AFTER the update."] : ["The names are those of the worked solution."];
}

/** The command that checks the answers to an exercise in its folder. */
export function checkCommand(ex: TypedExercise): string {
  return `tracegrad check ${ex.type === "backprop" || ex.type === "forward" || ex.type === "bce" ? "exercise.yaml" : "exercise.json"} answers.yaml`;
}

/** The blank answers template of an exercise. */
export function exerciseTemplate(ex: TypedExercise): string {
  return computationTemplate(ex.checkable.computation, { title: ex.title, check: checkCommand(ex), headings: SECTION_HEADINGS, notes: notes(ex) });
}

/** The files of an exercise. */
export function exerciseFiles(ex: TypedExercise): Record<ExerciseFile, string> {
  if (ex.files !== undefined) return ex.files as Record<ExerciseFile, string>;
  return {
    "exercise.json": compactJson(ex.document),
    "exercise.yaml": ex.yaml,
    "question.md": `# ${ex.title}\n\n${ex.question}`,
    "solution.md": renderWorkedMarkdown(ex.worked, { precision: 8 }),
    "answers.yaml": exerciseTemplate(ex),
    "key.yaml": computationKey(ex.checkable.computation, { title: ex.title }),
  };
}
