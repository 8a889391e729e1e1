/**
 * Reading an exercise type's options, wherever they come from: the strings of the command line
 * (`--method standardize`), or the values of a problem set's YAML part (`method: standardize`). Each
 * option is read by its name, checked, and a mistake is an {@link InputError} that names the option as
 * the user wrote it: `--rows` on the command line, the part's field (with line and column) in a file.
 *
 * @module
 */
import { didYouMean } from "../common/did-you-mean.js";
import { describeValue } from "../common/describe-value.js";
import { InputError } from "../common/input-error.js";

/** Where the options come from, and how a mistake in one is reported. */
export interface OptionSource {
  /** The value given for an option (a string from the command line, any value from a file), or undefined. */
  get(name: string): unknown;
  /** A mistake in the option `name`. */
  error(name: string, reason: string): InputError;
  /** The names of the options given, for refusing unknown ones. */
  names(): readonly string[];
}

/** Options given as the command line's strings, by option name (`method` for `--method`). */
export function commandLineOptions(values: Readonly<Record<string, unknown>>): OptionSource {
  const flag = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return {
    get: (name) => values[name],
    error: (name, reason) => new InputError(`${flag(name)} ${reason}`),
    names: () => Object.keys(values).filter((k) => values[k] !== undefined),
  };
}

/** Reads the options of one exercise type, each with its checks. */
export class OptionReader {
  constructor(private readonly source: OptionSource) {}

  /** The raw value of an option. */
  raw(name: string): unknown {
    return this.source.get(name);
  }

  /** An error about an option. */
  error(name: string, reason: string): InputError {
    return this.source.error(name, reason);
  }

  /** Refuses an option this type does not have. */
  only(names: readonly string[], type: string): void {
    for (const given of this.source.names()) {
      if (!names.includes(given)) throw this.source.error(given, `is not an option of the ${type} exercise (its options: ${names.join(", ")})${didYouMean(given, names)}`);
    }
  }

  has(name: string): boolean {
    return this.source.get(name) !== undefined;
  }

  /** A whole number from min to max. */
  integer(name: string, fallback: number, min: number, max: number): number {
    const v = this.source.get(name);
    if (v === undefined) return fallback;
    const n = typeof v === "string" ? Number(v.trim()) : v;
    if (typeof n !== "number" || !Number.isInteger(n) || n < min || n > max) throw this.source.error(name, `must be a whole number from ${min} to ${max}, got ${describe(v)}`);
    return n;
  }

  /** A number that passes `check` (which says what is wrong, or undefined). */
  number(name: string, fallback: number, check?: (x: number) => string | undefined): number;
  number(name: string, fallback: null, check?: (x: number) => string | undefined): number | null;
  number(name: string, fallback: number | null, check?: (x: number) => string | undefined): number | null {
    const v = this.source.get(name);
    if (v === undefined) return fallback;
    const n = typeof v === "string" && v.trim() !== "" ? Number(v.trim()) : v;
    if (typeof n !== "number" || !Number.isFinite(n)) throw this.source.error(name, `must be a number, got ${describe(v)}`);
    const problem = check?.(n);
    if (problem !== undefined) throw this.source.error(name, `${problem}, got ${describe(v)}`);
    return n;
  }

  /** One of a list of names. */
  choice<T extends string>(name: string, fallback: T, values: readonly T[]): T {
    const v = this.source.get(name);
    if (v === undefined) return fallback;
    if (typeof v !== "string" || !(values as readonly string[]).includes(v)) {
      throw this.source.error(name, `must be one of ${values.join(", ")}, got ${describe(v)}${typeof v === "string" ? didYouMean(v, values) : ""}`);
    }
    return v as T;
  }

  /** Names from a list, comma-separated on the command line or a list in a file. */
  choices<T extends string>(name: string, fallback: readonly T[], values: readonly T[]): T[] {
    const v = this.source.get(name);
    if (v === undefined) return [...fallback];
    const items = typeof v === "string" ? v.split(",").map((s) => s.trim()) : Array.isArray(v) ? v : [v];
    if (items.length === 0) throw this.source.error(name, `must name at least one of ${values.join(", ")}`);
    return items.map((item) => {
      if (typeof item !== "string" || !(values as readonly string[]).includes(item)) {
        throw this.source.error(name, `must list some of ${values.join(", ")}, got ${describe(item)}${typeof item === "string" ? didYouMean(item, values) : ""}`);
      }
      return item as T;
    });
  }

  /** true or false: a flag on the command line, a boolean in a file. */
  flag(name: string, fallback: boolean): boolean {
    const v = this.source.get(name);
    if (v === undefined) return fallback;
    if (typeof v === "boolean") return v;
    if (v === "true") return true;
    if (v === "false") return false;
    throw this.source.error(name, `must be true or false, got ${describe(v)}`);
  }

  /** Numbers, comma-separated on the command line or a list in a file. */
  numbers(name: string): number[] | null {
    const v = this.source.get(name);
    if (v === undefined) return null;
    const items = typeof v === "string" ? v.split(",").map((s) => s.trim()) : Array.isArray(v) ? v : [v];
    return items.map((item, i) => {
      const n = typeof item === "string" && item !== "" ? Number(item) : item;
      if (typeof n !== "number" || !Number.isFinite(n)) throw this.source.error(name, `value ${i + 1} is not a number: ${describe(item)}`);
      return n;
    });
  }

  /** Layer sizes `2-4-1` on the command line, a list in a file: each from 1 to `max`, at least `least` of them. */
  sizes(name: string, fallback: readonly number[], max: number, least = 2): number[] {
    const v = this.source.get(name);
    if (v === undefined) return [...fallback];
    const parts = typeof v === "string" ? v.split(/[-x,]/).map((s) => s.trim()) : Array.isArray(v) ? v : [v];
    const sizes = parts.map((p) => (typeof p === "string" && p !== "" ? Number(p) : p));
    if (sizes.length < least || sizes.some((n) => typeof n !== "number" || !Number.isInteger(n) || n < 1 || n > max))
      throw this.source.error(name, `must list the inputs and then the units of each layer (at least ${least} sizes), each from 1 to ${max}, as in ${[2, 3, 1].slice(0, Math.max(least, 2)).join("-")}; got ${describe(v)}`);
    return sizes as number[];
  }
}

function describe(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v) : describeValue(v);
}
