/**
 * The error a training that blew up rejects with.
 *
 * @module
 */
import { TracegradError } from "../common/errors.js";
import type { Divergence } from "./trainer.js";

/**
 * Training blew up: the loss or a weight became NaN or infinite. The model keeps the weights it had
 * then; {@link DivergedError.divergence} says where, and its hint what to try.
 *
 * @category Errors
 */
export class DivergedError extends TracegradError {
  /** Where and why: the epoch, the batch, the layer, a hint. */
  readonly divergence: Divergence;

  constructor(divergence: Divergence) {
    const what = divergence.quantity === "loss" ? "the loss" : `the weights of layers[${divergence.layer}]`;
    super("Diverged", `training diverged at epoch ${divergence.epoch}, batch ${divergence.batch}: ${what} became NaN or infinite; ${divergence.hint}`);
    this.name = "DivergedError";
    this.divergence = divergence;
  }
}
