/**
 * Drawing the charts of `svg-chart.ts` to SVG: the layout of title, axes, plot areas and legends, and
 * the marks. Vega-Lite's layout with the plots' theme (12 pixels of padding, the title 12 pixels above
 * the plot, the legend 18 pixels right of it), measured in DejaVu Sans, so that a chart drawn here
 * looks as Vega draws its spec. Runs in Node and in browsers; loads nothing.
 *
 * @module
 */
import type { SvgChart, SvgDot, SvgGridChart, SvgHeatmapChart, SvgLegend, SvgLineChart, SvgMatrixChart, SvgPanelsChart } from "./svg-chart.js";
import { bandAxes, bandXAxisDepth, bandYAxisDepth, gridLines, placeAxis, xAxis, xAxisDepth, xAxisOverhang, yAxis, yAxisDepth } from "./svg-axis.js";
import type { PlacedAxis } from "./svg-axis.js";
import { gradientLegend, symbolLegend } from "./svg-legend.js";
import type { DrawnLegend } from "./svg-legend.js";
import { dotPath, escapeXml, markGroup, px, rectPath, svgDocument, textElement } from "./svg-markup.js";
import { dejaVuTextWidth } from "./text-width.js";

/** The layout's constants (theme.ts's Vega-Lite `config`). */
const LAYOUT = {
  padding: 12,
  titleSize: 16,
  titleColor: "#222222",
  titleOffset: 12,
  panelTitleSize: 14,
  subtitleSize: 12,
  subtitleColor: "#555555",
  subtitlePadding: 3,
  legendOffset: 18,
  legendSpacing: 12,
  panelSpacing: 28,
  frameColor: "#b0b0b0",
} as const;

/** The SVG of a chart: a complete `<svg>` document, the same for the same chart on every run. */
export function drawChart(chart: SvgChart): string {
  switch (chart.kind) {
    case "lines":
      return drawLines(chart);
    case "panels":
      return drawPanels(chart);
    case "heatmap":
      return drawHeatmap(chart);
    case "matrix":
      return drawMatrix(chart);
    case "grid":
      return drawGrid(chart);
  }
}

/** The chart's title, centered on the origin, and the height it takes above the plot. */
function title(text: string | undefined): { markup: string; height: number; width: number } {
  if (text === undefined || text === "") return { markup: "", height: 0, width: 0 };
  const style = { anchor: "middle", baseline: "top", size: LAYOUT.titleSize, bold: true, color: LAYOUT.titleColor } as const;
  return {
    markup: markGroup("mark-text role-title-text", [textElement(text, 0, 0, style)]),
    height: LAYOUT.titleSize + LAYOUT.titleOffset,
    width: dejaVuTextWidth(text, LAYOUT.titleSize, true),
  };
}

/** The legends stacked at the right of the plot, and their size. */
function stackLegends(legends: readonly DrawnLegend[]): DrawnLegend {
  let y = 0;
  const parts: string[] = [];
  for (const legend of legends) {
    parts.push(`<g class="mark-group role-legend" transform="translate(0,${px(y)})">${legend.markup}</g>`);
    y += legend.height + LAYOUT.legendSpacing;
  }
  return {
    width: legends.reduce((w, l) => Math.max(w, l.width), 0),
    height: Math.max(0, y - LAYOUT.legendSpacing),
    markup: parts.join(""),
    defs: legends.flatMap((l) => l.defs),
  };
}

/** The plot area's frame. */
function frame(width: number, height: number): string {
  return `<path class="background" d="M0,0h${px(width)}v${px(height)}h${px(-width)}Z" fill="none" stroke="${LAYOUT.frameColor}"/>`;
}

/**
 * Puts the title above and the legends to the right of a block of plots whose axes reach `left`
 * pixels left of x = 0 and `below` pixels below its `height`, and makes the document.
 */
function compose(options: {
  readonly titleText: string | undefined;
  readonly left: number;
  readonly width: number;
  readonly height: number;
  readonly below: number;
  /** How far the axes' labels reach past the right of the plots (0). */
  readonly right?: number;
  readonly titleCenter: number;
  readonly body: string;
  readonly defs: readonly string[];
  readonly legends: readonly DrawnLegend[];
}): string {
  const p = LAYOUT.padding;
  const heading = title(options.titleText);
  const legends = stackLegends(options.legends);
  const legendWidth = options.legends.length === 0 ? 0 : LAYOUT.legendOffset + legends.width;
  // The title is centered over the plots, unless it is wider than the chart: then over the chart.
  const contentWidth = options.left + options.width + Math.max(legendWidth, options.right ?? 0);
  const width = Math.max(contentWidth, heading.width);
  const titleCenter = Math.min(Math.max(options.left + options.titleCenter, heading.width / 2), width - heading.width / 2);
  const plotX = p + options.left;
  const plotY = p + heading.height;
  const height = heading.height + Math.max(options.height + options.below, legends.height);
  const titleMarkup = heading.markup === "" ? "" : `<g transform="translate(${px(p + titleCenter)},${p})">${heading.markup}</g>`;
  return svgDocument(width + 2 * p, height + 2 * p, options.defs.concat(legends.defs), [
    `<g fill="none" stroke-miterlimit="10">`,
    `<g transform="translate(${px(plotX)},${px(plotY)})">${options.body}</g>`,
    legends.markup === "" ? "" : `<g transform="translate(${px(plotX + options.width + LAYOUT.legendOffset)},${px(plotY)})">${legends.markup}</g>`,
    titleMarkup,
    "</g>",
  ]);
}

/** Where a point of the data falls in a plot area `height` pixels high (y grows downwards). */
function toPlot(x: PlacedAxis, y: PlacedAxis, height: number): (vx: number, vy: number) => [number, number] {
  return (vx, vy) => [x.position(vx), height - y.position(vy)];
}

function legendOf(legend: SvgLegend | undefined): DrawnLegend[] {
  return legend === undefined || legend.names.length === 0 ? [] : [symbolLegend(legend)];
}

function drawLines(chart: SvgLineChart): string {
  const x = placeAxis(chart.x, chart.width);
  const y = placeAxis(chart.y, chart.height);
  const at = toPlot(x, y, chart.height);
  const paths = lineMarks(chart.series, at);
  const dots: string[] = [];
  if (chart.dotRadius > 0) {
    for (const series of chart.series) {
      for (let i = 0; i + 1 < series.points.length; i += 2) {
        const [dx, dy] = at(series.points[i], series.points[i + 1]);
        dots.push(dotPath(dx, dy, chart.dotRadius, `fill="${series.color}"`));
      }
    }
  }
  // Not clipped: the scales cover the data (a clipped group would cost resvg a layer as large as the picture).
  const body = [
    gridLines(x, y, chart.width, chart.height),
    frame(chart.width, chart.height),
    ...paths,
    markGroup("mark-symbol role-mark", dots),
    xAxis(x, chart.height),
    yAxis(y, chart.height),
  ].join("");
  const left = yAxisDepth(y);
  return compose({ titleText: chart.title, left, width: chart.width, height: chart.height, below: xAxisDepth(), right: xAxisOverhang(x), titleCenter: chart.width / 2, body, defs: [], legends: legendOf(chart.legend) });
}

/** The dots of a scatter, in the order given, ringed ones with a black ring. */
function dotMarks(dots: readonly SvgDot[], at: (x: number, y: number) => [number, number], radius: number, extra: string): string {
  return markGroup(
    "mark-symbol role-mark",
    dots.map((dot) => {
      const [x, y] = at(dot.x, dot.y);
      return dotPath(x, y, radius, `fill="${dot.color}"${extra}${dot.ringed ? ' stroke="#000000" stroke-width="2"' : ""}`);
    }),
  );
}

function drawPanels(chart: SvgPanelsChart): string {
  const size = chart.size;
  const x = placeAxis(chart.x, size);
  const y = placeAxis(chart.y, size);
  const at = toPlot(x, y, size);
  const left = yAxisDepth(y);
  const header = LAYOUT.panelTitleSize + LAYOUT.subtitlePadding + LAYOUT.subtitleSize + LAYOUT.titleOffset;
  const step = size + LAYOUT.panelSpacing + left;
  const panels = chart.panels.map((panel, i) => {
    const heading = [
      markGroup("mark-text role-title-text", [textElement(panel.title, size / 2, -header, { anchor: "middle", baseline: "top", size: LAYOUT.panelTitleSize, bold: true, color: LAYOUT.titleColor })]),
      panel.subtitle.trim() === ""
        ? ""
        : markGroup("mark-text role-title-subtitle", [textElement(panel.subtitle, size / 2, -header + LAYOUT.panelTitleSize + LAYOUT.subtitlePadding, { anchor: "middle", baseline: "top", size: LAYOUT.subtitleSize, color: LAYOUT.subtitleColor })]),
    ].join("");
    const opacity = chart.dotOpacity < 1 ? ` fill-opacity="${chart.dotOpacity}"` : "";
    return [
      `<g transform="translate(${px(i * step)},${header})">`,
      gridLines(x, y, size, size),
      frame(size, size),
      dotMarks(panel.dots, at, chart.dotRadius, opacity),
      xAxis(x, size),
      yAxis(y, size),
      heading,
      "</g>",
    ].join("");
  });
  const width = (chart.panels.length - 1) * step + size;
  return compose({ titleText: chart.title, left, width, height: header + size, below: xAxisDepth(), right: xAxisOverhang(x), titleCenter: width / 2, body: panels.join(""), defs: [], legends: legendOf(chart.legend).map((l) => ({ ...l, markup: `<g transform="translate(0,${header})">${l.markup}</g>` })) });
}

function drawHeatmap(chart: SvgHeatmapChart): string {
  const { width, height } = chart;
  const x = placeAxis(chart.x, width);
  const y = placeAxis(chart.y, height);
  const at = toPlot(x, y, height);
  const regions =
    chart.image !== undefined
      ? markGroup("mark-image role-mark", [`<image image-rendering="optimizeSpeed" x="0" y="0" width="${px(width)}" height="${px(height)}" preserveAspectRatio="none" href="${escapeXml(chart.image, true)}"/>`])
      : markGroup(
          "mark-rect role-mark",
          (chart.cells ?? []).map((cell) => {
            const [left, top] = at(cell.x0, cell.y1);
            const [right, bottom] = at(cell.x1, cell.y0);
            return rectPath(left, top, right - left, bottom - top, `fill="${cell.color}"`);
          }),
        );
  // Dots outside the map are left out, rather than clipped: a clipped group would cost resvg a layer
  // as large as the picture.
  const inside = chart.dots.filter((dot) => {
    const [px0, py0] = at(dot.x, dot.y);
    return px0 >= 0 && px0 <= width && py0 >= 0 && py0 <= height;
  });
  const body = [
    regions,
    frame(width, height),
    dotMarks(inside, at, chart.dotRadius, ' stroke="#ffffff" stroke-width="1"'),
    xAxis(x, height),
    yAxis(y, height),
  ].join("");
  const legends = [...(chart.gradient === undefined ? [] : [gradientLegend(chart.gradient, "gradient_0")]), ...legendOf(chart.legend)];
  return compose({ titleText: chart.title, left: yAxisDepth(y), width, height, below: xAxisDepth(), right: xAxisOverhang(x), titleCenter: width / 2, body, defs: [], legends });
}

function drawMatrix(chart: SvgMatrixChart): string {
  const { size, labels } = chart;
  const count = labels.length;
  const band = size / Math.max(1, count);
  const rects: string[] = [];
  const texts: string[] = [];
  chart.cells.forEach((cell, i) => {
    const row = Math.floor(i / count);
    const column = i % count;
    rects.push(rectPath(column * band, row * band, band, band, `fill="${cell.color}"`));
    texts.push(textElement(cell.text, (column + 0.5) * band, (row + 0.5) * band, { anchor: "middle", baseline: "middle", size: chart.fontSize, color: cell.textColor }));
  });
  const body = [
    markGroup("mark-rect role-mark", rects, ' stroke="#ffffff" stroke-width="1"'),
    markGroup("mark-text role-mark", texts),
    bandAxes(labels, size, chart.columnsTitle, chart.rowsTitle),
  ].join("");
  return compose({ titleText: chart.title, left: bandYAxisDepth(labels), width: size, height: size, below: bandXAxisDepth(), titleCenter: size / 2, body, defs: [], legends: [gradientLegend(chart.gradient, "gradient_0")] });
}

/** The lines through their points, one group each as Vega draws them; a line of one point is not drawn (a series of one point is only its dot). */
function lineMarks(lines: readonly { readonly color: string; readonly dash?: string; readonly points: readonly number[] }[], at: (x: number, y: number) => [number, number]): string[] {
  return lines
    .filter((line) => line.points.length >= 4)
    .map((line) => markGroup("mark-line role-mark", [`<path d="${linePath(line.points, at)}" stroke="${line.color}" stroke-width="2" fill="none"${line.dash === undefined ? "" : ` stroke-dasharray="${line.dash}"`}/>`]));
}

/** The path of a line through interleaved points (x₀, y₀, x₁, y₁, ...). */
function linePath(points: readonly number[], at: (x: number, y: number) => [number, number]): string {
  let d = "";
  for (let i = 0; i + 1 < points.length; i += 2) {
    const [x, y] = at(points[i], points[i + 1]);
    d += `${i === 0 ? "M" : "L"}${px(x)},${px(y)}`;
  }
  return d;
}

/** The legend of the lines' styles, in one row: a short line of each style, then its name. */
function styleLegend(legend: SvgGridChart["legend"]): { markup: string; height: number } {
  const size = 12;
  const symbol = 24;
  let x = 0;
  const symbols: string[] = [];
  const labels: string[] = [];
  legend.names.forEach((name, i) => {
    const dash = legend.dashes[i];
    symbols.push(`<path d="M${px(x)},${size / 2}h${symbol}" stroke="${legend.color}" stroke-width="2"${dash === undefined ? "" : ` stroke-dasharray="${dash}"`}/>`);
    labels.push(textElement(name, x + symbol + 5, size / 2, { baseline: "middle", size, color: "#333333" }));
    x += symbol + 5 + dejaVuTextWidth(name, size) + 16;
  });
  return { markup: markGroup("mark-symbol role-legend-symbol", symbols) + markGroup("mark-text role-legend-label", labels), height: size + 10 };
}

function drawGrid(chart: SvgGridChart): string {
  const { width, height, columns } = chart;
  const placed = chart.panels.map((panel) => ({ panel, x: placeAxis(panel.x, width), y: placeAxis(panel.y, height) }));
  const left = placed.reduce((d, p) => Math.max(d, yAxisDepth(p.y)), 0);
  const header = 13 + 6;
  const spacing = 24;
  const columnStep = left + width + spacing;
  const rowStep = header + height + xAxisDepth() + spacing;
  const legend = styleLegend(chart.legend);
  const panels = placed.map(({ panel, x, y }, i) => {
    const at = toPlot(x, y, height);
    const lines = lineMarks(panel.lines, at);
    const column = i % columns;
    const row = Math.floor(i / columns);
    return [
      `<g transform="translate(${px(column * columnStep)},${px(legend.height + header + row * rowStep)})">`,
      gridLines(x, y, width, height, chart.zeroLine),
      frame(width, height),
      ...lines,
      xAxis(x, height),
      yAxis(y, height),
      markGroup("mark-text role-title-text", [textElement(panel.title, width / 2, -6, { anchor: "middle", baseline: "bottom", size: 13, bold: true, color: LAYOUT.titleColor })]),
      "</g>",
    ].join("");
  });
  const shownColumns = Math.min(columns, chart.panels.length);
  const rows = Math.ceil(chart.panels.length / columns);
  const gridWidth = (shownColumns - 1) * columnStep + width;
  const gridHeight = legend.height + rows * rowStep - spacing - xAxisDepth();
  const body = `<g class="mark-group role-legend">${legend.markup}</g>` + panels.join("");
  const right = placed.reduce((over, p) => Math.max(over, xAxisOverhang(p.x)), 0);
  return compose({ titleText: chart.title, left, width: gridWidth, height: gridHeight, below: xAxisDepth(), right, titleCenter: gridWidth / 2, body, defs: [], legends: [] });
}
