/**
 * Node-only helpers: reading specs and data from files.
 *
 * @module
 */
export { loadStepSpec } from "./spec/load.js";
export { readTextFile } from "./files/read-text-file.js";
export { writeFileAtomic } from "./files/write-file-atomic.js";
export { renderSvg, svgToPng, writePlot } from "./plots/node.js";
export type { PngOptions, WrittenPlot } from "./plots/node.js";
export { loadMnistDigits, mnistSplit } from "./data/mnist.js";
export { trainRun, prepareRun, layerConfigs, trainingOptions } from "./lab/training-run.js";
export type { RunResult, RunOutputs, PreparedRun, MetricsFile, FinalMetrics } from "./lab/training-run.js";
export { resolveRunConfig, checkRunOptions, runOptionsSchema, DEFAULT_RUN } from "./lab/run-config.js";
export type { RunConfig, RunOptions } from "./lab/run-config.js";
export { writeRunPlots } from "./lab/run-plots.js";
export { runLab } from "./lab/lab.js";
export type { LabOptions } from "./lab/lab.js";
