/**
 * Reads a learner's answers: YAML or JSON holding any subset of the numbers of `tracegrad step --json`
 * (`loss`, `layers[i].z/a/delta/dW/db/weights/bias`, ...), or the same quantities under the learner
 * names of the spec (`z_h1`, `dE/dw2`, `w2` for the new value: see `answer-names.ts`), or both. A
 * value left out or given as null is not answered. Names may be grouped under headings of the
 * learner's choosing (`forward: {z_h1: 0.28}`).
 *
 * Every mistake is an {@link InputError} that names the file, the field, the line and the column.
 *
 * @module
 */
import { didYouMean } from "../common/did-you-mean.js";
import { formatPath, InputError } from "../common/input-error.js";
import type { ParsedSource } from "../common/source.js";
import type { StepSpec } from "../step/spec/step-spec.js";
import { answerNameTable } from "./answer-names.js";
import type { AnswerNameTable } from "./answer-names.js";
import type { LayerKind, Quantity, QuantityKind } from "../step/quantities.js";
import { LAYER_KINDS, layerKindShape, quantityPath } from "../step/quantities.js";
import { describeValue, isMapping } from "../common/describe-value.js";

/** One answered number. */
export interface Answer {
  readonly quantity: Quantity;
  readonly given: number;
  /** Where in the answers it was given. */
  readonly where: readonly PropertyKey[];
}

type Path = readonly PropertyKey[];

/** Fields of `tracegrad step --json` that are accepted and not graded. */
const IGNORED_FIELDS = ["solution"];

/** The numbers of `tracegrad step --json` outside the layers; null there means the step has none. */
const STEP_FIELDS = ["loss", "dataLoss", "penalty", "lossAfter"];

/** A parsed value that came from no file, for {@link readAnswers}: errors name the field only. */
export function plainSource(value: unknown, file?: string): ParsedSource {
  const source: ParsedSource = {
    file,
    format: "json",
    value,
    locate: () => undefined,
    error: (path, reason) => new InputError(reason, { file, field: formatPath(path) }),
  };
  return source;
}

class AnswerReader {
  readonly answers = new Map<string, Answer>();
  private readonly byRef: Map<string, Quantity>;
  private readonly names: AnswerNameTable;

  constructor(
    private readonly source: ParsedSource,
    private readonly spec: StepSpec,
    private readonly quantities: readonly Quantity[],
  ) {
    this.byRef = new Map(quantities.map((q) => [q.path, q]));
    this.names = answerNameTable(spec, quantities);
  }

  /** A number, null/undefined (not answered), or a string holding a number. */
  private number(path: Path, v: unknown): number | null {
    if (v === null || v === undefined) return null;
    if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v.trim()))) return Number(v.trim());
    if (typeof v !== "number") throw this.source.error(path, `expected a number (or null for no answer), got ${describeValue(v)}`);
    if (!Number.isFinite(v)) throw this.source.error(path, `is ${Number.isNaN(v) ? "NaN" : v}; an answer must be a finite number`);
    return v;
  }

  private give(q: Quantity, path: Path, v: unknown): void {
    const given = this.number(path, v);
    if (given === null) return;
    const earlier = this.answers.get(q.path);
    if (earlier !== undefined) throw this.source.error(path, `gives ${q.symbol} again (it is already given as ${formatPath(earlier.where)})`);
    this.answers.set(q.path, { quantity: q, given, where: path });
  }

  private quantity(ref: { kind: QuantityKind; layer: number; row: number; col: number }): Quantity | undefined {
    return this.byRef.get(quantityPath(ref));
  }

  read(base: Path): void {
    const value = base.reduce<unknown>((v, k) => (isMapping(v) ? v[k as string] : undefined), this.source.value);
    if (value === null || value === undefined) return;
    if (!isMapping(value)) throw this.source.error(base, `expected a mapping of answers (names or the fields of tracegrad step --json), got ${describeValue(value)}`);
    this.mapping(base, value, true);
  }

  private mapping(path: Path, value: Record<string, unknown>, top: boolean): void {
    for (const [key, v] of Object.entries(value)) {
      const here = [...path, key];
      if (top && key === "layers") {
        this.layers(here, v);
        continue;
      }
      if (top && IGNORED_FIELDS.includes(key)) continue;
      if (top && (key === "dataLoss" || key === "penalty") && this.spec.l2 === 0) continue; // step --json prints them without L2
      if (top && STEP_FIELDS.includes(key) && (v === null || v === undefined)) continue;
      const q = key === "dataLoss" || key === "penalty" || key === "lossAfter" ? this.quantity({ kind: key, layer: -1, row: 0, col: 0 }) : this.names.lookup(key);
      if (q === "ambiguous") throw this.source.error(here, `"${key}" could name more than one quantity; use its full name (${this.candidatesFor(key)})`, { key: true });
      if (q !== undefined) {
        this.give(q, here, v);
        continue;
      }
      if (isMapping(v)) {
        // A heading of the learner's own (`forward:`, `layer 1:`), holding names.
        this.mapping(here, v, false);
        continue;
      }
      throw this.source.error(here, this.unknownName(key), { key: true });
    }
  }

  private candidatesFor(key: string): string {
    const lower = key.toLowerCase();
    return this.names.known.filter((k) => k.toLowerCase().includes(lower)).slice(0, 4).join(", ");
  }

  private unknownName(key: string): string {
    const batch = this.spec.inputs.length;
    if (batch > 1 && this.names.lookup(`${key}(1)`) !== undefined) return `"${key}" needs its sample in a batch of ${batch}: ${key}(1) to ${key}(${batch})`;
    if (key === "loss" || key === "lossAfter") return `the spec has no ${key === "loss" ? "targets, so no loss" : "learning rate, so no update"} to grade`;
    const hint = didYouMean(key, this.names.known);
    const kinds = ["z", "a", "loss", "delta", "dW", "weights"];
    const examples = kinds.map((k) => this.quantities.find((q) => q.kind === k)?.key).filter((k) => k !== undefined);
    return `unknown quantity "${key}"${hint}; answers are named as in the worked solution (${examples.join(", ")}, ...; a bare weight name is its value after the update), or given as the fields of tracegrad step --json`;
  }

  private layers(path: Path, v: unknown): void {
    if (v === null || v === undefined) return;
    if (!Array.isArray(v)) throw this.source.error(path, `expected a list of layers, got ${describeValue(v)}`);
    if (v.length > this.spec.layers.length)
      throw this.source.error([...path, this.spec.layers.length], `there are ${v.length} layers here, but the network has ${this.spec.layers.length}`);
    v.forEach((layer, l) => {
      const here = [...path, l];
      if (layer === null || layer === undefined) return;
      if (!isMapping(layer)) throw this.source.error(here, `expected a mapping with the fields ${LAYER_KINDS.join(", ")}, got ${describeValue(layer)}`);
      for (const [field, value] of Object.entries(layer)) {
        if (!(LAYER_KINDS as readonly string[]).includes(field))
          throw this.source.error([...here, field], `unknown field "${field}"${didYouMean(field, LAYER_KINDS)}; a layer's fields are ${LAYER_KINDS.join(", ")}`, { key: true });
        this.layerField([...here, field], l, field as LayerKind, value);
      }
    });
  }

  /** The shape the field has in `tracegrad step --json`, and why, for messages. */
  private shapeOf(l: number, kind: LayerKind): { rows: number; cols: number; what: string } {
    const units = this.spec.layers[l].weights.length;
    const inputs = this.spec.layers[l].weights[0].length;
    const batch = this.spec.inputs.length;
    switch (layerKindShape(kind)) {
      case "samples":
        return { rows: batch, cols: units, what: `${batch} sample${batch === 1 ? "" : "s"} × ${units} unit${units === 1 ? "" : "s"}` };
      case "matrix":
        return { rows: units, cols: inputs, what: `${units} unit${units === 1 ? "" : "s"} × ${inputs} input${inputs === 1 ? "" : "s"}` };
      case "vector":
        return { rows: 1, cols: units, what: `one per unit (${units})` };
    }
  }

  private missingReason(l: number, kind: LayerKind): string {
    if ((kind === "db" || kind === "bias") && this.spec.layers[l].bias === null) return "it has no bias";
    if (this.spec.targets === null || this.spec.loss === null) return "the spec has no targets, so no backward pass";
    return "the spec has no learning rate, so no update";
  }

  private layerField(path: Path, l: number, kind: LayerKind, value: unknown): void {
    if (value === null || value === undefined) return;
    const { rows, cols, what } = this.shapeOf(l, kind);
    const ref = (row: number, col: number) => {
      const q = this.quantity({ kind, layer: l, row: layerKindShape(kind) === "vector" ? 0 : row, col });
      if (q === undefined) throw this.source.error(path, `layer ${l + 1} has no ${kind} to grade: ${this.missingReason(l, kind)}`);
      return q;
    };
    const cell = (row: number, col: number, p: Path, v: unknown) => this.give(ref(row, col), p, v);
    if (!Array.isArray(value)) {
      if (rows * cols === 1) return cell(0, 0, path, value);
      throw this.source.error(path, `expected a list (${what}), got ${describeValue(value)}`);
    }
    if (value.some((x) => Array.isArray(x))) {
      if (value.length !== rows) throw this.source.error(path, `has ${value.length} row${value.length === 1 ? "" : "s"}; ${kind} of layer ${l + 1} is ${what}`);
      value.forEach((row, r) => {
        if (!Array.isArray(row)) throw this.source.error([...path, r], `expected a row (a list), got ${describeValue(row)}`);
        if (row.length !== cols) throw this.source.error([...path, r], `has ${row.length} value${row.length === 1 ? "" : "s"}; ${kind} of layer ${l + 1} is ${what}`);
        row.forEach((x, c) => cell(r, c, [...path, r, c], x));
      });
      return;
    }
    // A flat list: one row, or one column.
    if (value.length === cols && rows === 1) value.forEach((x, c) => cell(0, c, [...path, c], x));
    else if (cols === 1 && value.length === rows) value.forEach((x, r) => cell(r, 0, [...path, r], x));
    else if (value.length === cols) throw this.source.error(path, `is one row, but ${kind} of layer ${l + 1} is ${what}: give a list of rows`);
    else throw this.source.error(path, `has ${value.length} value${value.length === 1 ? "" : "s"}; ${kind} of layer ${l + 1} is ${what}`);
  }
}

/**
 * Reads the answers in `source` (at `base`, the whole document by default: `["published"]` reads a
 * spec's published answers) against the quantities of a spec's step. With `requireAnswers`, a
 * document that answers nothing is refused.
 */
export function readAnswers(source: ParsedSource, spec: StepSpec, quantities: readonly Quantity[], base: readonly PropertyKey[] = [], requireAnswers = false): Answer[] {
  const reader = new AnswerReader(source, spec, quantities);
  reader.read(base);
  if (requireAnswers && reader.answers.size === 0)
    throw source.error(base, "answers nothing: every value is null or absent (give at least one answer; the names are those of the worked solution)");
  const order = new Map(quantities.map((q, i) => [q.path, i]));
  return [...reader.answers.values()].sort((x, y) => order.get(x.quantity.path)! - order.get(y.quantity.path)!);
}
