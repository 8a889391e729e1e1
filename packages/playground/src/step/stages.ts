/**
 * The stages step mode walks through, one per press of the step button: the forward pass layer by
 * layer, the loss, the backward pass from the output layer down, and the update; and which steps of
 * the worked solution ({@link buildSolution}) belong to a stage or to a unit or parameter.
 *
 * Nothing here touches the DOM.
 *
 * @module
 */
import type { Step } from "tracegrad/internal/engine/operation";
import type { StepRecord } from "tracegrad/internal/step/run-step";
import type { Formula, Solution } from "tracegrad/internal/explain/solution";

export type Stage =
  | { readonly kind: "forward"; readonly layer: number }
  | { readonly kind: "loss" }
  | { readonly kind: "backward"; readonly layer: number }
  | { readonly kind: "update" };

/** The stages of a recorded step, in order. */
export function stagesOf(record: StepRecord): Stage[] {
  const layers = record.spec.layers.length;
  const stages: Stage[] = [];
  for (let l = 0; l < layers; l++) stages.push({ kind: "forward", layer: l });
  if (record.forward.loss !== null) {
    stages.push({ kind: "loss" });
    for (let l = layers - 1; l >= 0; l--) stages.push({ kind: "backward", layer: l });
  }
  if (record.update !== null) stages.push({ kind: "update" });
  return stages;
}

/** A stage in words: "forward pass, layer 1". */
export function stageLabel(stage: Stage): string {
  switch (stage.kind) {
    case "forward":
      return `Forward pass, layer ${stage.layer + 1}`;
    case "loss":
      return "Loss";
    case "backward":
      return `Backward pass, layer ${stage.layer + 1}`;
    case "update":
      return "Update";
  }
}

/** A short label for the chips of the stage bar: "F1", "L", "B2", "U". */
export function stageShort(stage: Stage): string {
  switch (stage.kind) {
    case "forward":
      return `F${stage.layer + 1}`;
    case "loss":
      return "L";
    case "backward":
      return `B${stage.layer + 1}`;
    case "update":
      return "U";
  }
}

/** What the first `shown` stages have revealed. */
export interface Revealed {
  readonly forward: ReadonlySet<number>;
  readonly loss: boolean;
  readonly backward: ReadonlySet<number>;
  readonly update: boolean;
}

export function revealed(stages: readonly Stage[], shown: number): Revealed {
  const forward = new Set<number>();
  const backward = new Set<number>();
  let loss = false;
  let update = false;
  for (const stage of stages.slice(0, shown)) {
    if (stage.kind === "forward") forward.add(stage.layer);
    else if (stage.kind === "backward") backward.add(stage.layer);
    else if (stage.kind === "loss") loss = true;
    else update = true;
  }
  return { forward, loss, backward, update };
}

/** A titled list of steps with the general formulas of its section. */
export interface StepBlock {
  readonly title: string;
  readonly formulas: readonly Formula[];
  readonly steps: readonly Step[];
}

/** The steps of one stage, from the solution. */
export function stageBlocks(solution: Solution, stage: Stage, layers: number): StepBlock[] {
  const section = (id: string) => solution.sections.find((s) => s.id === id);
  switch (stage.kind) {
    case "forward": {
      const s = section("forward");
      const group = s?.groups[stage.layer];
      return s === undefined || group === undefined ? [] : [{ title: `${s.title}: ${group.title}`, formulas: s.formulas, steps: group.steps }];
    }
    case "loss": {
      const s = section("loss");
      return s === undefined ? [] : [{ title: s.title, formulas: s.formulas, steps: s.groups.flatMap((g) => g.steps) }];
    }
    case "backward": {
      const s = section("backward");
      const group = s?.groups[layers - 1 - stage.layer];
      return s === undefined || group === undefined ? [] : [{ title: `${s.title}: ${group.title}`, formulas: s.formulas, steps: group.steps }];
    }
    case "update": {
      const blocks: StepBlock[] = [];
      const s = section("update");
      if (s !== undefined) blocks.push(...s.groups.map((g, i) => ({ title: `${s.title}: ${g.title}`, formulas: i === 0 ? s.formulas : [], steps: g.steps })));
      const after = section("after");
      const lossAfter = after?.groups.find((g) => g.title === "Loss");
      if (after !== undefined && lossAfter !== undefined) blocks.push({ title: `${after.title}: loss`, formulas: [], steps: lossAfter.steps });
      return blocks;
    }
  }
}

/** What can be selected in the diagram: a unit, a parameter (weight or bias), an input, or the loss. */
export type Item =
  | { readonly kind: "unit"; readonly name: string; readonly layer: number; readonly index: number }
  | { readonly kind: "param"; readonly name: string; readonly layer: number; readonly unit: number; readonly input: number | null }
  | { readonly kind: "input"; readonly name: string; readonly index: number }
  | { readonly kind: "loss" };

/** The id of an item, as the URL keeps it: `u:h1`, `p:w2`, `i:i1`, `loss`. */
export function itemId(item: Item): string {
  return item.kind === "loss" ? "loss" : `${item.kind === "unit" ? "u" : item.kind === "param" ? "p" : "i"}:${item.name}`;
}

/** The item of an id, or null when the network has none such. */
export function itemOf(record: StepRecord, id: string): Item | null {
  if (id === "loss") return record.forward.loss === null ? null : { kind: "loss" };
  const [kind, name] = [id.slice(0, 2), id.slice(2)];
  const names = record.spec.names;
  if (kind === "i:") {
    const index = names.inputs.indexOf(name);
    return index < 0 ? null : { kind: "input", name, index };
  }
  for (let l = 0; l < names.layers.length; l++) {
    const layer = names.layers[l];
    if (kind === "u:") {
      const index = layer.units.indexOf(name);
      if (index >= 0) return { kind: "unit", name, layer: l, index };
    } else if (kind === "p:") {
      for (let j = 0; j < layer.weights.length; j++) {
        const i = layer.weights[j].indexOf(name);
        if (i >= 0) return { kind: "param", name, layer: l, unit: j, input: i };
      }
      const b = layer.bias?.indexOf(name) ?? -1;
      if (b >= 0) return { kind: "param", name, layer: l, unit: b, input: null };
    }
  }
  return null;
}

function isUnitStep(step: Step, unit: string, sample: string | undefined): boolean {
  const lhs = step.lhs;
  const symbol = lhs.kind === "partial" ? lhs.wrt : lhs;
  if (symbol.sub !== unit || (symbol.name !== "z" && symbol.name !== "a" && symbol.name !== "delta")) return false;
  return sample === undefined || symbol.sup === sample;
}

function isParameterStep(step: Step, name: string): boolean {
  const lhs = step.lhs;
  return lhs.kind === "partial" ? lhs.wrt.name === name && lhs.wrt.sub === undefined : lhs.name === name && lhs.sub === undefined && step.assign === true;
}

/**
 * The steps of an item among the stages revealed so far: a unit's z, a, ∂L/∂a and δ (of one sample of
 * a batch), a parameter's gradient and update, the loss's formula.
 */
export function itemBlocks(solution: Solution, stages: readonly Stage[], shown: number, item: Item, layers: number, sample: string | undefined): StepBlock[] {
  const blocks: StepBlock[] = [];
  for (const stage of stages.slice(0, shown)) {
    for (const block of stageBlocks(solution, stage, layers)) {
      let steps: readonly Step[] = [];
      if (item.kind === "unit") steps = block.steps.filter((s) => isUnitStep(s, item.name, sample));
      else if (item.kind === "param") steps = block.steps.filter((s) => isParameterStep(s, item.name));
      else if (item.kind === "loss" && stage.kind === "loss") steps = block.steps;
      if (steps.length > 0) blocks.push({ title: block.title, formulas: [], steps });
    }
  }
  return blocks;
}
