/**
 * The worked solution of an initialization exercise: for each layer, the uniform bound r, the normal σ
 * and the variance σ² of one scheme (Xavier or He), each step's formula the initializer's own
 * `scaleFormula` (`nn/initializers.ts`) with the layer's fan-in and fan-out put in.
 *
 * @module
 */
import { pow, sym } from "../../engine/expr.js";
import { fanSymbols, INITIALIZERS } from "../../nn/initializers.js";
import type { Worked } from "../worked/worked.js";
import { section } from "../worked/worked.js";

/** The worked scales of every layer of `sizes` under a scheme. */
export function initScalesWorked(sizes: readonly number[], scheme: "xavier" | "he", options: { title?: string } = {}): Worked {
  const uniform = INITIALIZERS[`${scheme}-uniform`];
  const normal = INITIALIZERS[`${scheme}-normal`];
  const name = scheme === "he" ? "He" : "Xavier (Glorot)";
  const sections = sizes.slice(0, -1).map((fanIn, l) => {
    const fanOut = sizes[l + 1];
    const n = String(l + 1);
    const fans = fanSymbols(fanIn, fanOut);
    const r = uniform.scale(fanIn, fanOut);
    const sigma = normal.scale(fanIn, fanOut);
    const variance = sigma * sigma;
    return section(`layer-${n}`, `Layer ${n}: n_in = ${fanIn}, n_out = ${fanOut}`, {
      groups: [
        {
          title: "",
          steps: [
            { lhs: sym("r", n, undefined, r), formula: uniform.scaleFormula(fans.fanIn, fans.fanOut), value: r, note: `U(-r, r) of ${uniform.name}` },
            { lhs: sym("sigma", n, undefined, sigma), formula: normal.scaleFormula(fans.fanIn, fans.fanOut), value: sigma, note: `N(0, σ²) of ${normal.name}` },
            { lhs: sym("var", n, undefined, variance), formula: pow(sym("sigma", n, undefined, sigma), 2), value: variance, note: "the variance of both draws (r²/3 for the uniform one)" },
          ],
        },
      ],
    });
  });
  return {
    title: options.title ?? `${name} initialization`,
    summary: `${sizes.join("-")} network: each layer's bound, σ and variance under ${name} initialization`,
    conventions: [
      "n_in is a layer's inputs (its fan-in), n_out its units (its fan-out)",
      `${name}: ${uniform.note}`,
      "U(-r, r) has variance r²/3, so the uniform and the normal draws have the same variance σ²",
    ],
    given: sizes.slice(0, -1).map((fanIn, l) => ({ title: `layer ${l + 1}`, values: [sym("n", "in", undefined, fanIn), sym("n", "out", undefined, sizes[l + 1])] })),
    sections,
    notes: [],
  };
}
