/**
 * Node-only helpers: reading specs and data from files.
 *
 * @module
 */
export { loadStepSpec } from "./files/load-step-spec.js";
export { readTextFile } from "./files/read-text-file.js";
export { writeFileAtomic } from "./files/write-file-atomic.js";
export { renderSvg, svgToPng, writePlot } from "./plots/node.js";
export type { PngOptions, WrittenPlot } from "./plots/node.js";
export { loadMnistDigits, mnistSplit } from "./data/mnist.js";
export { trainRun, prepareRun, layerConfigs, trainingOptions } from "./run/training-run.js";
export type { RunResult, RunOutputs, PreparedRun, MetricsFile, FinalMetrics } from "./run/training-run.js";
export { resolveRunConfig, checkRunOptions, runOptionsSchema, DEFAULT_RUN } from "tracegrad/internal/run/run-config";
export type { RunConfig, RunOptions } from "tracegrad/internal/run/run-config";
export { writeRunPlots } from "./lab/run-plots.js";
export { runLab } from "./lab/lab.js";
export type { LabOptions } from "./lab/lab.js";
