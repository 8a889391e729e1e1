/**
 * A worked solution as data: sections (forward pass, loss, backward pass, update, after the update),
 * each a list of groups of steps, every step taken from the operations recorded on the tapes of a
 * {@link StepRecord}. The renderers (`render-text.ts`, ...) only lay this out.
 *
 * @module
 */
import { activation as activationOf, generalFormula } from "../engine/activations.js";
import type { Expr, SymbolExpr } from "../engine/expr.js";
import { add, callPrime, mul, partial, sumOver, sym } from "../engine/expr.js";
import { generalLossFormula, lossConvention, lossDefinition } from "../engine/losses.js";
import type { Step } from "../engine/operation.js";
import type { Tape } from "../engine/tape.js";
import type { Tensor } from "../engine/tensor.js";
import { DEFAULT_HYPERPARAMETERS, generalUpdateSymbols, UPDATE_RULES } from "../engine/update-rules.js";
import { formatNumber } from "../common/format-number.js";
import type { Worked, WorkedSection } from "./worked/worked.js";
import type { ForwardTrace, StepRecord } from "../step/run-step.js";

import { SECTION_IDS } from "../step/sections.js";
import { chainFormulas, chainGroups } from "./chain-rule.js";
import type { SectionId } from "../step/sections.js";
export { SECTION_IDS };
export type { SectionId };

/** A general formula shown at the head of a section, `lhs = rhs`. */
export interface Formula {
  readonly lhs: Expr;
  readonly rhs: Expr;
  /** `←` instead of `=`. */
  readonly assign?: boolean;
}

export interface StepGroup {
  readonly title: string;
  readonly steps: readonly Step[];
}

export interface Section extends WorkedSection {
  readonly id: SectionId;
}

/** A given value: `i1 = 0.1`. */
export interface Given {
  readonly title: string;
  readonly values: readonly SymbolExpr[];
}

/**
 * The worked solution of a step: a {@link Worked} whose summary is the architecture in words
 * (`2-2-2 network: 2 inputs → 2 sigmoid → 2 sigmoid; one sample`) and whose sections are the stages.
 */
export interface Solution extends Worked {
  readonly given: readonly Given[];
  readonly sections: readonly Section[];
}

/** Interleaves lists of steps element by element: z_h1, a_h1, z_h2, a_h2, ... */
function interleave(...lists: Step[][]): Step[] {
  const out: Step[] = [];
  const n = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < n; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

/** The steps that gave a tensor its gradient: each contribution's formula, added up. */
function gradientSteps(tape: Tape, t: Tensor): Step[] {
  const contributions = tape.contributionsTo(t);
  if (contributions.length === 0 || t.grad === null) return [];
  const parts = contributions.map((c) => c.node.operation.explainBackward(c.node, c.inputIndex, c.gradient));
  if (parts.length === 1) return parts[0];
  const grad = t.grad;
  return parts[0].map((first, k) => ({
    lhs: t.label?.gradient(k, grad[k]) ?? first.lhs,
    formula: add(...parts.map((p) => p[k].formula)),
    value: grad[k],
  }));
}

function unitList(units: readonly string[]): string {
  return units.length <= 4 ? units.join(", ") : `${units.slice(0, 3).join(", ")}, ..., ${units[units.length - 1]}`;
}

function layerTitle(record: StepRecord, l: number): string {
  const layer = record.spec.layers[l];
  const names = record.spec.names.layers[l];
  const role = l === record.spec.layers.length - 1 ? "output" : "hidden";
  const alpha = layer.activation === "leaky-relu" ? ` (α = ${formatNumber(layer.alpha)})` : "";
  return `Layer ${l + 1} (${role}: ${unitList(names.units)}; ${layer.activation}${alpha})`;
}

/** The steps of a forward pass, one group per layer. */
export function forwardGroups(record: StepRecord, trace: ForwardTrace): StepGroup[] {
  return trace.layers.map((layer, l) => {
    const tape = trace.tape;
    const linearNode = tape.creator(layer.z)!;
    const activationNode = tape.creator(layer.a)!;
    return {
      title: layerTitle(record, l),
      steps: interleave(linearNode.operation.explainForward(linearNode), activationNode.operation.explainForward(activationNode)),
    };
  });
}

/** The steps of a forward pass's loss: the data loss, the penalty and their sum. */
export function lossSteps(trace: ForwardTrace): Step[] {
  const steps: Step[] = [];
  for (const t of [trace.dataLoss, trace.penalty]) {
    if (t === null) continue;
    const node = trace.tape.creator(t)!;
    steps.push(...node.operation.explainForward(node));
  }
  if (trace.penalty !== null && trace.loss !== null) {
    const node = trace.tape.creator(trace.loss)!;
    steps.push(...node.operation.explainForward(node));
  }
  return steps;
}

function backwardGroups(record: StepRecord): StepGroup[] {
  const trace = record.forward;
  const tape = trace.tape;
  const groups: StepGroup[] = [];
  const last = trace.layers.length - 1;
  for (let l = last; l >= 0; l--) {
    const layer = trace.layers[l];
    const steps: Step[] = [];
    // ∂L/∂a for the layer's outputs (from the loss, or from the layer above), then δ = ∂L/∂a · f'(z).
    const upstream = gradientSteps(tape, layer.a);
    const deltas = gradientSteps(tape, layer.z);
    steps.push(...interleave(upstream, deltas));
    steps.push(...gradientSteps(tape, layer.weights));
    if (layer.bias !== null) steps.push(...gradientSteps(tape, layer.bias));
    groups.push({ title: layerTitle(record, l), steps });
  }
  return groups;
}

function updateGroups(record: StepRecord): StepGroup[] {
  const update = record.update;
  if (update === null) return [];
  return update.layers.map((layer, l) => {
    const steps: Step[] = [];
    for (const t of [layer.weights, layer.bias]) {
      if (t === null) continue;
      const node = update.tape.creator(t)!;
      steps.push(...node.operation.explainForward(node));
    }
    return { title: `Layer ${l + 1}`, steps };
  });
}

/** Notes that updates vanish at the printed precision. */
function precisionNotes(record: StepRecord, precision: number): string[] {
  const notes: string[] = [];
  record.update?.layers.forEach((layer, l) => {
    const before = record.forward.layers[l];
    const pairs: [Tensor, Tensor | null][] = [[before.weights, layer.weights], [before.bias ?? before.weights, layer.bias]];
    for (const [old, updated] of pairs) {
      if (updated === null) continue;
      const hidden: string[] = [];
      for (let k = 0; k < old.size; k++) {
        const changed = updated.data[k] !== old.data[k];
        if (changed && formatNumber(updated.data[k], precision) === formatNumber(old.data[k], precision)) hidden.push(old.label?.value(k, 0).name ?? `#${k}`);
      }
      if (hidden.length > 0)
        notes.push(`The update of ${hidden.join(", ")} is too small to show at ${precision} significant digits: the new values print as the old ones (use --precision to see more).`);
    }
  });
  return notes;
}

function linearFormula(hasBias: boolean): Formula {
  const terms: Expr[] = [sumOver("i", mul(sym("w", "ji"), sym("a", "i")))];
  if (hasBias) terms.push(sym("b", "j"));
  return { lhs: sym("z", "j"), rhs: add(...terms) };
}

function forwardFormulas(record: StepRecord): Formula[] {
  const formulas: Formula[] = [linearFormula(record.spec.layers.some((l) => l.bias !== null))];
  const seen = new Set<string>();
  for (const layer of record.spec.layers) {
    if (seen.has(layer.activation)) continue;
    seen.add(layer.activation);
    const { call, definition } = generalFormula(activationOf(layer.activation));
    if (layer.activation !== "identity") formulas.push({ lhs: call, rhs: definition });
  }
  return formulas;
}

function backwardFormulas(record: StepRecord): Formula[] {
  const L = sym(record.spec.names.loss);
  const a = sym("a", "j");
  return [
    { lhs: sym("delta", "j"), rhs: mul(partial(L, a), callPrime("f", sym("z", "j"))) },
    { lhs: partial(L, sym("a", "i")), rhs: sumOver("j", mul(sym("w", "ji"), sym("delta", "j"))) },
    { lhs: partial(L, sym("w", "ji")), rhs: sumOver("n", mul(sym("delta", "j"), sym("a", "i"))) },
  ];
}

function networkSummary(record: StepRecord): string {
  const spec = record.spec;
  const sizes = [spec.names.inputs.length, ...spec.layers.map((l) => l.weights.length)].join("-");
  const layers = spec.layers.map((l) => `${l.weights.length} ${l.activation}${l.bias === null ? "" : " + bias"}`);
  const batch = spec.inputs.length === 1 ? "one sample" : `a batch of ${spec.inputs.length} samples`;
  const inputs = spec.names.inputs.length;
  return `${sizes} network: ${inputs} input${inputs === 1 ? "" : "s"} → ${layers.join(" → ")}; ${batch}`;
}

function conventions(record: StepRecord): string[] {
  const spec = record.spec;
  const out: string[] = [];
  if (spec.loss !== null) out.push(lossConvention(lossDefinition(spec.loss)));
  if (spec.l2 > 0) out.push(`L2: L = L_data + P with P = λ Σ w² over every weight (biases excluded), λ = ${formatNumber(spec.l2)}; so ∂L/∂w gains 2λw`);
  if (spec.weightDecay > 0) out.push(`weight decay: the loss is unchanged and w ← w - η(∂L/∂w + λ_decay·w), λ_decay = ${formatNumber(spec.weightDecay)}`);
  if (spec.layers.some((l) => l.activation === "relu" || l.activation === "leaky-relu")) out.push("at z = 0, ReLU'(0) = 0 and LeakyReLU'(0) = α");
  out.push("weights are units × inputs: w_ji connects input i to unit j; δ_j = ∂L/∂z_j");
  return out;
}

function given(record: StepRecord): Given[] {
  const spec = record.spec;
  const trace = record.forward;
  const values = (t: Tensor | null, title: string): Given[] => (t === null ? [] : [{ title, values: Array.from(t.data, (v, k) => t.label!.value(k, v)) }]);
  const out: Given[] = [...values(trace.layers[0].input, "inputs"), ...values(trace.targets, "targets")];
  trace.layers.forEach((layer, l) => {
    out.push(...values(layer.weights, `weights of layer ${l + 1}`));
    if (layer.bias !== null) out.push(...values(layer.bias, `biases of layer ${l + 1}${spec.layers[l].trainBias ? "" : " (frozen)"}`));
  });
  const settings: SymbolExpr[] = [];
  if (spec.learningRate !== null) settings.push(sym("eta", undefined, undefined, spec.learningRate));
  if (spec.l2 > 0) settings.push(sym("lambda", undefined, undefined, spec.l2));
  if (spec.weightDecay > 0) settings.push(sym("lambda", "decay", undefined, spec.weightDecay));
  if (settings.length > 0) out.push({ title: "settings", values: settings });
  return out;
}

export interface SolutionOptions {
  /** Significant digits (for the notes on what the printed precision hides). */
  readonly precision: number;
  /** The sections to include (all by default). */
  readonly only?: readonly SectionId[];
  /** Notes from outside the record (where a published answer differs). */
  readonly extraNotes?: readonly string[];
  /**
   * How the backward pass is written: `delta` (δ = ∂L/∂a · f'(z), the default) or `chain` (each
   * gradient as the product of the chain rule's factors, the hidden layers' ∂L/∂a as sums of paths).
   */
  readonly style?: BackwardStyle;
}

/** The ways of writing the backward pass. */
export const BACKWARD_STYLES = ["delta", "chain"] as const;

/** `delta` or `chain`. */
export type BackwardStyle = (typeof BACKWARD_STYLES)[number];

/** Builds the worked solution of a recorded step. */
export function buildSolution(record: StepRecord, options: SolutionOptions): Solution {
  const spec = record.spec;
  const include = (id: SectionId) => options.only === undefined || options.only.includes(id);
  const sections: Section[] = [];
  if (include("forward")) sections.push({ id: "forward", tables: [], title: "Forward pass", formulas: forwardFormulas(record), groups: forwardGroups(record, record.forward) });
  if (include("loss") && record.forward.loss !== null) {
    const formula = generalLossFormula(lossDefinition(spec.loss!), spec.names.loss);
    sections.push({ id: "loss", tables: [], title: "Loss", formulas: [formula], groups: [{ title: "", steps: lossSteps(record.forward) }] });
  }
  if (include("backward") && record.forward.loss !== null) {
    const chain = options.style === "chain";
    sections.push({
      id: "backward",
      tables: [],
      title: chain ? "Backward pass (the chain rule, factor by factor)" : "Backward pass",
      formulas: chain ? chainFormulas(spec.names.loss) : backwardFormulas(record),
      groups: chain ? chainGroups(record, (l) => layerTitle(record, l)) : backwardGroups(record),
    });
  }
  if (include("update") && record.update !== null) {
    const L = sym(spec.names.loss);
    const w = sym("w");
    const rule = UPDATE_RULES.sgd.assignments(generalUpdateSymbols(w, partial(L, w)), { ...DEFAULT_HYPERPARAMETERS, learningRate: spec.learningRate!, weightDecay: spec.weightDecay });
    sections.push({ id: "update", tables: [], title: "Update", formulas: rule.map((r) => ({ lhs: w, rhs: r.formula, assign: true })), groups: updateGroups(record) });
  }
  if (include("after") && record.after !== null) {
    const groups = forwardGroups(record, record.after);
    if (record.after.loss !== null) groups.push({ title: "Loss", steps: lossSteps(record.after) });
    sections.push({ id: "after", tables: [], title: "After the update", formulas: [], groups });
  }
  const notes = [...spec.notes, ...(options.extraNotes ?? []), ...precisionNotes(record, options.precision)];
  const before = record.forward.loss?.item();
  const after = record.after?.loss?.item();
  if (record.after?.lossUndefined !== undefined) notes.push(record.after.lossUndefined);
  if (before !== undefined && after !== undefined && !(Number.isFinite(before) && Number.isFinite(after))) {
    notes.push(
      `The loss is ${formatNumber(before, options.precision)} before the update and ${formatNumber(after, options.precision)} after it: past the range of float64, so its change says nothing (try smaller weights, inputs or learning rate).`,
    );
  } else if (before !== undefined && after !== undefined) {
    const change = after - before;
    notes.push(
      change < 0
        ? `The loss fell from ${formatNumber(before, options.precision)} to ${formatNumber(after, options.precision)} (by ${formatNumber(-change, options.precision)}).`
        : change > 0
          ? `The loss rose from ${formatNumber(before, options.precision)} to ${formatNumber(after, options.precision)}: the step overshot (try a smaller learning rate).`
          : `The loss did not change (${formatNumber(before, options.precision)}): no gradient reached any parameter.`,
    );
  }
  return {
    title: spec.title ?? "Worked solution",
    ...(spec.source !== undefined ? { source: spec.source } : {}),
    summary: networkSummary(record),
    conventions: conventions(record),
    given: given(record),
    sections,
    notes,
  };
}
