/**
 * Reverse-mode automatic differentiation on a tape.
 *
 * Every operation applied through {@link Tape.apply} is recorded as a node in the order it ran.
 * {@link Tape.backward} walks the nodes backwards, asks each operation for the vector-Jacobian products
 * of its inputs, and adds them into the inputs' gradients. It keeps each contribution, so a worked
 * solution can show a gradient that several operations feed (a weight's data gradient plus its L2 term)
 * as the sum it is.
 *
 * @module
 */
import { Tensor } from "./tensor.js";
import type { TensorLabel } from "./tensor.js";
import type { Operation } from "./operation.js";

/** One operation as it ran. */
export interface TapeNode<Attributes = unknown> {
  /** Position on the tape. */
  readonly index: number;
  readonly operation: Operation<Attributes>;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attributes: Attributes;
  /** Values the forward computation kept for the backward one. */
  readonly saved: unknown;
}

/** What one node added to the gradient of one of its inputs. */
export interface Contribution {
  readonly node: TapeNode;
  readonly inputIndex: number;
  readonly gradient: Float64Array;
}

/**
 * The record of a computation: every operation applied through it, in order, with its inputs and
 * output, so that `backward` can run the chain rule back through them and a worked solution can show
 * each step with its numbers.
 */
export class Tape {
  readonly nodes: TapeNode[] = [];
  private readonly creators = new Map<Tensor, TapeNode>();
  private readonly contributions = new Map<Tensor, Contribution[]>();

  /** Runs an operation, records it, and returns its output. */
  apply<Attributes>(
    operation: Operation<Attributes>,
    inputs: readonly Tensor[],
    attributes: Attributes,
    label?: TensorLabel,
  ): Tensor {
    const { data, shape, saved } = operation.forward(inputs, attributes);
    const output = new Tensor(data, shape, { requiresGrad: inputs.some((t) => t.requiresGrad), label });
    const node: TapeNode<Attributes> = { index: this.nodes.length, operation, inputs, output, attributes, saved };
    this.nodes.push(node as TapeNode);
    this.creators.set(output, node as TapeNode);
    return output;
  }

  /** The node that produced a tensor, or null for a leaf (an input or a parameter). */
  creator(t: Tensor): TapeNode | null {
    return this.creators.get(t) ?? null;
  }

  /** The contributions to a tensor's gradient, in the order the backward pass made them. */
  contributionsTo(t: Tensor): readonly Contribution[] {
    return this.contributions.get(t) ?? [];
  }

  /**
   * Fills in `grad` of every tensor that `root` depends on and that requires a gradient, with
   * ∂root/∂tensor. `root` must be a scalar.
   */
  backward(root: Tensor): void {
    if (root.size !== 1) throw new RangeError("backward() starts from a scalar");
    const rootNode = this.creators.get(root);
    if (rootNode === undefined) throw new Error("backward() starts from a tensor made on this tape");
    for (const node of this.nodes) node.output.grad = null;
    this.contributions.clear();
    root.grad = Float64Array.of(1);
    for (let i = rootNode.index; i >= 0; i--) {
      const node = this.nodes[i];
      const gradOutput = node.output.grad;
      if (gradOutput === null) continue;
      const gradients = node.operation.backward(node, gradOutput);
      gradients.forEach((g, inputIndex) => {
        const input = node.inputs[inputIndex];
        if (g === null || !input.requiresGrad) return;
        if (input.grad === null || !this.contributions.has(input)) input.grad = new Float64Array(input.size);
        const total = input.grad;
        for (let k = 0; k < g.length; k++) total[k] += g[k];
        const list = this.contributions.get(input) ?? [];
        list.push({ node, inputIndex, gradient: g });
        this.contributions.set(input, list);
      });
    }
  }
}
