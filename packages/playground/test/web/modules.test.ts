/**
 * The playground's modules that need no browser, run in Node: the network's YAML (it must give back
 * the same spec), the edits of the form, the stages, the URL state's codec and checks, and the
 * training set-up (it must give the model `tracegrad train` gives).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runStep } from "tracegrad/internal/step/run-step";
import { buildSolution } from "tracegrad/internal/explain/solution";
import { resolveRunConfig, checkRunOptions } from "tracegrad/internal/run/run-config";
import { trainRun } from "@tracegrad/cli/internal/run/training-run";
import { Trainer } from "tracegrad/internal/nn/trainer";
import { parseStepSpec } from "tracegrad/internal/step/spec/index";
import type { StepSpec } from "tracegrad/internal/step/spec/index";
import { exampleLabel } from "../../src/step/example-label.js";
import { architecture, editable, netToYaml, specToYaml, withActivation, withArchitecture, withBias, withLoss, withSamples, withValue } from "../../src/step/net.js";
import { itemBlocks, itemOf, stageBlocks, stagesOf } from "../../src/step/stages.js";
import { checkState, decodeState, encodeState } from "../../src/lib/url-state.js";
import type { AppState } from "../../src/lib/url-state.js";
import { buildModel, DEFAULT_TRAIN_OPTIONS, prepareRun, resolveOptions, runModelFile, trainingOptions } from "../../src/train/setup.js";
import { REPOSITORY } from "./harness.js";

const EXAMPLES = join(REPOSITORY, "examples");
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"));

function comparable(spec: StepSpec) {
  return { ...spec, published: undefined };
}

test("every example's YAML, as the playground writes it, reads back as the same spec, names and all", () => {
  for (const file of files) {
    const spec = parseStepSpec(readFileSync(join(EXAMPLES, file), "utf8"), file);
    const yaml = specToYaml(spec);
    assert.deepEqual(comparable(parseStepSpec(yaml, "again.yaml")), comparable(spec), file);
  }
});

test("seed examples are labelled by seed, sizes, activations and place", () => {
  const spec = parseStepSpec(readFileSync(join(EXAMPLES, "module11-2-2-2.yaml"), "utf8"));
  assert.equal(exampleLabel(spec, "module11-2-2-2.yaml"), "Module 11 activity: 2-2-2 sigmoid (Problem 1)");
  const labels = files.map((f) => exampleLabel(parseStepSpec(readFileSync(join(EXAMPLES, f), "utf8"), f), f));
  assert.equal(new Set(labels).size, labels.length, `labels repeat: ${labels.join(" | ")}`);
});

test("the form's edits give networks the parser reads", () => {
  const spec = parseStepSpec(readFileSync(join(EXAMPLES, "module11-2-2-2.yaml"), "utf8"));
  const net = editable(spec);
  const read = (n: ReturnType<typeof editable>) => parseStepSpec(netToYaml(n), "edit.yaml");

  const wider = read(withArchitecture(net, [2, 3, 2]));
  assert.deepEqual(architecture(editable(wider)), [2, 3, 2]);
  assert.deepEqual(wider.layers[0].weights.slice(0, 2), spec.layers[0].weights.map((r) => [...r]), "old weights kept");
  assert.deepEqual(wider.names.inputs, ["i1", "i2"], "input names kept");
  assert.deepEqual(wider.names.layers[1].units, ["o1", "o2"], "output units kept");

  const deeper = read(withArchitecture(net, [3, 4, 4, 1]));
  assert.deepEqual(architecture(editable(deeper)), [3, 4, 4, 1]);
  assert.equal(deeper.layers[2].activation, "sigmoid");

  const softmax = read(withLoss(net, "cross-entropy"));
  assert.equal(softmax.layers[1].activation, "softmax");
  for (const row of softmax.targets!) assert.ok(Math.abs(row.reduce((s, t) => s + t, 0) - 1) < 1e-12);
  assert.equal(read(withLoss(editable(softmax), "mse")).layers[1].activation, "sigmoid");
  assert.equal(read(withLoss(net, null)).targets, null);

  const biased = read(withBias(net, 0, true));
  assert.deepEqual(biased.layers[0].bias, [0, 0]);
  assert.equal(read(withActivation(net, 0, "tanh")).layers[0].activation, "tanh");
  assert.equal(read(withSamples(net, 3)).inputs.length, 3);
  assert.equal(read(withValue(net, { kind: "weight", layer: 0, unit: 0, input: 1 }, -2.5)).layers[0].weights[0][1], -2.5);
});

test("stages: forward layer by layer, loss, backward from the top, update; each stage's steps come from the solution", () => {
  const spec = parseStepSpec(readFileSync(join(EXAMPLES, "module11-2-2-2.yaml"), "utf8"));
  const record = runStep(spec);
  const stages = stagesOf(record);
  assert.deepEqual(
    stages.map((s) => (s.kind === "forward" || s.kind === "backward" ? `${s.kind}${s.layer + 1}` : s.kind)),
    ["forward1", "forward2", "loss", "backward2", "backward1", "update"],
  );
  const solution = buildSolution(record, { precision: 8 });
  assert.equal(stageBlocks(solution, stages[2], 2)[0].steps[0].value, record.forward.loss!.item());
  const w2 = itemOf(record, "p:w2")!;
  const blocks = itemBlocks(solution, stages, stages.length, w2, 2, undefined);
  assert.deepEqual(
    blocks.flatMap((b) => b.steps.map((s) => s.value)),
    [0.0025736051492317655, 0.4 - 0.001 * 0.0025736051492317655],
  );
  const h1 = itemOf(record, "u:h1")!;
  assert.equal(itemBlocks(solution, stages, 1, h1, 2, undefined).flatMap((b) => b.steps).length, 2, "z and a after the first stage");
  assert.equal(itemBlocks(solution, stages, 5, h1, 2, undefined).flatMap((b) => b.steps).length, 4, "and ∂E/∂a, δ after the backward pass");
  assert.equal(itemOf(record, "p:nope"), null);
  // A forward pass only has forward stages.
  const forward = runStep(parseStepSpec(readFileSync(join(EXAMPLES, "nn-exercises-ex1-forward.yaml"), "utf8")));
  assert.deepEqual(stagesOf(forward).map((s) => s.kind), ["forward"]);
});

const state: AppState = {
  v: 1,
  mode: "step",
  step: { yaml: "inputs: [1]\nlayers: [{activation: identity, weights: 1}]\n", stage: 1, stepNo: 2, selected: "u:o1", precision: 8, sample: 0 },
  train: { options: { ...DEFAULT_TRAIN_OPTIONS }, epoch: 120, speed: 10 },
};

test("URL state: encoded into the fragment and back, unchanged", async () => {
  const fragment = await encodeState(state);
  assert.match(fragment, /^s=[zj]\.[A-Za-z0-9_-]+$/);
  assert.deepEqual(await decodeState(`#${fragment}`), state);
  assert.equal(await decodeState(""), null);
});

test("URL state: anything malformed is one line of text, never a crash", async () => {
  const problems = ["#s=z.!!!", "#s=z.AAAA", "#nonsense", `#s=j.${Buffer.from("[1,2]").toString("base64url")}`, `#s=j.${Buffer.from('{"v":1,"mode":"step"}').toString("base64url")}`];
  for (const fragment of problems) {
    await assert.rejects(decodeState(fragment), (error: Error) => !error.message.includes("\n") && error.message.length > 0, fragment);
  }
  assert.throws(() => checkState({ ...state, mode: "<script>" }), /mode/);
  assert.throws(() => checkState({ ...state, extra: 1 }), /unknown field "extra"/);
  assert.throws(() => checkState({ ...state, step: { ...state.step, precision: 99 } }), /precision/);
  // A deflate bomb is cut off.
  const huge = JSON.stringify({ ...state, step: { ...state.step, yaml: "x".repeat(3_000_000) } });
  const compressed = await new Response(new Blob([huge]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer();
  await assert.rejects(decodeState(`#s=z.${Buffer.from(compressed).toString("base64url")}`), /larger than/);
});

test("train set-up: the page's model after N epochs is the one tracegrad train writes", () => {
  for (const options of [
    { ...DEFAULT_TRAIN_OPTIONS, epochs: 40 },
    { data: "spiral", classes: 3, layers: "2-6-3", activation: "relu", loss: "cross-entropy", optimizer: "momentum", lr: 0.1, epochs: 15, batch: 32, scale: "standardize", validation: 0.2, seed: 7 },
  ] as const) {
    const config = resolveOptions(options);
    assert.deepEqual(config, resolveRunConfig({}, checkRunOptions(options)));
    const run = prepareRun(config, null);
    const model = buildModel(config);
    new Trainer(model, run.train, trainingOptions(config), run.validation).run();
    assert.deepEqual(runModelFile(run, model), trainRun(config).modelFile);
  }
});

test("train set-up: mistakes are one-line InputErrors naming the option", () => {
  assert.throws(() => resolveOptions({ ...DEFAULT_TRAIN_OPTIONS, lr: -1 }), /--lr: must be greater than 0/);
  assert.throws(() => prepareRun(resolveOptions({ ...DEFAULT_TRAIN_OPTIONS, layers: "3-4-1" }), null), /--layers: starts with 3 inputs/);
  assert.throws(() => prepareRun(resolveOptions({ ...DEFAULT_TRAIN_OPTIONS, data: "mnist" }), null), /mnist is not bundled/);
  assert.throws(() => prepareRun(resolveOptions({ ...DEFAULT_TRAIN_OPTIONS, data: "up.csv" }), null), /upload it again/);
  assert.throws(() => prepareRun(resolveOptions({ ...DEFAULT_TRAIN_OPTIONS, layers: "2-1000-1000-1" }), null), /parameters; at most/);
  const csv = { name: "d.csv", text: "a,b,label\n0,0,no\n1,1,no\n0,1,yes\n1,0,yes\n" };
  const run = prepareRun(resolveOptions({ ...DEFAULT_TRAIN_OPTIONS, data: "d.csv" }), csv);
  assert.deepEqual(run.task, { kind: "classification", classes: 2, classNames: ["no", "yes"] });
});
