/**
 * Checks of the data handed to the plot builders. A mistake is a programming error, so it is a
 * `RangeError` naming the plot and the field.
 *
 * @module
 */

/** Throws unless every name is different from the others (a chart keys its series, panels and labels by name). */
export function checkUniqueNames(names: readonly string[], plot: string, what: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== "string") throw new RangeError(`${plot}: every ${what} name must be a string, got ${String(name)}`);
    if (seen.has(name)) throw new RangeError(`${plot}: the ${what} name "${name}" appears twice; ${what} names must differ`);
    seen.add(name);
  }
}

/** Throws unless `values` has `length` entries. */
export function checkLength(values: ArrayLike<unknown>, length: number, plot: string, what: string): void {
  if (values.length !== length) throw new RangeError(`${plot}: ${what} has ${values.length} entries, expected ${length}`);
}

/** Throws unless `value` is a whole number from 0 to `count` - 1. */
export function checkClass(value: number, count: number, plot: string, what: string): void {
  if (!Number.isInteger(value) || value < 0 || value >= count) {
    throw new RangeError(`${plot}: ${what} must be a class from 0 to ${count - 1}, got ${value}`);
  }
}

/** Throws unless the numbers are finite and strictly increasing. */
export function checkIncreasing(values: readonly number[], plot: string, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) throw new RangeError(`${plot}: ${what}[${i}] is not a finite number (${values[i]})`);
    if (i > 0 && !(values[i] > values[i - 1])) throw new RangeError(`${plot}: ${what} must increase, but ${what}[${i}] = ${values[i]} follows ${values[i - 1]}`);
  }
}
