/**
 * The names and colors of classes, shared by the plots that color points or regions by class.
 *
 * @module
 */
import { checkUniqueNames } from "./checks.js";
import { CLASS_COLORS, cycleColors } from "./theme.js";

/** The classes of a chart: their names (legend labels) and colors, in class order. */
export interface ClassLegend {
  readonly names: readonly string[];
  readonly colors: readonly string[];
}

/**
 * `count` classes named by `names` (default "0", "1", ...) and colored class 0 red, class 1 blue,
 * then the Tableau palette.
 *
 * @throws RangeError when `names` has the wrong length or repeats a name.
 */
export function classLegend(count: number, names: readonly string[] | undefined, plot: string): ClassLegend {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`${plot}: the number of classes must be a whole number ≥ 1, got ${count}`);
  const shown = names ?? Array.from({ length: count }, (_, k) => String(k));
  if (shown.length !== count) throw new RangeError(`${plot}: ${shown.length} class names for ${count} classes`);
  checkUniqueNames(shown, plot, "class");
  return { names: shown, colors: cycleColors(CLASS_COLORS, count) };
}
