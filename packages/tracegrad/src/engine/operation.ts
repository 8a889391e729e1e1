/**
 * What an operation of the engine declares, in one place: its forward computation, its backward one
 * (the vector-Jacobian product of each input), and the formulas it prints for both. The worked
 * solutions are rendered from these declarations and from the values on the tape, never recomputed.
 *
 * @module
 */
import type { Expr, PartialExpr, SymbolExpr } from "./expr.js";
import type { TapeNode } from "./tape.js";
import type { Tensor } from "./tensor.js";

/** One line of a worked solution: `lhs = call = formula = substituted formula = value`. */
export interface Step {
  /** The quantity computed (`a_h1`, `δ_o1`, `∂L/∂w5`). */
  readonly lhs: SymbolExpr | PartialExpr;
  /** An optional first form that names the function applied (`σ(z_h1)`, `∂L/∂a_o1 · σ'(z_o1)`). */
  readonly call?: Expr;
  /**
   * The formula, written with symbols that carry their values: rendered once with the symbols and
   * once with the values substituted. Evaluating it gives {@link value} up to rounding.
   */
  readonly formula: Expr;
  /** The value the engine computed (from the tape, not from the formula). */
  readonly value: number;
  /** Something worth saying about this step (a dead ReLU, a saturated sigmoid). */
  readonly note?: string;
  /** An update: printed `lhs ← formula` rather than `lhs = formula`. */
  readonly assign?: boolean;
}

/** The result of a forward computation. */
export interface ForwardResult {
  readonly data: Float64Array;
  readonly shape: readonly number[];
  /** Anything the backward computation needs besides the inputs and the output. */
  readonly saved?: unknown;
}

export interface Operation<Attributes = unknown> {
  /** The operation's name, as it appears in errors and in the JSON form of a solution. */
  readonly name: string;
  /** Computes the output from the inputs. */
  forward(inputs: readonly Tensor[], attributes: Attributes): ForwardResult;
  /** Given ∂L/∂output, returns ∂L/∂input for each input (null where an input gets no gradient). */
  backward(node: TapeNode<Attributes>, gradOutput: Float64Array): (Float64Array | null)[];
  /** The steps that compute each element of the output. */
  explainForward(node: TapeNode<Attributes>): Step[];
  /**
   * The steps that compute this node's contribution to the gradient of one input, element by element.
   * `gradient` is that contribution, as {@link backward} returned it.
   */
  explainBackward(node: TapeNode<Attributes>, inputIndex: number, gradient: Float64Array): Step[];
}
