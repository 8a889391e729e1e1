/**
 * The step spec: a network, a batch of data, and the settings of one gradient-descent step. This is
 * the normalised form every notation of a spec file is turned into; its JSON form (see
 * {@link toInterchange}) is tracegrad's interchange format.
 *
 * @module
 */
import type { ActivationName } from "../../engine/activations.js";
import type { LossName } from "../../engine/losses.js";
import { formatPath, InputError } from "../../common/input-error.js";
import type { ParsedSource } from "../../common/source.js";

/**
 * How worked solutions name each quantity.
 *
 * @category Worked solutions
 */
export interface NetworkNames {
  /** One name per input feature (`x1`, `i1`). */
  readonly inputs: readonly string[];
  /** One name per target (`t1`). */
  readonly targets: readonly string[];
  /** The loss symbol (`L`, or `E` as the Module 11 activity writes it). */
  readonly loss: string;
  readonly layers: readonly LayerNames[];
}

/** @category Worked solutions */
export interface LayerNames {
  /** One name per unit (`h1`, `o1`). */
  readonly units: readonly string[];
  /** units × inputs, as the weights. */
  readonly weights: readonly (readonly string[])[];
  /** One per unit, or null for a layer without bias. */
  readonly bias: readonly string[] | null;
}

/** @category Worked solutions */
export interface LayerSpec {
  readonly activation: ActivationName;
  /** The slope of leaky ReLU below zero. */
  readonly alpha: number;
  /** units × inputs: row j holds the weights into unit j. */
  readonly weights: readonly (readonly number[])[];
  /** One per unit, or null for a layer without bias. */
  readonly bias: readonly number[] | null;
  /** False freezes the bias: its gradient is shown, its value kept (the Backpropagation Exercise). */
  readonly trainBias: boolean;
}

/** @category Worked solutions */
export interface StepSpec {
  /** batch × features. */
  readonly inputs: readonly (readonly number[])[];
  /** batch × outputs, or null for a forward pass only. */
  readonly targets: readonly (readonly number[])[] | null;
  readonly loss: LossName | null;
  /** η, or null to stop after the backward pass. */
  readonly learningRate: number | null;
  /** λ of the L2 penalty λΣW² added to the loss (biases excluded). */
  readonly l2: number;
  /** λ of decoupled weight decay: W ← W - η(∂L/∂W + λW). */
  readonly weightDecay: number;
  readonly layers: readonly LayerSpec[];
  readonly names: NetworkNames;
  /** A title for the worked solution. */
  readonly title?: string;
  /** Where the exercise comes from. */
  readonly source?: string;
  /** Remarks printed with the worked solution. */
  readonly notes: readonly string[];
  /** The answers a source published, to compare with (the answers format of `tracegrad check`). */
  readonly published?: unknown;
  /** The document the spec was read from, so that a later check can say where in it a field is (see {@link withOrigin}). */
  readonly document?: ParsedSource;
  /**
   * Where `published` was read from, so that a mistake in it is reported at its line and column: the
   * spec's own document at `["published"]`, or the answers file it names at `[]`.
   */
  readonly publishedAt?: { readonly source: ParsedSource; readonly path: readonly PropertyKey[] };
}

/**
 * The interchange (JSON) form of a spec: numbers only, names omitted.
 *
 * @category Worked solutions
 */
export interface InterchangeSpec {
  inputs: number[][];
  targets?: number[][];
  loss?: LossName;
  learningRate?: number;
  l2?: number;
  weightDecay?: number;
  layers: { activation: ActivationName; weights: number[][]; bias: number[] | null; trainBias?: boolean; alpha?: number }[];
}

/**
 * The spec in tracegrad's JSON interchange format.
 *
 * @category Worked solutions
 */
export function toInterchange(spec: StepSpec): InterchangeSpec {
  const out: InterchangeSpec = {
    inputs: spec.inputs.map((r) => [...r]),
    layers: spec.layers.map((l) => ({
      activation: l.activation,
      weights: l.weights.map((r) => [...r]),
      bias: l.bias === null ? null : [...l.bias],
      ...(l.trainBias ? {} : { trainBias: false }),
      ...(l.activation === "leaky-relu" ? { alpha: l.alpha } : {}),
    })),
  };
  if (spec.targets !== null) out.targets = spec.targets.map((r) => [...r]);
  if (spec.loss !== null) out.loss = spec.loss;
  if (spec.learningRate !== null) out.learningRate = spec.learningRate;
  if (spec.l2 !== 0) out.l2 = spec.l2;
  if (spec.weightDecay !== 0) out.weightDecay = spec.weightDecay;
  return out;
}

/**
 * Attaches where a spec was read from (its `document`, and where its `published` answers came from).
 * They are not enumerable: they are not part of the spec's value, so that comparing two specs compares
 * their networks, and a copy made with `{ ...spec }`, perhaps changed, does not carry positions in a
 * text it no longer matches.
 */
export function withOrigin<T extends StepSpec>(spec: T, origin: { document?: ParsedSource; publishedAt?: StepSpec["publishedAt"] }): T {
  for (const [key, value] of Object.entries(origin)) if (value !== undefined) Object.defineProperty(spec, key, { value, enumerable: false, writable: false, configurable: true });
  return spec;
}

/**
 * The spec with the published answers of the file its `published:` field names, read by the caller
 * (`answers`, parsed from that file): mistakes in them are then reported at their line and column in
 * that file. `tracegrad step` and the playground both resolve `published: answers/….yaml` with this.
 */
export function withPublishedFile<T extends StepSpec>(spec: T, answers: ParsedSource): T {
  return withOrigin({ ...spec, published: answers.value }, { document: spec.document, publishedAt: { source: answers, path: [] } });
}

/**
 * An {@link InputError} about a field of a spec, at the field's line and column in the document the
 * spec was read from (where it was read from one).
 */
export function specError(spec: StepSpec, path: readonly PropertyKey[], reason: string): InputError {
  return spec.document !== undefined ? spec.document.error(path, reason) : new InputError(reason, { field: formatPath(path) });
}
