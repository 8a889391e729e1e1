import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Sequential } from "tracegrad/internal/nn/model";
import { modelFile, parseModelFile } from "tracegrad/internal/nn/model-file";
import type { ModelFile } from "tracegrad/internal/nn/model-file";
import { expectUserError } from "../cli/run-cli.js";

/** A 2-3-1 tanh/sigmoid model with a scaler, written as tracegrad writes it (two-space JSON). */
function saved(): ModelFile {
  const model = Sequential.create(2, [{ type: "dense", units: 3, activation: "tanh" }, { type: "batch-norm" }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 3 });
  return modelFile(model, {
    loss: "bce",
    task: { kind: "classification", classes: 2 },
    featureNames: ["a", "b"],
    scaler: { method: "standardize", deviation: "population", mean: [1, 2], std: [3, 4] },
    training: { seed: 3 },
  });
}

/** Line and column (from 1) of the n-th (from 0) occurrence of `needle` in `text`. */
function where(text: string, needle: string, n = 0): string {
  let offset = -1;
  for (let i = 0; i <= n; i++) offset = text.indexOf(needle, offset + 1);
  assert.ok(offset >= 0, needle);
  const before = text.slice(0, offset).split("\n");
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

type Path = (string | number)[];
type Change = (doc: unknown) => void;
const get = (doc: unknown, path: Path): unknown => path.reduce((v: unknown, k) => (v as Record<string | number, unknown>)[k], doc);
const holder = (doc: unknown, path: Path) => get(doc, path.slice(0, -1)) as Record<string | number, unknown>;
/** Edits of a parsed model file: set a field, drop the last entry of a list, remove a field. */
const set = (path: Path, value: unknown): Change => (doc) => void (holder(doc, path)[path[path.length - 1]] = value);
const pop = (path: Path): Change => (doc) => void (get(doc, path) as unknown[]).pop();
const remove = (path: Path): Change => (doc) => void delete holder(doc, path)[path[path.length - 1]];

function fails(change: Change): Error {
  const m = JSON.parse(JSON.stringify(saved()));
  change(m);
  const text = JSON.stringify(m, null, 2);
  try {
    parseModelFile(text, "model.json");
  } catch (error) {
    assert.equal((error as Error).name, "InputError");
    assert.doesNotMatch((error as Error).message, /\n/, "one line");
    return Object.assign(error as Error, { text });
  }
  assert.fail("the model file was accepted");
}

test("a model file tracegrad wrote reads back as it was", () => {
  const m = saved();
  assert.deepEqual(parseModelFile(JSON.stringify(m, null, 2), "model.json"), m);
});

test("a damaged model file is one InputError naming the file, line:column and field", () => {
  const cases: [Change, (text: string) => RegExp][] = [
    [pop(["layers", 0, "weights", 1]), (t) => new RegExp(`^model\\.json:${where(t, "[", 3)}: layers\\[0\\]\\.weights\\[1\\]: has 1 weights, not 2 \\(one per input of the layer\\)$`)],
    [set(["layers", 2, "activation"], "swish"), (t) => new RegExp(`^model\\.json:${where(t, '"swish"')}: layers\\[2\\]\\.activation: expected one of "identity", .*, got "swish"$`)],
    [set(["layers", 2, "weights", 0, 1], "x"), (t) => new RegExp(`^model\\.json:${where(t, '"x"')}: layers\\[2\\]\\.weights\\[0\\]\\[1\\]: expected a finite number, got "x"$`)],
    [set(["layers", 0, "bias", 2], null), (t) => new RegExp(`^model\\.json:${where(t, "null")}: layers\\[0\\]\\.bias\\[2\\]: expected a finite number, got null \\(JSON writes NaN and infinities as null\\)$`)],
    [pop(["layers", 1, "gamma"]), (t) => new RegExp(`^model\\.json:${where(t, '"gamma": [').replace(/:(\d+)$/, (_m, c) => `:${Number(c) + 9}`)}: layers\\[1\\]\\.gamma: has 2 entries, not 3 \\(one per input of the layer\\)$`)],
    [pop(["scaler", "mean"]), (t) => new RegExp(`^model\\.json:${where(t, '"mean": [').replace(/:(\d+)$/, (_m, c) => `:${Number(c) + 8}`)}: scaler\\.mean: has 1 entry, not 2 \\(one per input of the model\\)$`)],
    [set(["outputs"], 2), (t) => new RegExp(`^model\\.json:${where(t, "2", 1)}: outputs: is 2, but the last layer has 1 units$`)],
    [set(["layers", 0, "type"], "conv"), (t) => new RegExp(`^model\\.json:${where(t, '"conv"')}: layers\\[0\\]\\.type: unknown type "conv"$`)],
    [set(["layers", 0, "weigths"], [[1, 2]]), () => /^model\.json:\d+:\d+: layers\[0\]\.weigths: unknown field "weigths"$/],
    [set(["loss"], "hinge"), (t) => new RegExp(`^model\\.json:${where(t, '"hinge"')}: loss: expected one of "half-sse", "mse", "bce", "cross-entropy", got "hinge"$`)],
    [set(["task", "classes"], 3), () => /^model\.json:\d+:\d+: task\.classes: is 3, but the model has 1 outputs$/],
    [remove(["inputs"]), () => /^model\.json:1:1: inputs: is required$/],
    [set(["format"], "onnx"), (t) => new RegExp(`^model\\.json:${where(t, '"onnx"')}: format: not a model file`)],
    [set(["features"], ["x1", "x2", "x1^2"]), () => /^model\.json:\d+:\d+: features: has 3 features, but the model takes 2 inputs$/],
    [set(["features"], ["x1", "x1"]), () => /^model\.json:\d+:\d+: features: names x1 twice$/],
    [set(["features"], ["x1", "cos(x1)"]), () => /^model\.json:\d+:\d+: features\[1\]: expected one of "x1", .*, got "cos\(x1\)"$/],
  ];
  for (const [change, pattern] of cases) {
    const error = fails(change) as Error & { text: string };
    assert.match(error.message, pattern(error.text));
  }
  assert.throws(() => parseModelFile('{\n  "format": "tracegrad-model",\n  "version": 1,\n', "model.json"), { name: "InputError", message: /^model\.json:4:1: malformed JSON/ });
});

test("predict and export: a damaged model.json is exit 2 and one line, never a stack trace", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-model-"));
  const m = JSON.parse(JSON.stringify(saved()));
  m.layers[0].activation = "swish";
  writeFileSync(join(dir, "model.json"), JSON.stringify(m, null, 2));
  writeFileSync(join(dir, "points.csv"), "a,b\n1,2\n");
  expectUserError(["predict", join(dir, "model.json"), join(dir, "points.csv")], /model\.json:\d+:\d+: layers\[0\]\.activation: expected one of .*got "swish"$/);
  expectUserError(["export", join(dir, "model.json"), "--out", join(dir, "m.onnx")], /model\.json:\d+:\d+: layers\[0\]\.activation: /);
});

test("predict: a model file with a dropout rate of 1 is exit 2 and the whole one line, with the file, line, column and field, in strict words (less than 1, not at most 1)", () => {
  const dir = mkdtempSync(join(tmpdir(), "tracegrad-model-"));
  const model = Sequential.create(2, [{ type: "dense", units: 3, activation: "tanh" }, { type: "dropout", rate: 0.5 }, { type: "dense", units: 1, activation: "sigmoid" }], { seed: 3 });
  const m = JSON.parse(JSON.stringify(modelFile(model, { loss: "bce", task: { kind: "classification", classes: 2 }, scaler: null, training: { seed: 3 } })));
  m.layers[1].rate = 1;
  const text = JSON.stringify(m, null, 2);
  const path = join(dir, "model.json");
  writeFileSync(path, text);
  writeFileSync(join(dir, "points.csv"), "a,b\n1,2\n");
  // The value 1 after `"rate": ` on its line.
  const [line, column] = where(text, '"rate": 1').split(":").map(Number);
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  expectUserError(["predict", path, join(dir, "points.csv")], new RegExp(`^tracegrad: ${escaped}:${line}:${column + '"rate": '.length}: layers\\[1\\]\\.rate: must be less than 1, got 1$`));
});
