/**
 * The structure of a model file, checked by hand: the checks and messages of the zod schema that the
 * CLI's checkpoint uses for the same layers (model-schema.ts), worded as `common/zod-issue.ts` words
 * zod's issues, without zod in the bundle of every app that uses `Sequential` (`Sequential.load` is a
 * static method, so the check goes wherever the class goes; zod's mini build was 24 kB of a 130 kB
 * training app). test/nn/model-file-check.test.ts holds the two to the same first error, at the same
 * place, on thousands of broken files.
 *
 * Each check returns the first problem, in the order zod reports them: a mapping's fields in the
 * order they are declared, then a field it does not know; a list's entries in order, then its length.
 *
 * @module
 */
import { activationNames, isActivationName } from "../engine/activations.js";
import { isLossName, lossNames } from "../engine/losses.js";
import { describeValue, isMapping } from "../common/describe-value.js";
import { FEATURE_NAMES } from "../data/feature-names.js";

/** A problem at a place in the file: its path, its message, and whether it is about the key (an unknown field) rather than the value. */
export interface StructureProblem {
  readonly path: PropertyKey[];
  readonly message: string;
  readonly key?: true;
}

/** Checks a value at a path; the first problem, or null. */
type Check = (value: unknown, path: PropertyKey[]) => StructureProblem | null;

const problem = (path: PropertyKey[], message: string): StructureProblem => ({ path, message });

/** A value of the wrong type: "is required" where it is missing. */
function wrongType(path: PropertyKey[], expected: string, value: unknown): StructureProblem {
  if (value === undefined) return problem(path, "is required");
  return problem(path, `expected ${expected}, got ${describeValue(value)}${value === null && expected === "a finite number" ? " (JSON writes NaN and infinities as null)" : ""}`);
}

function oneOf(path: PropertyKey[], values: readonly unknown[], value: unknown): StructureProblem {
  return problem(path, `expected ${values.length > 1 ? "one of " : ""}${values.map((v) => JSON.stringify(v)).join(", ")}, got ${describeValue(value)}`);
}

const atLeast = (path: PropertyKey[], minimum: number, value: number) => problem(path, `must be at least ${minimum}, got ${describeValue(value)}`);
const atMost = (path: PropertyKey[], maximum: number, value: number) => problem(path, `must be at most ${maximum}, got ${describeValue(value)}`);

/**
 * A finite number, within bounds where given (the messages say "at least" and "at most" for the strict
 * bounds too, as zod's issues are worded).
 */
function number(bounds: { readonly min?: number; readonly above?: number; readonly below?: number; readonly max?: number } = {}): Check {
  return (value, path) => {
    if (typeof value !== "number" || !Number.isFinite(value)) return wrongType(path, "a finite number", value);
    if (bounds.min !== undefined && value < bounds.min) return atLeast(path, bounds.min, value);
    if (bounds.above !== undefined && value <= bounds.above) return atLeast(path, bounds.above, value);
    if (bounds.below !== undefined && value >= bounds.below) return atMost(path, bounds.below, value);
    if (bounds.max !== undefined && value > bounds.max) return atMost(path, bounds.max, value);
    return null;
  };
}

/** A whole number within the safe integers, at least `min` where given. */
function whole(min?: number): Check {
  return (value, path) => {
    if (typeof value !== "number" || !Number.isFinite(value)) return wrongType(path, "a finite number", value);
    if (!Number.isInteger(value)) return wrongType(path, "a whole number", value);
    if (value > Number.MAX_SAFE_INTEGER) return atMost(path, Number.MAX_SAFE_INTEGER, value);
    if (value < Number.MIN_SAFE_INTEGER) return atLeast(path, Number.MIN_SAFE_INTEGER, value);
    if (min !== undefined && value < min) return atLeast(path, min, value);
    return null;
  };
}

/** A string, one of a registry's names where `known` is given. */
function string(known?: { readonly is: (name: string) => boolean; readonly names: () => readonly string[] }): Check {
  return (value, path) => {
    if (typeof value !== "string") return wrongType(path, "a string", value);
    if (known !== undefined && !known.is(value)) return problem(path, `expected one of ${known.names().map((n) => JSON.stringify(n)).join(", ")}, got ${describeValue(value)}`);
    return null;
  };
}

/** One of some values. */
function literal(...values: readonly unknown[]): Check {
  return (value, path) => (values.includes(value) ? null : oneOf(path, values, value));
}

/** A list whose entries pass `entry`, at least `min` of them where given. */
function list(entry: Check, min?: number): Check {
  return (value, path) => {
    if (!Array.isArray(value)) return wrongType(path, "a list", value);
    for (let i = 0; i < value.length; i++) {
      const found = entry(value[i], [...path, i]);
      if (found !== null) return found;
    }
    if (min !== undefined && value.length < min) return problem(path, `needs at least ${min} entries, got ${value.length}`);
    return null;
  };
}

const optional =
  (check: Check): Check =>
  (value, path) =>
    value === undefined ? null : check(value, path);

const nullable =
  (check: Check): Check =>
  (value, path) =>
    value === null ? null : check(value, path);

/** A mapping with these fields, checked in this order; with `strict`, no other field. */
function mapping(fields: Readonly<Record<string, Check>>, strict = true): Check {
  return (value, path) => {
    if (!isMapping(value)) return wrongType(path, "a mapping", value);
    for (const [key, check] of Object.entries(fields)) {
      const found = check(value[key], [...path, key]);
      if (found !== null) return found;
    }
    if (strict) {
      for (const key in value) if (!Object.hasOwn(fields, key)) return { path: [...path, key], message: `unknown field "${key}"`, key: true };
    }
    return null;
  };
}

/** A mapping whose field `key` says which of `kinds` it is. */
function tagged(key: string, kinds: Readonly<Record<string, Check>>): Check {
  return (value, path) => {
    if (!isMapping(value)) return wrongType(path, "a mapping", value);
    const tag = value[key];
    const kind = typeof tag === "string" && Object.hasOwn(kinds, tag) ? kinds[tag] : undefined;
    return kind === undefined ? problem([...path, key], `unknown ${key} ${describeValue(tag)}`) : kind(value, path);
  };
}

const finite = number();
const vector = list(finite);
const nonNegative = list(number({ min: 0 }));

const layerJson = tagged("type", {
  dense: mapping({
    type: literal("dense"),
    units: whole(1),
    activation: string({ is: isActivationName, names: activationNames }),
    alpha: optional(number({ min: 0 })),
    weights: list(vector),
    bias: nullable(vector),
  }),
  dropout: mapping({ type: literal("dropout"), rate: number({ min: 0, below: 1 }) }),
  "batch-norm": mapping({
    type: literal("batch-norm"),
    momentum: number({ min: 0, max: 1 }),
    epsilon: number({ above: 0 }),
    gamma: vector,
    beta: vector,
    runningMean: vector,
    runningVariance: nonNegative,
  }),
});

const scaler = tagged("method", {
  minmax: mapping({ method: literal("minmax"), min: vector, max: vector }),
  standardize: mapping({ method: literal("standardize"), deviation: literal("population", "sample"), mean: vector, std: nonNegative }),
});

const modelFile = mapping({
  format: literal("tracegrad-model"),
  version: literal(1),
  inputs: whole(1),
  outputs: whole(1),
  dtype: literal("float64", "float32"),
  layers: list(layerJson, 1),
  loss: optional(string({ is: isLossName, names: lossNames })),
  task: mapping({ kind: literal("classification", "regression"), classes: optional(whole(2)), classNames: optional(list(string())) }),
  featureNames: optional(list(string())),
  features: optional(list(literal(...FEATURE_NAMES), 1)),
  scaler: nullable(scaler),
  // The options of the run, as a record; the seed is read back (predict and evaluate draw data with it).
  training: mapping({ seed: optional(whole()) }, false),
});

/** The first problem in the structure of a model file's value (its shapes are checked after, in model-shapes.ts); null where there is none. */
export function modelFileProblem(value: unknown): StructureProblem | null {
  return modelFile(value, []);
}
