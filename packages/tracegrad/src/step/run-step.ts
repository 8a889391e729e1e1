/**
 * Runs one gradient-descent step of a {@link StepSpec} on the recording engine: the forward pass, the
 * loss, the backward pass and the update are all recorded on tapes, every tensor labelled with the
 * learner's names, and the forward pass is run again with the new weights. Worked solutions, the JSON
 * results and the grading are all read off this record.
 *
 * @module
 */
import { activation as activationOf } from "../engine/activations.js";
import type { PartialExpr, SymbolExpr } from "../engine/expr.js";
import { partial, sym } from "../engine/expr.js";
import { fusedWith } from "../engine/dense/loss-head.js";
import { lossDefinition } from "../engine/losses.js";
import { activate } from "../engine/ops/activate.js";
import { addScalars } from "../engine/ops/add.js";
import { linear } from "../engine/ops/linear.js";
import { fusedLossOf, lossOf } from "../engine/ops/loss.js";
import { l2Penalty } from "../engine/ops/penalty.js";
import { update } from "../engine/ops/update.js";
import { Tape } from "../engine/tape.js";
import { Tensor } from "../engine/tensor.js";
import type { TensorLabel } from "../engine/tensor.js";
import { DEFAULT_HYPERPARAMETERS, updateRule } from "../engine/update-rules.js";
import { specError } from "./spec/step-spec.js";
import type { LayerSpec, StepSpec } from "./spec/step-spec.js";

/** The tensors of one layer in one forward pass. */
export interface LayerTrace {
  readonly input: Tensor;
  readonly weights: Tensor;
  readonly bias: Tensor | null;
  /** Pre-activations, batch × units. */
  readonly z: Tensor;
  /** Activations, batch × units. */
  readonly a: Tensor;
}

/** One forward pass (and, where there are targets, its loss) on a tape. */
export interface ForwardTrace {
  readonly tape: Tape;
  readonly layers: readonly LayerTrace[];
  readonly targets: Tensor | null;
  /** The loss of the data alone. */
  readonly dataLoss: Tensor | null;
  /** λΣW², when l2 > 0. */
  readonly penalty: Tensor | null;
  /** The loss that is differentiated: dataLoss + penalty. */
  readonly loss: Tensor | null;
  /** Whether the output layer's δ came from a fused activation and loss. */
  readonly fused: boolean;
  /** Why there is no loss although there are targets (the pass after an update that left the loss's domain). */
  readonly lossUndefined?: string;
}

/** The updates of one layer. */
export interface LayerUpdate {
  readonly weights: Tensor;
  readonly bias: Tensor | null;
}

/**
 * Everything one step did.
 *
 * @category Worked solutions
 */
export interface StepRecord {
  readonly spec: StepSpec;
  readonly forward: ForwardTrace;
  /** The update tape and the new parameters, when the spec has targets and a learning rate. */
  readonly update: { readonly tape: Tape; readonly layers: readonly LayerUpdate[] } | null;
  /** The forward pass again with the new parameters. */
  readonly after: ForwardTrace | null;
}

/** The superscript that marks sample n of a batch, or nothing for a single sample. */
export function sampleMark(batch: number, n: number): string | undefined {
  return batch > 1 ? `(${n + 1})` : undefined;
}

/** The ids of a tensor's elements and of their gradients, as paths into the step's numbers; undefined where they are not among them. */
type ElementId = ((index: number) => string) | undefined;

function withId<T extends SymbolExpr | PartialExpr>(s: T, id: ElementId, index: number): T {
  return id === undefined ? s : { ...s, id: id(index) };
}

function labelPerSample(
  batch: number,
  cols: number,
  symbolOf: (col: number, sup: string | undefined) => SymbolExpr,
  gradientOf: (col: number, sup: string | undefined) => SymbolExpr | ReturnType<typeof partial>,
  title: string,
  ids: { value?: string; gradient?: string } = {},
): TensorLabel {
  const path = (field: string | undefined): ElementId => (field === undefined ? undefined : (index) => `${field}[${Math.floor(index / cols)}][${index % cols}]`);
  const valueId = path(ids.value);
  const gradientId = path(ids.gradient);
  return {
    title,
    value: (index, value) => withId({ ...symbolOf(index % cols, sampleMark(batch, Math.floor(index / cols))), value }, valueId, index),
    gradient: (index, value) => withId({ ...gradientOf(index % cols, sampleMark(batch, Math.floor(index / cols))), value }, gradientId, index),
  };
}

function parameterLabel(names: readonly string[], lossName: string, title: string, ids: { value: ElementId; gradient: ElementId }): TensorLabel {
  return {
    title,
    value: (index, value) => withId(sym(names[index], undefined, undefined, value), ids.value, index),
    gradient: (index, value) => withId(partial(sym(lossName), sym(names[index]), value), ids.gradient, index),
  };
}

/**
 * Labels of the tensors of a spec's network. The symbols of the step's results carry their ids (the
 * paths of `tracegrad step --json`: `layers[0].z[0][1]`, `layers[1].dW[0][1]`, `loss`), so that a
 * worked-solution step can be found by the quantity it computes.
 */
export function networkLabels(spec: StepSpec) {
  const batch = spec.inputs.length;
  const L = spec.names.loss;
  const loss = sym(L);
  return {
    inputs: labelPerSample(batch, spec.names.inputs.length, (c, s) => sym(spec.names.inputs[c], undefined, s), (c, s) => partial(loss, sym(spec.names.inputs[c], undefined, s)), "inputs"),
    targets: labelPerSample(batch, spec.names.targets.length, (c, s) => sym(spec.names.targets[c], undefined, s), (c, s) => partial(loss, sym(spec.names.targets[c], undefined, s)), "targets"),
    layers: spec.names.layers.map((layer, l) => {
      const units = layer.units;
      const inputs = spec.layers[l].weights[0]?.length ?? 0;
      const matrix = (field: string) => (index: number) => `layers[${l}].${field}[${Math.floor(index / inputs)}][${index % inputs}]`;
      const vector = (field: string) => (index: number) => `layers[${l}].${field}[${index}]`;
      return {
        weights: parameterLabel(layer.weights.flat(), L, `weights of layer ${l + 1}`, { value: matrix("weights"), gradient: matrix("dW") }),
        bias: layer.bias === null ? null : parameterLabel(layer.bias, L, `biases of layer ${l + 1}`, { value: vector("bias"), gradient: vector("db") }),
        z: labelPerSample(batch, units.length, (c, s) => sym("z", units[c], s), (c, s) => sym("delta", units[c], s), `pre-activations of layer ${l + 1}`, { value: `layers[${l}].z`, gradient: `layers[${l}].delta` }),
        a: labelPerSample(batch, units.length, (c, s) => sym("a", units[c], s), (c, s) => partial(loss, sym("a", units[c], s)), `activations of layer ${l + 1}`, { value: `layers[${l}].a` }),
      };
    }),
    dataLoss: scalarLabel(spec.l2 > 0 ? sym(L, "data") : loss, "loss of the data", spec.l2 > 0 ? "dataLoss" : "loss"),
    penalty: scalarLabel(sym("P"), "L2 penalty", "penalty"),
    loss: scalarLabel(loss, "loss", "loss"),
  };
}

function scalarLabel(s: SymbolExpr, title: string, id: string): TensorLabel {
  return { title, value: (_i, value) => ({ ...s, value, id }), gradient: (_i, value) => partial(s, s, value) };
}

/** Where the outputs leave the loss's domain: refuse the spec (the given pass), or record no loss and say why (the pass after the update). */
export type OutOfDomain = "refuse" | "no-loss";

/** Runs the forward pass of a network with the given parameters, and its loss where there are targets. */
export function recordForward(
  spec: StepSpec,
  parameters: readonly { weights: readonly (readonly number[])[]; bias: readonly number[] | null }[],
  outOfDomain: OutOfDomain = "refuse",
): ForwardTrace {
  const tape = new Tape();
  const labels = networkLabels(spec);
  let a = Tensor.fromRows(spec.inputs, { label: labels.inputs });
  const layers: LayerTrace[] = [];
  spec.layers.forEach((layer: LayerSpec, l) => {
    const p = parameters[l];
    const weights = Tensor.fromRows(p.weights, { requiresGrad: true, label: labels.layers[l].weights });
    const bias = p.bias === null ? null : Tensor.fromVector(p.bias, { requiresGrad: true, label: labels.layers[l].bias ?? undefined });
    const z = linear(tape, a, weights, bias, labels.layers[l].z);
    const out = activate(tape, z, activationOf(layer.activation), layer.alpha, labels.layers[l].a);
    layers.push({ input: a, weights, bias, z, a: out });
    a = out;
  });

  if (spec.targets === null || spec.loss === null) {
    return { tape, layers, targets: null, dataLoss: null, penalty: null, loss: null, fused: false };
  }
  const targets = Tensor.fromRows(spec.targets, { label: labels.targets });
  const loss = lossDefinition(spec.loss);
  const output = layers[layers.length - 1];
  const fused = fusedWith(loss, spec.layers[spec.layers.length - 1].activation) !== null;
  // Unfused, bce divides by a(1 - a); fused with a sigmoid, it is computed from z and needs no such limit.
  if (spec.loss === "bce" && !fused) {
    const k = output.a.data.findIndex((y) => !(y > 0 && y < 1));
    if (k >= 0) {
      const last = spec.layers.length - 1;
      const gives = `${spec.names.layers[last].units[k % output.a.cols]} = ${output.a.data[k]} for sample ${Math.floor(k / output.a.cols) + 1}`;
      if (outOfDomain === "refuse") {
        throw specError(spec, ["layers", last, "activation"], `the loss bce needs outputs strictly between 0 and 1, but layer ${last + 1} (${spec.layers[last].activation}) gives ${gives}`);
      }
      const lossUndefined = `The update takes an output out of (0, 1), where bce is not defined: with the new parameters layer ${last + 1} (${spec.layers[last].activation}) gives ${gives}, so there is no loss after the update.`;
      return { tape, layers, targets, dataLoss: null, penalty: null, loss: null, fused, lossUndefined };
    }
  }
  const dataLoss = fused ? fusedLossOf(tape, loss, output.z, output.a, targets, labels.dataLoss) : lossOf(tape, loss, output.a, targets, labels.dataLoss);
  let penalty: Tensor | null = null;
  let total = dataLoss;
  if (spec.l2 > 0) {
    penalty = l2Penalty(tape, layers.map((t) => t.weights), spec.l2, labels.penalty);
    total = addScalars(tape, [dataLoss, penalty], labels.loss);
  }
  return { tape, layers, targets, dataLoss, penalty, loss: total, fused };
}

function gradientTensor(t: Tensor): Tensor {
  const label = t.label;
  return new Tensor(t.grad ?? new Float64Array(t.size), t.shape, {
    label: label === null ? undefined : { title: `gradient of the ${label.title}`, value: (i, v) => ({ ...(label.gradient(i, v) as SymbolExpr), value: v }), gradient: label.gradient },
  });
}

/** Runs one step of gradient descent on a spec, recording everything. */
export function runStep(spec: StepSpec): StepRecord {
  const forward = recordForward(spec, spec.layers);
  if (forward.loss === null) return { spec, forward, update: null, after: null };
  forward.tape.backward(forward.loss);
  if (spec.learningRate === null) return { spec, forward, update: null, after: null };

  const tape = new Tape();
  const rule = updateRule("sgd");
  const hyperparameters = { ...DEFAULT_HYPERPARAMETERS, learningRate: spec.learningRate, weightDecay: spec.weightDecay };
  const updates: LayerUpdate[] = forward.layers.map((layer, l) => {
    const weights = update(tape, layer.weights, gradientTensor(layer.weights), { rule, hyperparameters, state: [], t: 1, frozen: false }, layer.weights.label ?? undefined);
    const bias =
      layer.bias === null
        ? null
        : update(tape, layer.bias, gradientTensor(layer.bias), { rule, hyperparameters: { ...hyperparameters, weightDecay: 0 }, state: [], t: 1, frozen: !spec.layers[l].trainBias }, layer.bias.label ?? undefined);
    return { weights, bias };
  });
  const after = recordForward(
    spec,
    updates.map((u) => ({ weights: u.weights.toRows(), bias: u.bias === null ? null : Array.from(u.bias.data) })),
    "no-loss",
  );
  return { spec, forward, update: { tape, layers: updates }, after };
}
