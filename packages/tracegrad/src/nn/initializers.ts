/**
 * Weight initializers, each declared once: how it draws a weight, the scale it uses (a bound or a
 * standard deviation) and the formula of that scale, which `tracegrad init` prints.
 *
 * | name             | draws                          | scale                         |
 * |------------------|--------------------------------|-------------------------------|
 * | `zeros`          | 0                              | —                             |
 * | `uniform`        | U(-r, r)                       | r = 0.05                      |
 * | `normal`         | N(0, σ²)                       | σ = 1 (Lab01)        |
 * | `xavier-uniform` | U(-r, r)                       | r = √(6/(n_in + n_out))       |
 * | `xavier-normal`  | N(0, σ²)                       | σ = √(2/(n_in + n_out))       |
 * | `he-uniform`     | U(-r, r)                       | r = √(6/n_in)                 |
 * | `he-normal`      | N(0, σ²)                       | σ = √(2/n_in)                 |
 *
 * Weights are drawn row by row (unit by unit) from the seeded generator, so the same seed gives the
 * same network.
 *
 * @module
 */
import type { Expr } from "../engine/expr.js";
import { add, div, num, sqrt, sym } from "../engine/expr.js";
import type { Random } from "../engine/random.js";
import type { FloatArray } from "../engine/activations.js";
import { isActivationName, activation as activationOf } from "../engine/activations.js";

/** @category Models */
export const INITIALIZER_NAMES = ["zeros", "uniform", "normal", "xavier-uniform", "xavier-normal", "he-uniform", "he-normal"] as const;
/** @category Models */
export type InitializerName = (typeof INITIALIZER_NAMES)[number];

export interface Initializer {
  readonly name: InitializerName;
  /** What is drawn. */
  readonly distribution: "constant" | "uniform" | "normal";
  /** The bound r of U(-r, r), or σ of N(0, σ²), for a layer with these fan-in and fan-out. */
  scale(fanIn: number, fanOut: number): number;
  /** The formula of the scale, written with n_in and n_out. */
  scaleFormula(fanIn: Expr, fanOut: Expr): Expr;
  /** Who proposed it, and for which activations. */
  readonly note: string;
}

export const INITIALIZERS: Readonly<Record<InitializerName, Initializer>> = {
  zeros: { name: "zeros", distribution: "constant", scale: () => 0, scaleFormula: () => num(0), note: "every unit computes the same thing: symmetry is never broken" },
  uniform: { name: "uniform", distribution: "uniform", scale: () => 0.05, scaleFormula: () => num(0.05), note: "a fixed small range" },
  normal: { name: "normal", distribution: "normal", scale: () => 1, scaleFormula: () => num(1), note: "N(0, 1), as Lab01 draws its weights" },
  "xavier-uniform": {
    name: "xavier-uniform",
    distribution: "uniform",
    scale: (fanIn, fanOut) => Math.sqrt(6 / (fanIn + fanOut)),
    scaleFormula: (fanIn, fanOut) => sqrt(div(6, add(fanIn, fanOut))),
    note: "Glorot and Bengio (2010): keeps the variance of activations and gradients for tanh and sigmoid layers",
  },
  "xavier-normal": {
    name: "xavier-normal",
    distribution: "normal",
    scale: (fanIn, fanOut) => Math.sqrt(2 / (fanIn + fanOut)),
    scaleFormula: (fanIn, fanOut) => sqrt(div(2, add(fanIn, fanOut))),
    note: "Glorot and Bengio (2010), normal form",
  },
  "he-uniform": {
    name: "he-uniform",
    distribution: "uniform",
    scale: (fanIn) => Math.sqrt(6 / fanIn),
    scaleFormula: (fanIn) => sqrt(div(6, fanIn)),
    note: "He et al. (2015): for ReLU layers, which zero half of their inputs",
  },
  "he-normal": {
    name: "he-normal",
    distribution: "normal",
    scale: (fanIn) => Math.sqrt(2 / fanIn),
    scaleFormula: (fanIn) => sqrt(div(2, fanIn)),
    note: "He et al. (2015), normal form",
  },
};

export function isInitializerName(name: string): name is InitializerName {
  return (INITIALIZER_NAMES as readonly string[]).includes(name);
}

/** Fills `out` (units × inputs) with draws of an initializer. */
export function initialize(init: Initializer, out: FloatArray, fanIn: number, fanOut: number, random: Random): void {
  const scale = init.scale(fanIn, fanOut);
  for (let i = 0; i < out.length; i++) {
    out[i] = init.distribution === "constant" ? scale : init.distribution === "uniform" ? random.uniform(-scale, scale) : random.normal(0, scale);
  }
}

/** The symbols n_in and n_out, for printing scale formulas. */
export function fanSymbols(fanIn: number, fanOut: number): { fanIn: Expr; fanOut: Expr } {
  return { fanIn: sym("n", "in", undefined, fanIn), fanOut: sym("n", "out", undefined, fanOut) };
}

/** The initializer a layer gets when none is named: He for ReLU-like layers, Xavier otherwise. */
export function defaultInitializer(activation: string): InitializerName {
  return isActivationName(activation) && activationOf(activation).initializer === "he" ? "he-uniform" : "xavier-uniform";
}
