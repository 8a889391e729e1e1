/**
 * Inverted dropout of a tensor, recorded on a tape: each element draws u from the seeded generator
 * and is dropped when u < p, else kept and scaled by 1/(1 - p). The mask is drawn by
 * `drawDropoutMask`, the function the training layer (`nn/layers/dropout.ts`) uses, so the same
 * generator state gives the same mask:
 *
 *   m = 0 if u < p, else 1/(1 - p);   y = m·x.
 *
 * Backward: ∂L/∂x = ∂L/∂y·m.
 *
 * @module
 */
import type { Expr, PartialExpr, SymbolExpr } from "../expr.js";
import { div, mul, partial, piecewise, sub, sym, when } from "../expr.js";
import { gradientSymbol, valueSymbol } from "../labels.js";
import type { Operation, Step } from "../operation.js";
import { Random } from "../random.js";
import type { Tape, TapeNode } from "../tape.js";
import type { Tensor, TensorLabel } from "../tensor.js";
import { drawDropoutMask } from "../dropout-mask.js";

export interface DropoutAttributes {
  /** p, the probability of dropping an element. */
  readonly rate: number;
  /** The generator the mask is drawn from; it advances by one draw per element. */
  readonly random: Random;
}

/** What the forward computation keeps: the draws u and the mask m. */
export interface DropoutSaved {
  readonly draws: Float64Array;
  readonly mask: Float64Array;
}

export type DropoutNode = TapeNode<DropoutAttributes>;

/** The printed formula of one element of the mask: 0 if u < p, else 1/(1 - p). */
export function dropoutMaskFormula(draw: Expr, rate: Expr): Expr {
  return piecewise({ value: 0, when: when(draw, "<", rate) }, { value: div(1, sub(1, rate)), when: null });
}

/** The printed formula of an output: y = m·x. */
export function dropoutOutputFormula(mask: Expr, x: Expr): Expr {
  return mul(mask, x);
}

/** The sub- and superscript of element k of a tensor: its column and, for more than one row, its row. */
function position(t: Tensor, k: number): { sub: string; sup: string | undefined } {
  const cols = t.cols;
  return { sub: String((k % cols) + 1), sup: t.rows > 1 ? `(${Math.floor(k / cols) + 1})` : undefined };
}

function element(t: Tensor, k: number, name: string): SymbolExpr {
  if (t.label !== null) return valueSymbol(t, k);
  const { sub: s, sup } = position(t, k);
  return sym(name, s, sup, t.data[k]);
}

/** The symbols of element k: the draw u, the mask m, the input x and the output y. */
export function dropoutSymbols(node: DropoutNode, k: number): { draw: SymbolExpr; mask: SymbolExpr; x: SymbolExpr; y: SymbolExpr; rate: SymbolExpr } {
  const { draws, mask } = node.saved as DropoutSaved;
  const { sub: s, sup } = position(node.inputs[0], k);
  return {
    draw: sym("u", s, sup, draws[k]),
    mask: sym("m", s, sup, mask[k]),
    x: element(node.inputs[0], k, "x"),
    y: element(node.output, k, "y"),
    rate: sym("p", undefined, undefined, node.attributes.rate),
  };
}

/** The steps of element k: its draw, its mask, then its output. */
export function explainDropoutElement(node: DropoutNode, k: number): Step[] {
  const { draws, mask } = node.saved as DropoutSaved;
  const s = dropoutSymbols(node, k);
  const dropped = mask[k] === 0;
  return [
    { lhs: s.draw, formula: s.draw, value: draws[k] },
    {
      lhs: s.mask,
      formula: dropoutMaskFormula(s.draw, s.rate),
      value: mask[k],
      note: dropped ? "u < p: dropped" : "u ≥ p: kept, and scaled by 1/(1 - p)",
    },
    { lhs: s.y, formula: dropoutOutputFormula(s.mask, s.x), value: node.output.data[k] },
  ];
}

/** The draws and the mask of a dropout node. */
export function dropoutSaved(node: DropoutNode): DropoutSaved {
  return node.saved as DropoutSaved;
}

export const dropoutOperation: Operation<DropoutAttributes> = {
  name: "dropout",

  forward([x], { rate, random }) {
    if (!(rate >= 0 && rate < 1)) throw new RangeError(`dropout rate must be in [0, 1), got ${rate}`);
    // The draws drawDropoutMask compares with p, read from a copy of the generator taken before it runs.
    const replay = Random.fromState(random.state());
    const mask = new Float64Array(x.size);
    drawDropoutMask(mask, x.size, rate, random);
    const draws = new Float64Array(x.size);
    for (let k = 0; k < x.size; k++) {
      draws[k] = replay.next();
      if (draws[k] < rate !== (mask[k] === 0)) throw new Error("dropout: the replayed draws do not give drawDropoutMask's mask");
    }
    const out = new Float64Array(x.size);
    for (let k = 0; k < x.size; k++) out[k] = x.data[k] * mask[k];
    const saved: DropoutSaved = { draws, mask };
    return { data: out, shape: x.shape, saved };
  },

  backward(node, g) {
    const { mask } = node.saved as DropoutSaved;
    const dx = new Float64Array(g.length);
    for (let k = 0; k < g.length; k++) dx[k] = g[k] * mask[k];
    return [dx];
  },

  explainForward(node) {
    const steps: Step[] = [];
    for (let k = 0; k < node.output.size; k++) steps.push(...explainDropoutElement(node, k));
    return steps;
  },

  explainBackward(node, _inputIndex, gradient) {
    const g = node.output.grad;
    if (g === null) return [];
    const x = node.inputs[0];
    const steps: Step[] = [];
    for (let k = 0; k < x.size; k++) {
      const s = dropoutSymbols(node, k);
      const upstream: SymbolExpr | PartialExpr = node.output.label === null ? partial(sym("L"), s.y, g[k]) : gradientSymbol(node.output, k, g[k]);
      const lhs: SymbolExpr | PartialExpr = x.label === null ? partial(sym("L"), s.x, gradient[k]) : gradientSymbol(x, k, gradient[k]);
      steps.push({ lhs, formula: mul(upstream, s.mask), value: gradient[k] });
    }
    return steps;
  },
};

/** Records inverted dropout of `x` with rate p, drawing the mask from `random`. */
export function dropout(tape: Tape, x: Tensor, attributes: DropoutAttributes, label?: TensorLabel): Tensor {
  return tape.apply(dropoutOperation, [x], attributes, label);
}
