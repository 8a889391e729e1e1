/**
 * The structure of a model's saved layers as a zod schema, for the files that hold them inside others
 * (the CLI's checkpoint), and the shapes the layers must have (model-shapes.ts). A model file itself is
 * checked without zod, by model-file-check.ts, with the same checks and messages
 * (test/nn/model-file-check.test.ts compares the two).
 *
 * @module
 */
import * as z from "zod/mini";
import { activationNames, isActivationName } from "../engine/activations.js";
import { describeValue } from "../common/describe-value.js";

export { checkLayerShapes } from "./model-shapes.js";

// zod's mini build: the same checks and issues as the full one.
const finite = z.number();
const nonNegative = z.number().check(z.gte(0));
const vector = z.array(finite);
const whole = (min: number) => z.int().check(z.gte(min));

/** The message of a name outside a registry, as zod words an enumeration's: `expected one of "a", "b", got "c"`. */
function oneOfMessage(names: readonly string[], input: unknown): string {
  return `expected one of ${names.map((n) => JSON.stringify(n)).join(", ")}, got ${describeValue(input)}`;
}

export const layerJsonSchema = z.discriminatedUnion("type", [
  z.strictObject({
    type: z.literal("dense"),
    units: whole(1),
    activation: z.string().check(z.refine(isActivationName, { error: (i) => oneOfMessage(activationNames(), i.input) })),
    alpha: z.optional(nonNegative),
    weights: z.array(vector),
    bias: z.nullable(vector),
  }),
  z.strictObject({ type: z.literal("dropout"), rate: z.number().check(z.gte(0), z.lt(1)) }),
  z.strictObject({
    type: z.literal("batch-norm"),
    momentum: z.number().check(z.gte(0), z.lte(1)),
    epsilon: z.number().check(z.gt(0)),
    gamma: vector,
    beta: vector,
    runningMean: vector,
    runningVariance: z.array(nonNegative),
  }),
]);
