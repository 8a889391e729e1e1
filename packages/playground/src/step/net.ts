/**
 * The network of step mode as something to edit: the numbers of a {@link StepSpec} with its names, the
 * edits the form makes (architecture, activations, loss, values), and its YAML: the interchange form
 * of `toInterchange` with the learner's names written on the values, which `parseStepSpec` reads
 * back to the same spec and `tracegrad step` runs.
 *
 * Nothing here touches the DOM; the tests run it in Node.
 *
 * @module
 */
import { Document, isSeq, Pair, Scalar, visit } from "yaml";
import type { YAMLMap, YAMLSeq } from "yaml";
import type { ActivationName } from "tracegrad/internal/engine/activations";
import type { LossName } from "tracegrad/internal/engine/losses";
import { Random } from "tracegrad/internal/engine/random";
import { defaultUnitNames, numbered, parseStepSpec, toInterchange } from "tracegrad/internal/step/spec/index";
import type { StepSpec } from "tracegrad/internal/step/spec/index";

export interface EditableLayer {
  activation: ActivationName;
  alpha: number;
  units: string[];
  weights: number[][];
  /** units × inputs, as the weights; null for the parser's default names. */
  weightNames: string[][] | null;
  bias: number[] | null;
  biasNames: string[] | null;
  trainBias: boolean;
}

/** A spec with its names, in a shape the form can change. */
export interface EditableNet {
  title?: string;
  source?: string;
  notes: string[];
  inputNames: string[];
  inputs: number[][];
  targetNames: string[];
  targets: number[][] | null;
  loss: LossName | null;
  lossSymbol: string;
  learningRate: number | null;
  l2: number;
  weightDecay: number;
  layers: EditableLayer[];
}

/** The editable form of a spec. */
export function editable(spec: StepSpec): EditableNet {
  return {
    ...(spec.title !== undefined ? { title: spec.title } : {}),
    ...(spec.source !== undefined ? { source: spec.source } : {}),
    notes: [...spec.notes],
    inputNames: [...spec.names.inputs],
    inputs: spec.inputs.map((r) => [...r]),
    targetNames: [...spec.names.targets],
    targets: spec.targets === null ? null : spec.targets.map((r) => [...r]),
    loss: spec.loss,
    lossSymbol: spec.names.loss,
    learningRate: spec.learningRate,
    l2: spec.l2,
    weightDecay: spec.weightDecay,
    layers: spec.layers.map((layer, l) => {
      const names = spec.names.layers[l];
      return {
        activation: layer.activation,
        alpha: layer.alpha,
        units: [...names.units],
        weights: layer.weights.map((r) => [...r]),
        weightNames: names.weights.map((r) => [...r]),
        bias: layer.bias === null ? null : [...layer.bias],
        biasNames: names.bias === null ? null : [...names.bias],
        trainBias: layer.trainBias,
      };
    }),
  };
}

/**
 * A value the form holds as typed, not as a number (`abc`, or an empty field): the YAML carries the
 * text as it is, so that the parser says what is wrong with it, at its place.
 */
export interface RawValue {
  readonly target: ValueRef | "learningRate" | "l2";
  readonly text: string;
}

function sameRef(a: ValueRef, b: ValueRef): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Named entries `name: value` for a flow sequence; `raw(i)` gives the text typed for entry i, if any. */
function namedRow(values: readonly number[], names: readonly string[] | null, raw: (i: number) => string | undefined = () => undefined): unknown[] {
  return values.map((v, i) => {
    const value = new Scalar(raw(i) ?? v);
    return names === null ? value : new Pair(new Scalar(names[i]), value);
  });
}

/**
 * The YAML of a network: the fields of the interchange form (see `toInterchange`) in the same order,
 * with `inputNames`, `targetNames`, `lossSymbol`, `units` and the names of weights and biases written
 * on their values, so that `parseStepSpec` gives back the same spec, names and all. A `raw` value is
 * written as the text it was typed as (see {@link RawValue}).
 */
export function netToYaml(net: EditableNet, raw?: RawValue): string {
  const rawAt = (ref: ValueRef) => (raw !== undefined && typeof raw.target === "object" && sameRef(raw.target, ref) ? raw.text : undefined);
  const withRaw = (rows: number[][], kind: "input" | "target"): (number | string)[][] =>
    rows.map((row, sample) => row.map((v, index) => rawAt({ kind, sample, index }) ?? v));
  const top: Record<string, unknown> = {};
  if (net.title !== undefined) top.title = net.title;
  if (net.source !== undefined) top.source = net.source;
  if (net.notes.length > 0) top.notes = net.notes;
  top.inputNames = net.inputNames;
  top.inputs = withRaw(net.inputs, "input");
  if (net.targets !== null) {
    top.targetNames = net.targetNames;
    top.targets = withRaw(net.targets, "target");
  }
  if (net.targets !== null && net.loss !== null) top.loss = net.loss;
  if (net.lossSymbol !== "L") top.lossSymbol = net.lossSymbol;
  if (raw?.target === "learningRate") top.learningRate = raw.text;
  else if (net.learningRate !== null) top.learningRate = net.learningRate;
  if (raw?.target === "l2") top.l2 = raw.text;
  else if (net.l2 !== 0) top.l2 = net.l2;
  if (net.weightDecay !== 0) top.weightDecay = net.weightDecay;
  top.layers = net.layers.map((layer) => ({
    units: layer.units,
    activation: layer.activation,
    ...(layer.activation === "leaky-relu" ? { alpha: layer.alpha } : {}),
    weights: [],
    ...(layer.bias !== null ? { bias: [] } : {}),
    ...(layer.trainBias || layer.bias === null ? {} : { trainBias: false }),
  }));
  const doc = new Document(top);
  const layers = doc.get("layers") as YAMLSeq<YAMLMap>;
  net.layers.forEach((layer, l) => {
    const node = layers.items[l];
    const weights = node.get("weights") as YAMLSeq;
    weights.items = layer.weights.map((row, j) => {
      const seq = doc.createNode([]) as YAMLSeq;
      seq.items = namedRow(row, layer.weightNames === null ? null : layer.weightNames[j], (i) => rawAt({ kind: "weight", layer: l, unit: j, input: i }));
      return seq;
    });
    if (layer.bias !== null) (node.get("bias") as YAMLSeq).items = namedRow(layer.bias, layer.biasNames, (j) => rawAt({ kind: "bias", layer: l, unit: j }));
  });
  // Lists of numbers, and lists of such lists, on one line each.
  visit(doc, {
    Seq(_key, node) {
      const leaf = (item: unknown) => !isSeq(item) && (item instanceof Scalar || item instanceof Pair);
      if (node.items.every(leaf) || node.items.every((item) => isSeq(item) && item.items.every(leaf))) node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}

/** The YAML of a spec (see {@link netToYaml}). */
export function specToYaml(spec: StepSpec): string {
  return netToYaml(editable(spec));
}

/** Parses the YAML of a network, as the CLI would read the file. */
export function parseNet(yamlText: string, file = "network.yaml"): StepSpec {
  return parseStepSpec(yamlText, file);
}

/** The interchange JSON (numbers only) of a spec, as `tracegrad step --json` takes it. */
export { toInterchange };

/** A value for a new weight: uniform in [-1, 1], two decimals, drawn from a seed so edits repeat. */
function drawWeights(random: Random, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(random.uniform(-1, 1) * 100) / 100));
}

function resize<T>(values: readonly T[], length: number, fill: (i: number) => T): T[] {
  return Array.from({ length }, (_, i) => (i < values.length ? values[i] : fill(i)));
}

/** The sizes of a network, inputs first: [2, 2, 2]. */
export function architecture(net: EditableNet): number[] {
  return [net.inputNames.length, ...net.layers.map((l) => l.weights.length)];
}

/**
 * The network without what was said about the network it came from: its notes (about a seed's
 * numbers), and for a changed structure its title and source too.
 */
function edited(net: EditableNet, structure: boolean): EditableNet {
  const { title, source, ...rest } = net;
  return structure ? { ...rest, notes: [] } : { ...rest, ...(title !== undefined ? { title } : {}), ...(source !== undefined ? { source } : {}), notes: [] };
}

/**
 * The network with other layer sizes (inputs first). Values that still fit are kept; new weights are
 * drawn from the seed, new inputs and targets are 0.5. The names of weights and biases go back to the
 * parser's defaults (w1, w2, ... across layers) when any size changes, the names of units and of
 * inputs and targets are kept where their counts did not change.
 */
export function withArchitecture(net: EditableNet, sizes: readonly number[], seed = 1): EditableNet {
  if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) throw new RangeError("sizes must be at least two whole numbers ≥ 1");
  const before = architecture(net);
  if (before.length === sizes.length && before.every((s, i) => s === sizes[i])) return net;
  const random = new Random(seed);
  const count = sizes.length - 1;
  const oldLast = net.layers.length - 1;
  const hiddenActivation: ActivationName = oldLast > 0 ? net.layers[0].activation : "sigmoid";
  const layers: EditableLayer[] = sizes.slice(1).map((units, l) => {
    const inputs = sizes[l];
    const isOutput = l === count - 1;
    // The output layer stays the output layer; hidden layers are matched by position.
    const old: EditableLayer | undefined = isOutput ? net.layers[oldLast] : l < oldLast ? net.layers[l] : undefined;
    const fresh = drawWeights(random, units, inputs);
    const weights = fresh.map((row, j) => row.map((w, i) => old?.weights[j]?.[i] ?? w));
    return {
      activation: old?.activation ?? hiddenActivation,
      alpha: old?.alpha ?? 0.01,
      units: old !== undefined && old.units.length === units ? [...old.units] : defaultUnitNames(l, count, units),
      weights,
      weightNames: null,
      bias: old === undefined || old.bias === null ? null : resize(old.bias, units, () => 0),
      biasNames: null,
      trainBias: old?.trainBias ?? true,
    };
  });
  const outputs = sizes[count];
  const result: EditableNet = {
    ...edited(net, true),
    inputNames: net.inputNames.length === sizes[0] ? net.inputNames : numbered("x", 0, sizes[0]),
    inputs: net.inputs.map((row) => resize(row, sizes[0], () => 0.5)),
    targetNames: net.targetNames.length === outputs ? net.targetNames : numbered("t", 0, outputs),
    targets: net.targets === null ? null : net.targets.map((row) => resize(row, outputs, () => 0.5)),
    layers,
  };
  return fitLoss(result);
}

/** Adds or removes a bias vector on a layer (new biases are 0, with the parser's default names). */
export function withBias(net: EditableNet, layer: number, on: boolean): EditableNet {
  return {
    ...edited(net, true),
    layers: net.layers.map((l, i) => (i !== layer || (l.bias !== null) === on ? l : { ...l, bias: on ? l.weights.map(() => 0) : null, biasNames: null, trainBias: true })),
  };
}

/** Sets the learning rate (null: no update) or the L2 penalty's λ. */
export function withSetting(net: EditableNet, setting: "learningRate" | "l2", value: number | null): EditableNet {
  return setting === "learningRate" ? { ...edited(net, false), learningRate: value } : { ...edited(net, false), l2: value ?? 0 };
}

/** Sets a layer's activation. */
export function withActivation(net: EditableNet, layer: number, activation: ActivationName): EditableNet {
  return fitLoss({ ...edited(net, true), layers: net.layers.map((l, i) => (i === layer ? { ...l, activation } : l)) }, false);
}

/**
 * Sets the loss, and what the loss needs: cross-entropy a softmax output and targets that sum to 1
 * per sample; bce targets in [0, 1] (and a sigmoid output in place of a softmax one).
 */
export function withLoss(net: EditableNet, loss: LossName | null): EditableNet {
  if (loss === null) return { ...edited(net, true), loss: null, targets: null };
  const outputs = net.layers[net.layers.length - 1].weights.length;
  const targets = net.targets ?? net.inputs.map(() => Array.from({ length: outputs }, () => (loss === "cross-entropy" ? 1 / outputs : 0.5)));
  return fitLoss({ ...edited(net, true), loss, targets, targetNames: net.targets === null ? numbered("t", 0, outputs) : net.targetNames }, true);
}

/** Adjusts the output activation and the targets to the loss. */
function fitLoss(net: EditableNet, adjustActivation = true): EditableNet {
  const last = net.layers.length - 1;
  const output = net.layers[last];
  let activation = output.activation;
  let targets = net.targets;
  if (net.loss === "cross-entropy") {
    if (adjustActivation) activation = "softmax";
    targets =
      targets?.map((row) => {
        const clipped = row.map((t) => Math.max(0, t));
        const total = clipped.reduce((s, t) => s + t, 0);
        return Math.abs(total - 1) <= 1e-9 ? row : total > 0 ? clipped.map((t) => t / total) : clipped.map(() => 1 / clipped.length);
      }) ?? null;
  } else {
    if (adjustActivation && activation === "softmax") activation = "sigmoid";
    if (net.loss === "bce") targets = targets?.map((row) => row.map((t) => Math.min(1, Math.max(0, t)))) ?? null;
  }
  const layers = activation === output.activation ? net.layers : net.layers.map((l, i) => (i === last ? { ...l, activation } : l));
  return { ...net, layers, targets };
}

/** Adds a sample (a copy of the last one) or removes the last one. */
export function withSamples(net: EditableNet, count: number): EditableNet {
  if (!Number.isInteger(count) || count < 1) throw new RangeError("a network needs at least one sample");
  return {
    ...edited(net, true),
    inputs: resize(net.inputs, count, () => [...net.inputs[net.inputs.length - 1]]),
    targets: net.targets === null ? null : resize(net.targets, count, () => [...net.targets![net.targets!.length - 1]]),
  };
}

/** What a value of the form edits. */
export type ValueRef =
  | { readonly kind: "input"; readonly sample: number; readonly index: number }
  | { readonly kind: "target"; readonly sample: number; readonly index: number }
  | { readonly kind: "weight"; readonly layer: number; readonly unit: number; readonly input: number }
  | { readonly kind: "bias"; readonly layer: number; readonly unit: number };

/** The network with one value changed. */
export function withValue(original: EditableNet, ref: ValueRef, value: number): EditableNet {
  const net = edited(original, false);
  const set = (rows: number[][], r: number, c: number) => rows.map((row, i) => (i === r ? row.map((v, j) => (j === c ? value : v)) : row));
  switch (ref.kind) {
    case "input":
      return { ...net, inputs: set(net.inputs, ref.sample, ref.index) };
    case "target":
      return net.targets === null ? net : { ...net, targets: set(net.targets, ref.sample, ref.index) };
    case "weight":
      return { ...net, layers: net.layers.map((l, i) => (i === ref.layer ? { ...l, weights: set(l.weights, ref.unit, ref.input) } : l)) };
    case "bias":
      return { ...net, layers: net.layers.map((l, i) => (i === ref.layer && l.bias !== null ? { ...l, bias: l.bias.map((b, j) => (j === ref.unit ? value : b)) } : l)) };
  }
}
