/**
 * A problem file of `tracegrad activations FILE.yaml`: the points and α, with a title, source, notes
 * and the answers the source published (`../worked/problem.ts`). A published value is named by the
 * activation and the step: `tanh.a(4)` is tanh at the 4th point.
 *
 * ```yaml
 * source: Neural Networks Exercises, exercise 4
 * points: [-2, -1, 0, 1, 2]
 * alpha: 0.01
 * published: {tanh: {a(2): -0.761, a(4): 0.761}}
 * ```
 *
 * @module
 */
import { describeValue, isMapping } from "../../common/describe-value.js";
import { didYouMean } from "../../common/did-you-mean.js";
import type { ParsedSource } from "../../common/source.js";
import type { ProblemText } from "../worked/problem.js";
import { PROBLEM_TEXT_FIELDS, readProblemText } from "../worked/problem.js";

/** An activations problem: its points and α (where given) and its words. */
export interface ActivationsProblem {
  readonly points?: readonly number[];
  readonly alpha?: number;
  readonly text: ProblemText;
}

const FIELDS = ["points", "alpha", ...PROBLEM_TEXT_FIELDS];

/** Reads an activations problem file. */
export function readActivationsProblemFile(document: ParsedSource): ActivationsProblem {
  const value = document.value;
  if (!isMapping(value)) throw document.error([], `expected a mapping (points, alpha, title, source, notes, published), got ${describeValue(value)}`);
  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key)) throw document.error([key], `unknown field "${key}"; expected one of ${FIELDS.join(", ")}${didYouMean(key, FIELDS)}`, { key: true });
  }
  let points: number[] | undefined;
  if (value.points !== undefined) {
    if (!Array.isArray(value.points) || value.points.length === 0) throw document.error(["points"], `expected a list of numbers, got ${describeValue(value.points)}`);
    points = value.points.map((p, i) => {
      if (typeof p !== "number" || !Number.isFinite(p)) throw document.error(["points", i], `expected a finite number, got ${describeValue(p)}`);
      return p;
    });
  }
  const alpha = value.alpha;
  if (alpha !== undefined && (typeof alpha !== "number" || !Number.isFinite(alpha) || alpha < 0)) throw document.error(["alpha"], `expected a number 0 or more, got ${describeValue(alpha)}`);
  return { ...(points !== undefined ? { points } : {}), ...(alpha !== undefined ? { alpha: alpha as number } : {}), text: readProblemText(document) };
}
