/**
 * The worked solution of feature scaling (`tracegrad scale`): each feature's statistics (min and
 * max, or mean and standard deviation) with their formulas and numbers, then every scaled value.
 * The numbers are those of `data/scalers.ts`'s {@link fitScaler} and {@link applyScaler}, the
 * functions `tracegrad train --scale` uses, and the formulas are the ones declared beside them.
 *
 * @module
 */
import { checkLimit, LIMITS } from "../../common/limits.js";
import type { SymbolExpr } from "../../engine/expr.js";
import { sym } from "../../engine/expr.js";
import type { Step } from "../../engine/operation.js";
import type { Deviation, ScalerJson, ScalerMethod } from "../../data/scalers.js";
import {
  applyScaler,
  fitScaler,
  scalerDeviationFormula,
  scalerFormula,
  scalerMaxFormula,
  scalerMeanFormula,
  scalerMinFormula,
  scalerStatisticsFormulas,
} from "../../data/scalers.js";
import type { StepGroup } from "../solution.js";
import type { DataMatrix } from "../worked/read-matrix.js";
import type { WorkedRenderOptions } from "../worked/render-worked.js";
import { renderWorked } from "../worked/render-worked.js";
import type { Table, Worked } from "../worked/worked.js";
import { section } from "../worked/worked.js";

export const SCALER_METHODS = ["minmax", "standardize"] as const;
export const DEVIATIONS = ["population", "sample"] as const;

export interface ScaleOptions {
  readonly method: ScalerMethod;
  /** The standard deviation of `standardize`: `population` (the default) or `sample`. */
  readonly deviation?: Deviation;
  readonly title?: string;
  readonly source?: string;
}

/** A scaling as computed: the data, the fitted scaler and the scaled values (rows × features). */
export interface ScaleRecord {
  readonly data: DataMatrix;
  readonly scaler: ScalerJson;
  readonly scaled: Float64Array;
}

/** The numbers of a scaling, as `tracegrad scale --json` prints them. */
export interface ScaleResults {
  readonly method: ScalerMethod;
  readonly deviation?: Deviation;
  readonly columns: string[];
  readonly min?: number[];
  readonly max?: number[];
  readonly mean?: number[];
  readonly std?: number[];
  /** rows × features. */
  readonly scaled: number[][];
}

/** Fits the scaler to the data and scales it. */
export function runScale(data: DataMatrix, options: ScaleOptions): ScaleRecord {
  const rows = data.values.length;
  const features = data.values[0].length;
  checkLimit(rows * features, LIMITS.workedValues, "numbers to scale", { hint: "a worked solution works every one of them" });
  const flat = data.values.flat();
  const scaler = fitScaler(flat, rows, features, options.method, options.deviation ?? "population");
  return { data, scaler, scaled: applyScaler(scaler, flat, rows, features) };
}

/** The numbers of a scaling. */
export function scaleResults(record: ScaleRecord): ScaleResults {
  const { scaler, data } = record;
  const features = data.columns.length;
  const scaled = data.values.map((_, r) => Array.from(record.scaled.subarray(r * features, (r + 1) * features)));
  return scaler.method === "minmax"
    ? { method: "minmax", columns: [...data.columns], min: [...scaler.min], max: [...scaler.max], scaled }
    : { method: "standardize", deviation: scaler.deviation, columns: [...data.columns], mean: [...scaler.mean], std: [...scaler.std], scaled };
}

/** The symbol of the value in row r of feature j, carrying it. */
function valueSymbol(j: number, r: number, value: number): SymbolExpr {
  return sym("x", String(j + 1), `(${r + 1})`, value);
}

/** The symbols of feature j's two statistics (min and max, or μ and σ), carrying their values. */
function statisticSymbols(scaler: ScalerJson, j: number): [SymbolExpr, SymbolExpr] {
  const f = String(j + 1);
  return scaler.method === "minmax"
    ? [sym("min", f, undefined, scaler.min[j]), sym("max", f, undefined, scaler.max[j])]
    : [sym("mu", f, undefined, scaler.mean[j]), sym("sigma", f, undefined, scaler.std[j])];
}

function statisticSteps(record: ScaleRecord, j: number): Step[] {
  const { scaler, data } = record;
  const column = data.values.map((row, r) => valueSymbol(j, r, row[j]));
  const [a, b] = statisticSymbols(scaler, j);
  if (scaler.method === "minmax") {
    return [
      { lhs: a, formula: scalerMinFormula(column), value: scaler.min[j] },
      { lhs: b, formula: scalerMaxFormula(column), value: scaler.max[j] },
    ];
  }
  return [
    { lhs: a, formula: scalerMeanFormula(column), value: scaler.mean[j] },
    {
      lhs: b,
      formula: scalerDeviationFormula(column, a, scaler.deviation),
      value: scaler.std[j],
      ...(scaler.std[j] === 0 ? { note: "the feature is constant: σ is 0 (what the sum leaves above 0 is rounding)" } : {}),
    },
  ];
}

function scaledSteps(record: ScaleRecord, j: number): Step[] {
  const { scaler, data } = record;
  const features = data.columns.length;
  const [a, b] = statisticSymbols(scaler, j);
  const constant = scaler.method === "minmax" ? scaler.max[j] === scaler.min[j] : scaler.std[j] === 0;
  return data.values.map((row, r) => ({
    lhs: sym("xhat", String(j + 1), `(${r + 1})`),
    formula: scalerFormula(scaler.method, valueSymbol(j, r, row[j]), a, b),
    value: record.scaled[r * features + j],
    ...(constant ? { note: "the feature is constant, so the formula divides 0 by 0: tracegrad maps it to 0" } : {}),
  }));
}

function featureTitle(data: DataMatrix, j: number): string {
  return data.columns[j] === `x${j + 1}` ? `Feature ${j + 1}` : `Feature ${j + 1} (${data.columns[j]})`;
}

function matrixTable(title: string, data: DataMatrix, values: (r: number, j: number) => number): Table {
  const features = data.columns.length;
  return {
    title,
    columns: ["row", ...data.columns],
    rows: data.values.map((_, r) => [String(r + 1), ...Array.from({ length: features }, (_, j) => values(r, j))]),
  };
}

/** The worked solution of a scaling. */
export function scaleWorked(record: ScaleRecord, options: ScaleOptions & { precision: number }): Worked {
  const { data, scaler } = record;
  const features = data.columns.length;
  const rows = data.values.length;
  const method = scaler.method;
  const standardize = method === "standardize";
  const deviation = scaler.method === "standardize" ? scaler.deviation : "population";
  const x = sym("x");
  const [a, b] = standardize ? [sym("mu"), sym("sigma")] : [sym("min"), sym("max")];
  const groups = (steps: (j: number) => Step[]): StepGroup[] => data.columns.map((_, j) => ({ title: featureTitle(data, j), steps: steps(j) }));
  const conventions = standardize
    ? [
        deviation === "population"
          ? "σ is the population standard deviation √((1/n) Σ (x - μ)²) (--std sample divides by n - 1)"
          : "σ is the sample standard deviation √((1/(n - 1)) Σ (x - μ)²) (--std population divides by n)",
        "x_j⁽ⁱ⁾ is row i of feature j; each feature is scaled with its own statistics",
      ]
    : ["x_j⁽ⁱ⁾ is row i of feature j; each feature is scaled into [0, 1] with its own min and max"];
  conventions.push(standardize ? "a constant feature (max = min, or σ ≤ 10⁻¹²·max(1, |μ|), which is rounding) has σ = 0 and maps to 0" : "a constant feature (max = min) maps to 0");
  return {
    title: options.title ?? (standardize ? "Standardization" : "Min-max scaling"),
    ...(options.source !== undefined ? { source: options.source } : {}),
    summary: `${rows} rows × ${features} features; ${standardize ? `x̂ = (x - μ)/σ with the ${deviation} standard deviation` : "x̂ = (x - min)/(max - min)"}`,
    conventions,
    given: [],
    sections: [
      section("data", "Data", { tables: [matrixTable("", data, (r, j) => data.values[r][j])] }),
      section("statistics", standardize ? "Mean and standard deviation of each feature" : "Minimum and maximum of each feature", {
        formulas: scalerStatisticsFormulas(method, deviation),
        groups: groups((j) => statisticSteps(record, j)),
      }),
      section("scaled", "Scaled values", {
        formulas: [{ lhs: sym("xhat"), rhs: scalerFormula(method, x, a, b) }],
        groups: groups((j) => scaledSteps(record, j)),
        tables: [matrixTable("Scaled matrix", data, (r, j) => record.scaled[r * features + j])],
      }),
    ],
    notes: [],
  };
}

/** Scales a data matrix and renders the worked solution in a format; JSON carries {@link scaleResults}. */
export function explainScale(data: DataMatrix, options: ScaleOptions & WorkedRenderOptions = { method: "minmax" }): string {
  const record = runScale(data, options);
  const precision = options.precision ?? 8;
  return renderWorked(scaleWorked(record, { ...options, precision }), () => scaleResults(record), options);
}

/** The scaled matrix as CSV text: the header, then each row at full precision. */
export function scaledCsv(record: ScaleRecord): string {
  const features = record.data.columns.length;
  const quote = (name: string) => (/[",\n]/.test(name) ? `"${name.replaceAll('"', '""')}"` : name);
  const lines = [record.data.columns.map(quote).join(",")];
  for (let r = 0; r < record.data.values.length; r++) lines.push(Array.from(record.scaled.subarray(r * features, (r + 1) * features), (v) => String(v)).join(","));
  return lines.join("\n") + "\n";
}
