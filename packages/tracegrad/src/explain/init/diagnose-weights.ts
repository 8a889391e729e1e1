/**
 * `tracegrad init --weights FILE`: a diagnosis of a given set of weights (as the Neural Networks Exercises' exercise 7 asks). The
 * forward pass runs on the recording engine (`run-step.ts`'s {@link recordForward}) with the given
 * inputs, and from its values come, per layer: the scale of z and a (their standard deviation over
 * every unit and sample, by `data/scalers.ts`) and its ratio to the layer before, the ReLU units
 * that stay inactive, the saturated sigmoid outputs, and the spread of the weights against the
 * Xavier and He standard deviations of `nn/initializers.ts`.
 *
 * @module
 */
import { sym } from "../../engine/expr.js";
import { SATURATION } from "../../engine/activations.js";
import type { Step } from "../../engine/operation.js";
import { fitScaler, scalerDeviationFormula, scalerMeanFormula } from "../../data/scalers.js";
import { fanSymbols, INITIALIZERS } from "../../nn/initializers.js";
import type { StepSpec } from "../../step/spec/step-spec.js";
import { formatNumber } from "../../common/format-number.js";
import { recordForward } from "../../step/run-step.js";
import type { ForwardTrace } from "../../step/run-step.js";
import type { StepGroup } from "../solution.js";
import type { Worked } from "../worked/worked.js";
import { section } from "../worked/worked.js";

/** A ratio below this is a shrinking scale, above its inverse a growing one. */
const FACTOR = 2;

/** One layer's diagnosis. */
export interface LayerDiagnosis {
  readonly fanIn: number;
  readonly fanOut: number;
  readonly activation: string;
  /** The standard deviation of the layer's inputs, pre-activations and activations (over units and samples). */
  readonly inputStd: number;
  readonly zStd: number;
  readonly aStd: number;
  /** zStd / inputStd: the gain of the layer's weights, which Xavier and He aim to keep near 1 (null when the inputs do not vary). */
  readonly zRatio: number | null;
  /** aStd / inputStd: the gain with the activation (null when the inputs do not vary). */
  readonly aRatio: number | null;
  /** The weights' mean and (population) standard deviation, mean |w| and max |w|. */
  readonly weightMean: number;
  readonly weightStd: number;
  readonly weightMeanAbs: number;
  readonly weightMaxAbs: number;
  /** Xavier's σ = √(2/(n_in + n_out)) and He's σ = √(2/n_in). */
  readonly xavierSigma: number;
  readonly heSigma: number;
  /** He for ReLU-like layers, Xavier otherwise. */
  readonly recommended: "xavier" | "he";
  /** ReLU units and the samples (from 1) where z ≤ 0; `dead` when that is every sample. */
  readonly inactive: { unit: string; samples: number[]; dead: boolean }[];
  /** Sigmoid or tanh outputs within 0.01 of their bounds. */
  readonly saturated: { unit: string; sample: number; a: number }[];
}

export interface WeightDiagnosis {
  readonly spec: StepSpec;
  readonly forward: ForwardTrace;
  readonly layers: readonly LayerDiagnosis[];
}

/** The mean and population standard deviation of values, as `data/scalers.ts` computes them. */
function statistics(values: ArrayLike<number>): { mean: number; std: number } {
  const scaler = fitScaler(values, values.length, 1, "standardize", "population");
  if (scaler.method !== "standardize") throw new Error("unreachable");
  return { mean: scaler.mean[0], std: scaler.std[0] };
}

/** Runs the forward pass with the spec's inputs and diagnoses each layer. */
export function diagnoseWeights(spec: StepSpec): WeightDiagnosis {
  const forward = recordForward(spec, spec.layers);
  const batch = spec.inputs.length;
  const layers = forward.layers.map((trace, l): LayerDiagnosis => {
    const layer = spec.layers[l];
    const units = spec.names.layers[l].units;
    const fanIn = trace.weights.cols;
    const fanOut = trace.weights.rows;
    const inputStd = statistics(trace.input.data).std;
    const zStd = statistics(trace.z.data).std;
    const aStd = statistics(trace.a.data).std;
    const weights = statistics(trace.weights.data);
    const magnitudes = Array.from(trace.weights.data, Math.abs);
    const inactive: LayerDiagnosis["inactive"] = [];
    const saturated: LayerDiagnosis["saturated"] = [];
    units.forEach((unit, j) => {
      const samples: number[] = [];
      for (let n = 0; n < batch; n++) {
        const k = n * fanOut + j;
        if ((layer.activation === "relu" || layer.activation === "leaky-relu") && trace.z.data[k] <= 0) samples.push(n + 1);
        const a = trace.a.data[k];
        if (layer.activation === "sigmoid" && (a < SATURATION || a > 1 - SATURATION)) saturated.push({ unit, sample: n + 1, a });
        if (layer.activation === "tanh" && Math.abs(a) > 1 - SATURATION) saturated.push({ unit, sample: n + 1, a });
      }
      if (samples.length > 0) inactive.push({ unit, samples, dead: samples.length === batch });
    });
    return {
      fanIn,
      fanOut,
      activation: layer.activation,
      inputStd,
      zStd,
      aStd,
      zRatio: inputStd === 0 ? null : zStd / inputStd,
      aRatio: inputStd === 0 ? null : aStd / inputStd,
      weightMean: weights.mean,
      weightStd: weights.std,
      weightMeanAbs: statistics(magnitudes).mean,
      weightMaxAbs: Math.max(...magnitudes),
      xavierSigma: INITIALIZERS["xavier-normal"].scale(fanIn, fanOut),
      heSigma: INITIALIZERS["he-normal"].scale(fanIn, fanOut),
      recommended: layer.activation === "relu" || layer.activation === "leaky-relu" ? "he" : "xavier",
      inactive,
      saturated,
    };
  });
  return { spec, forward, layers };
}

/** The numbers of a diagnosis, as `tracegrad init --weights FILE --json` prints them. */
export function diagnosisResults(d: WeightDiagnosis) {
  return {
    inputs: d.spec.inputs.map((r) => [...r]),
    layers: d.layers.map((layer, l) => ({ ...layer, z: d.forward.layers[l].z.toRows(), a: d.forward.layers[l].a.toRows() })),
  };
}

function forwardGroups(d: WeightDiagnosis): StepGroup[] {
  const tape = d.forward.tape;
  return d.forward.layers.map((layer, l) => {
    const linear = tape.creator(layer.z)!;
    const activation = tape.creator(layer.a)!;
    const zs = linear.operation.explainForward(linear);
    const as = activation.operation.explainForward(activation);
    const steps: Step[] = [];
    zs.forEach((z, k) => steps.push(z, as[k]));
    return { title: `Layer ${l + 1} (${d.spec.names.layers[l].units.join(", ")}; ${d.spec.layers[l].activation})`, steps };
  });
}

/** Steps for the spread of layer l's weights: their mean and standard deviation, then Xavier's and He's σ. */
function spreadSteps(d: WeightDiagnosis, l: number): Step[] {
  const layer = d.layers[l];
  const trace = d.forward.layers[l];
  const weights = Array.from(trace.weights.data, (v, k) => trace.weights.label!.value(k, v));
  const layerNo = String(l + 1);
  const mean = sym("mu", `W${layerNo}`, undefined, layer.weightMean);
  const fans = fanSymbols(layer.fanIn, layer.fanOut);
  const ratio = layer.weightStd / (layer.recommended === "he" ? layer.heSigma : layer.xavierSigma);
  const name = layer.recommended === "he" ? "He's" : "Xavier's";
  const verdict =
    ratio < 1 / FACTOR
      ? `${formatNumber(ratio, 2)} × ${name} σ: smaller than recommended for a ${layer.activation} layer; stacked, such layers shrink the signal (vanishing)`
      : ratio > FACTOR
        ? `${formatNumber(ratio, 2)} × ${name} σ: larger than recommended for a ${layer.activation} layer; stacked, such layers amplify the signal (exploding)`
        : `${formatNumber(ratio, 2)} × ${name} σ: within a factor of ${FACTOR} of what is recommended for a ${layer.activation} layer`;
  return [
    { lhs: mean, formula: scalerMeanFormula(weights), value: layer.weightMean },
    { lhs: sym("s", `W${layerNo}`, undefined, layer.weightStd), formula: scalerDeviationFormula(weights, mean, "population"), value: layer.weightStd, note: verdict },
    { lhs: sym("sigma", "Xavier", undefined, layer.xavierSigma), formula: INITIALIZERS["xavier-normal"].scaleFormula(fans.fanIn, fans.fanOut), value: layer.xavierSigma },
    { lhs: sym("sigma", "He", undefined, layer.heSigma), formula: INITIALIZERS["he-normal"].scaleFormula(fans.fanIn, fans.fanOut), value: layer.heSigma },
  ];
}

function scaleVerdict(ratio: number): string {
  if (ratio < 1 / FACTOR) return "shrinks by more than half (over many such layers the signal and its gradient vanish)";
  if (ratio > FACTOR) return `grows more than ${FACTOR}-fold (over many such layers it explodes)`;
  return `is kept (within a factor of ${FACTOR})`;
}

/** The findings, one sentence each. */
function findings(d: WeightDiagnosis, precision: number): string[] {
  const f = (x: number) => formatNumber(x, precision);
  const out: string[] = [];
  d.layers.forEach((layer, l) => {
    out.push(
      layer.zRatio === null || layer.aRatio === null
        ? `Layer ${l + 1}: its inputs do not vary (std 0), so its scale ratio cannot be judged: diagnose with more, or more varied, inputs.`
        : `Layer ${l + 1}: its weights take inputs of std ${f(layer.inputStd)} to z of std ${f(layer.zStd)}, a ratio of ${f(layer.zRatio)}: the scale ${scaleVerdict(layer.zRatio)}; after ${layer.activation}, std(a) = ${f(layer.aStd)} (ratio ${f(layer.aRatio)}).`,
    );
    if (layer.activation === "sigmoid") out.push(`Layer ${l + 1}: σ'(z) = a(1 - a) ≤ 1/4, so on the way back each sigmoid layer scales the gradient by at most 1/4: a source of vanishing gradients in deep sigmoid networks.`);
    if (layer.activation === "relu" || layer.activation === "leaky-relu") {
      const dead = layer.inactive.filter((u) => u.dead).map((u) => u.unit);
      const some = layer.inactive.filter((u) => !u.dead).map((u) => `${u.unit} for sample${u.samples.length === 1 ? "" : "s"} ${u.samples.join(", ")}`);
      const kind = layer.activation === "relu" ? "ReLU" : "leaky ReLU";
      if (dead.length > 0) out.push(`Layer ${l + 1}: ${dead.join(", ")} ${dead.length === 1 ? "is" : "are"} dead for these inputs (z ≤ 0 for every sample${layer.activation === "relu" ? `: no gradient reaches ${dead.length === 1 ? "its" : "their"} weights` : ": only the slope α passes gradient back"}).`);
      if (some.length > 0) out.push(`Layer ${l + 1}: ${kind} units inactive (z ≤ 0) for some inputs: ${some.join("; ")}.`);
      if (layer.inactive.length === 0) out.push(`Layer ${l + 1}: every ${kind} unit is active for every input.`);
    }
    if (layer.activation === "sigmoid" || layer.activation === "tanh") {
      out.push(
        layer.saturated.length === 0
          ? `Layer ${l + 1}: no ${layer.activation} output is saturated (every a is more than ${SATURATION} from the bounds).`
          : `Layer ${l + 1}: saturated ${layer.activation} outputs: ${layer.saturated.map((s) => `${s.unit} = ${f(s.a)} (sample ${s.sample})`).join(", ")}.`,
      );
    }
  });
  return out;
}

/** The worked solution of a diagnosis. */
export function diagnosisWorked(d: WeightDiagnosis, options: { precision: number }): Worked {
  const spec = d.spec;
  const sizes = [spec.names.inputs.length, ...spec.layers.map((l) => l.weights.length)].join("-");
  return {
    title: spec.title ?? "Weight initialization: a diagnosis",
    ...(spec.source !== undefined ? { source: spec.source } : {}),
    summary: `${sizes} network (${spec.layers.map((l) => l.activation).join(" → ")}) on ${spec.inputs.length} input${spec.inputs.length === 1 ? "" : "s"}`,
    conventions: [
      "std is the population standard deviation √((1/n) Σ (v - v̄)²) over every unit and sample of a layer",
      "a layer's scale ratio is std(z)/std(its inputs), the gain of its weights; below 1/2 or above 2, repeated layer after layer, the signal vanishes or explodes",
      `Xavier's σ = √(2/(n_in + n_out)) suits sigmoid and tanh layers, He's σ = √(2/n_in) ReLU layers; a uniform U(-r, r) has σ = r/√3`,
      "a ReLU unit with z ≤ 0 outputs 0 and passes no gradient back; a sigmoid output within 0.01 of 0 or 1 is saturated",
    ],
    given: [{ title: "inputs", values: Array.from(d.forward.layers[0].input.data, (v, k) => d.forward.layers[0].input.label!.value(k, v)) }],
    sections: [
      section("forward", "Forward pass", { groups: forwardGroups(d) }),
      section("scale", "Activation scale", {
        tables: [
          {
            title: "",
            columns: ["layer", "activation", "std(inputs)", "std(z)", "std(a)", "std(z)/std(inputs)", "std(a)/std(inputs)"],
            rows: d.layers.map((layer, l) => [String(l + 1), layer.activation, layer.inputStd, layer.zStd, layer.aStd, layer.zRatio ?? "—", layer.aRatio ?? "—"]),
          },
        ],
      }),
      section("spread", "Weight spread against Xavier and He", {
        groups: d.layers.map((layer, l) => ({ title: `Layer ${l + 1} (n_in = ${layer.fanIn}, n_out = ${layer.fanOut}; ${layer.activation})`, steps: spreadSteps(d, l) })),
        tables: [
          {
            title: "Magnitudes",
            columns: ["layer", "mean |w|", "max |w|", "std(w)", "Xavier σ", "He σ"],
            rows: d.layers.map((layer, l) => [String(l + 1), layer.weightMeanAbs, layer.weightMaxAbs, layer.weightStd, layer.xavierSigma, layer.heSigma]),
          },
        ],
      }),
    ],
    notes: [...findings(d, options.precision), ...spec.notes],
  };
}
