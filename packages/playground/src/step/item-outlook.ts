/**
 * What step mode says beside an item's worked solution (a unit, a weight or bias, the loss): what is
 * known of it at the stage shown (a parameter's value, and the forward pass that used it), and the
 * stage that computes what comes next (a unit's z and a or its δ, a parameter's gradient or new value,
 * the loss). So that an item whose own steps have not come yet is never said to have nothing
 * computed: a weight is known from the start, and the learner is told where its gradient comes.
 *
 * Nothing here touches the DOM.
 *
 * @module
 */
import { formatNumber } from "tracegrad/internal/common/format-number";
import type { StepSpec } from "tracegrad/internal/step/spec/index";
import { stageLabel } from "./stages.js";
import type { Item, Stage } from "./stages.js";

export interface ItemOutlook {
  /** What is known of the item so far, in sentences (none for a unit or the loss not computed yet). */
  readonly known: readonly string[];
  /** The stage that computes its next quantity, in a sentence; null when the step has nothing more for it. */
  readonly next: string | null;
}

/** "stage 5 of 6 (Backward pass, layer 1)". */
function stageName(stages: readonly Stage[], index: number): string {
  return `stage ${index + 1} of ${stages.length} (${stageLabel(stages[index])})`;
}

/** "stage 1 …" as "Stage 1 …", to open a sentence. */
function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * What is known of `item` after the first `shown` stages of a step (the `stepNo`th of gradient
 * descent), and what comes next for it.
 */
export function itemOutlook(spec: StepSpec, stages: readonly Stage[], shown: number, item: Item, stepNo: number, precision: number): ItemOutlook {
  const find = (wanted: (stage: Stage) => boolean) => stages.findIndex(wanted);
  const loss = spec.names.loss;
  switch (item.kind) {
    case "input":
      return { known: [], next: null };
    case "loss": {
      const at = find((s) => s.kind === "loss");
      return { known: [], next: at >= shown ? `The loss ${loss} comes in ${stageName(stages, at)}, from the outputs and the targets.` : null };
    }
    case "unit": {
      const forward = find((s) => s.kind === "forward" && s.layer === item.layer);
      if (forward >= shown) return { known: [], next: `${item.name}'s z and a come in ${stageName(stages, forward)}.` };
      const backward = find((s) => s.kind === "backward" && s.layer === item.layer);
      return { known: [], next: backward >= shown ? `Its δ comes in ${stageName(stages, backward)}.` : null };
    }
    case "param": {
      const layer = spec.layers[item.layer];
      const unit = spec.names.layers[item.layer].units[item.unit];
      const value = item.input === null ? layer.bias![item.unit] : layer.weights[item.unit][item.input];
      const frozen = item.input === null && !layer.trainBias;
      const known = [`${item.name} = ${formatNumber(value, precision)}, ${stepNo === 1 ? "given" : `its value after step ${stepNo - 1}`}.`];
      const forward = find((s) => s.kind === "forward" && s.layer === item.layer);
      if (forward >= 0 && forward < shown) known.push(`${capitalized(stageName(stages, forward))} used it in z of ${unit}.`);
      const backward = find((s) => s.kind === "backward" && s.layer === item.layer);
      const update = find((s) => s.kind === "update");
      let next: string | null = null;
      if (backward < 0) next = `It gets no gradient: the network has no targets and no loss, so the step is a forward pass only.`;
      else if (backward >= shown) next = `Its gradient ∂${loss}/∂${item.name} comes in ${stageName(stages, backward)}.`;
      else if (frozen) next = `It is frozen: the step keeps its value.`;
      else if (update < 0) next = `It is not updated: the network has no learning rate, so the step ends with the gradients.`;
      else if (update >= shown) next = `Its new value comes in ${stageName(stages, update)}.`;
      return { known, next };
    }
  }
}
