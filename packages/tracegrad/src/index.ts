/**
 * tracegrad: a neural-network engine that shows its work. Build and train small networks, predict,
 * save and load them; and turn any step of backpropagation into a worked solution, grade a learner's
 * answers to it, and draw exercises. Everything here runs unchanged in Node and in the browser.
 *
 * The pieces for extending the engine (the tape, operations, kernels) are in `tracegrad/engine`.
 * Every function and constructor here checks its arguments and throws a {@link TracegradError} with a
 * stable `code` for a mistake. Indices (layers, units, samples, batches) count from 0; epochs are
 * counted from 1; the text of worked solutions numbers layers from 1 ("Layer 1"), as a course does.
 *
 * @example
 * ```ts
 * import { Sequential, Trainer, generate } from "tracegrad";
 *
 * const model = Sequential.create(2, [
 *   { type: "dense", units: 8, activation: "tanh" },
 *   { type: "dense", units: 1, activation: "sigmoid" },
 * ]);
 * await new Trainer(model, generate("moons"), { loss: "bce", optimizer: "adam", learningRate: 0.05, epochs: 300 }).fit();
 * model.predict([[0.5, -0.2]]);
 * ```
 *
 * @module tracegrad
 */

// Models and layers.
export { Sequential } from "./nn/model.js";
export type { LayerConfig, DenseConfig, DropoutConfig, BatchNormConfig, ModelOptions } from "./nn/model.js";
export { LAYER_TYPES } from "./nn/layer-config.js";
export type { ModelFile, ModelTask } from "./nn/model-file.js";
export type { Layer, Parameter, DType, LayerJson, DenseJson, DropoutJson, BatchNormJson } from "./nn/layers/layer.js";
export { activationNames } from "./engine/activations.js";
export type { ActivationName, BuiltinActivationName } from "./engine/activations.js";
export { INITIALIZER_NAMES } from "./nn/initializers.js";
export type { InitializerName } from "./nn/initializers.js";

// Training: the trainer, optimizers, losses, schedules, workers.
export { Trainer, DEFAULT_EPOCHS, defaultLearningRate } from "./nn/trainer.js";
export type { TrainingOptions, ResolvedTrainingOptions, TrainerRunOptions, EarlyStopping, EpochRecord, StopReason, Divergence, TrainerCheckpoint } from "./nn/trainer.js";
export { DEFAULT_YIELD_EVERY } from "./nn/fit.js";
export type { FitOptions, FitResult, BatchReport } from "./nn/fit.js";
export { trainInWorker } from "./nn/train-in-worker.js";
export type { WorkerTrainingOptions, WorkerTrainingResult, TrainingWorkerHandle } from "./nn/train-in-worker.js";
export { optimizerNames } from "./engine/update-rules.js";
export type { OptimizerName, BuiltinOptimizerName } from "./engine/update-rules.js";
export type { OptimizerConfig } from "./nn/optimizer.js";
export { SCHEDULE_TYPES } from "./nn/schedules.js";
export type { ScheduleConfig } from "./nn/schedules.js";
export { lossNames } from "./engine/losses.js";
export type { LossName, BuiltinLossName } from "./engine/losses.js";

// Data.
export { dataset, generate, csvDataset, scaleDataset, splitDataset } from "./api/data.js";
export type { DatasetOptions } from "./api/data.js";
export type { AnyDataset, Dataset } from "./data/dataset.js";
export { GENERATOR_NAMES } from "./data/generators.js";
export type { GeneratorName, GeneratorOptions } from "./data/generators.js";
export type { CsvDatasetOptions } from "./data/csv.js";
export { LIMITS } from "./common/limits.js";
export type { ScalerJson, ScalerMethod, Deviation } from "./data/scalers.js";
export type { Split } from "./data/split.js";
export type { Matrix, Rows } from "./data/matrix.js";

// Step specs and worked solutions.
export { parseStepSpec, toInterchange } from "./step/spec/index.js";
export type { StepSpec, LayerSpec, NetworkNames, LayerNames, InterchangeSpec, SourceFormat, ParsedSource } from "./step/spec/index.js";
export { toStepSpec } from "./api/to-step-spec.js";
export type { ToStepSpecOptions } from "./api/to-step-spec.js";
export { runStep, explainStep, stepResults, gradcheckSpec } from "./api/step.js";
export type { StepRecord } from "./step/run-step.js";
export type { StepResults, LayerResults } from "./step/results.js";
export { SOLUTION_FORMATS } from "./explain/explain-step.js";
export type { ExplainOptions, SolutionFormat } from "./explain/explain-step.js";
export type { SectionId } from "./explain/solution.js";
export type { SpecGradientCheck, NamedParameterCheck } from "./explain/gradcheck-spec.js";
export type { GradientCheckOptions, ParameterCheck } from "./engine/gradcheck.js";

// Grading and exercises.
export { check } from "./api/check.js";
export type { CheckOptions } from "./api/check.js";
export type { GradeReport, GradedItem, GradeScore, AnswerStatus, DiagnosisCode, GradeOptions, Quantity } from "./grade/index.js";
export { DIAGNOSIS_CODES } from "./grade/index.js";
export type { GradedQuantity, QuantityWords } from "./grade/computation.js";
export { exercise } from "./api/exercise.js";
export type { ExerciseSettings } from "./api/exercise.js";
export type { Exercise, ExerciseFile, ExerciseOptions } from "./exercise/index.js";
export { EXERCISE_FILES } from "./exercise/index.js";

// Errors.
export { TracegradError, InvalidArgumentError, InvalidStateError, UnsupportedError, WorkerFailedError, ERROR_CODES } from "./common/errors.js";
export type { ErrorCode } from "./common/errors.js";
export { InputError } from "./common/input-error.js";
export type { SourcePosition } from "./common/input-error.js";
export { DivergedError } from "./nn/diverged-error.js";
