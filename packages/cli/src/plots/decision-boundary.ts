/**
 * The decision boundary of a classifier of the plane: its prediction over a grid as a heat map, with
 * the data points on top. A grid of evenly spaced points is drawn as one image of one pixel per grid
 * point (an embedded PNG, scaled up without smoothing), which Vega lays out and resvg draws in a
 * fraction of the time 10,000 rectangles took; an uneven grid is drawn as one rectangle per cell.
 *
 * @module
 */
import { checkClass, checkIncreasing, checkLength } from "./checks.js";
import { classLegend } from "./classes.js";
import type { PlotSpec } from "./plot-spec.js";
import { topLevel } from "./plot-spec.js";
import { withSvgChart } from "./svg-chart.js";
import type { SvgCell } from "./svg-chart.js";
import { base64, encodePng } from "./png-encode.js";
import { PANEL_WIDTH, colorRamp, rampColor, rgbChannels, tint } from "./theme.js";

/**
 * The network's prediction at the points of a grid: `values[i1][i0]` belongs to `(x0[i0], x1[i1])`
 * and is the probability of class 1 (two classes) or the predicted class id (more).
 */
export interface DecisionGrid {
  readonly x0: readonly number[];
  readonly x1: readonly number[];
  readonly values: readonly (readonly number[])[];
}

/** A data point with its class. */
export interface LabeledPoint {
  readonly x: readonly [number, number];
  readonly label: number;
}

/** How the decision boundary looks. */
export interface DecisionBoundaryOptions {
  /** The number of classes: 2 reads the grid as p(class 1), more as class ids. */
  readonly classes: number;
  /** The chart's title (none). */
  readonly title?: string;
  /** The names of the classes in the legend ("0", "1", ...). */
  readonly classNames?: readonly string[];
  /** The titles of the axes ("x₁", "x₂"). */
  readonly xTitle?: string;
  readonly yTitle?: string;
}

/** How much of white is mixed into the class colors of the regions, so the points stand out on them. */
const REGION_TINT = 0.6;

/**
 * The size of the plot area: one unit of x₁ as long as one of x₂, so the boundary's angles are true,
 * its longer side {@link PANEL_WIDTH}, unless that would make it thinner than half of that.
 */
function panelSize(extent0: number, extent1: number): { width: number; height: number } {
  const ratio = Math.min(2, Math.max(0.5, extent1 / extent0));
  return ratio <= 1
    ? { width: PANEL_WIDTH, height: Math.round(PANEL_WIDTH * ratio) }
    : { width: Math.round(PANEL_WIDTH / ratio), height: PANEL_WIDTH };
}

/** The edges of the cells around grid points: halfway between neighbors, half a step beyond the ends. */
function cellEdges(centers: readonly number[]): number[] {
  const n = centers.length;
  const edges = [centers[0] - (centers[1] - centers[0]) / 2];
  for (let i = 1; i < n; i++) edges.push((centers[i - 1] + centers[i]) / 2);
  edges.push(centers[n - 1] + (centers[n - 1] - centers[n - 2]) / 2);
  return edges;
}

/** One layer of a layered chart. */
type LayerElement = Extract<PlotSpec, { layer: unknown }>["layer"][number];

/** Whether grid points are evenly spaced (to a millionth of a step). */
function even(centers: readonly number[]): boolean {
  const step = (centers[centers.length - 1] - centers[0]) / (centers.length - 1);
  return centers.every((c, i) => Math.abs(c - (centers[0] + i * step)) <= 1e-6 * Math.abs(step));
}

/** The colors of p(class 1) = 0, 0.5 and 1: class 0's region color, white, class 1's. */
function probabilityRamp(regionColors: readonly string[]): string[] {
  return [regionColors[0], "#ffffff", regionColors[1]];
}

/**
 * The grid as a PNG data URL, one pixel per grid point, the top row the largest x₂: each pixel the
 * color the heat map's scale gives its value (straight RGB from class 0's tint through white to class
 * 1's, or its class's tint), as Vega's scale computes it, channels rounded.
 */
function gridImage(grid: DecisionGrid, binary: boolean, regionColors: readonly string[], ramp: readonly string[]): string {
  const w = grid.x0.length;
  const h = grid.x1.length;
  const rgb = new Uint8Array(w * h * 3);
  const tints = regionColors.map(rgbChannels);
  const shade = colorRamp(ramp);
  for (let i1 = 0; i1 < h; i1++) {
    const row = h - 1 - i1;
    for (let i0 = 0; i0 < w; i0++) {
      const v = grid.values[i1][i0];
      if (binary) shade(v, rgb, 3 * (row * w + i0));
      else rgb.set(tints[v], 3 * (row * w + i0));
    }
  }
  return "data:image/png;base64," + base64(encodePng(w, h, rgb));
}

/**
 * A heat map of the grid with the points on top. With two classes the map shades p(class 1) from
 * class 0's red through white at 0.5 to class 1's blue; with more, each cell takes its class's color.
 *
 * @throws RangeError when the grid is not increasing, not at least 2 × 2, or its values do not match
 * its axes; or when a class is out of range.
 */
export function decisionBoundary(grid: DecisionGrid, points: readonly LabeledPoint[], options: DecisionBoundaryOptions): PlotSpec {
  const plot = "decisionBoundary";
  const classes = classLegend(options.classes, options.classNames, plot);
  const binary = classes.names.length === 2;
  if (grid.x0.length < 2 || grid.x1.length < 2) throw new RangeError(`${plot}: the grid needs at least 2 points along each axis`);
  checkIncreasing(grid.x0, plot, "grid.x0");
  checkIncreasing(grid.x1, plot, "grid.x1");
  checkLength(grid.values, grid.x1.length, plot, "grid.values");
  const edges0 = cellEdges(grid.x0);
  const edges1 = cellEdges(grid.x1);
  const asImage = even(grid.x0) && even(grid.x1);
  const cells: { a: number; b: number; c: number; d: number; v: number | string }[] = [];
  const svgCells: SvgCell[] = [];
  const regionColors = classes.colors.map((c) => tint(c, REGION_TINT));
  const ramp = probabilityRamp(regionColors);
  grid.values.forEach((row, i1) => {
    checkLength(row, grid.x0.length, plot, `grid.values[${i1}]`);
    row.forEach((value, i0) => {
      if (binary) {
        if (!(value >= 0 && value <= 1)) throw new RangeError(`${plot}: grid.values[${i1}][${i0}] must be a probability from 0 to 1, got ${value}`);
      } else {
        checkClass(value, classes.names.length, plot, `grid.values[${i1}][${i0}]`);
      }
      if (!asImage) {
        cells.push({ a: edges0[i0], b: edges0[i0 + 1], c: edges1[i1], d: edges1[i1 + 1], v: binary ? value : classes.names[value] });
        svgCells.push({ x0: edges0[i0], x1: edges0[i0 + 1], y0: edges1[i1], y1: edges1[i1 + 1], color: binary ? rampColor(ramp, value) : regionColors[value] });
      }
    });
  });
  const dots = points.map((p, i) => {
    checkClass(p.label, classes.names.length, plot, `points[${i}].label`);
    return { x0: p.x[0], x1: p.x[1], label: classes.names[p.label] };
  });
  const domain0 = [edges0[0], edges0[edges0.length - 1]];
  const domain1 = [edges1[0], edges1[edges1.length - 1]];
  const regionFill = binary
    ? {
        field: "v",
        type: "quantitative",
        title: options.classNames === undefined ? "p(class 1)" : `p(${classes.names[1]})`,
        scale: {
          domain: [0, 0.5, 1],
          range: ramp,
          // Straight through RGB: HCL would pass the pale red and blue through a cyan tinge on the way to white.
          interpolate: "rgb",
        },
        legend: { orient: "right", gradientLength: 160, format: ".1f" },
      } as const
    : {
        field: "v",
        type: "nominal",
        scale: { domain: [...classes.names], range: [...regionColors] },
        legend: null,
      } as const;
  const { width, height } = panelSize(domain0[1] - domain0[0], domain1[1] - domain1[0]);
  const x = { type: "quantitative", title: options.xTitle ?? "x₁", scale: { domain: domain0, nice: false, zero: false } } as const;
  const y = { type: "quantitative", title: options.yTitle ?? "x₂", scale: { domain: domain1, nice: false, zero: false } } as const;
  const image = asImage ? gridImage(grid, binary, regionColors, ramp) : undefined;
  const regions: LayerElement[] = image !== undefined
    ? [
        {
          // the whole grid as one image over the plot area, its top left corner at (x₁ min, x₂ max)
          data: { values: [{ url: image }] },
          mark: { type: "image", width, height, aspect: false, align: "left", baseline: "top", aria: false } as const,
          encoding: { x: { ...x, datum: domain0[0] }, y: { ...y, datum: domain1[1] }, url: { field: "url" } },
        },
        // the scale of p(class 1) and its gradient legend, from one invisible cell of no size
        ...(binary
          ? [
              {
                data: { values: [{ v: 0.5 }] },
                mark: { type: "rect", opacity: 0, aria: false } as const,
                encoding: { x: { datum: domain0[0], type: "quantitative" as const, title: x.title }, x2: { datum: domain0[0] }, y: { datum: domain1[0], type: "quantitative" as const, title: y.title }, y2: { datum: domain1[0] }, fill: regionFill },
              },
            ]
          : []),
      ]
    : [
        {
          data: { values: cells },
          mark: { type: "rect", aria: false } as const,
          encoding: { x: { ...x, field: "a" }, x2: { field: "b" }, y: { ...y, field: "c" }, y2: { field: "d" }, fill: regionFill },
        },
      ];
  const spec: PlotSpec = {
    ...topLevel(options.title),
    width,
    height,
    layer: [
      ...regions,
      {
        data: { values: dots },
        mark: { type: "circle", size: 60, opacity: 1, stroke: "#ffffff", strokeWidth: 1, clip: true, aria: false },
        encoding: {
          x: { field: "x0", type: "quantitative", title: x.title },
          y: { field: "x1", type: "quantitative", title: y.title },
          color: { field: "label", type: "nominal", scale: { domain: [...classes.names], range: [...classes.colors] }, legend: { title: "class" } },
        },
      },
    ],
    resolve: { scale: { fill: "independent", color: "independent" } },
  };
  return withSvgChart(spec, {
    kind: "heatmap",
    ...(options.title !== undefined ? { title: options.title } : {}),
    width,
    height,
    x: { title: x.title, domain: [domain0[0], domain0[1]], nice: false },
    y: { title: y.title, domain: [domain1[0], domain1[1]], nice: false },
    ...(image !== undefined ? { image } : { cells: svgCells }),
    dots: dots.map((d, i) => ({ x: d.x0, y: d.x1, color: classes.colors[points[i].label] })),
    dotRadius: Math.sqrt(60 / Math.PI),
    ...(binary
      ? {
          gradient: {
            title: regionFill.title as string,
            colors: ramp,
            labels: [{ at: 1, text: "1.0" }, { at: 0.5, text: "0.5" }, { at: 0, text: "0.0" }],
          },
        }
      : {}),
    legend: { title: "class", names: classes.names, colors: classes.colors, symbol: "circle" },
  });
}
