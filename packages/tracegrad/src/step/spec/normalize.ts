/**
 * Turns a spec file, in any of its notations, into a {@link StepSpec}: numbers in the
 * units × inputs layout, every quantity named, every shape and setting checked against the network.
 *
 * Notations besides the interchange form (all from the seeds):
 * - learner names on any value (`w1: 0.8`), or a mapping of names to values (`{i1: 0.1, i2: 0.5}`);
 * - `units: [h1, h2]` to name a layer's units;
 * - `layout: inputs-by-units` for weights written one row per input (Laboratory Activity 3's `W_hidden`);
 * - `theta: [b, w1, w2]`, a parameter vector with the bias first (Laboratory Activity 3), one row per unit;
 * - a list of weights for a layer of one unit, or of one input (the Backpropagation Exercise's `w_1^2, w_2^2`);
 * - no `targets`: a forward pass only.
 *
 * @module
 */
import { DEFAULT_LEAKY_ALPHA } from "../../engine/activations.js";
import type { ParsedSource } from "../../common/source.js";
import type { RawLayer, RawStepSpec } from "./schema.js";
import { checkStructure } from "./schema.js";
import { readNumbers } from "./read-numbers.js";
import { checkLimit, LIMITS } from "../../common/limits.js";
import type { LayerNames, LayerSpec, NetworkNames, StepSpec } from "./step-spec.js";
import { withOrigin } from "./step-spec.js";
import { defaultUnitNames, numbered } from "./default-names.js";

type Path = readonly PropertyKey[];

interface Named<T> {
  values: T;
  names: string[] | null;
}

function transpose<T>(m: readonly (readonly T[])[]): T[][] {
  return m[0].map((_, c) => m.map((row) => row[c]));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** Reads `inputs` or `targets`: a number, one sample, or a batch (one row per sample). */
function readSamples(source: ParsedSource, path: Path, v: unknown, what: string): Named<number[][]> {
  const block = readNumbers(source, path, v, what);
  let names: string[] | null = null;
  if (block.names !== null) {
    names = block.names[0];
    block.names.forEach((row, r) =>
      row.forEach((n, c) => {
        if (n !== names![c]) throw source.error(block.rank === 2 ? [...path, r, c] : [...path, c], `is named "${n}", but column ${c + 1} of row 1 is "${names![c]}"`);
      }),
    );
  }
  return { values: block.rows, names };
}

interface LayerResult {
  spec: LayerSpec;
  units: string[] | null;
  weightNames: string[][] | null;
  biasNames: string[] | null;
}

function readLayer(source: ParsedSource, raw: RawLayer, index: number, inputs: number, inputsFrom: string): LayerResult {
  const path: Path = ["layers", index];
  const layerNo = index + 1;
  if (raw.weights !== undefined && raw.theta !== undefined) throw source.error([...path, "theta"], "give weights or theta, not both");
  if (raw.weights === undefined && raw.theta === undefined) throw source.error(path, `layer ${layerNo} needs weights (or theta, the bias followed by the weights)`);
  const declaredUnits = raw.units?.length;

  let weights: number[][];
  let weightNames: string[][] | null;
  let bias: number[] | null = null;
  let biasNames: string[] | null = null;

  if (raw.theta !== undefined) {
    const tPath = [...path, "theta"];
    const block = readNumbers(source, tPath, raw.theta, "the bias followed by the weights of each unit");
    block.rows.forEach((row, r) => {
      if (row.length !== inputs + 1)
        throw source.error(block.rank === 2 ? [...tPath, r] : tPath, `has ${plural(row.length, "value")}; layer ${layerNo} needs ${inputs + 1} per unit: the bias, then one weight per input (${inputsFrom})`);
    });
    weights = block.rows.map((row) => row.slice(1));
    bias = block.rows.map((row) => row[0]);
    weightNames = block.names === null ? null : block.names.map((row) => row.slice(1));
    biasNames = block.names === null ? null : block.names.map((row) => row[0]);
  } else {
    const wPath = [...path, "weights"];
    const block = readNumbers(source, wPath, raw.weights, "weights");
    let rows = block.rows;
    let names = block.names;
    if (raw.layout === "inputs-by-units") {
      if (block.rank === 2) {
        if (rows.length !== inputs)
          throw source.error(wPath, `has ${plural(rows.length, "row")}; with layout inputs-by-units layer ${layerNo} needs one row per input: ${inputs} (${inputsFrom})`);
        rows = transpose(rows);
        names = names === null ? null : transpose(names);
      } else if (block.rank === 1 && inputs === 1) {
        rows = rows[0].map((x) => [x]);
        names = names === null ? null : names[0].map((n) => [n]);
      } else if (block.rank === 1 && rows[0].length !== inputs) {
        throw source.error(wPath, `is a list of ${plural(rows[0].length, "weight")}, but layer ${layerNo} has ${plural(inputs, "input")} (${inputsFrom})`);
      } else if (block.rank === 0 && inputs !== 1) {
        throw source.error(wPath, `is one number, but layer ${layerNo} has ${plural(inputs, "input")} (${inputsFrom})`);
      }
    } else if (block.rank === 0) {
      if (inputs !== 1) throw source.error(wPath, `is one number, but layer ${layerNo} has ${plural(inputs, "input")} (${inputsFrom}); give one row of weights per unit`);
    } else if (block.rank === 1) {
      const n = rows[0].length;
      if (declaredUnits !== undefined && declaredUnits > 1 && n === declaredUnits * inputs && inputs > 1) {
        // A flat list or mapping of every weight, row by row (unit by unit).
        rows = Array.from({ length: declaredUnits }, (_, j) => block.rows[0].slice(j * inputs, (j + 1) * inputs));
        names = names === null ? null : Array.from({ length: declaredUnits }, (_, j) => block.names![0].slice(j * inputs, (j + 1) * inputs));
      } else if (n === inputs && (declaredUnits === undefined || declaredUnits === 1)) {
        // One unit: the list is its row.
      } else if (inputs === 1) {
        // One input: the list holds one weight per unit.
        rows = rows[0].map((x) => [x]);
        names = names === null ? null : names[0].map((x) => [x]);
      } else {
        throw source.error(
          wPath,
          `is a list of ${plural(n, "weight")}, but layer ${layerNo} has ${plural(inputs, "input")} (${inputsFrom})${declaredUnits !== undefined ? ` and ${plural(declaredUnits, "unit")}` : ""}; give one row of ${inputs} per unit`,
        );
      }
    } else {
      rows.forEach((row, r) => {
        if (row.length !== inputs)
          throw source.error([...wPath, r], `has ${plural(row.length, "weight")}; layer ${layerNo} needs one per input: ${inputs} (${inputsFrom})`);
      });
    }
    weights = rows;
    weightNames = names;
  }
  const units = weights.length;
  if (declaredUnits !== undefined && declaredUnits !== units)
    throw source.error([...path, "units"], `names ${plural(declaredUnits, "unit")}, but the weights give ${units}`);

  if (raw.bias !== undefined && raw.bias !== null) {
    if (raw.theta !== undefined) throw source.error([...path, "bias"], "theta already holds the bias");
    const bPath = [...path, "bias"];
    const block = readNumbers(source, bPath, raw.bias, "one bias per unit");
    if (block.rank === 2) throw source.error(bPath, "expected one bias per unit, got a list of lists");
    if (block.rows[0].length !== units) throw source.error(bPath, `has ${plural(block.rows[0].length, "value")}; layer ${layerNo} has ${plural(units, "unit")}`);
    bias = block.rows[0];
    biasNames = block.names === null ? null : block.names[0];
  }

  if (raw.alpha !== undefined && raw.activation !== "leaky-relu") throw source.error([...path, "alpha"], `alpha is the slope of leaky-relu; layer ${layerNo} uses ${raw.activation}`);

  return {
    spec: {
      activation: raw.activation,
      alpha: raw.alpha ?? DEFAULT_LEAKY_ALPHA,
      weights,
      bias,
      trainBias: raw.trainBias ?? true,
    },
    units: raw.units ?? null,
    weightNames,
    biasNames,
  };
}

/**
 * Names `${prefix}1`, `${prefix}2`, ... one per call, each numbered after `position` and after the
 * name before it, skipping those in `taken`.
 */
function counter(prefix: string, taken: ReadonlySet<string>): (position: number) => string {
  let n = 0;
  return (position) => {
    n = Math.max(n, position);
    let name: string;
    do name = `${prefix}${++n}`;
    while (taken.has(name));
    return name;
  };
}

function mergeNames(source: ParsedSource, path: Path, fromValues: string[] | null, fromField: readonly string[] | undefined, count: number, fallback: string[]): string[] {
  if (fromField !== undefined && fromField.length !== count) throw source.error(path, `names ${plural(fromField.length, "value")}, but there are ${count}`);
  if (fromField !== undefined && fromValues !== null && fromField.some((n, i) => n !== fromValues[i]))
    throw source.error(path, "disagrees with the names written on the values");
  return [...(fromField ?? fromValues ?? fallback)];
}

/** Checks the spec against itself: losses and output activations, targets in range, unique names. */
function checkSemantics(source: ParsedSource, raw: RawStepSpec, spec: Omit<StepSpec, "names">, names: NetworkNames): void {
  const last = spec.layers.length - 1;
  spec.layers.forEach((layer, l) => {
    if (layer.activation === "softmax" && (spec.loss !== "cross-entropy" || l !== last) && spec.targets !== null)
      throw source.error(["layers", l, "activation"], l !== last ? "softmax is supported on the output layer only" : `softmax needs the loss cross-entropy (the loss is ${spec.loss})`);
  });
  checkNamesUnique(source, names);
  if (spec.targets === null || spec.loss === null) return;
  const output = spec.layers[last];
  if (spec.loss === "cross-entropy") {
    if (output.activation !== "softmax") throw source.error(["layers", last, "activation"], `the loss cross-entropy needs a softmax output layer (layer ${last + 1} uses ${output.activation})`);
    spec.targets.forEach((row, r) => {
      if (row.some((t) => t < 0)) throw source.error(["targets", r], "cross-entropy targets must be probabilities (0 or more)");
      const total = row.reduce((s, t) => s + t, 0);
      if (Math.abs(total - 1) > 1e-9) throw source.error(["targets", r], `cross-entropy targets of a sample must sum to 1 (one-hot, or a distribution); these sum to ${total}`);
    });
  }
  if (spec.loss === "bce") {
    if (output.activation === "softmax") throw source.error(["layers", last, "activation"], "the loss bce needs one probability per output (sigmoid); softmax goes with cross-entropy");
    spec.targets.forEach((row, r) =>
      row.forEach((t, c) => {
        if (t < 0 || t > 1) throw source.error(raw.targets !== undefined && Array.isArray(raw.targets) && Array.isArray(raw.targets[0]) ? ["targets", r, c] : ["targets", c], `bce targets must lie in [0, 1], got ${t}`);
      }),
    );
  }
}

/** Checks that no name is given to two inputs, targets or parameters, and no unit name to two units. */
function checkNamesUnique(source: ParsedSource, names: NetworkNames): void {
  const seen = new Map<string, string>();
  const claim = (name: string, what: string, path: Path) => {
    const earlier = seen.get(name);
    if (earlier !== undefined) throw source.error(path, `the name "${name}" is used twice: for ${earlier} and for ${what}`);
    seen.set(name, what);
  };
  names.inputs.forEach((n, i) => claim(n, `input ${i + 1}`, ["inputs"]));
  names.targets.forEach((n, i) => claim(n, `target ${i + 1}`, ["targets"]));
  names.layers.forEach((layer, l) => {
    layer.weights.forEach((row, j) => row.forEach((n, i) => claim(n, `the weight of layer ${l + 1} from input ${i + 1} into unit ${j + 1}`, ["layers", l, "weights"])));
    layer.bias?.forEach((n, j) => claim(n, `the bias of layer ${l + 1}, unit ${j + 1}`, ["layers", l, "bias"]));
  });
  const units = new Map<string, number>();
  names.layers.forEach((layer, l) =>
    layer.units.forEach((u) => {
      if (units.has(u)) throw source.error(["layers", l, "units"], `the unit name "${u}" is used in layers ${units.get(u)! + 1} and ${l + 1}`);
      units.set(u, l);
    }),
  );
}

/**
 * Checks the size of the worked solution against `LIMITS.stepTerms`: the batch times the weights,
 * biases and units, the products and sums its forward and backward passes print.
 */
function checkStepTerms(source: ParsedSource, batch: number, features: number, layers: readonly LayerResult[]): void {
  let perSample = 0;
  let width = features;
  for (const layer of layers) {
    const units = layer.spec.weights.length;
    perSample += units * (width + (layer.spec.bias === null ? 0 : 1) + 1);
    width = units;
  }
  checkLimit(batch * perSample, LIMITS.stepTerms, "terms", {
    prefix: `the worked solution of ${batch} sample${batch === 1 ? "" : "s"} through this network has `,
    hint: "the batch times the weights, biases and units; train networks this size with tracegrad train",
    error: (reason) => source.error([], reason),
  });
}

/** Reads a parsed spec file into a checked {@link StepSpec}. */
export function normalizeStepSpec(source: ParsedSource): StepSpec {
  const raw = checkStructure(source);
  const inputs = readSamples(source, ["inputs"], raw.inputs, "the input values (one row per sample)");
  const batch = inputs.values.length;
  const features = inputs.values[0].length;

  let targets: Named<number[][]> | null = null;
  if (raw.targets !== undefined && raw.targets !== null) {
    targets = readSamples(source, ["targets"], raw.targets, "the target values (one row per sample)");
    if (targets.values.length !== batch)
      throw source.error(["targets"], `has ${plural(targets.values.length, "row")}, but the inputs have ${plural(batch, "sample")}`);
  }
  if (targets !== null && raw.loss === undefined) throw source.error(["loss"], "is required when targets are given (half-sse, mse, bce or cross-entropy)");

  const layers: LayerResult[] = [];
  let width = features;
  let from = `the ${plural(features, "input feature")}`;
  raw.layers.forEach((rawLayer, l) => {
    const result = readLayer(source, rawLayer, l, width, from);
    layers.push(result);
    width = result.spec.weights.length;
    from = `the ${plural(width, "unit")} of layer ${l + 1}`;
  });
  checkStepTerms(source, batch, features, layers);
  if (targets !== null && targets.values[0].length !== width)
    throw source.error(["targets"], `has ${plural(targets.values[0].length, "value")} per sample, but the output layer has ${plural(width, "unit")}`);

  // Parameters without names are numbered by position across layers (w1, w2, ...; b1, b2, ...),
  // passing over any name that the file gives to another parameter.
  const written = new Set(layers.flatMap((layer) => [...(layer.weightNames?.flat() ?? []), ...(layer.biasNames ?? [])]));
  const nextWeight = counter("w", written);
  const nextBias = counter("b", written);
  let weightCount = 0;
  let biasCount = 0;
  const layerNames: LayerNames[] = layers.map((layer, l) => {
    const units = layer.spec.weights.length;
    const perUnit = layer.spec.weights[0].length;
    const weights = layer.weightNames ?? Array.from({ length: units }, () => Array.from({ length: perUnit }, () => nextWeight(weightCount)));
    weightCount += units * perUnit;
    let bias: string[] | null = null;
    if (layer.spec.bias !== null) {
      bias = layer.biasNames ?? Array.from({ length: units }, () => nextBias(biasCount));
      biasCount += units;
    }
    return { units: layer.units ?? defaultUnitNames(l, layers.length, units), weights, bias };
  });

  const names: NetworkNames = {
    inputs: mergeNames(source, ["inputNames"], inputs.names, raw.inputNames, features, numbered("x", 0, features)),
    targets: mergeNames(source, ["targetNames"], targets?.names ?? null, raw.targetNames, width, numbered("t", 0, width)),
    loss: raw.lossSymbol ?? "L",
    layers: layerNames,
  };

  const spec: Omit<StepSpec, "names"> = {
    inputs: inputs.values,
    targets: targets?.values ?? null,
    loss: targets === null ? null : (raw.loss ?? null),
    learningRate: raw.learningRate ?? null,
    l2: raw.l2 ?? 0,
    weightDecay: raw.weightDecay ?? 0,
    layers: layers.map((l) => l.spec),
    notes: raw.notes ?? [],
    ...(raw.title !== undefined ? { title: raw.title } : {}),
    ...(raw.source !== undefined ? { source: raw.source } : {}),
    ...(raw.published !== undefined ? { published: raw.published } : {}),
  };
  checkSemantics(source, raw, spec, names);
  return withOrigin({ ...spec, names }, { document: source, ...(raw.published !== undefined ? { publishedAt: { source, path: ["published"] } } : {}) });
}
