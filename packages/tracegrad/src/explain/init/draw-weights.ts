/**
 * `tracegrad init --layers 2-4-1 --scheme NAME --seed N`: the bound or standard deviation of each
 * layer's initializer, with its formula (both from `nn/initializers.ts`'s table), and the weights
 * drawn. The weights are drawn as `tracegrad train` draws them (`Sequential.create`): layer by layer,
 * unit by unit, from one generator seeded with N, so the same options give the same network.
 *
 * @module
 */
import { checkLimit, checkNetworkSize, LIMITS, networkName, networkParameters } from "../../common/limits.js";
import type { ActivationName } from "../../engine/activations.js";
import { sym } from "../../engine/expr.js";
import { Random } from "../../engine/random.js";
import { defaultInitializer, fanSymbols, initialize, INITIALIZERS } from "../../nn/initializers.js";
import type { InitializerName } from "../../nn/initializers.js";
import { formatNumber } from "../../common/format-number.js";
import type { StepGroup } from "../solution.js";
import type { Table, Worked, WorkedGiven, WorkedSection } from "../worked/worked.js";
import { section } from "../worked/worked.js";

export interface InitOptions {
  /** The sizes from input to output, as `--layers 2-4-1`. */
  readonly layers: readonly number[];
  /** The initializer of every layer; by default He for ReLU layers and Xavier otherwise, as `train`. */
  readonly scheme?: InitializerName;
  /** The hidden layers' activation (sigmoid, as `train`). */
  readonly activation?: ActivationName;
  /** The output layer's activation (the hidden one, as `train` with the mse loss). */
  readonly outputActivation?: ActivationName;
  /** The generator's seed (1). */
  readonly seed?: number;
}

/** One layer as drawn. */
export interface DrawnLayer {
  readonly fanIn: number;
  readonly fanOut: number;
  readonly activation: ActivationName;
  readonly initializer: InitializerName;
  /** The bound r of U(-r, r), or σ of N(0, σ²). */
  readonly scale: number;
  /** units × inputs. */
  readonly weights: number[][];
  /** Zeros, as `train` starts them. */
  readonly bias: number[];
}

/** The activation of layer l (from 0) of a network of `count` layers. */
export function layerActivation(options: InitOptions, l: number, count: number): ActivationName {
  const hidden = options.activation ?? "sigmoid";
  return l === count - 1 ? (options.outputActivation ?? hidden) : hidden;
}

/** Draws every layer's weights from one generator, as `Sequential.create` does. */
export function drawInitialWeights(options: InitOptions): DrawnLayer[] {
  checkNetworkSize(options.layers);
  checkLimit(networkParameters(options.layers), LIMITS.workedValues, "weights and biases", { prefix: `${networkName(options.layers)} has `, hint: "a worked solution prints every weight it draws" });
  const random = new Random(options.seed ?? 1);
  const count = options.layers.length - 1;
  const out: DrawnLayer[] = [];
  for (let l = 0; l < count; l++) {
    const fanIn = options.layers[l];
    const fanOut = options.layers[l + 1];
    const activation = layerActivation(options, l, count);
    const name = options.scheme ?? defaultInitializer(activation);
    const init = INITIALIZERS[name];
    const weights = new Float64Array(fanOut * fanIn);
    initialize(init, weights, fanIn, fanOut, random);
    out.push({
      fanIn,
      fanOut,
      activation,
      initializer: name,
      scale: init.scale(fanIn, fanOut),
      weights: Array.from({ length: fanOut }, (_, j) => Array.from(weights.subarray(j * fanIn, (j + 1) * fanIn))),
      bias: new Array<number>(fanOut).fill(0),
    });
  }
  return out;
}

/** The symbol of layer l's scale: r for a uniform draw, σ for a normal one, carrying its value. */
function scaleSymbol(layer: DrawnLayer, l: number, value?: number) {
  const distribution = INITIALIZERS[layer.initializer].distribution;
  return sym(distribution === "normal" ? "sigma" : "r", String(l + 1), undefined, value);
}

function distributionText(layer: DrawnLayer, l: number): string {
  const s = [...String(l + 1)].map((d) => "₀₁₂₃₄₅₆₇₈₉"[Number(d)]).join("");
  switch (INITIALIZERS[layer.initializer].distribution) {
    case "uniform":
      return `w ~ U(-r${s}, r${s})`;
    case "normal":
      return `w ~ N(0, σ${s}²)`;
    case "constant":
      return `w = ${formatNumber(layer.scale)}`;
  }
}

function layerSection(layer: DrawnLayer, l: number, seed: number): WorkedSection {
  const init = INITIALIZERS[layer.initializer];
  const fans = fanSymbols(layer.fanIn, layer.fanOut);
  const lhs = scaleSymbol(layer, l, layer.scale);
  const group: StepGroup = {
    title:
      init.distribution === "constant"
        ? `${layer.initializer}: ${distributionText(layer, l)} (nothing is drawn)`
        : `${layer.initializer}: ${distributionText(layer, l)}, drawn unit by unit from the generator of seed ${seed}`,
    steps: [{ lhs, formula: init.scaleFormula(fans.fanIn, fans.fanOut), value: layer.scale, note: init.note }],
  };
  const table: Table = {
    title: `W${l + 1} (units × inputs; biases start at 0)`,
    columns: ["unit", ...Array.from({ length: layer.fanIn }, (_, i) => `input ${i + 1}`)],
    rows: layer.weights.map((row, j) => [String(j + 1), ...row]),
  };
  return section(`layer-${l + 1}`, `Layer ${l + 1}: ${layer.fanIn} → ${layer.fanOut} (${layer.activation})`, {
    formulas: [{ lhs: scaleSymbol(layer, l), rhs: init.scaleFormula(sym("n", "in"), sym("n", "out")) }],
    groups: [group],
    tables: [table],
  });
}

/** The worked solution of drawing the weights. */
export function initWorked(options: InitOptions, layers: readonly DrawnLayer[]): Worked {
  const seed = options.seed ?? 1;
  const sizes = options.layers.join("-");
  const schemeOption = options.scheme !== undefined ? ` --init ${options.scheme}` : "";
  const given: WorkedGiven[] = layers.map((layer, l) => ({
    title: `layer ${l + 1}`,
    values: [sym("n", "in", undefined, layer.fanIn), sym("n", "out", undefined, layer.fanOut)],
  }));
  return {
    title: "Weight initialization",
    summary: `${sizes} network, seed ${seed}: each layer's scale from its fan-in n_in and fan-out n_out, then its weights`,
    conventions: [
      "weights are units × inputs: row j holds the weights into unit j; n_in is the layer's inputs, n_out its units",
      "U(-r, r) draws uniformly between -r and r; N(0, σ²) draws from a normal distribution with standard deviation σ",
      `these are the weights \`tracegrad train --layers ${sizes}${schemeOption} --seed ${seed}\` starts from (with the same --activation)`,
    ],
    given,
    sections: layers.map((layer, l) => layerSection(layer, l, seed)),
    notes: [],
  };
}
