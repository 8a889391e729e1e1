/**
 * tracegrad/engine: the pieces for extending tracegrad. The symbolic expressions its formulas are
 * written in, tensors and the tape that records every operation, the operations themselves (each
 * declaring its forward computation, its derivative and the formula it prints in one place), the tables
 * of activations, losses and update rules, the matrix kernels, the layers and optimizers of the
 * training fast path, and the worked solution's building blocks.
 *
 * These functions are the engine's own: they check their arguments less than the main entry's do (a
 * wrong shape may throw a plain `RangeError`). Build on `tracegrad` where it has what you need.
 *
 * @example
 * ```ts
 * import { Tape, Tensor, linear, activate } from "tracegrad/engine";
 *
 * const tape = new Tape();
 * const x = Tensor.fromRows([[0.1, 0.5]]);
 * const w = Tensor.fromRows([[0.8, 0.4], [0.3, 0.2]]);
 * const a = activate(tape, linear(tape, x, w, null), "sigmoid");
 * ```
 *
 * @module tracegrad/engine
 */

// Expressions, tensors, the tape.
export * as expr from "./engine/expr.js";
export type { Expr, SymbolExpr, PartialExpr } from "./engine/expr.js";
export { evaluate } from "./engine/expr.js";
export { Tensor } from "./engine/tensor.js";
export type { TensorLabel } from "./engine/tensor.js";
export { Tape } from "./engine/tape.js";
export type { TapeNode, Contribution } from "./engine/tape.js";
export type { Operation, Step, ForwardResult } from "./engine/operation.js";
export { renderExpr } from "./engine/render-expr.js";
export type { Notation, RenderOptions } from "./engine/render-expr.js";
export { formatNumber, formatNumberLatex, DEFAULT_PRECISION } from "./common/format-number.js";

// The tables: activations, losses, update rules, initializers.
export { ACTIVATIONS, BUILTIN_ACTIVATION_NAMES, activation, activationNames, isActivationName, registerActivation, DEFAULT_LEAKY_ALPHA } from "./engine/activations.js";
export type { Activation, ElementwiseActivation, SoftmaxActivation, FloatArray, OnnxActivationGraph } from "./engine/activations.js";
export { LOSSES, BUILTIN_LOSS_NAMES, lossDefinition, lossNames, isLossName, registerLoss } from "./engine/losses.js";
export type { LossDefinition, FusedDelta } from "./engine/losses.js";
export { UPDATE_RULES, BUILTIN_OPTIMIZER_NAMES, updateRule, optimizerNames, isOptimizerName, registerOptimizer, DEFAULT_HYPERPARAMETERS } from "./engine/update-rules.js";
export type { UpdateRule, Hyperparameters, Assignment, UpdateSymbols, StepConstants } from "./engine/update-rules.js";
export { INITIALIZERS, initialize, defaultInitializer } from "./nn/initializers.js";
export type { Initializer } from "./nn/initializers.js";

// Operations on the tape.
export { linear, linearOperation } from "./engine/ops/linear.js";
export { activate, activateOperation } from "./engine/ops/activate.js";
export type { ActivateAttributes } from "./engine/ops/activate.js";
export { lossOf, fusedLossOf, lossOperation, fusedLossOperation } from "./engine/ops/loss.js";
export type { LossAttributes } from "./engine/ops/loss.js";
export { l2Penalty, l2PenaltyOperation } from "./engine/ops/penalty.js";
export type { PenaltyAttributes } from "./engine/ops/penalty.js";
export { addScalars, addScalarsOperation } from "./engine/ops/add.js";
export { addTensors, addTensorsOperation } from "./engine/ops/add-tensors.js";
export { update, updateOperation } from "./engine/ops/update.js";
export type { UpdateAttributes } from "./engine/ops/update.js";
export { batchNorm, batchNormOperation } from "./engine/ops/batch-norm.js";
export type { BatchNormAttributes, BatchNormNode } from "./engine/ops/batch-norm.js";
export { dropout, dropoutOperation } from "./engine/ops/dropout.js";
export type { DropoutAttributes, DropoutNode } from "./engine/ops/dropout.js";
export { checkGradients, relativeError, DEFAULT_EPSILON, DEFAULT_TOLERANCE } from "./engine/gradcheck.js";
export type { GradientCheck, GradientCheckOptions, ParameterCheck } from "./engine/gradcheck.js";
export { recordForward } from "./step/run-step.js";
export type { ForwardTrace, LayerTrace, LayerUpdate, OutOfDomain } from "./step/run-step.js";

// Worked solutions, as structures before they are rendered.
export { buildSolution, SECTION_IDS } from "./explain/solution.js";
export type { Solution, Section, StepGroup, Formula, Given, SolutionOptions } from "./explain/solution.js";
export type { Worked, WorkedSection, WorkedGiven, Table } from "./explain/worked/worked.js";
export { withOrigin } from "./step/spec/index.js";

// The training fast path: kernels, layers, optimizers, schedules, metrics.
export { matmul, useBackend, activeBackend } from "./kernels/index.js";
export type { BackendName, MatmulOptions } from "./kernels/index.js";
export { Random } from "./engine/random.js";
export type { RandomState } from "./engine/random.js";
export { Dense } from "./nn/layers/dense.js";
export { Dropout } from "./nn/layers/dropout.js";
export { BatchNorm } from "./nn/layers/batch-norm.js";
export { Optimizer } from "./nn/optimizer.js";
export type { OptimizerState, StepReport } from "./nn/optimizer.js";
export { Schedule } from "./nn/schedules.js";
export type { ScheduleState } from "./nn/schedules.js";
export { classificationMetrics, confusionMatrix, predictedClass, predictedClasses, NO_CLASS } from "./nn/metrics.js";
export type { ClassificationMetrics } from "./nn/metrics.js";
