/**
 * A problem file of `tracegrad scale FILE.yaml`: the data (a matrix, or the name of a CSV file beside
 * the problem file), the method and the standard deviation, with a title, source, notes and the
 * answers the source published (`../worked/problem.ts`).
 *
 * ```yaml
 * source: Neural Networks Exercises, exercise 3
 * data: [[5, 20, 10], [15, 5, 25], [10, 30, 15]]
 * method: standardize
 * std: population
 * published: {sigma_2: 10.28, x_hat_2(2): -1.297}
 * ```
 *
 * @module
 */
import { describeValue, isMapping } from "../../common/describe-value.js";
import { didYouMean } from "../../common/did-you-mean.js";
import type { ParsedSource } from "../../common/source.js";
import type { Deviation, ScalerMethod } from "../../data/scalers.js";
import type { ProblemText } from "../worked/problem.js";
import { PROBLEM_TEXT_FIELDS, readProblemText } from "../worked/problem.js";
import type { DataMatrix } from "../worked/read-matrix.js";
import { matrixFromDocument } from "../worked/read-matrix.js";
import { DEVIATIONS, SCALER_METHODS } from "./explain-scale.js";

/** A scaling problem: its data (inline, or a CSV file to read), settings and words. */
export interface ScaleProblem {
  /** The data written in the file, or the name of the CSV file that holds it (as written). */
  readonly data: DataMatrix | { readonly file: string };
  readonly method?: ScalerMethod;
  readonly deviation?: Deviation;
  readonly text: ProblemText;
}

const FIELDS = ["data", "method", "std", ...PROBLEM_TEXT_FIELDS];

/** Whether a parsed document is a problem file (a mapping with `data`) rather than a bare matrix. */
export function isScaleProblem(document: ParsedSource): boolean {
  return isMapping(document.value) && Object.hasOwn(document.value, "data");
}

function choice<T extends string>(document: ParsedSource, field: string, value: unknown, values: readonly T[]): T {
  if (typeof value !== "string" || !(values as readonly string[]).includes(value)) {
    throw document.error([field], `expected one of ${values.join(", ")}, got ${describeValue(value)}${typeof value === "string" ? didYouMean(value, values) : ""}`);
  }
  return value as T;
}

/** Reads a scaling problem file. */
export function readScaleProblemFile(document: ParsedSource): ScaleProblem {
  const value = document.value as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key)) throw document.error([key], `unknown field "${key}"; expected one of ${FIELDS.join(", ")}${didYouMean(key, FIELDS)}`, { key: true });
  }
  const data = typeof value.data === "string" ? { file: value.data } : matrixFromDocument(document, ["data"]);
  return {
    data,
    ...(value.method !== undefined ? { method: choice(document, "method", value.method, SCALER_METHODS) } : {}),
    ...(value.std !== undefined ? { deviation: choice(document, "std", value.std, DEVIATIONS) } : {}),
    text: readProblemText(document),
  };
}
