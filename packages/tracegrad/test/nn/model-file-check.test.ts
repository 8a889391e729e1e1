/**
 * A model file's hand-written structure check (nn/model-file-check.ts) against zod: the schema written
 * with zod's mini build (the layers' schema the CLI's checkpoint uses, and around it the model file's,
 * as it was before the check was written by hand), its first issue worded by common/zod-issue.ts. On
 * thousands of model files broken at random (a field removed, another value, an unknown field, one to
 * three times), `Sequential.load`'s reader gives the error zod gives, word for word and at the same line
 * and column, or accepts the file where zod does.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as z from "zod/mini";
import { layerJsonSchema } from "../../src/nn/model-schema.js";
import { checkModelShapes } from "../../src/nn/model-shapes.js";
import { parseModelFile, readModelFile } from "../../src/nn/model-file.js";
import type { ModelFile } from "../../src/nn/model-file.js";
import { issueError } from "../../src/common/zod-issue.js";
import { parseSource } from "../../src/common/source.js";
import { sourceOfValue } from "../../src/common/value-source.js";
import type { ParsedSource } from "../../src/common/source.js";
import { describeValue } from "../../src/common/describe-value.js";
import { isLossName, lossNames } from "../../src/engine/losses.js";
import { FEATURE_NAMES } from "../../src/data/feature-names.js";
import { Random } from "../../src/engine/random.js";

const finite = z.number();
const nonNegative = z.number().check(z.gte(0));
const vector = z.array(finite);
const whole = (min: number) => z.int().check(z.gte(min));
const oneOfMessage = (names: readonly string[], input: unknown) => `expected one of ${names.map((n) => JSON.stringify(n)).join(", ")}, got ${describeValue(input)}`;

const scalerSchema = z.discriminatedUnion("method", [
  z.strictObject({ method: z.literal("minmax"), min: vector, max: vector }),
  z.strictObject({ method: z.literal("standardize"), deviation: z.enum(["population", "sample"]), mean: vector, std: z.array(nonNegative) }),
]);

const modelFileSchema = z.strictObject({
  format: z.literal("tracegrad-model"),
  version: z.literal(1),
  inputs: whole(1),
  outputs: whole(1),
  dtype: z.enum(["float64", "float32"]),
  layers: z.array(layerJsonSchema).check(z.minLength(1)),
  loss: z.optional(z.string().check(z.refine(isLossName, { error: (i) => oneOfMessage(lossNames(), i.input) }))),
  task: z.strictObject({ kind: z.enum(["classification", "regression"]), classes: z.optional(whole(2)), classNames: z.optional(z.array(z.string())) }),
  featureNames: z.optional(z.array(z.string())),
  features: z.optional(z.array(z.enum(FEATURE_NAMES)).check(z.minLength(1))),
  scaler: z.nullable(scalerSchema),
  training: z.looseObject({ seed: z.optional(z.int()) }),
});

/** What zod makes of a model file: its error's message, or null where it passes (and the shapes fit). */
function zodVerdict(source: ParsedSource): string | null {
  const value = source.value as { format?: unknown } | null;
  if (value === null || typeof value !== "object" || value.format !== "tracegrad-model") return "not a model file";
  const result = modelFileSchema.safeParse(value, { reportInput: true });
  try {
    if (!result.success) throw issueError(source, result.error);
    checkModelShapes(source, result.data as ModelFile);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}

/** What the library's reader makes of it. */
function readerVerdict(read: () => ModelFile): string | null {
  try {
    read();
    return null;
  } catch (error) {
    const message = (error as Error).message;
    return message.includes("not a model file") ? "not a model file" : message;
  }
}

const classifier = {
  format: "tracegrad-model",
  version: 1,
  inputs: 2,
  outputs: 1,
  dtype: "float64",
  layers: [
    { type: "dense", units: 3, activation: "leaky-relu", alpha: 0.1, weights: [[0.5, -1], [2, 0.25], [0, 1]], bias: [0, 0.5, -0.5] },
    { type: "batch-norm", momentum: 0.9, epsilon: 1e-5, gamma: [1, 1, 1], beta: [0, 0, 0], runningMean: [0.1, 0.2, 0.3], runningVariance: [1, 2, 3] },
    { type: "dropout", rate: 0.2 },
    { type: "dense", units: 1, activation: "sigmoid", weights: [[1, -1, 0.5]], bias: null },
  ],
  loss: "bce",
  task: { kind: "classification", classes: 2, classNames: ["no", "yes"] },
  featureNames: ["a", "b"],
  features: ["x1", "x2"],
  scaler: { method: "standardize", deviation: "sample", mean: [0, 1], std: [1, 2] },
  training: { seed: 3, epochs: 10 },
};

const regressor = {
  format: "tracegrad-model",
  version: 1,
  inputs: 1,
  outputs: 2,
  dtype: "float32",
  layers: [{ type: "dense", units: 2, activation: "identity", weights: [[1], [2]], bias: [0, 0] }],
  task: { kind: "regression" },
  scaler: { method: "minmax", min: [0], max: [1] },
  training: {},
};

/** Values a field might wrongly hold: of every type, in and out of every field's range. */
const VALUES: unknown[] = [
  undefined, null, Number.NaN, Infinity, -Infinity, -1, 0, 0.5, 1, 1.5, 2, 3, 1e20, -1e20, 2 ** 53, "", "x", "1", "dense", "dropout", "batch-norm",
  "minmax", "standardize", "tanh", "sigmoidd", "mse", "population", "float32", "regression", "x1", "cos(x1)", "tracegrad-model", true, false,
  [], [1], [1, 2], [[1, 2]], ["x1", "x1"], {}, { type: "dense" }, { type: "dropout", rate: 0.5 }, { method: "minmax", min: [0, 0], max: [1, 1] },
];

/** The paths of every value in a tree. */
function paths(value: unknown, at: PropertyKey[] = []): PropertyKey[][] {
  const found: PropertyKey[][] = [at];
  if (Array.isArray(value)) value.forEach((v, i) => found.push(...paths(v, [...at, i])));
  else if (value !== null && typeof value === "object") for (const [k, v] of Object.entries(value)) found.push(...paths(v, [...at, k]));
  return found;
}

/** A copy of `file` broken once at random: a value replaced or removed, an unknown field added. */
function broken(file: unknown, random: Random): unknown {
  const copy = structuredClone(file) as Record<PropertyKey, unknown>;
  const all = paths(copy).filter((p) => p.length > 0);
  const path = all[random.integer(all.length)];
  let parent = copy as Record<PropertyKey, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<PropertyKey, unknown>;
  const last = path[path.length - 1];
  const what = random.integer(10);
  if (what === 0 && !Array.isArray(parent)) delete parent[last];
  else if (what === 1 && !Array.isArray(parent)) parent[["extra", "weigths", "__proto__", "seed"][random.integer(4)]] = VALUES[random.integer(VALUES.length)];
  else parent[last] = structuredClone(VALUES[random.integer(VALUES.length)]);
  return copy;
}

/** Checks one file both ways, as a value and as JSON text; whether zod refused it. */
function compare(file: unknown): boolean {
  // As a value (undefined, NaN and infinities too), and as JSON text (positions in the messages).
  const expected = zodVerdict(sourceOfValue(file, "model.json"));
  assert.equal(readerVerdict(() => readModelFile(file as object, "model.json")), expected, `as a value: ${JSON.stringify(file)}`);
  const text = JSON.stringify(file, null, 2);
  assert.equal(readerVerdict(() => parseModelFile(text, "model.json")), zodVerdict(parseSource(text, "model.json", "json")), `as text:\n${text}`);
  return expected !== null;
}

test("the hand-written check of a model file's structure gives zod's error, word for word and at the same line and column, for every value of a list at every place of a model file", () => {
  for (const base of [classifier, regressor]) {
    for (const path of paths(base).filter((p) => p.length > 0)) {
      for (const value of VALUES) {
        const copy = structuredClone(base) as Record<PropertyKey, unknown>;
        let parent = copy;
        for (const key of path.slice(0, -1)) parent = parent[key] as Record<PropertyKey, unknown>;
        parent[path[path.length - 1]] = structuredClone(value);
        compare(copy);
      }
    }
  }
});

test("the hand-written check of a model file's structure gives zod's first error, word for word and at the same line and column, on thousands of files broken at random", () => {
  const random = new Random(16);
  let failures = 0;
  let cases = 0;
  for (const base of [classifier, regressor]) {
    assert.equal(readerVerdict(() => readModelFile(base)), null, "the unbroken file loads");
    for (let i = 0; i < 2500; i++) {
      let file: unknown = base;
      for (let m = 1 + random.integer(3); m > 0; m--) file = broken(file, random);
      cases++;
      if (compare(file)) failures++;
    }
  }
  // Most broken files are refused, and some still pass (a value replaced by another that fits).
  assert.ok(failures > cases * 0.6 && failures < cases, `${failures} of ${cases} refused`);
});
