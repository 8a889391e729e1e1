/**
 * The quantities of a step that a learner can be asked for and graded on: every z, a and δ, the loss,
 * every weight and bias gradient, every new weight and bias, and the loss after the update. Each has a
 * path into the numbers of `tracegrad step --json` (`layers[0].dW[0][1]`), the learner's name for it
 * (`dE/dw2`) and the symbol the worked solution prints (`∂E/∂w2`).
 *
 * They are listed in the order they are computed (forward pass, loss, backward pass from the output
 * layer down, update, loss after the update), so that every quantity comes after those it is computed
 * from.
 *
 * @module
 */
import type { SymbolExpr, PartialExpr } from "../engine/expr.js";
import type { StepSpec } from "./spec/step-spec.js";
import { renderExpr } from "../engine/render-expr.js";
import type { StepResults } from "./results.js";
import { networkLabels } from "./run-step.js";
import type { SectionId } from "./sections.js";

/** The kinds of graded quantities, named as the fields of `tracegrad step --json`. */
export const QUANTITY_KINDS = ["z", "a", "loss", "dataLoss", "penalty", "delta", "dW", "db", "weights", "bias", "lossAfter"] as const;

/** A kind of graded quantity. */
export type QuantityKind = (typeof QUANTITY_KINDS)[number];

/** The kinds that hold one number for the whole step. */
export const SCALAR_KINDS: readonly QuantityKind[] = ["loss", "dataLoss", "penalty", "lossAfter"];

/** The per-layer kinds, as the fields of a layer in `tracegrad step --json`. */
export const LAYER_KINDS = ["z", "a", "delta", "dW", "db", "weights", "bias"] as const;

/** A per-layer kind of graded quantity. */
export type LayerKind = (typeof LAYER_KINDS)[number];

/**
 * Where one number sits: `layer` is -1 for the scalars; `row` is the sample for z, a and δ, the unit
 * for dW and the new weights, and 0 for db and the new biases; `col` is the unit for z, a, δ, db and
 * the biases, and the input for dW and the weights.
 */
export interface QuantityRef {
  readonly kind: QuantityKind;
  readonly layer: number;
  readonly row: number;
  readonly col: number;
}

/**
 * A graded quantity with its names.
 *
 * @category Grading and exercises
 */
export interface Quantity extends QuantityRef {
  /** The path into `tracegrad step --json`: `loss`, `layers[0].dW[0][1]`, `layers[1].db[0]`. */
  readonly path: string;
  /** The name of the element: the parameter's name for dW, db, weights and bias (`w2`), else the key (`z_h1`). */
  readonly name: string;
  /** The learner's name in an answers file, plain ASCII: `z_h1`, `delta_o1`, `dE/dw2`, `w2` (the new value), `E`. */
  readonly key: string;
  /** The symbol as the worked solution prints it (`∂E/∂w2`), with `new` before a new weight. */
  readonly symbol: string;
  /** The symbol of the worked solution's step that computes it, without `new`. */
  readonly lhs: SymbolExpr | PartialExpr;
  /** The section of the worked solution that computes it. */
  readonly section: SectionId;
}

/** Whether a per-layer kind is batch × units (z, a, δ), units × inputs (dW, weights) or per unit (db, bias). */
export function layerKindShape(kind: LayerKind): "samples" | "matrix" | "vector" {
  return kind === "z" || kind === "a" || kind === "delta" ? "samples" : kind === "dW" || kind === "weights" ? "matrix" : "vector";
}

/** The path of a quantity into `tracegrad step --json`. */
export function quantityPath(ref: QuantityRef): string {
  if (ref.layer < 0) return ref.kind;
  const shape = layerKindShape(ref.kind as LayerKind);
  return shape === "vector" ? `layers[${ref.layer}].${ref.kind}[${ref.col}]` : `layers[${ref.layer}].${ref.kind}[${ref.row}][${ref.col}]`;
}

/** The value of a quantity in a step's numbers (NaN where the step has none). */
export function resultValue(results: StepResults, ref: QuantityRef): number {
  if (ref.layer < 0) return (results[ref.kind as "loss" | "dataLoss" | "penalty" | "lossAfter"] ?? Number.NaN) as number;
  const layer = results.layers[ref.layer];
  const field = layer[ref.kind as LayerKind];
  if (field === null) return Number.NaN;
  return layerKindShape(ref.kind as LayerKind) === "vector" ? (field as number[])[ref.col] : (field as number[][])[ref.row][ref.col];
}

/** An ASCII key from a symbol: `z_h1`, `delta_o1`, `dE/dw2`, `z_h1(2)` for sample 2 of a batch. */
function asciiKey(s: SymbolExpr | PartialExpr): string {
  return renderExpr(s, { notation: "ascii" }).replace(/[{}]/g, "").replace(/\^(\(\d+\))$/, "$1");
}

function unicode(s: SymbolExpr | PartialExpr): string {
  return renderExpr(s, { notation: "unicode" });
}

/** What a spec's step computes, in order: what `tracegrad check` can grade. */
export function listQuantities(spec: StepSpec): Quantity[] {
  const labels = networkLabels(spec);
  const batch = spec.inputs.length;
  const last = spec.layers.length - 1;
  const out: Quantity[] = [];
  const push = (ref: QuantityRef, lhs: SymbolExpr | PartialExpr, section: SectionId, options: { name?: string; key?: string; symbol?: string } = {}) => {
    const key = options.key ?? asciiKey(lhs);
    out.push({ ...ref, path: quantityPath(ref), name: options.name ?? key, key, symbol: options.symbol ?? unicode(lhs), lhs, section });
  };
  const units = (l: number) => spec.layers[l].weights.length;
  const inputs = (l: number) => spec.layers[l].weights[0].length;

  spec.layers.forEach((_, l) => {
    for (let n = 0; n < batch; n++) {
      for (let j = 0; j < units(l); j++) {
        const index = n * units(l) + j;
        push({ kind: "z", layer: l, row: n, col: j }, labels.layers[l].z.value(index, 0), "forward");
        push({ kind: "a", layer: l, row: n, col: j }, labels.layers[l].a.value(index, 0), "forward");
      }
    }
  });
  if (spec.targets === null || spec.loss === null) return out;

  if (spec.l2 > 0) {
    push({ kind: "dataLoss", layer: -1, row: 0, col: 0 }, labels.dataLoss.value(0, 0), "loss");
    push({ kind: "penalty", layer: -1, row: 0, col: 0 }, labels.penalty.value(0, 0), "loss");
  }
  push({ kind: "loss", layer: -1, row: 0, col: 0 }, labels.loss.value(0, 0), "loss");

  for (let l = last; l >= 0; l--) {
    const names = spec.names.layers[l];
    for (let n = 0; n < batch; n++) {
      for (let j = 0; j < units(l); j++) push({ kind: "delta", layer: l, row: n, col: j }, labels.layers[l].z.gradient(n * units(l) + j, 0), "backward");
    }
    for (let j = 0; j < units(l); j++) {
      for (let i = 0; i < inputs(l); i++) {
        push({ kind: "dW", layer: l, row: j, col: i }, labels.layers[l].weights.gradient(j * inputs(l) + i, 0), "backward", { name: names.weights[j][i] });
      }
    }
    if (names.bias !== null) {
      for (let j = 0; j < units(l); j++) push({ kind: "db", layer: l, row: 0, col: j }, labels.layers[l].bias!.gradient(j, 0), "backward", { name: names.bias[j] });
    }
  }
  if (spec.learningRate === null) return out;

  spec.layers.forEach((_, l) => {
    const names = spec.names.layers[l];
    for (let j = 0; j < units(l); j++) {
      for (let i = 0; i < inputs(l); i++) {
        const w = labels.layers[l].weights.value(j * inputs(l) + i, 0);
        push({ kind: "weights", layer: l, row: j, col: i }, w, "update", { name: names.weights[j][i], symbol: `new ${unicode(w)}` });
      }
    }
    if (names.bias !== null) {
      for (let j = 0; j < units(l); j++) {
        const b = labels.layers[l].bias!.value(j, 0);
        push({ kind: "bias", layer: l, row: 0, col: j }, b, "update", { name: names.bias[j], symbol: `new ${unicode(b)}` });
      }
    }
  });
  // The loss of the pass after the update: the same symbol as the loss, in the section "after".
  const after = labels.loss.value(0, 0) as SymbolExpr;
  push({ kind: "lossAfter", layer: -1, row: 0, col: 0 }, after, "after", { key: `${asciiKey(after)}_after`, symbol: `${unicode(after)} after the update` });
  return out;
}

/**
 * The quantities a learner is asked for: every quantity of the step but the loss after the update
 * (which an answers template leaves out). A grade's most points count these.
 */
export function askedQuantities(spec: StepSpec): Quantity[] {
  return listQuantities(spec).filter((q) => q.kind !== "lossAfter");
}
