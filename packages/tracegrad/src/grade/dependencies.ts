/**
 * What each quantity of a step is computed from, one step back: z from the activations of the layer
 * below, a from z, δ from the δ of the layer above and the layer's own z and a, ∂L/∂w from δ and the
 * input of the weight, a new weight from its gradient. The grader follows these links to find the
 * earlier answer a wrong value was carried forward from.
 *
 * @module
 */
import type { StepSpec } from "../step/spec/step-spec.js";
import type { QuantityRef } from "../step/quantities.js";

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/** The quantities `ref` is computed from directly. */
export function dependencies(spec: StepSpec, ref: QuantityRef): QuantityRef[] {
  const batch = spec.inputs.length;
  const last = spec.layers.length - 1;
  const units = (l: number) => spec.layers[l].weights.length;
  const softmax = (l: number) => spec.layers[l].activation === "softmax";
  const all = (kind: "z" | "a" | "delta", l: number, samples: number[], cols: number[]): QuantityRef[] =>
    samples.flatMap((n) => cols.map((j) => ({ kind, layer: l, row: n, col: j })));
  const { layer: l, row, col } = ref;
  switch (ref.kind) {
    case "z":
      return l === 0 ? [] : all("a", l - 1, [row], range(units(l - 1)));
    case "a":
      return softmax(l) ? all("z", l, [row], range(units(l))) : [{ kind: "z", layer: l, row, col }];
    case "loss":
    case "dataLoss":
      return all("a", last, range(batch), range(units(last)));
    case "penalty":
      return [];
    case "delta": {
      const own: QuantityRef[] = softmax(l) ? all("a", l, [row], range(units(l))) : [{ kind: "z", layer: l, row, col }, { kind: "a", layer: l, row, col }];
      return l === last ? own : [...all("delta", l + 1, [row], range(units(l + 1))), ...own];
    }
    case "dW": {
      const deltas = all("delta", l, range(batch), [row]);
      return l === 0 ? deltas : [...deltas, ...all("a", l - 1, range(batch), [col])];
    }
    case "db":
      return all("delta", l, range(batch), [col]);
    case "weights":
      return [{ kind: "dW", layer: l, row, col }];
    case "bias":
      return [{ kind: "db", layer: l, row: 0, col }];
    case "lossAfter":
      return spec.layers.flatMap((layer, k) => [
        ...layer.weights.flatMap((w, j) => w.map((_, i) => ({ kind: "weights" as const, layer: k, row: j, col: i }))),
        ...(layer.bias === null ? [] : layer.bias.map((_, j) => ({ kind: "bias" as const, layer: k, row: 0, col: j }))),
      ]);
  }
}
