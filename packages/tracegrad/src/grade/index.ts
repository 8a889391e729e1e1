/**
 * Grading a learner's answers to one step: `gradeAnswers(spec, answers)` gives, for each answered
 * value, the exact value, whether the answer is right within a relative tolerance, and for a wrong
 * one the most likely mistake with an explanation and the correct working.
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
export { gradeAnswers, gradeRecord } from "./grade.js";
export type { GradeOptions, GradeReport, GradedItem } from "./grade.js";
export { DIAGNOSIS_CODES, FACTOR_OF_TWO_VARIANTS } from "./mistakes.js";
export type { DiagnosisCode, Finding } from "./mistakes.js";
export { renderGradeText, gradeToJson, gradeSummary, wrongByDiagnosis } from "./render-grade.js";
export type { GradeTextOptions } from "./render-grade.js";
export { gradeClass, gradebookCsv, renderClassText, scorePercent } from "./gradebook.js";
export type { Submission, StudentGrade } from "./gradebook.js";
export { listQuantities, quantityPath, resultValue, QUANTITY_KINDS, LAYER_KINDS } from "../step/quantities.js";
export type { Quantity, QuantityRef, QuantityKind, LayerKind } from "../step/quantities.js";
export { readAnswers, plainSource } from "./read-answers.js";
export type { Answer } from "./read-answers.js";
export { answerNameTable, normalizeAnswerName } from "./answer-names.js";
export type { AnswerNameTable } from "./answer-names.js";
export { simulateStep } from "./variants.js";
export type { Mistake, SimulationOptions, WrongArgumentForm } from "./variants.js";
export { DEFAULT_TOLERANCE, parseTolerance, formatTolerance, isClose } from "./tolerance.js";
