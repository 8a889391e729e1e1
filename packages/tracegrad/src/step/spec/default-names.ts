/**
 * The names the spec parser gives what a spec leaves unnamed: units by layer (`h1`, `h1_2`, `o1`),
 * inputs and targets by number (`x1`, `t1`). Editors that build specs (the playground's form) use the
 * same names, so that what they write reads back as what they show.
 *
 * @module
 */

/**
 * The default names of the units of layer `layer` (from 0) of `layers`: `h1, h2` in the one hidden
 * layer of a two-layer network, `h1_1, h1_2` (layer 1), `h2_1` ... with more, `o1, o2` in the output layer.
 */
export function defaultUnitNames(layer: number, layers: number, units: number): string[] {
  const prefix = layer === layers - 1 ? "o" : layers === 2 ? "h" : `h${layer + 1}_`;
  return Array.from({ length: units }, (_, j) => `${prefix}${j + 1}`);
}

/** `count` names `${prefix}${from + 1}`, `${prefix}${from + 2}`, ...: `numbered("x", 0, 2)` is x1, x2. */
export function numbered(prefix: string, from: number, count: number): string[] {
  return Array.from({ length: count }, (_, k) => `${prefix}${from + k + 1}`);
}
