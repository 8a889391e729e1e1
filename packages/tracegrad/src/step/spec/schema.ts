/**
 * The structure of a step-spec file, checked with zod: which fields exist, their types, the names of
 * activations and losses. The numeric arrays (`inputs`, `weights`, ...) are read by `read-numbers.ts`,
 * which knows the shapes the network needs and says exactly which entry is wrong.
 *
 * @module
 */
import * as z from "zod";
import { activationNames } from "../../engine/activations.js";
import { lossNames } from "../../engine/losses.js";
import type { ParsedSource } from "../../common/source.js";
import type { InputError } from "../../common/input-error.js";
import { didYouMean } from "../../common/did-you-mean.js";
import { describeValue, isMapping } from "../../common/describe-value.js";

/** A learner's name for a quantity: `w1`, `h1`, `w_1^4`, `net_{h1}`. */
export const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9]*(?:_\{?[A-Za-z0-9,]+\}?)?(?:\^\{?[A-Za-z0-9(),]+\}?)?$/;

function numberError(issue: { input?: unknown }): string {
  const input = issue.input;
  if (input === undefined) return "is required";
  if (typeof input === "number") return Number.isNaN(input) ? "is NaN; give a finite number" : `must be a finite number, got ${input}`;
  return `expected a number, got ${describeValue(input)}`;
}

const finite = z.number({ error: numberError });
const nonNegative = finite.refine((x) => x >= 0, { error: (i) => `must be 0 or more, got ${String(i.input)}` });
const positive = finite.refine((x) => x > 0, { error: (i) => `must be greater than 0, got ${String(i.input)}` });

const name = z
  .string({ error: (i) => `expected a name, got ${describeValue(i.input)}` })
  .regex(NAME_PATTERN, { error: (i) => `${describeValue(i.input)} is not a name tracegrad can print (letters and digits, optionally _sub and ^sup)` });

function unknownName(input: unknown, values: readonly string[], what: string): string {
  return typeof input === "string"
    ? `unknown ${what} "${input}"; expected one of ${values.join(", ")}${didYouMean(input, values)}`
    : input === undefined
      ? "is required"
      : `expected the name of ${what === "activation" ? "an" : "a"} ${what}, got ${describeValue(input)}`;
}

function enumeration<T extends readonly [string, ...string[]]>(values: T, what: string) {
  return z.enum(values, { error: (i) => unknownName(i.input, values, what) });
}

/** A name from a registry (activations, losses), read when a file is checked, so that names registered later count. */
function registeredName(names: () => readonly string[], what: string) {
  return z.string({ error: (i) => unknownName(i.input, names(), what) }).superRefine((value, ctx) => {
    const known = names();
    if (!known.includes(value)) ctx.addIssue({ code: "custom", input: value, message: unknownName(value, known, what) });
  });
}

export const layerSchema = z.strictObject({
  activation: registeredName(activationNames, "activation"),
  alpha: nonNegative.optional(),
  units: z.array(name, { error: (i) => `expected a list of unit names, got ${describeValue(i.input)}` }).optional(),
  weights: z.unknown().optional(),
  layout: enumeration(["units-by-inputs", "inputs-by-units"] as const, "layout").optional(),
  bias: z.unknown().optional(),
  theta: z.unknown().optional(),
  trainBias: z.boolean({ error: (i) => `expected true or false, got ${describeValue(i.input)}` }).optional(),
});

/**
 * `published:`: the name of an answers file (read by the caller, relative to the spec), the answers
 * themselves (a mapping, in the answers format of `tracegrad check`), or null for none. Anything
 * else (a number, a list) would be ignored, so it is refused.
 */
const published = z.unknown().superRefine((value, ctx) => {
  if (value === null || typeof value === "string" || isMapping(value)) return;
  ctx.addIssue({ code: "custom", input: value, message: `expected the name of an answers file or a mapping of answers (the names of the worked solution), got ${describeValue(value)}` });
});

export const stepSpecSchema = z.strictObject({
  title: z.string().optional(),
  source: z.string().optional(),
  notes: z.array(z.string()).optional(),
  inputs: z.unknown(),
  inputNames: z.array(name).optional(),
  targets: z.unknown().optional(),
  targetNames: z.array(name).optional(),
  loss: registeredName(lossNames, "loss").optional(),
  lossSymbol: name.optional(),
  learningRate: positive.optional(),
  l2: nonNegative.optional(),
  weightDecay: nonNegative.optional(),
  layers: z.array(layerSchema, { error: (i) => (i.input === undefined ? "is required" : `expected a list of layers, got ${describeValue(i.input)}`) }).min(1, {
    error: "needs at least one layer",
  }),
  published: published.optional(),
  // An exercise's exercise.json adds its type and the options it was drawn with; a gradient check's, its ε.
  type: z.string().optional(),
  options: z.unknown().optional(),
  epsilon: positive.optional(),
});

export type RawLayer = z.infer<typeof layerSchema>;
export type RawStepSpec = z.infer<typeof stepSpecSchema>;

/** The fields of the spec and of a layer, for suggestions. */
const FIELDS = Object.keys(stepSpecSchema.shape);
const LAYER_FIELDS = Object.keys(layerSchema.shape);

/** Checks the structure of a parsed spec; throws the first problem as an {@link InputError}. */
export function checkStructure(source: ParsedSource): RawStepSpec {
  const value = source.value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw source.error([], `expected a mapping with the fields inputs, layers, ... at the top, got ${describeValue(value)}`);
  }
  if (!("inputs" in value) || (value as { inputs?: unknown }).inputs === undefined) throw source.error(["inputs"], "is required");
  const result = stepSpecSchema.safeParse(value);
  if (result.success) return result.data;
  throw toInputError(source, result.error.issues[0]);
}

function toInputError(source: ParsedSource, issue: z.core.$ZodIssue): InputError {
  const path = issue.path as PropertyKey[];
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0];
    const inLayer = path.length === 2 && path[0] === "layers";
    const known = inLayer ? LAYER_FIELDS : FIELDS;
    return source.error([...path, key], `unknown field "${key}"${didYouMean(key, known)}; the fields are ${known.join(", ")}`, { key: true });
  }
  return source.error(path, issue.message);
}
