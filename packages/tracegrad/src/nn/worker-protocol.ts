/**
 * The messages between {@link trainInWorker} and the worker that trains (`worker-main.ts`), and how an
 * error crosses between them: a {@link TracegradError} keeps its class and code, anything else becomes a
 * {@link WorkerFailedError}.
 *
 * @module
 */
import { InvalidArgumentError, InvalidStateError, TracegradError, UnsupportedError, WorkerFailedError } from "../common/errors.js";
import type { ErrorCode } from "../common/errors.js";
import { InputError } from "../common/input-error.js";
import type { Dataset } from "../data/dataset.js";
import { DivergedError } from "./diverged-error.js";
import type { ModelFile } from "./model-file.js";
import type { Divergence, EpochRecord, StopReason } from "./trainer.js";
import type { FitResult } from "./fit.js";
import type { TrainingOptions } from "./training-options.js";

/** What the calling side sends: the training to run, then perhaps a request to stop. */
export type ToWorker =
  | {
      readonly type: "start";
      readonly model: ModelFile;
      readonly data: Dataset;
      readonly validation: Dataset | null;
      readonly options: TrainingOptions;
      readonly epochs?: number;
      readonly yieldEvery?: number;
    }
  | { readonly type: "stop"; readonly by: "signal" | "callback" };

/** An error as it crosses to the calling side. */
export interface ErrorMessage {
  readonly name: string;
  readonly message: string;
  readonly code?: ErrorCode;
  readonly argument?: string;
  readonly reason?: string;
  readonly divergence?: Divergence;
}

/** What the worker sends: each epoch as it ends, then the trained model, or an error. */
export type FromWorker =
  | { readonly type: "epoch"; readonly record: EpochRecord }
  | { readonly type: "done"; readonly model: ModelFile; readonly history: readonly EpochRecord[]; readonly stoppedBy: FitResult["stoppedBy"]; readonly stopReason: StopReason | null }
  | { readonly type: "error"; readonly error: ErrorMessage };

/** An error as a message. */
export function errorMessage(error: unknown): ErrorMessage {
  if (error instanceof DivergedError) return { name: error.name, message: error.message, code: error.code, divergence: error.divergence };
  if (error instanceof InvalidArgumentError) return { name: error.name, message: error.message, code: error.code, argument: error.argument, reason: error.message.slice(error.argument.length + 2) };
  if (error instanceof InputError) return { name: error.name, message: error.message, code: error.code, reason: error.reason };
  if (error instanceof TracegradError) return { name: error.name, message: error.message, code: error.code };
  return { name: error instanceof Error ? error.name : "Error", message: error instanceof Error ? error.message : String(error) };
}

/** The error a message stands for, of its own class where it was a {@link TracegradError}. */
export function errorFromMessage(m: ErrorMessage): TracegradError {
  switch (m.code) {
    case "Diverged":
      return new DivergedError(m.divergence!);
    case "InvalidArgument":
      return new InvalidArgumentError(m.argument ?? "argument", m.reason ?? m.message);
    case "InvalidSpec":
      return new InputError(m.reason ?? m.message);
    case "InvalidState":
      return new InvalidStateError(m.message);
    case "Unsupported":
      return new UnsupportedError(m.message);
    case undefined:
      return new WorkerFailedError(`the training worker failed: ${m.name}: ${m.message}`);
    default:
      return new WorkerFailedError(m.message);
  }
}
