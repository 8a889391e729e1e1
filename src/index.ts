/**
 * tracegrad: a neural-network engine that shows its work.
 *
 * Everything here runs unchanged in Node and in the browser; the Node-only helpers (reading files)
 * are in `tracegrad/node`.
 *
 * @example
 * ```ts
 * import { parseStepSpec, runStep, explainStep, stepResults } from "tracegrad";
 *
 * const spec = parseStepSpec(yamlText, "net.yaml");
 * const record = runStep(spec);
 * console.log(explainStep(record, { format: "markdown" }));
 * console.log(stepResults(record).loss);
 * ```
 *
 * @module
 */

// Engine: expressions, tensors, the tape, operations and their tables.
export * as expr from "./engine/expr.js";
export type { Expr, SymbolExpr, PartialExpr } from "./engine/expr.js";
export { evaluate } from "./engine/expr.js";
export { Tensor } from "./engine/tensor.js";
export type { TensorLabel } from "./engine/tensor.js";
export { Tape } from "./engine/tape.js";
export type { TapeNode, Contribution } from "./engine/tape.js";
export type { Operation, Step, ForwardResult } from "./engine/operation.js";
export { ACTIVATIONS, ACTIVATION_NAMES, activation, isActivationName, DEFAULT_LEAKY_ALPHA } from "./engine/activations.js";
export type { Activation, ActivationName, ElementwiseActivation, SoftmaxActivation } from "./engine/activations.js";
export { LOSSES, LOSS_NAMES, lossDefinition, isLossName } from "./engine/losses.js";
export type { LossDefinition, LossName, FusedDelta } from "./engine/losses.js";
export { UPDATE_RULES, OPTIMIZER_NAMES, updateRule, isOptimizerName, DEFAULT_HYPERPARAMETERS } from "./engine/update-rules.js";
export type { UpdateRule, OptimizerName, Hyperparameters } from "./engine/update-rules.js";
export { linear, linearOperation } from "./engine/ops/linear.js";
export { activate, activateOperation } from "./engine/ops/activate.js";
export { lossOf, fusedLossOf, lossOperation, fusedLossOperation } from "./engine/ops/loss.js";
export { l2Penalty, l2PenaltyOperation } from "./engine/ops/penalty.js";
export { addScalars, addScalarsOperation } from "./engine/ops/add.js";
export { update, updateOperation } from "./engine/ops/update.js";
export { checkGradients, relativeError, DEFAULT_EPSILON, DEFAULT_TOLERANCE } from "./engine/gradcheck.js";
export type { GradientCheck, GradientCheckOptions, ParameterCheck } from "./engine/gradcheck.js";

// Specs: reading networks and data from YAML or JSON.
export { parseStepSpec, toInterchange, InputError, formatPath, parseSource } from "./spec/index.js";
export type { StepSpec, LayerSpec, NetworkNames, LayerNames, InterchangeSpec, SourcePosition, ParsedSource } from "./spec/index.js";

// Worked solutions.
export { runStep, recordForward } from "./explain/run-step.js";
export type { StepRecord, ForwardTrace, LayerTrace } from "./explain/run-step.js";
export { stepResults } from "./explain/results.js";
export type { StepResults, LayerResults } from "./explain/results.js";
export { explainStep, SOLUTION_FORMATS } from "./explain/explain-step.js";
export type { ExplainOptions, SolutionFormat } from "./explain/explain-step.js";
export { buildSolution, SECTION_IDS } from "./explain/solution.js";
export type { Solution, Section, SectionId, StepGroup } from "./explain/solution.js";
export { renderText } from "./explain/render-text.js";
export { renderMarkdown } from "./explain/render-markdown.js";
export { renderLatex } from "./explain/render-latex.js";
export { solutionToJson } from "./explain/render-json.js";
export { renderExpr } from "./explain/render-expr.js";
export type { Notation, RenderOptions } from "./explain/render-expr.js";
export { formatNumber, formatNumberLatex, DEFAULT_PRECISION } from "./explain/format-number.js";
export { gradcheckSpec, renderGradientCheck } from "./explain/gradcheck-spec.js";
export type { SpecGradientCheck, NamedParameterCheck } from "./explain/gradcheck-spec.js";
