/**
 * The confusion matrix of a classifier: how many samples of each true class went to each predicted
 * class, as a grid of cells shaded by count with the count written in each.
 *
 * @module
 */
import { checkLength, checkUniqueNames } from "./checks.js";
import type { PlotSpec } from "./plot-spec.js";
import { topLevel } from "./plot-spec.js";
import { withSvgChart } from "./svg-chart.js";
import type { SvgMatrixChart } from "./svg-chart.js";
import { rampColor } from "./theme.js";

/** How the confusion matrix looks. */
export interface ConfusionMatrixOptions {
  /** The chart's title (none). */
  readonly title?: string;
  /** The side of the whole matrix in pixels (about 45 per class, from 200 to 500). */
  readonly size?: number;
}

/**
 * Counts are shaded on a square-root scale, from white at 0 to dark blue at the largest count, so that
 * a few dozen mistakes beside a diagonal of thousands still show. Cells whose count is at least this
 * fraction of the largest (about the darker half of the colors) are written in white.
 */
const WHITE_TEXT_FROM = 0.3;

/** ColorBrewer's Blues, from white to navy: the colors of counts from 0 to the largest. */
const BLUES = ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"] as const;

/** Round numbers from 0 to `top` for the legend: 1, 2 or 5 times a power of ten apart, at most seven. */
function countTicks(top: number): number[] {
  const rough = top / 6;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let i = 0; i * step <= top * (1 + 1e-9); i++) ticks.push(Number((i * step).toPrecision(12)));
  return ticks;
}

/** A count as written in its cell: whole numbers as they are, fractions with up to 2 decimals. */
function formatCount(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/**
 * The matrix `matrix[t][p]` (samples of true class t predicted as p) with rows and columns named by
 * `labels`: rows ("true") down the side, columns ("predicted") along the bottom, each cell shaded by
 * the square root of its count and the count written in it.
 *
 * @throws RangeError when the matrix is not square with one row per label, a count is not a finite
 * number ≥ 0, or two labels are the same.
 */
export function confusionMatrix(matrix: readonly (readonly number[])[], labels: readonly string[], options: ConfusionMatrixOptions = {}): PlotSpec {
  const plot = "confusionMatrix";
  checkUniqueNames(labels, plot, "label");
  checkLength(matrix, labels.length, plot, "the matrix");
  let largest = 0;
  const cells: { truth: string; predicted: string; count: number; text: string }[] = [];
  matrix.forEach((row, t) => {
    checkLength(row, labels.length, plot, `matrix[${t}]`);
    row.forEach((count, p) => {
      if (!(Number.isFinite(count) && count >= 0)) throw new RangeError(`${plot}: matrix[${t}][${p}] must be a count ≥ 0, got ${count}`);
      largest = Math.max(largest, count);
      cells.push({ truth: labels[t], predicted: labels[p], count, text: formatCount(count) });
    });
  });
  const size = options.size ?? Math.min(500, Math.max(200, 45 * labels.length));
  const cell = size / Math.max(1, labels.length);
  const fontSize = Math.round(Math.min(14, Math.max(7, cell / 3.6)));
  const threshold = largest * WHITE_TEXT_FROM;
  const top = Math.max(largest, 1);
  const shade = (count: number) => rampColor(BLUES, Math.sqrt(count / top));
  const chart: SvgMatrixChart = {
    kind: "matrix",
    ...(options.title !== undefined && options.title !== "" ? { title: options.title } : {}),
    size,
    labels,
    columnsTitle: "predicted",
    rowsTitle: "true",
    cells: cells.map((c) => ({ color: shade(c.count), text: c.text, textColor: c.count > threshold ? "#ffffff" : "#1a1a1a" })),
    fontSize,
    gradient: {
      title: "count",
      colors: BLUES,
      labels: countTicks(top).map((v) => ({ at: Math.sqrt(v / top), text: formatCount(v) })).reverse(),
      length: Math.min(size, 240),
    },
  };
  const band = { type: "nominal" as const, scale: { domain: [...labels], paddingInner: 0 }, axis: { labelAngle: 0, ticks: false, domain: false, labelPadding: 6 } };
  return withSvgChart({
    ...topLevel(options.title),
    width: size,
    height: size,
    data: { values: cells },
    encoding: {
      x: { field: "predicted", title: "predicted", ...band },
      y: { field: "truth", title: "true", ...band },
    },
    layer: [
      {
        mark: { type: "rect", stroke: "#ffffff", strokeWidth: 1, aria: false },
        encoding: {
          color: {
            field: "count",
            type: "quantitative",
            title: "count",
            // Straight through RGB, as the SVG tracegrad draws itself mixes them.
            scale: { type: "sqrt", domain: [0, top], range: [...BLUES], interpolate: "rgb" },
            legend: { gradientLength: Math.min(size, 240) },
          },
        },
      },
      {
        mark: { type: "text", fontSize, baseline: "middle", aria: false },
        encoding: {
          text: { field: "text", type: "nominal" },
          color: { condition: { test: `datum.count > ${threshold}`, value: "#ffffff" }, value: "#1a1a1a" },
        },
      },
    ],
  }, chart);
}
