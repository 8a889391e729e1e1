/**
 * The playground's modules that need no browser, run in Node: the state of each mode and the function
 * that changes it (step, train, practice), the network's YAML, the training session the worker runs,
 * the divergence checks, the URL state's codec and checks, and the set-up (it must give the model
 * `tracegrad train` gives).
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
import { Sequential } from "tracegrad/internal/nn/model";
import { exerciseSeeds } from "tracegrad/internal/exercise/generate";
import { drawExercise } from "tracegrad/internal/exercise/draw";
import { commandLineOptions } from "tracegrad/internal/exercise/option-reader";
import { checkAnswers } from "tracegrad/internal/exercise/check";
import { parseSource } from "tracegrad/internal/common/source";
import { toInterchange, parseStepSpec } from "tracegrad/internal/step/spec/index";
import type { StepSpec } from "tracegrad/internal/step/spec/index";
import { referenceStep } from "../../../tracegrad/test/reference/dense-network.js";
import type { RefSpec } from "../../../tracegrad/test/reference/dense-network.js";
import { exampleLabel } from "../../src/step/example-label.js";
import { readExamples } from "../../src/step/example-catalog.js";
import type { ExampleCatalog } from "../../src/step/example-catalog.js";
import { architecture, editable, netToYaml, specToYaml, withActivation, withArchitecture, withBias, withLoss, withSamples, withValue } from "../../src/step/net.js";
import { itemBlocks, itemOf, stageBlocks, stagesOf } from "../../src/step/stages.js";
import { initialStepModel, stepReducer, stepLinkState, restoreStep } from "../../src/step/step-state.js";
import { checkState, decodeState, encodeState } from "../../src/lib/url-state.js";
import type { AppState } from "../../src/lib/url-state.js";
import { buildModel, DEFAULT_TRAIN_OPTIONS, NO_SOURCES, prepareRun, resolveOptions, runModelFile, trainingOptions } from "../../src/train/setup.js";
import { fitToData, restartNeeded, withData, withLayerCount, withUnitCount, knownShape } from "../../src/train/settings.js";
import { checkSettings, inPageWords } from "../../src/train/problems.js";
import { initialTrainModel, restoreTrain, trainLinkState, trainReducer } from "../../src/train/train-state.js";
import { TrainingSession } from "../../src/train/session.js";
import { RunHistory } from "../../src/train/run-history.js";
import { ABOVE_START, assessDivergence, RISING_EPOCHS, SWING, SWINGING_EPOCHS } from "../../src/train/divergence.js";
import { EpochRate } from "../../src/train/epoch-rate.js";
import { EASE_START, PaceBudget, paceAt } from "../../src/train/pace.js";
import { DEFAULT_SPEED } from "../../src/train/defaults.js";
import { SPEEDS, speedRate } from "../../src/train/train-state.js";
import { itemOutlook } from "../../src/step/item-outlook.js";
import { explanationBeyond } from "../../src/practice/feedback.js";
import { decodeDigits, encodeDigits } from "../../src/train/digits/digits-file.js";
import { padToDigit } from "../../src/train/digits/pad.js";
import { exerciseCommand, parsePracticeQuery, practiceQuery } from "../../src/practice/params.js";
import { gradePractice } from "../../src/practice/grading.js";
import { answersFile, diagramMarks, practiceCheckCommand, practiceModel, practiceReducer } from "../../src/practice/practice-state.js";
import { REPOSITORY } from "./harness.js";

const EXAMPLES = join(REPOSITORY, "examples");
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".yaml"));

/** The examples as the page bundles them: the spec files and the answers files they name. */
function catalog(): ExampleCatalog {
  const answers = new Map(readdirSync(join(EXAMPLES, "answers")).map((f) => [`answers/${f}`, readFileSync(join(EXAMPLES, "answers", f), "utf8")]));
  return readExamples(files.map((file) => ({ file, text: readFileSync(join(EXAMPLES, file), "utf8") })), answers);
}

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

test("examples are labelled by the course document's title and place, never by the repository's seed numbers", () => {
  const spec = parseStepSpec(readFileSync(join(EXAMPLES, "module11-2-2-2.yaml"), "utf8"));
  assert.equal(exampleLabel(spec, "module11-2-2-2.yaml"), "Module 11 activity: 2-2-2 sigmoid (Problem 1)");
  const labels = catalog().examples.map((e) => e.label);
  assert.equal(new Set(labels).size, labels.length, `labels repeat: ${labels.join(" | ")}`);
  for (const label of labels) assert.doesNotMatch(label, /seed\s*\d/i, label);
  assert.ok(labels.includes("Laboratory Activity 3: 3-2-1 relu → identity"), labels.join(" | "));
  assert.ok(labels.includes("Neural Networks Exercises: 2-2-1 relu → sigmoid (exercise 2)"), labels.join(" | "));
  assert.equal(catalog().examples[0].id, "module11-2-2-2", "the CLI's default example first");
});

test("step mode reads published: answers files as tracegrad step does: the Module 11 swap note", () => {
  const model = initialStepModel(catalog());
  const notes = model.current.notes;
  // ∂E/∂w2 = δ_h1·i2, recomputed by the independent reference: the published 0.00287383 is ∂E/∂w3's value.
  const ref = referenceStep(toInterchange(model.current.spec) as RefSpec);
  assert.ok(Math.abs(ref.dW[0][0][1] - 0.0025736051) < 5e-11 && Math.abs(ref.dW[0][1][0] - 0.0028738346) < 5e-11);
  const swap = notes.find((n) => n.includes("∂E/∂w2 = 0.00287383"));
  assert.ok(swap !== undefined, notes.join("\n"));
  assert.match(swap, /the value is 0\.0025736051 \(swapped\)/);
  assert.ok(model.current.solution.notes.includes(swap), "the worked solution carries the note");
  // The CLI prints the same notes for the same file.
  const cli = readFileSync(join(EXAMPLES, "solutions", "module11-2-2-2.txt"), "utf8");
  for (const note of notes) assert.ok(cli.includes(note.slice(0, 60)), `the CLI's solution has: ${note}`);
  // A spec that names a file the page does not bundle is refused at its published field.
  const next = stepReducer(model, { type: "text", text: "inputs: [1]\ntargets: [0]\nloss: mse\npublished: answers/nowhere.yaml\nlayers: [{activation: identity, weights: 1}]\n" });
  assert.match(next.textError ?? "", /^network\.yaml: published: names "answers\/nowhere\.yaml", which the playground does not bundle/);
});

test("step mode's form: edits go through the parser, whose own messages say what is wrong, beside the control", () => {
  const start = initialStepModel(catalog());
  const lr = stepReducer(start, { type: "form", edit: { kind: "learning-rate", text: "-1" } });
  assert.equal(lr.fieldError?.control, "learning-rate");
  assert.match(lr.fieldError!.message, /^network\.yaml:\d+:\d+: learningRate: /);
  assert.equal(lr.current, start.current, "the network shown stays");
  const typed = stepReducer(start, { type: "form", edit: { kind: "value", ref: { kind: "weight", layer: 0, unit: 0, input: 1 }, name: "w2", text: "0.4x" } });
  assert.equal(typed.fieldError?.control, "value-w2");
  assert.match(typed.fieldError!.message, /^network\.yaml:\d+:\d+: layers\[0\]\.weights\[0\]\[1\]\S*: expected a number, got "0\.4x"$/);
  const l2 = stepReducer(start, { type: "form", edit: { kind: "l2", text: "-0.5" } });
  assert.match(l2.fieldError!.message, /l2: /);
  const good = stepReducer(start, { type: "form", edit: { kind: "value", ref: { kind: "weight", layer: 0, unit: 0, input: 1 }, name: "w2", text: "-2.5" } });
  assert.equal(good.fieldError, null);
  assert.equal(good.current.spec.layers[0].weights[0][1], -2.5);
  assert.equal(good.exampleId, null, "an edited network is no longer the example");
  const wider = stepReducer(start, { type: "form", edit: { kind: "architecture", text: "2-3-3-2" } });
  assert.deepEqual(wider.current.spec.names.layers.map((l) => l.units), [["h1_1", "h1_2", "h1_3"], ["h2_1", "h2_2", "h2_3"], ["o1", "o2"]], "the parser's own default names");
  // Stepping: the stages, then the next step from the updated weights; the link's state restores it.
  let m = start;
  for (let i = 0; i < 7; i++) m = stepReducer(m, { type: "advance" });
  assert.equal(m.stepNo, 2);
  assert.equal(m.current.spec.layers[0].weights[0][1], 0.4 - 0.001 * 0.0025736051492317655);
  // The Module 11 activity publishes the first step's answers (with w2 and w3's gradients swapped):
  // noted in step 1, never compared with step 2's values.
  assert.ok(start.current.notes.some((note) => /publishes ∂E\/∂w2 = /.test(note)), start.current.notes.join("\n"));
  assert.deepEqual(m.current.notes, []);
  assert.doesNotMatch(m.text, /published/);
  const restored = restoreStep(start, stepLinkState(m));
  assert.equal(restored.problem, null);
  assert.deepEqual(restored.model.current.spec.layers, m.current.spec.layers);
  assert.equal(restored.model.stepNo, 2);
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
  const forward = runStep(parseStepSpec(readFileSync(join(EXAMPLES, "nn-exercises-ex1-forward.yaml"), "utf8")));
  assert.deepEqual(stagesOf(forward).map((s) => s.kind), ["forward"]);
});

const state: AppState = {
  v: 1,
  mode: "step",
  step: { yaml: "inputs: [1]\nlayers: [{activation: identity, weights: 1}]\n", stage: 1, stepNo: 2, selected: "u:o1", precision: 8, sample: 0 },
  train: { options: { ...DEFAULT_TRAIN_OPTIONS }, epoch: 120, speed: 10, edits: [{ epoch: 50, options: { ...DEFAULT_TRAIN_OPTIONS, lr: 0.01 } }, { epoch: 60, weight: { layer: 1, unit: 0, input: null }, value: 0.5 }], startOptions: { ...DEFAULT_TRAIN_OPTIONS }, showTest: false },
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
  assert.throws(() => checkState({ ...state, train: { ...state.train, edits: [{ epoch: -1, options: {} }] } }), /edits/);
  // A deflate bomb is cut off.
  const huge = JSON.stringify({ ...state, step: { ...state.step, yaml: "x".repeat(3_000_000) } });
  const compressed = await new Response(new Blob([huge]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer();
  await assert.rejects(decodeState(`#s=z.${Buffer.from(compressed).toString("base64url")}`), /larger than/);
});

test("train set-up: the page's model after N epochs is the one tracegrad train writes (noise, features and all)", () => {
  for (const options of [
    { ...DEFAULT_TRAIN_OPTIONS, epochs: 40 },
    { data: "spiral", classes: 3, layers: "2-6-3", activation: "relu", loss: "cross-entropy", optimizer: "momentum", lr: 0.1, epochs: 15, batch: 32, scale: "standardize", validation: 0.2, seed: 7, noise: 0.3 },
    { data: "circle", features: "x1^2,x2^2,sin(x1)", layers: "3-4-1", activation: "tanh", loss: "bce", optimizer: "adam", lr: 0.05, epochs: 20, test: 0.25, scale: "minmax" },
    { data: "gaussians", layers: "2-6-1", activation: "tanh", outputActivation: "identity", loss: "mse", optimizer: "adam", lr: 0.02, epochs: 10 },
  ] as const) {
    const config = resolveOptions(options);
    assert.deepEqual(config, resolveRunConfig({}, checkRunOptions(options)));
    const run = prepareRun(config, NO_SOURCES);
    const model = buildModel(config);
    new Trainer(model, run.train, trainingOptions(config), run.validation).run();
    assert.deepEqual(runModelFile(run, model), trainRun(config).modelFile);
  }
});

test("train settings: the data, the classes and the loss fit the layers; only the data and the network restart a run", () => {
  const blobs4 = withData(DEFAULT_TRAIN_OPTIONS, "blobs");
  assert.equal(blobs4.layers, "2-8-8-3");
  assert.equal(blobs4.loss, "cross-entropy");
  assert.equal(blobs4.outputActivation, "softmax");
  const model = trainReducer(initialTrainModel(), { type: "data", name: "blobs" });
  const four = trainReducer(model, { type: "classes", text: "4" });
  assert.equal(four.options.layers, "2-8-8-4");
  assert.equal(four.problem, null, "no combination of controls leaves the layers unfit");
  assert.ok(four.runId > model.runId, "a change of classes starts the run again");
  assert.match(four.notice ?? "", /The classes changed: the run starts again at epoch 0/);
  const plane = withData(DEFAULT_TRAIN_OPTIONS, "plane");
  assert.deepEqual([plane.layers, plane.loss, plane.outputActivation], ["2-8-8-1", "mse", "identity"]);
  assert.deepEqual(fitToData({ ...DEFAULT_TRAIN_OPTIONS, features: "x1,x2,x1^2" }, knownShape(DEFAULT_TRAIN_OPTIONS)!).layers, "3-8-8-1");
  assert.equal(withLayerCount(DEFAULT_TRAIN_OPTIONS, 1).layers, "2-8-8-8-1");
  assert.equal(withUnitCount(DEFAULT_TRAIN_OPTIONS, 1, -1).layers, "2-8-7-1");
  for (const key of ["lr", "l2", "l1", "batch", "optimizer", "schedule", "epochs"]) assert.equal(restartNeeded(DEFAULT_TRAIN_OPTIONS, { ...DEFAULT_TRAIN_OPTIONS, [key]: 3 }), false, key);
  for (const key of ["data", "layers", "seed", "noise", "test", "activation", "init", "dropout"]) assert.equal(restartNeeded(DEFAULT_TRAIN_OPTIONS, { ...DEFAULT_TRAIN_OPTIONS, [key]: 0.1 }), true, key);

  let m = initialTrainModel();
  m = trainReducer(m, { type: "epoch", epoch: 812 });
  const slower = trainReducer(m, { type: "set", key: "lr", value: 0.003 });
  assert.equal(slower.runId, m.runId, "η continues the run");
  assert.deepEqual(slower.edits, [{ epoch: 812, options: { ...DEFAULT_TRAIN_OPTIONS, lr: 0.003 } }]);
  assert.equal(slower.notice, "Learning rate η changed at epoch 812: the run goes on from its current weights.");
  const link = trainLinkState(slower, 1000);
  assert.deepEqual(link.startOptions, DEFAULT_TRAIN_OPTIONS);
  const again = restoreTrain(initialTrainModel(), link);
  assert.equal(again.problem, null);
  assert.deepEqual([again.model.start, again.model.running, again.model.edits, again.model.epoch], [DEFAULT_TRAIN_OPTIONS, slower.options, slower.edits, 812]);
});

test("train settings: a strict bound refuses the bound itself in words that exclude it (greater than 0, a fraction in [0, 1)), and takes the value just inside", () => {
  for (const key of ["lr", "epsilon", "clipNorm"]) {
    const { problem } = checkSettings({ ...DEFAULT_TRAIN_OPTIONS, [key]: 0 } as never, NO_SOURCES);
    assert.equal(problem?.key, key);
    assert.equal(problem!.message, "must be greater than 0, got 0");
    assert.equal(checkSettings({ ...DEFAULT_TRAIN_OPTIONS, [key]: Number.MIN_VALUE } as never, NO_SOURCES).problem, null, key);
  }
  for (const key of ["dropout", "beta1"]) {
    const { problem } = checkSettings({ ...DEFAULT_TRAIN_OPTIONS, [key]: 1 } as never, NO_SOURCES);
    assert.equal(problem?.key, key);
    assert.equal(problem!.message, "must be a fraction in [0, 1), got 1");
    assert.equal(checkSettings({ ...DEFAULT_TRAIN_OPTIONS, [key]: 1 - 2 ** -53 } as never, NO_SOURCES).problem, null, key);
  }
});

test("train settings: a mistake is the library's, beside its control, in the page's words, with a button that fixes it", () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ lr: -1 }, "lr", /^must be greater than 0, got -1$/],
    [{ lr: "fast" }, "lr", /^expected a number, got "fast"$/],
    [{ layers: "2-8-3" }, "layers", /^ends with 3 outputs, but circle has 2 classes/],
    [{ test: 0.6, validation: 0.5 }, "validation", /hold out the whole data set/],
    [{ patience: 10 }, "patience", /^watches the validation loss: give a validation split too$/],
    [{ points: 100000 }, "points", /at most 20000 in the browser/],
  ];
  for (const [change, key, message] of cases) {
    const options = { ...DEFAULT_TRAIN_OPTIONS, ...change };
    const { problem } = checkSettings(options as never, NO_SOURCES);
    assert.equal(problem?.key, key, JSON.stringify(change));
    assert.match(problem!.message, message);
    assert.doesNotMatch(problem!.message, /--[a-z]/, "no command-line flags in the page's words");
    assert.equal(checkSettings(problem!.fix.options, NO_SOURCES).problem, null, `the fix of ${key} (${problem!.fix.label}) gives good settings`);
  }
  assert.equal(inPageWords("needs at least 2 samples in every batch; choose another --batch"), "needs at least 2 samples in every batch; choose another Batch size");
  const bad = trainReducer(initialTrainModel(), { type: "set", key: "lr", value: -1 });
  assert.equal(bad.problem?.key, "lr");
  assert.deepEqual(bad.running, initialTrainModel().running, "the run keeps its options meanwhile");
});

test("the training session runs its epochs in few calls of the WebAssembly kernel, with the bits of one epoch at a time", () => {
  const options = { ...DEFAULT_TRAIN_OPTIONS, epochs: 500 };
  const session = TrainingSession.create(options, NO_SOURCES);
  assert.equal(session.runEpochs(1), 1);
  assert.equal(session.runEpochs(137), 137);
  let ran = 0;
  while (ran < 200) ran += session.runFor(1000, 200 - ran);
  assert.equal(session.epoch, 338);
  // Independently of the session: a trainer of the same run, one runEpoch at a time.
  const config = resolveOptions(options);
  const run = prepareRun(config, NO_SOURCES);
  const model = buildModel(config);
  const trainer = new Trainer(model, run.train, trainingOptions(config), run.validation);
  assert.equal(trainer.webAssembly, true, "the default network is on the WebAssembly path");
  for (let e = 0; e < 338; e++) trainer.runEpoch();
  assert.deepEqual(session.model.toJSON(), model.toJSON());
  assert.equal(session.runEpochs(1000), 162, "it stops at the run's epochs");
  assert.equal(session.runEpochs(5), 0);
});

test("the training session goes on from its weights when η changes: as a new SGD trainer on the same model would", () => {
  const options = { ...DEFAULT_TRAIN_OPTIONS, optimizer: "sgd", lr: 0.5, test: 0 } as const;
  const session = TrainingSession.create(options, NO_SOURCES);
  session.runEpochs(100);
  session.continueWith({ ...options, lr: 0.1 });
  session.runEpochs(50);
  assert.equal(session.epoch, 150);
  // Independently: full-batch SGD has no state and draws nothing, so the run is 100 epochs at η = 0.5,
  // then 50 more at η = 0.1 by a trainer that starts from those weights.
  const config = resolveOptions(options);
  const run = prepareRun(config, NO_SOURCES);
  const model = buildModel(config);
  new Trainer(model, run.train, { ...trainingOptions(config), epochs: 100 }).run();
  new Trainer(model, run.train, { ...trainingOptions(config), learningRate: 0.1, epochs: 50 }).run();
  assert.deepEqual(session.model.toJSON(), model.toJSON());
  const snapshot = session.snapshot({ historyFrom: 1, grid: 0 });
  assert.equal(snapshot.history.learningRate[99], 0.5);
  assert.equal(snapshot.history.learningRate[100], 0.1, "the history shows where η changed");
  assert.throws(() => session.continueWith({ ...options, lr: 0.1, layers: "2-4-1" }), /start the run again/);
});

test("the training session replays a link's run (changed options and a weight set by hand) bit for bit", () => {
  const options = { ...DEFAULT_TRAIN_OPTIONS, batch: 16 };
  const live = TrainingSession.create(options, NO_SOURCES);
  live.runEpochs(30);
  live.continueWith({ ...options, lr: 0.01, l2: 0.001 });
  live.runEpochs(20);
  live.setWeight({ layer: 0, unit: 3, input: 1 }, -1.25);
  live.runEpochs(10);
  const replayed = TrainingSession.create(options, NO_SOURCES);
  replayed.replay(live.history, 60);
  assert.deepEqual(replayed.model.toJSON(), live.model.toJSON());
  assert.equal(replayed.epoch, 60);
});

test("the training session's maps are the network's outputs over the plane; its snapshot's losses are the trainer's", () => {
  const options = { ...DEFAULT_TRAIN_OPTIONS, features: "x1,x2,x1*x2", layers: "3-4-1", scale: "standardize" as const };
  const session = TrainingSession.create(options, NO_SOURCES);
  session.runEpochs(20);
  const grid = session.grid(6);
  const [a, b, c, d] = grid.extent;
  // The cell in row 1, column 4: its centre, through the features, the scaler and the model.
  const x1 = a + ((4 + 0.5) / 6) * (b - a);
  const x2 = d - ((1 + 0.5) / 6) * (d - c);
  const file = JSON.parse(session.modelFileText());
  const model = Sequential.fromJSON(file.inputs, file.layers);
  const scaled = [x1, x2, x1 * x2].map((v, j) => (v - file.scaler.mean[j]) / file.scaler.std[j]);
  const output = model.predictFlat(scaled, 1)[0];
  assert.ok(Math.abs(grid.layers[1][1 * 6 + 4] - output) < 1e-6, `${grid.layers[1][10]} vs ${output}`);
  assert.ok(Math.abs(grid.inputs[(1 * 6 + 4) * 3 + 2] - x1 * x2) < 1e-6, "the inputs' maps are the features before scaling");
  const snapshot = session.snapshot({ historyFrom: 11, grid: 0 });
  assert.equal(snapshot.history.from, 11);
  assert.equal(snapshot.history.loss.length, 10);
  assert.ok(snapshot.test !== null && snapshot.test.loss > 0);
});

test("divergence is said at once: NaN or infinity, a loss that rises for many epochs, a loss far above its start", () => {
  const history = (losses: number[]) => {
    const h = new RunHistory();
    h.absorb({ epoch: losses.length, stopReason: null, divergence: null, edits: [], testHistory: { epoch: new Float64Array(0), loss: new Float64Array(0), accuracy: new Float64Array(0) }, history: { from: 1, loss: Float64Array.from(losses), accuracy: null, valLoss: null, learningRate: new Float64Array(losses.length).fill(0.1) }, train: { loss: 0, accuracy: null }, test: null, weights: [], grid: null });
    return h;
  };
  assert.equal(assessDivergence(history([0.7, 0.6, 0.5]), null, 0.1, [1], [1]), null);
  const above = assessDivergence(history([0.7, 0.6, 0.7 * ABOVE_START * 1.5]), null, 1e6, [0.5, 0.5], [0.6, 4000]);
  assert.equal(above?.kind, "above-start");
  assert.match(above!.message, /15 times what it was at epoch 1/);
  assert.match(above!.hint, /try 100000\..*Layer 2's weights grew the most: the largest is 4000 now, 0\.5 at the start/);
  const rising = Array.from({ length: RISING_EPOCHS + 5 }, (_, i) => (i < 5 ? 1 - i * 0.1 : 0.6 + (i - 4) * 0.001));
  assert.equal(assessDivergence(history(rising), null, 0.1, [1], [1])?.kind, "rising");
  assert.equal(assessDivergence(history(rising.slice(0, RISING_EPOCHS)), null, 0.1, [1], [1]), null, "one epoch short of the rule");
  const nan = assessDivergence(history([0.7]), { epoch: 4, batch: 1, quantity: "weights", layer: 2, parameter: "layers[2].weights", hint: "" }, 10, [1], [Number.NaN]);
  assert.equal(nan?.kind, "not-a-number");
  assert.match(nan!.message, /epoch 4: the weights of layer 2 became NaN or infinite/);
  // A real run: Adam at η = 10⁶ on moons.
  const session = TrainingSession.create({ ...DEFAULT_TRAIN_OPTIONS, data: "moons", lr: 1e6 }, NO_SOURCES);
  const start = session.snapshot({ historyFrom: 1, grid: 0 });
  session.runEpochs(30);
  const now = session.snapshot({ historyFrom: 1, grid: 0 });
  const h = new RunHistory();
  h.absorb(now);
  assert.notEqual(assessDivergence(h, now.divergence, 1e6, start.weights.map((w) => Math.max(...Array.from(w.weights, Math.abs))), now.weights.map((w) => Math.max(...Array.from(w.weights, Math.abs)))), null);
  // A loss that never gets below its start over the last epochs, or that swings back above it and stays
  // well above the best it reached, does not settle; one that learns, with its spikes, does.
  const stuck = Array.from({ length: SWINGING_EPOCHS + 20 }, (_, i) => (i === 0 ? 0.7 : i % 2 === 0 ? 0.71 : 0.75));
  const notLearning = assessDivergence(history(stuck), null, 1, [1], [1]);
  assert.equal(notLearning?.kind, "not-settling");
  assert.equal(notLearning!.message, `Not learning: over the last ${SWINGING_EPOCHS} epochs the loss stayed between 0.71 and 0.75, never below where it started (0.7 at epoch 1).`);
  assert.match(notLearning!.hint, /try 0\.1\./);
  assert.equal(assessDivergence(history(stuck.map((l, i) => (i === stuck.length - 1 ? 0.69 : l))), null, 1, [1], [1]), null, "below the start once, at the end");
  // Down to 0.3 by epoch 40, then swinging between 0.5 and 1.2.
  const swinging = Array.from({ length: 40 + SWINGING_EPOCHS }, (_, i) => (i < 40 ? 0.7 - (i / 39) * 0.4 : i % 2 === 0 ? 0.5 : 1.2));
  const overshooting = assessDivergence(history(swinging), null, 3, [1], [1]);
  assert.equal(overshooting?.kind, "not-settling");
  assert.equal(overshooting!.message, `Not settling: over the last ${SWINGING_EPOCHS} epochs the loss swung between 0.5 and 1.2, back above where it started (0.7), after it reached 0.3 at epoch 40.`);
  assert.equal(assessDivergence(history(swinging.map((l) => Math.min(l, 0.69))), null, 3, [1], [1]), null, "never back above the start");
  const best = Math.min(...swinging);
  assert.equal(assessDivergence(history(swinging.map((l, i) => (i >= 40 && i % 2 === 0 ? best * SWING : l))), null, 3, [1], [1]), null, "back down to 1.5 times its best");
  const spiky = Array.from({ length: 40 + SWINGING_EPOCHS }, (_, i) => (i === 100 ? 0.05 : 0.7 * Math.exp(-i / 5)));
  assert.equal(assessDivergence(history(spiky), null, 0.03, [1], [1]), null, "a converged run's spike");
  // Real runs on the circle (Adam, the default network and seed): η = 1 sticks at chance, η = 3 swings
  // after reaching 0.33, the default η = 0.03 learns.
  for (const [lr, message] of [[1, /^Not learning: /], [3, /^Not settling: /], [0.03, null]] as const) {
    const run = TrainingSession.create({ ...DEFAULT_TRAIN_OPTIONS, lr }, NO_SOURCES);
    run.runEpochs(Number(DEFAULT_TRAIN_OPTIONS.epochs));
    const snap = run.snapshot({ historyFrom: 1, grid: 0 });
    const hist = new RunHistory();
    hist.absorb(snap);
    const said = assessDivergence(hist, snap.divergence, lr, [1], [1]);
    if (message === null) assert.equal(said, null, `η = ${lr}`);
    else assert.match(said?.message ?? "", message, `η = ${lr}`);
  }
});

test("the digits file: encoded and decoded unchanged; a drawing becomes a centred MNIST digit", () => {
  const labels = [3, 7];
  const pixels = Array.from({ length: 2 * 784 }, (_, i) => ((i * 37) % 256) / 255);
  const data = decodeDigits(encodeDigits(labels, pixels));
  assert.deepEqual(Array.from(data.labels!), labels);
  assert.deepEqual(Array.from(data.x), pixels);
  assert.equal(data.classes, 10);
  // A 40 × 80 bar drawn in the top-left corner of a 200 × 200 pad: scaled to 10 × 20, centred at (14, 14).
  const rgba = new Uint8Array(200 * 200 * 4).fill(255);
  for (let y = 10; y < 90; y++) for (let x = 20; x < 60; x++) rgba.fill(0, 4 * (y * 200 + x), 4 * (y * 200 + x) + 3);
  const digit = padToDigit(rgba, 200, 200);
  const rows = Array.from({ length: 28 }, (_, y) => Array.from({ length: 28 }, (_, x) => digit[y * 28 + x]));
  const inked = rows.flatMap((row, y) => row.map((v, x) => (v > 0.5 ? [x, y] : null)).filter((p) => p !== null)) as number[][];
  assert.equal(inked.length, 10 * 20);
  assert.deepEqual([Math.min(...inked.map((p) => p[0])), Math.max(...inked.map((p) => p[0])), Math.min(...inked.map((p) => p[1])), Math.max(...inked.map((p) => p[1]))], [9, 18, 4, 23]);
});

test("practice links: the type, seed and options of tracegrad exercise, read back as written", () => {
  const params = parsePracticeQuery("type=backprop&seed=7&layers=3-2-1&activation=relu,identity&loss=mse&count=30&number=7");
  assert.equal(practiceQuery(params), "type=backprop&seed=7&layers=3-2-1&activation=relu%2Cidentity&loss=mse&count=30&number=7");
  assert.deepEqual(parsePracticeQuery(practiceQuery(params)), params);
  // Exercise 7 of a set of 30 is the one `tracegrad exercise --seed 7 --count 30` writes to 07/.
  const seed = exerciseSeeds(7, 30)[6];
  const model = practiceModel(params);
  assert.equal(model.exercise!.title, `Backpropagation exercise 07 (seed ${seed})`);
  assert.equal(model.files!["exercise.yaml"], drawExercise("backprop", commandLineOptions({ layers: "3-2-1", activation: "relu,identity", loss: "mse" }), { seed, digits: null, number: 7 }).files["exercise.yaml"]);
  assert.equal(exerciseCommand(params), "tracegrad exercise --type backprop --seed 7 --layers 3-2-1 --activation relu,identity --loss mse --count 30");
  assert.throws(() => parsePracticeQuery("type=quiz"), /type: unknown exercise type "quiz"/);
  assert.match(practiceModel(parsePracticeQuery("layers=2-99-1")).problem ?? "", /^layers: must list the inputs/);
  assert.throws(() => parsePracticeQuery("seed=x"), /seed: must be a whole number/);
  assert.throws(() => parsePracticeQuery("count=3"), /count and number go together/);
  // The follow-through credit of `tracegrad check --follow-through-credit`, kept in the link.
  assert.equal(parsePracticeQuery("seed=7&credit=0.5").credit, 0.5);
  assert.equal(practiceQuery(parsePracticeQuery("seed=7&credit=0.5")), "type=backprop&seed=7&credit=0.5");
  assert.throws(() => parsePracticeQuery("credit=2"), /credit: must be a number from 0 to 1/);
  // The tolerance of `tracegrad check --tolerance`, read by the library's reader, kept as a percentage.
  assert.equal(parsePracticeQuery("tolerance=0.01").tolerance, 0.01);
  assert.equal(practiceQuery(parsePracticeQuery("seed=3&tolerance=1%")), "type=backprop&seed=3&tolerance=1%25");
  assert.throws(() => parsePracticeQuery("tolerance=abc"), /tolerance must be a number or a percentage/);
  assert.equal(practiceCheckCommand(practiceModel(parsePracticeQuery("tolerance=1%&credit=0.5"))), "tracegrad check exercise.yaml answers.yaml --tolerance 1% --follow-through-credit 0.5");
});

test("practice grading: right, carried forward and wrong with its code, from answers built by the independent reference", () => {
  let model = practiceModel(parsePracticeQuery("type=backprop&seed=1"));
  const spec = model.record!.spec;
  const ref = referenceStep(toInterchange(spec) as RefSpec);
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  const wrongZ = ref.z[0][0][0] + 0.3;
  const answers: Record<string, string> = {
    z_h2: String(ref.z[0][0][1]),
    z_h1: String(wrongZ),
    a_h1: String(sigmoid(wrongZ)),
    "dL/dw2": String(ref.dW[0][1][0]),
    "dL/dw5": String(ref.dW[1][0][0]),
  };
  for (const [key, text] of Object.entries(answers)) model = practiceReducer(model, { type: "answer", key, text });
  model = practiceReducer(model, { type: "check" });
  const status = Object.fromEntries(model.grade!.results.map((r) => [r.key, [r.status, r.diagnosis]]));
  assert.deepEqual(status, {
    z_h1: ["wrong", null],
    a_h1: ["carried-forward", "propagated-error"],
    z_h2: ["right", null],
    "dL/dw5": ["right", null],
    "dL/dw2": ["wrong", "swapped"],
  });
  assert.deepEqual([model.grade!.right, model.grade!.carried, model.grade!.wrong], [2, 1, 2]);
  assert.deepEqual([model.grade!.points, model.grade!.maxPoints], [3, model.quantities.length], "a value carried forward earns a point");
  // 0.8% off the reference's value: wrong within check's default 0.5%, right with tolerance=1%.
  for (const [query, status] of [["type=backprop&seed=1", "wrong"], ["type=backprop&seed=1&tolerance=1%", "right"]] as const) {
    const near = practiceReducer(practiceReducer(practiceModel(parsePracticeQuery(query)), { type: "answer", key: "z_h2", text: String(ref.z[0][0][1] * 1.008) }), { type: "check" });
    assert.equal(near.grade!.results.find((r) => r.key === "z_h2")!.status, status, query);
  }
  const half = practiceReducer(practiceReducer(practiceModel({ ...model.params, credit: 0.5 }), { type: "restore", answers: model.answers, checked: true }), { type: "check" });
  assert.equal(half.grade!.points, 2.5, "credit=0.5: half a point for it");
  // A hint for the wrong value: the mistake and the formula with the student's own values, not the correct number.
  const swapped = model.grade!.results.find((r) => r.key === "dL/dw2")!;
  assert.ok(swapped.hint !== null && !swapped.hint.includes(String(ref.dW[0][0][1]).slice(0, 6)), String(swapped.hint));
  assert.ok(swapped.working !== null && swapped.working.includes("="), "the correct working on request");
  const marks = diagramMarks(model);
  assert.equal(marks.get("u:h1"), "wrong");
  assert.equal(marks.get("p:w2"), "wrong");
  assert.equal(marks.get("p:w5"), "right");
  // The answers file is the one tracegrad check reads, and grades the same.
  const file = answersFile(model);
  assert.match(file, /^z_h1: /m);
  assert.match(file, /^w1: null$/m, "what was not answered stays null");
  const cli = checkAnswers(model.record!, parseSource(file, "answers.yaml"), {});
  assert.deepEqual(cli.items.map((i) => [i.key, i.status, i.diagnosis]), model.grade!.results.map((r) => [r.key, r.status, r.diagnosis]));
  // A value that is not a number is said at its answer, and the others are graded without it.
  const typo = practiceReducer(practiceReducer(model, { type: "answer", key: "z_h2", text: "0.4o" }), { type: "check" });
  assert.deepEqual(typo.answerErrors.map((e) => e.key), ["z_h2"]);
  assert.match(typo.answerErrors[0].message, /^"0\.4o" is not a number: write a decimal number/);
  const others = model.grade!.results.filter((r) => r.key !== "z_h2");
  assert.deepEqual(typo.grade!.results.map((r) => [r.key, r.status, r.diagnosis]), others.map((r) => [r.key, r.status, r.diagnosis]));
  // A percentage likewise; a decimal comma is read as a point, and graded as the same number.
  const percent = practiceReducer(practiceReducer(model, { type: "answer", key: "z_h2", text: "55%" }), { type: "check" });
  assert.match(percent.answerErrors[0].message, /^"55%" is a percentage: write it as a number \(55% is 0\.55\)$/);
  const typed = model.answers.z_h1;
  assert.ok(typed !== undefined && typed.includes("."), typed);
  const comma = practiceReducer(practiceReducer(model, { type: "answer", key: "z_h1", text: typed.replace(".", ",") }), { type: "check" });
  assert.deepEqual(comma.answerErrors, []);
  assert.deepEqual(comma.grade!.results.map((r) => [r.key, r.given, r.status]), model.grade!.results.map((r) => [r.key, r.given, r.status]));
  assert.match(answersFile(comma), new RegExp(`^z_h1: ${typed.trim().replace(".", "\\.")}$`, "m"), "the answers file writes it with a point");
  assert.deepEqual(gradePractice(model.record!, {}).results, []);
});

test("train mode opens at a speed to watch: the default 5,000 epochs take seconds, not a third of one; a link's unknown speed gets the default", () => {
  const model = initialTrainModel();
  assert.equal(model.speed, DEFAULT_SPEED);
  assert.ok(SPEEDS.some(([v]) => Number(v) === DEFAULT_SPEED), "the default is one of the speeds offered");
  const seconds = Number(DEFAULT_TRAIN_OPTIONS.epochs) / speedRate(model.speed);
  assert.ok(seconds >= 2 && seconds <= 5, `the default run takes ${seconds.toFixed(1)} s`);
  assert.equal(trainLinkState(model, 0).speed, DEFAULT_SPEED);
  assert.equal(restoreTrain(model, { options: { ...DEFAULT_TRAIN_OPTIONS }, epoch: 0, speed: 7 }).model.speed, DEFAULT_SPEED);
  assert.equal(restoreTrain(model, { options: { ...DEFAULT_TRAIN_OPTIONS }, epoch: 0, speed: 0 }).model.speed, 0, "a link's own speed stays");
});

test("the pace of a run: one epoch a frame at first, faster as it settles, up to the speed chosen; the default run's boundary forms over a second and more", () => {
  assert.equal(paceAt(0, 1800), EASE_START);
  assert.equal(paceAt(100_000, 1800), 1800);
  assert.equal(paceAt(0, 60), 60, "1 epoch a frame is 1 epoch a frame from the start");
  assert.equal(paceAt(0, Number.POSITIVE_INFINITY), Number.POSITIVE_INFINITY, "as fast as it goes is unchanged");
  // The default run, played in ticks of 10 ms; a snapshot drawn every 50 ms.
  const budget = new PaceBudget(speedRate(initialTrainModel().speed));
  budget.start(0);
  let epoch = 0;
  let time = 0;
  let framesBefore200 = 0;
  let reached200 = 0;
  while (epoch < 5000) {
    time += 10;
    const allowed = Math.min(budget.allowed(time, epoch), 5000 - epoch);
    budget.spent(allowed);
    epoch += allowed;
    if (time % 50 === 0 && epoch > 0 && epoch < 200) framesBefore200++;
    if (epoch >= 200 && reached200 === 0) reached200 = time;
  }
  assert.ok(reached200 >= 1000, `epoch 200 at ${reached200} ms`);
  assert.ok(framesBefore200 >= 20, `${framesBefore200} snapshots before epoch 200`);
  assert.ok(time >= 3000 && time <= 6000, `the 5,000 epochs in ${time} ms`);
  // A page that could not keep up gets no burst: at most a quarter of a second's epochs at once.
  const late = new PaceBudget(1800);
  late.start(0);
  assert.equal(late.allowed(10_000, 4000), 450);
});

test("the training session's weights do not depend on how the epochs are sliced (the pace changes when they run, not what they compute)", () => {
  const options = { ...DEFAULT_TRAIN_OPTIONS, epochs: 600 };
  const whole = TrainingSession.create(options, NO_SOURCES);
  whole.runEpochs(600);
  const paced = TrainingSession.create(options, NO_SOURCES);
  // As the worker runs it at 30 epochs a frame: 30 at a time, with snapshots between.
  while (paced.epoch < 600) {
    paced.runEpochs(30);
    paced.snapshot({ historyFrom: paced.epoch, grid: 8 });
  }
  assert.equal(paced.modelFileText(), whole.modelFileText());
});

test("epochs per second: shown while playing, from the first snapshot; kept after the run stops, as the whole play's rate; gone with a new run", () => {
  const rate = new EpochRate();
  assert.equal(rate.value, 0, "nothing played yet");
  rate.start(1000, 0);
  rate.observe(1100, 180, true);
  assert.equal(rate.value, 1800, "since Play, before half a second has passed");
  rate.observe(1500, 900, true);
  assert.equal(rate.value, 1800);
  rate.observe(1800, 1500, true);
  assert.equal(rate.value, 1800, "a window not yet full keeps the last");
  rate.observe(2000, 1800, true);
  assert.equal(rate.value, 1800, "over the last half second");
  rate.observe(3500, 5000, false);
  assert.equal(rate.value, 2000, "the whole play: 5,000 epochs in 2.5 s");
  rate.observe(4000, 5001, false);
  assert.equal(rate.value, 2000, "a step taken while paused keeps it");
  // A play too short for any snapshot but the last still has a rate.
  const short = new EpochRate();
  short.start(0, 0);
  short.observe(300, 5000, false);
  assert.equal(Math.round(short.value), 16667);
  short.clear();
  assert.equal(short.value, 0);
  short.observe(10, 0, false);
  assert.equal(short.value, 0, "a new run's first snapshot: none yet");
});

test("an item of step mode before its own steps: what is known of it and where it comes, never that nothing is computed", () => {
  const spec = parseStepSpec(readFileSync(join(EXAMPLES, "module11-2-2-2.yaml"), "utf8"));
  const record = runStep(spec);
  const stages = stagesOf(record);
  const w1 = itemOf(record, "p:w1")!;
  const after = itemOutlook(spec, stages, 1, w1, 1, 8);
  assert.deepEqual(after.known, [`w1 = ${spec.layers[0].weights[0][0]}, given.`, "Stage 1 of 6 (Forward pass, layer 1) used it in z of h1."]);
  assert.equal(after.next, "Its gradient ∂E/∂w1 comes in stage 5 of 6 (Backward pass, layer 1).");
  assert.equal(itemOutlook(spec, stages, 0, w1, 1, 8).known.length, 1, "before the forward pass: its value only");
  assert.equal(itemOutlook(spec, stages, 5, w1, 1, 8).next, "Its new value comes in stage 6 of 6 (Update).");
  assert.equal(itemOutlook(spec, stages, 6, w1, 1, 8).next, null);
  assert.match(itemOutlook(spec, stages, 0, w1, 2, 8).known[0], /its value after step 1\.$/);
  assert.equal(itemOutlook(spec, stages, 0, itemOf(record, "u:o1")!, 1, 8).next, "o1's z and a come in stage 2 of 6 (Forward pass, layer 2).");
  assert.equal(itemOutlook(spec, stages, 2, itemOf(record, "u:o1")!, 1, 8).next, "Its δ comes in stage 4 of 6 (Backward pass, layer 2).");
  assert.equal(itemOutlook(spec, stages, 1, itemOf(record, "loss")!, 1, 8).next, "The loss E comes in stage 3 of 6 (Loss), from the outputs and the targets.");
  const forward = parseStepSpec(readFileSync(join(EXAMPLES, "nn-exercises-ex1-forward.yaml"), "utf8"));
  const forwardRecord = runStep(forward);
  const firstWeight = itemOf(forwardRecord, `p:${forward.names.layers[0].weights[0][0]}`)!;
  assert.match(itemOutlook(forward, stagesOf(forwardRecord), 1, firstWeight, 1, 8).next ?? "", /no gradient: the network has no targets/);
});

test("practice feedback: the explanation under a shown working says only what the hint and the working do not", () => {
  let model = practiceModel(parsePracticeQuery("type=backprop&seed=1"));
  model = practiceReducer(practiceReducer(model, { type: "answer", key: "z_h1", text: "0.123" }), { type: "check" });
  const result = model.grade!.results.find((r) => r.key === "z_h1")!;
  const sentence = "This does not match any of the common mistakes tracegrad looks for";
  assert.ok(result.hint!.includes(sentence) && result.explanation!.includes(sentence), "the grading says it in both");
  assert.equal(explanationBeyond(result.explanation!, result.hint, result.working), null, "the rest is the working's own value");
  assert.equal(explanationBeyond(`${sentence}; z_h1 = 0.173.`, `${sentence}; check the arithmetic.`, null), "z_h1 = 0.173.");
  assert.equal(explanationBeyond("You used σ(a) for σ(z). The value is 0.5.", "You used σ(a) for σ(z).", null), "The value is 0.5.");
  assert.equal(explanationBeyond("Either this is swapped; or the sign is flipped.", "Either this is swapped;", null), "Or the sign is flipped.");
});
