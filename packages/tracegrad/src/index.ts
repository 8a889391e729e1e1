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
export type { Activation, ActivationName, ElementwiseActivation, SoftmaxActivation, FloatArray } from "./engine/activations.js";
export { LOSSES, LOSS_NAMES, lossDefinition, isLossName } from "./engine/losses.js";
export type { LossDefinition, LossName, FusedDelta } from "./engine/losses.js";
export { UPDATE_RULES, OPTIMIZER_NAMES, updateRule, isOptimizerName, DEFAULT_HYPERPARAMETERS } from "./engine/update-rules.js";
export type { UpdateRule, OptimizerName, Hyperparameters, Assignment, UpdateSymbols } from "./engine/update-rules.js";
export { linear, linearOperation } from "./engine/ops/linear.js";
export { activate, activateOperation } from "./engine/ops/activate.js";
export type { ActivateAttributes } from "./engine/ops/activate.js";
export { lossOf, fusedLossOf, lossOperation, fusedLossOperation } from "./engine/ops/loss.js";
export type { LossAttributes } from "./engine/ops/loss.js";
export { l2Penalty, l2PenaltyOperation } from "./engine/ops/penalty.js";
export type { PenaltyAttributes } from "./engine/ops/penalty.js";
export { addScalars, addScalarsOperation } from "./engine/ops/add.js";
export { update, updateOperation } from "./engine/ops/update.js";
export type { UpdateAttributes } from "./engine/ops/update.js";
export { checkGradients, relativeError, DEFAULT_EPSILON, DEFAULT_TOLERANCE } from "./engine/gradcheck.js";
export type { GradientCheck, GradientCheckOptions, ParameterCheck } from "./engine/gradcheck.js";

// Specs: reading networks and data from YAML or JSON.
export { parseStepSpec, toInterchange, withOrigin, specError, InputError, formatPath, parseSource } from "./step/spec/index.js";
export type { StepSpec, LayerSpec, NetworkNames, LayerNames, InterchangeSpec, SourcePosition, ParsedSource, SourceFormat } from "./step/spec/index.js";

// Worked solutions.
export { runStep, recordForward } from "./step/run-step.js";
export type { StepRecord, ForwardTrace, LayerTrace, LayerUpdate, OutOfDomain } from "./step/run-step.js";
export { stepResults } from "./step/results.js";
export type { StepResults, LayerResults } from "./step/results.js";
export { explainStep, SOLUTION_FORMATS } from "./explain/explain-step.js";
export type { ExplainOptions, SolutionFormat } from "./explain/explain-step.js";
export { buildSolution, SECTION_IDS } from "./explain/solution.js";
export type { Solution, Section, SectionId, StepGroup, Formula, Given, SolutionOptions } from "./explain/solution.js";
export { renderWorkedText } from "./explain/worked/render-worked-text.js";
export { renderWorkedMarkdown } from "./explain/worked/render-worked-markdown.js";
export { renderWorkedLatex } from "./explain/worked/render-worked-latex.js";
export { workedToJson } from "./explain/worked/render-worked-json.js";
export type { WorkedJson } from "./explain/worked/render-worked-json.js";
export { renderExpr } from "./engine/render-expr.js";
export type { Notation, RenderOptions } from "./engine/render-expr.js";
export { formatNumber, formatNumberLatex, DEFAULT_PRECISION } from "./common/format-number.js";
export { gradcheckSpec, renderGradientCheck } from "./explain/gradcheck-spec.js";
export type { SpecGradientCheck, NamedParameterCheck } from "./explain/gradcheck-spec.js";

// Grading answers and generating exercises.
export { gradeAnswers, gradeRecord, DIAGNOSIS_CODES, renderGradeText, gradeToJson, gradeSummary, wrongByDiagnosis, gradeClass, gradebookCsv, renderClassText, listQuantities, readAnswers, simulateStep, parseTolerance, DEFAULT_TOLERANCE as DEFAULT_GRADE_TOLERANCE } from "./grade/index.js";
export type { GradeOptions, GradeReport, GradedItem, DiagnosisCode, Finding, Submission, StudentGrade, Quantity, QuantityKind, QuantityRef, Mistake, SimulationOptions, Answer, WrongArgumentForm, GradeTextOptions } from "./grade/index.js";
export { QUANTITY_KINDS, FACTOR_OF_TWO_VARIANTS } from "./grade/index.js";
export type { FactorOfTwoVariant } from "./grade/mistakes.js";
export { generateExercise, exerciseSeeds, EXERCISE_FILES, answersTemplate, specToNamedYaml, degeneracy, parseLayerSizes, resolveActivations, checkAnswers, checkClass, publishedNotes } from "./exercise/index.js";
export type { Exercise, ExerciseFile, ExerciseOptions } from "./exercise/index.js";

// Worked solutions of smaller computations: scale, activations, init, update, batchnorm, dropout.
export { batchNorm, batchNormOperation } from "./engine/ops/batch-norm.js";
export type { BatchNormAttributes, BatchNormNode } from "./engine/ops/batch-norm.js";
export { dropout, dropoutOperation } from "./engine/ops/dropout.js";
export type { DropoutAttributes, DropoutNode } from "./engine/ops/dropout.js";
export { addTensors, addTensorsOperation } from "./engine/ops/add-tensors.js";
export { renderWorked } from "./explain/worked/render-worked.js";
export type { WorkedRenderOptions } from "./explain/worked/render-worked.js";
export type { Worked, WorkedSection, WorkedGiven, Table as WorkedTable } from "./explain/worked/worked.js";
export { parseDataMatrix } from "./explain/worked/read-matrix.js";
export type { DataMatrix } from "./explain/worked/read-matrix.js";
export { explainScale, runScale, scaleResults, scaleWorked, scaledCsv } from "./explain/scale/explain-scale.js";
export type { ScaleOptions, ScaleRecord, ScaleResults } from "./explain/scale/explain-scale.js";
export { explainActivations, runActivations, activationsResults, activationsWorked } from "./explain/activations/explain-activations.js";
export type { ActivationsOptions, ActivationsRecord, ActivationsResults, ActivationRun } from "./explain/activations/explain-activations.js";
export { drawInitialWeights, initWorked } from "./explain/init/draw-weights.js";
export type { InitOptions, DrawnLayer } from "./explain/init/draw-weights.js";
export { diagnoseWeights, diagnosisResults, diagnosisWorked } from "./explain/init/diagnose-weights.js";
export type { WeightDiagnosis, LayerDiagnosis } from "./explain/init/diagnose-weights.js";
export { explainInit, explainWeightDiagnosis, initSolution, diagnosisSolution } from "./explain/init/explain-init.js";
export { explainUpdate, runUpdates, updateResults, updateWorked } from "./explain/update/explain-update.js";
export { runUpdate, finalState, finalWeights } from "./explain/update/run-update.js";
export type { UpdateProblem, UpdateRun, UpdateState, Convention, UpdateStepRecord } from "./explain/update/run-update.js";
export { readUpdateState } from "./explain/update/read-state.js";
export type { StateFile } from "./explain/update/read-state.js";
export { explainBatchNorm, runBatchNorm, batchNormResults, batchNormWorked } from "./explain/batchnorm/explain-batchnorm.js";
export type { BatchNormProblem, BatchNormRecord } from "./explain/batchnorm/explain-batchnorm.js";
export { explainDropout, runDropout, dropoutResults, dropoutWorked } from "./explain/dropout/explain-dropout.js";
export type { DropoutProblem, DropoutRecord } from "./explain/dropout/explain-dropout.js";

// Training: the fast path.
export { Sequential } from "./nn/model.js";
export type { LayerConfig, DenseConfig, DropoutConfig, BatchNormConfig, ModelOptions } from "./nn/model.js";
export type { Layer, Parameter, DType, LayerJson, DenseJson, DropoutJson, BatchNormJson } from "./nn/layers/layer.js";
export { Dense } from "./nn/layers/dense.js";
export { Dropout } from "./nn/layers/dropout.js";
export { BatchNorm } from "./nn/layers/batch-norm.js";
export { INITIALIZERS, INITIALIZER_NAMES, initialize, defaultInitializer, isInitializerName } from "./nn/initializers.js";
export type { Initializer, InitializerName } from "./nn/initializers.js";
export { Optimizer } from "./nn/optimizer.js";
export type { OptimizerConfig, OptimizerState, StepReport } from "./nn/optimizer.js";
export { Schedule, SCHEDULE_TYPES } from "./nn/schedules.js";
export type { ScheduleConfig, ScheduleState } from "./nn/schedules.js";
export { LossHead } from "./nn/loss-head.js";
export type { LossEvaluation } from "./nn/loss-head.js";
export { Trainer } from "./nn/trainer.js";
export type { TrainingOptions, EarlyStopping, EpochRecord, StopReason, Divergence, TrainerCheckpoint } from "./nn/trainer.js";
export { classificationMetrics, confusionMatrix, predictedClass, predictedClasses, className, NO_CLASS } from "./nn/metrics.js";
export type { ClassificationMetrics } from "./nn/metrics.js";
export { modelFile, parseModelFile, loadModel, stringifyCompact } from "./nn/model-file.js";
export type { ModelFile, ModelTask } from "./nn/model-file.js";
export { exportOnnx, ONNX_OPSET } from "./onnx/onnx-export.js";
export { matmul, useBackend, activeBackend } from "./kernels/index.js";
export type { BackendName, MatmulOptions } from "./kernels/index.js";
export { Random } from "./engine/random.js";
export type { RandomState } from "./engine/random.js";

// Data.
export type { Dataset } from "./data/dataset.js";
export { subset, classificationDataset, withOneHot } from "./data/dataset.js";
export { generate, GENERATOR_NAMES, DEFAULT_POINTS, isGeneratorName } from "./data/generators.js";
export type { GeneratorName, GeneratorOptions } from "./data/generators.js";
export { parseCsv, csvDataset, numericColumns, CsvDatasetReader, CsvColumnsReader, CsvRows } from "./data/csv.js";
export type { CsvTable, CsvDatasetOptions, CsvColumns, CsvColumnsPlan, CsvRowHandler, ValueBudget } from "./data/csv.js";
export { CsvParser, parseCsvText } from "./data/csv-parser.js";
export type { CsvRecordHandler } from "./data/csv-parser.js";

// Budgets: the sizes tracegrad checks before it allocates or prints.
export { LIMITS, checkLimit, checkNetworkSize, networkParameters, trainingBytes, formatCount, formatBytes, limitReason } from "./common/limits.js";
export type { LimitCheck, LimitError, LimitName } from "./common/limits.js";
export { fitScaler, applyScaler } from "./data/scalers.js";
export type { ScalerJson, ScalerMethod, Deviation } from "./data/scalers.js";
export { splitDataset } from "./data/split.js";
export type { Split } from "./data/split.js";

