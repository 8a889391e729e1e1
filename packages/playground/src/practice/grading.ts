/**
 * The one place practice mode reads grades: `tracegrad check`'s own grading (`checkAnswers` of the
 * library, with hints, as `tracegrad check --hints` gives them) turned into what the page marks on
 * each value — right, carried forward (wrong only because an earlier wrong answer was used correctly:
 * follow-through credit) or wrong — with the mistake's code, the other codes that fit as well, its
 * explanation, a hint (the mistake and the formula with the student's own values, not the correct
 * number) and the correct working, and the points the answers earn.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { checkAnswers } from "tracegrad/internal/exercise/check";
import type { AnswerStatus } from "tracegrad/internal/grade/grade";
import type { StepRecord } from "tracegrad/internal/step/run-step";

export type PracticeStatus = AnswerStatus;

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
  /** Other codes that explain the answer as well. */
  readonly alternatives: readonly string[];
  /** The mistake in a sentence or two (it names the correct value). */
  readonly explanation: string | null;
  /** The mistake and the formula with the student's own values, without the correct number. */
  readonly hint: string | null;
  /** The correct working, one line. */
  readonly working: string | null;
}

export interface PracticeGrade {
  readonly results: readonly PracticeResult[];
  readonly right: number;
  readonly carried: number;
  readonly wrong: number;
  /** Right answers, plus the credit of each carried forward; out of every value the exercise asks for. */
  readonly points: number;
  readonly maxPoints: number;
}

/** The options of `tracegrad check` practice mode takes from its link. */
export interface PracticeGrading {
  /** The part of a point a value carried forward earns (`--follow-through-credit`); 1 by default. */
  readonly followThroughCredit?: number;
  /** The relative tolerance of a right answer (`--tolerance`); 0.5% by default. */
  readonly tolerance?: number;
}

/**
 * Grades answers (the answers file's names, each a number or the text typed) as `tracegrad check
 * --hints` does, with the link's tolerance and follow-through credit. A value that is not a number is
 * the grading's own InputError, naming the answer.
 */
export function gradePractice(record: StepRecord, answers: Readonly<Record<string, number | string>>, grading: PracticeGrading = {}): PracticeGrade {
  const report = checkAnswers(record, answers, {
    file: "answers.yaml",
    hints: true,
    ...(grading.followThroughCredit !== undefined ? { followThroughCredit: grading.followThroughCredit } : {}),
    ...(grading.tolerance !== undefined ? { tolerance: grading.tolerance } : {}),
  });
  const results = report.items.map(
    (item): PracticeResult => ({
      key: item.key,
      quantity: item.quantity,
      path: item.path,
      given: item.given,
      expected: item.expected,
      status: item.status,
      diagnosis: item.diagnosis,
      alternatives: item.alternatives,
      explanation: item.explanation,
      hint: item.hint,
      working: item.working,
    }),
  );
  return {
    results,
    right: report.score.right,
    carried: report.score.followThrough,
    wrong: results.filter((r) => r.status === "wrong").length,
    points: report.score.points,
    maxPoints: report.score.maxPoints,
  };
}
