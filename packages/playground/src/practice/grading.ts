/**
 * The one place practice mode reads grades: `tracegrad check`'s own grading (`checkAnswers` of the
 * library) turned into what the page marks on each value — right, carried forward (wrong only because
 * an earlier wrong answer was used correctly: follow-through credit) or wrong — with the mistake's
 * code and explanation, a hint where the grading gives one, and the correct working. When grading
 * gains fields of its own for these (a status, hints, points), this adapter is what changes.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { checkAnswers } from "tracegrad/internal/exercise/check";
import type { GradedItem } from "tracegrad/internal/grade/grade";
import type { StepRecord } from "tracegrad/internal/step/run-step";

export type PracticeStatus = "right" | "carried-forward" | "wrong";

/** One graded answer, as the page shows it. */
export interface PracticeResult {
  /** The answers file's name of the quantity: `z_h1`, `dL/dw5`, `w1`. */
  readonly key: string;
  /** As the worked solution writes it: `∂L/∂w5`, `new w1`. */
  readonly quantity: string;
  /** The path into `tracegrad step --json`. */
  readonly path: string;
  readonly given: number;
  readonly expected: number;
  readonly status: PracticeStatus;
  /** The mistake's code (`swapped`, `factor-of-two`, ...); null for a right answer or one nothing explains. */
  readonly diagnosis: string | null;
  readonly explanation: string | null;
  readonly hint: string | null;
  /** The correct working, one line. */
  readonly working: string | null;
}

export interface PracticeGrade {
  readonly results: readonly PracticeResult[];
  readonly right: number;
  readonly carried: number;
  readonly wrong: number;
}

/** The fields newer grading may add to an item, read where they are present. */
type NewerItem = GradedItem & { readonly status?: string; readonly hint?: string | null };

function statusOf(item: NewerItem): PracticeStatus {
  if (item.status === "right" || item.status === "carried-forward" || item.status === "wrong") return item.status;
  return item.ok ? "right" : item.consistent === true ? "carried-forward" : "wrong";
}

/**
 * Grades answers (the answers file's names, each a number or the text typed) as `tracegrad check`
 * does. A value that is not a number is the grading's own InputError, naming the answer.
 */
export function gradePractice(record: StepRecord, answers: Readonly<Record<string, number | string>>): PracticeGrade {
  const report = checkAnswers(record, answers, { file: "answers.yaml" });
  const results = report.items.map((item: NewerItem): PracticeResult => ({
    key: item.key,
    quantity: item.quantity,
    path: item.path,
    given: item.given,
    expected: item.expected,
    status: statusOf(item),
    diagnosis: item.diagnosis,
    explanation: item.explanation,
    hint: item.hint ?? null,
    working: item.working,
  }));
  return {
    results,
    right: results.filter((r) => r.status === "right").length,
    carried: results.filter((r) => r.status === "carried-forward").length,
    wrong: results.filter((r) => r.status === "wrong").length,
  };
}
