/**
 * A problem file of `tracegrad update FILE.yaml`: the weights, gradient and settings of optimizer steps,
 * in the words of the options (`weights`, `gradient`, `lr`, `l2`, `weightDecay`, `optimizer`, `steps`,
 * `compare`, `momentum`, `rho`, `beta1`, `beta2`, `epsilon`), with a title, source, notes and the answers
 * the source published (`problem.ts`). Every mistake is reported at its line and column.
 *
 * ```yaml
 * source: Neural Networks Exercises, exercise 6
 * weights: [1, -2, 0.5]
 * gradient: [0.1, -0.4, 0.2]
 * lr: 0.1
 * l2: 0.01
 * published: {w1: 0.989, w2: -1.958, w3: 0.4795}
 * ```
 *
 * @module
 */
import { describeValue, isMapping } from "../../common/describe-value.js";
import { didYouMean } from "../../common/did-you-mean.js";
import type { ParsedSource } from "../../common/source.js";
import { isOptimizerName, optimizerNames } from "../../engine/update-rules.js";
import type { OptimizerName } from "../../engine/update-rules.js";
import { PROBLEM_TEXT_FIELDS, readProblemText } from "../worked/problem.js";
import type { ProblemText } from "../worked/problem.js";

/** The settings a problem file (or the command line) gives; each may be left out. */
export interface UpdateSettings {
  readonly weights?: readonly number[];
  /** One row for every step, or one row per step. */
  readonly gradients?: readonly (readonly number[])[];
  readonly learningRate?: number;
  readonly l2?: number;
  readonly weightDecay?: number;
  readonly optimizer?: OptimizerName;
  readonly steps?: number;
  readonly compare?: boolean;
  readonly momentum?: number;
  readonly rho?: number;
  readonly beta1?: number;
  readonly beta2?: number;
  readonly epsilon?: number;
}

const NUMBER_FIELDS = {
  lr: { key: "learningRate", check: (x: number) => (x > 0 ? undefined : "must be greater than 0") },
  l2: { key: "l2", check: (x: number) => (x >= 0 ? undefined : "must be 0 or more") },
  weightDecay: { key: "weightDecay", check: (x: number) => (x >= 0 ? undefined : "must be 0 or more") },
  momentum: { key: "momentum", check: fraction },
  rho: { key: "rho", check: fraction },
  beta1: { key: "beta1", check: fraction },
  beta2: { key: "beta2", check: fraction },
  epsilon: { key: "epsilon", check: (x: number) => (x >= 0 ? undefined : "must be 0 or more") },
} as const;

function fraction(x: number): string | undefined {
  return x >= 0 && x < 1 ? undefined : "must be from 0 up to (not including) 1";
}

const FIELDS = ["weights", "gradient", "optimizer", "steps", "compare", ...Object.keys(NUMBER_FIELDS), ...PROBLEM_TEXT_FIELDS];

function numberList(document: ParsedSource, path: readonly PropertyKey[], value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) throw document.error(path, `expected a list of numbers, got ${describeValue(value)}`);
  return value.map((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw document.error([...path, i], `expected a finite number, got ${describeValue(v)}`);
    return v;
  });
}

/** Reads an update problem file: its settings and its words. */
export function readUpdateProblemFile(document: ParsedSource): { settings: UpdateSettings; text: ProblemText } {
  const value = document.value;
  if (!isMapping(value)) throw document.error([], `expected a mapping of the problem's settings (weights, gradient, lr, ...), got ${describeValue(value)}`);
  for (const key of Object.keys(value)) {
    if (!FIELDS.includes(key)) throw document.error([key], `unknown field "${key}"; expected one of ${FIELDS.join(", ")}${didYouMean(key, FIELDS)}`, { key: true });
  }
  const settings: Record<string, unknown> = {};
  if (value.weights !== undefined) settings.weights = numberList(document, ["weights"], value.weights);
  if (value.gradient !== undefined) {
    const g = value.gradient;
    const rows = Array.isArray(g) && g.length > 0 && g.every(Array.isArray) ? g.map((row, s) => numberList(document, ["gradient", s], row)) : [numberList(document, ["gradient"], g)];
    if (rows.some((row) => row.length !== rows[0].length)) throw document.error(["gradient"], "every row needs the same number of values, one per weight");
    settings.gradients = rows;
  }
  for (const [field, { key, check }] of Object.entries(NUMBER_FIELDS)) {
    const v = value[field];
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) throw document.error([field], `expected a finite number, got ${describeValue(v)}`);
    const problem = check(v);
    if (problem !== undefined) throw document.error([field], `${problem}, got ${v}`);
    settings[key] = v;
  }
  if (value.optimizer !== undefined) {
    const o = value.optimizer;
    if (typeof o !== "string" || !isOptimizerName(o)) throw document.error(["optimizer"], `unknown optimizer ${describeValue(o)}; expected one of ${optimizerNames().join(", ")}${typeof o === "string" ? didYouMean(o, optimizerNames()) : ""}`);
    settings.optimizer = o;
  }
  if (value.steps !== undefined) {
    const s = value.steps;
    if (typeof s !== "number" || !Number.isInteger(s) || s < 1 || s > 10000) throw document.error(["steps"], `expected a whole number from 1 to 10000, got ${describeValue(s)}`);
    settings.steps = s;
  }
  if (value.compare !== undefined) {
    if (typeof value.compare !== "boolean") throw document.error(["compare"], `expected true or false, got ${describeValue(value.compare)}`);
    settings.compare = value.compare;
  }
  if (settings.l2 !== undefined && settings.weightDecay !== undefined) throw document.error(["weightDecay"], "l2 and weightDecay are two conventions for λ: give one (and compare: true to see the other)", { key: true });
  return { settings: settings as UpdateSettings, text: readProblemText(document) };
}
