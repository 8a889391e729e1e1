/**
 * The plot builders: each chart as a Vega-Lite spec built from plain data. Nothing here imports Vega
 * or Node, so a browser bundle that takes only these stays small; render the specs with
 * `renderSvg` (`./index.js`), `writePlot` (`./node.js`) or vega-embed.
 *
 * @module
 */
export type { PlotSpec } from "./plot-spec.js";
export { lineChart } from "./lines.js";
export type { LineSeries, LineChartOptions, XY } from "./lines.js";
export { learningCurve } from "./learning-curve.js";
export type { LearningCurveSeries, LearningCurveOptions } from "./learning-curve.js";
export { predictions } from "./predictions.js";
export type { PredictionPoint, PredictionsOptions } from "./predictions.js";
export { decisionBoundary } from "./decision-boundary.js";
export type { DecisionGrid, LabeledPoint, DecisionBoundaryOptions } from "./decision-boundary.js";
export { confusionMatrix } from "./confusion-matrix.js";
export type { ConfusionMatrixOptions } from "./confusion-matrix.js";
export { activationPanels } from "./activation-panels.js";
export type { ActivationPanel, ActivationPanelsOptions } from "./activation-panels.js";
