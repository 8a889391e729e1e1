/**
 * Tensors: a shape and a Float64Array, row-major. The recording engine (tape, worked solutions,
 * gradient checks) works in Float64 only; the training fast path in `nn/` may use Float32.
 *
 * @module
 */
import type { PartialExpr, SymbolExpr } from "./expr.js";

/** Names the elements of a tensor in worked solutions. */
export interface TensorLabel {
  /** What the tensor is, in words: `weights of layer 1`. */
  readonly title: string;
  /** The symbol of the element at a flat index, with its value attached. */
  value(index: number, value: number): SymbolExpr;
  /** The symbol of ∂L/∂(element), with its value attached (`δ_h1` for a pre-activation). */
  gradient(index: number, value: number): SymbolExpr | PartialExpr;
}

/**
 * A Float64 tensor of any shape, row-major, with its gradient once a tape's backward pass has run, and
 * a label that names its elements in worked solutions.
 */
export class Tensor {
  /** Row-major values. */
  readonly data: Float64Array;
  /** Sizes of the dimensions; `[]` is a scalar, `[n]` a vector, `[rows, cols]` a matrix. */
  readonly shape: readonly number[];
  /** Whether the gradient of a loss with respect to this tensor is wanted. */
  requiresGrad: boolean;
  /** ∂L/∂(this), filled in by {@link Tape.backward}. */
  grad: Float64Array | null = null;
  /** How worked solutions name the elements. */
  label: TensorLabel | null;

  constructor(data: Float64Array, shape: readonly number[], options: { requiresGrad?: boolean; label?: TensorLabel } = {}) {
    const size = shape.reduce((p, d) => p * d, 1);
    if (data.length !== size) throw new RangeError(`tensor of shape [${shape.join(", ")}] needs ${size} values, got ${data.length}`);
    this.data = data;
    this.shape = shape;
    this.requiresGrad = options.requiresGrad ?? false;
    this.label = options.label ?? null;
  }

  /** A matrix from its rows. */
  static fromRows(rows: readonly (readonly number[])[], options?: { requiresGrad?: boolean; label?: TensorLabel }): Tensor {
    const r = rows.length;
    const c = r === 0 ? 0 : rows[0].length;
    const data = new Float64Array(r * c);
    rows.forEach((row, i) => {
      if (row.length !== c) throw new RangeError(`row ${i} has ${row.length} values, row 0 has ${c}`);
      data.set(row, i * c);
    });
    return new Tensor(data, [r, c], options);
  }

  /** A vector. */
  static fromVector(values: readonly number[], options?: { requiresGrad?: boolean; label?: TensorLabel }): Tensor {
    return new Tensor(Float64Array.from(values), [values.length], options);
  }

  /** A scalar. */
  static scalar(value: number, options?: { requiresGrad?: boolean; label?: TensorLabel }): Tensor {
    return new Tensor(Float64Array.of(value), [], options);
  }

  get size(): number {
    return this.data.length;
  }

  get rows(): number {
    return this.shape.length === 2 ? this.shape[0] : 1;
  }

  get cols(): number {
    return this.shape.length === 2 ? this.shape[1] : this.shape.length === 1 ? this.shape[0] : 1;
  }

  /** The value of a scalar tensor. */
  item(): number {
    if (this.data.length !== 1) throw new RangeError(`item() of a tensor with ${this.data.length} values`);
    return this.data[0];
  }

  /** The rows of a matrix (a vector is one row). */
  toRows(): number[][] {
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }

  /** The gradient as rows, or null before a backward pass reached this tensor. */
  gradRows(): number[][] | null {
    if (this.grad === null) return null;
    const out: number[][] = [];
    for (let i = 0; i < this.rows; i++) out.push(Array.from(this.grad.subarray(i * this.cols, (i + 1) * this.cols)));
    return out;
  }
}
