/**
 * Grading a learner's answers to one step: `gradeAnswers(spec, answers)` gives, for each answered
 * value, the exact value, whether the answer is right within a relative tolerance, and for a wrong
 * one what explains it (a diagnosis, its alternatives, an explanation and the correct working), with
 * follow-through credit for values carried forward correctly from an earlier wrong answer.
 *
 * To show where a source's published answers differ from the recomputed ones (a spec's `published:`
 * field, in the same format as an answers file):
 *
 * ```ts
 * const report = gradeAnswers(spec, spec.published, { file: "spec.yaml" });
 * if (!report.correct) print(renderGradeText(report, { onlyWrong: true }));
 * ```
 *
 * @module
 */
export { gradeAnswers, gradeRecord, formatPoints } from "./grade.js";
export type { AnswerStatus, GradeOptions, GradeReport, GradeScore, GradedItem } from "./grade.js";
export { DIAGNOSIS_CODES, FACTOR_OF_TWO_VARIANTS, mistakeTable, mistakePairs } from "./mistake-table.js";
export type { DiagnosisCode, FactorOfTwoVariant, Mistake, MistakeDetail, MistakeStage, SimulatedCode, WrongArgumentForm } from "./mistake-table.js";
export { diagnose } from "./findings.js";
export type { Diagnosis, DiagnosisContext, Finding, Judged } from "./findings.js";
export { renderGradeText, gradeToJson, gradeSummary, wrongByDiagnosis, scoreLine, itemCodes } from "./render-grade.js";
export type { GradeTextOptions } from "./render-grade.js";
export { gradeClass, gradeSet, gradebookCsv, gradebookLongCsv, renderClassText, GRADEBOOK_COLUMNS, GRADEBOOK_LONG_COLUMNS } from "./gradebook.js";
export type { Submission, StudentGrade } from "./gradebook.js";
export { csvCell, csvText } from "./csv-cell.js";
export { listQuantities, askedQuantities, quantityPath, resultValue, QUANTITY_KINDS, LAYER_KINDS } from "../step/quantities.js";
export type { Quantity, QuantityRef, QuantityKind, LayerKind } from "../step/quantities.js";
export { readAnswers, plainSource } from "./read-answers.js";
export type { Answer } from "./read-answers.js";
export { answerNameTable, normalizeAnswerName } from "./answer-names.js";
export type { AnswerNameTable } from "./answer-names.js";
export { simulateStep } from "./simulate-step.js";
export type { DerivativeRule, SimulationOptions, StepRules } from "./simulate-step.js";
export { DEFAULT_TOLERANCE, parseTolerance, formatTolerance, isClose } from "./tolerance.js";
