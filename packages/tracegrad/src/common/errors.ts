/**
 * The errors tracegrad throws on purpose. Each has a stable {@link TracegradError.code} that a program
 * can switch on (the message is for people and may be reworded):
 *
 * | code | class | when |
 * |---|---|---|
 * | `InvalidArgument` | {@link InvalidArgumentError} | an argument of a function or constructor is of the wrong type, out of range, or an unknown name |
 * | `InvalidSpec` | {@link InputError} | a document (a spec, an answers file, a model file, CSV) is malformed; the error names the file, the field, the line and column |
 * | `InvalidState` | {@link InvalidStateError} | a call that the object's state does not allow (a checkpoint in the middle of an epoch) |
 * | `Diverged` | {@link DivergedError} | training blew up: the loss or a weight became NaN or infinite |
 * | `Unsupported` | {@link UnsupportedError} | this environment lacks what a call needs (no worker threads) |
 * | `WorkerFailed` | {@link WorkerFailedError} | a worker running a training stopped with an error that is not one of the above |
 *
 * @module
 */

/**
 * The stable codes of {@link TracegradError}.
 *
 * @category Errors
 */
export const ERROR_CODES = ["InvalidArgument", "InvalidSpec", "InvalidState", "Diverged", "Unsupported", "WorkerFailed"] as const;

/**
 * One of {@link ERROR_CODES}.
 *
 * @category Errors
 */
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * The base class of every error tracegrad throws on purpose: a mistake in an argument or a document,
 * a diverged training, a missing capability. Anything else that escapes is a bug.
 *
 * @category Errors
 */
export class TracegradError extends Error {
  /** What kind of error this is; stable across versions. */
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = "TracegradError";
  }
}

/**
 * An argument of a public function or constructor that is of the wrong type, out of range, or an
 * unknown name. The message names the argument (as `options.loss` or `layers[1].units`), what was
 * expected and what was given, and for a misspelt name the closest known one.
 *
 * @category Errors
 */
export class InvalidArgumentError extends TracegradError {
  /** The argument at fault, as `layers[1].units`. */
  readonly argument: string;

  constructor(argument: string, reason: string) {
    super("InvalidArgument", `${argument}: ${reason}`);
    this.name = "InvalidArgumentError";
    this.argument = argument;
  }
}

/**
 * A call that the object's current state does not allow.
 *
 * @category Errors
 */
export class InvalidStateError extends TracegradError {
  constructor(message: string) {
    super("InvalidState", message);
    this.name = "InvalidStateError";
  }
}

/**
 * This environment lacks something a call needs (worker threads, for one).
 *
 * @category Errors
 */
export class UnsupportedError extends TracegradError {
  constructor(message: string) {
    super("Unsupported", message);
    this.name = "UnsupportedError";
  }
}

/**
 * A worker running a training stopped with an error that was not a {@link TracegradError} (those are
 * thrown again as themselves on the calling side).
 *
 * @category Errors
 */
export class WorkerFailedError extends TracegradError {
  constructor(message: string) {
    super("WorkerFailed", message);
    this.name = "WorkerFailedError";
  }
}
