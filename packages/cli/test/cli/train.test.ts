import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import { generate } from "tracegrad/internal/data/generators";
import { CLI, expectUserError, runCli } from "./run-cli.js";

function assertNear(actual: number, expected: number, relative: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

const tmp = () => mkdtempSync(join(tmpdir(), "tracegrad-train-"));

function withoutTimings(metrics: string): unknown {
  const m = JSON.parse(metrics);
  delete m.trainSeconds;
  return m;
}

test("train writes metrics, model and plots; the same seed gives identical files (apart from timings)", () => {
  const [a, b] = [tmp(), tmp()];
  for (const out of [a, b]) {
    const r = runCli(["train", "--data", "xor-easy", "--epochs", "3000", "--init", "normal", "--out", out, "--quiet"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /stopped after 3000 epochs: epochs/);
  }
  for (const f of ["metrics.json", "model.json", "learning-curve.svg", "learning-curve.png", "predictions.png", "decision-boundary.png", "confusion-matrix.png"]) assert.ok(existsSync(join(a, f)), f);
  assert.deepEqual(withoutTimings(readFileSync(join(a, "metrics.json"), "utf8")), withoutTimings(readFileSync(join(b, "metrics.json"), "utf8")));
  assert.equal(readFileSync(join(a, "model.json"), "utf8"), readFileSync(join(b, "model.json"), "utf8"));
  const metrics = JSON.parse(readFileSync(join(a, "metrics.json"), "utf8"));
  assert.equal(metrics.history.length, 3000);
  for (const key of ["epoch", "loss", "accuracy"]) assert.ok(key in metrics.history[0], key);
  assert.ok(metrics.history[0].accuracy >= 0 && metrics.history[0].accuracy <= 1, "accuracy is a fraction");
  assert.ok(typeof metrics.final.trainLoss === "number" && typeof metrics.final.trainAccuracy === "number");
  assert.equal(metrics.stopReason, "epochs");
  const model = readFileSync(join(a, "model.json"), "utf8");
  assert.doesNotMatch(model, /trainSeconds|checkpointEvery|"out"|"resume"|tracegrad-train-/, "no durations, paths or output options in model.json");
});

test("a run killed with SIGKILL and resumed writes the model.json of a run never stopped", async () => {
  const args = ["train", "--data", "linear", "--batch", "1", "--epochs", "400", "--optimizer", "momentum", "--lr", "0.1", "--dropout", "0.1", "--quiet"];
  const straight = tmp();
  assert.equal(runCli([...args, "--out", straight]).status, 0);
  const killed = tmp();
  const child = spawn(process.execPath, [CLI, ...args, "--out", killed, "--checkpoint-every", "7"], { stdio: "ignore" });
  const checkpoint = join(killed, "checkpoint.json");
  while (!existsSync(checkpoint) && child.exitCode === null) await new Promise((r) => setTimeout(r, 5));
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
  assert.ok(existsSync(checkpoint), "a checkpoint was written before the kill");
  assert.ok(!existsSync(join(killed, "model.json")), "the run was killed before it finished");
  const saved = JSON.parse(readFileSync(checkpoint, "utf8"));
  assert.ok(saved.trainer.epoch > 0 && saved.trainer.epoch < 400);
  const resumed = runCli([...args, "--out", killed, "--checkpoint-every", "7", "--resume"]);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.equal(readFileSync(join(killed, "model.json"), "utf8"), readFileSync(join(straight, "model.json"), "utf8"));
  assert.deepEqual(withoutTimings(readFileSync(join(killed, "metrics.json"), "utf8")), withoutTimings(readFileSync(join(straight, "metrics.json"), "utf8")));
  const other = runCli([...args.map((a) => (a === "0.1" ? "0.2" : a)), "--out", killed, "--resume"]);
  assert.equal(other.status, 2);
  assert.match(other.stderr, /--resume: .* was written with other options \(learningRate was 0\.1 there and is 0\.2 now\)/);
});

test("--resume from a damaged checkpoint.json: exit 2, one line naming the file, line:column and field", () => {
  const dir = tmp();
  const args = ["train", "--data", "xor-easy", "--epochs", "20", "--optimizer", "adam", "--out", dir, "--quiet"];
  assert.equal(runCli([...args, "--checkpoint-every", "7"]).status, 0);
  const path = join(dir, "checkpoint.json");
  const good = readFileSync(path, "utf8");
  const saved = JSON.parse(good);
  assert.equal(saved.trainer.epoch, 14);
  type Trainer = { layers: { units: number; weights: number[][] }[]; optimizer: { state: number[][][] }; random: { s: number[] } };
  const damaged = (change: (t: Trainer) => void) => {
    const c = JSON.parse(good) as { trainer: Trainer };
    change(c.trainer);
    writeFileSync(path, JSON.stringify(c, null, 1));
  };
  writeFileSync(path, good.slice(0, 200));
  expectUserError([...args, "--resume"], /checkpoint\.json:1:201: malformed JSON/);
  damaged((t) => t.layers[1].weights[2].pop());
  expectUserError([...args, "--resume"], /checkpoint\.json:\d+:\d+: trainer\.layers\[1\]\.weights\[2\]: has 3 weights, not 4 \(one per input of the layer\)$/);
  // Adam keeps two moments per parameter; SGD's state would have none.
  damaged((t) => (t.optimizer.state[0] = [[]]));
  expectUserError([...args, "--resume"], /checkpoint\.json:\d+:\d+: trainer\.optimizer\.state\[0\]: has 1 arrays, but adam keeps 2$/);
  damaged((t) => (t.random.s[0] = -1));
  expectUserError([...args, "--resume"], /checkpoint\.json:\d+:\d+: trainer\.random\.s\[0\]: must be at least 0, got -1$/);
  damaged((t) => (t.layers[0].units = 5));
  expectUserError([...args, "--resume"], /trainer\.layers\[0\]\.weights: has 4 rows, not 5 \(one per unit\)$/);
  writeFileSync(path, good);
  assert.equal(runCli([...args, "--resume"]).status, 0);
});

test("a YAML config file, overridden by flags; bad options give one line and exit 2", () => {
  const dir = tmp();
  const config = join(dir, "run.yaml");
  writeFileSync(config, "data: moons\nlayers: 2-8-1\nactivation: tanh\nloss: bce\noptimizer: adam\nlr: 0.05\nepochs: 50\n");
  const r = runCli(["train", "--config", config, "--epochs", "20", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.epochs, 20);
  for (const [args, pattern] of [
    [["train", "--layers", "3-4-1"], /--layers: starts with 3 inputs, but xor-easy has 2 features/],
    [["train", "--lr", "fast"], /--lr: expected a number, got "fast"/],
    [["train", "--optimizer", "adma"], /--optimizer: unknown optimizer "adma".*did you mean "adam"/],
    [["train", "--data", "spiral", "--classes", "3", "--layers", "2-4-1"], /ends with 1 output, but spiral has 3 classes/],
    [["train", "--data", "nothing.csv"], /file not found: nothing\.csv/],
    [["train", "--layers", "2-4-1", "--batch-norm", "--batch", "1"], /--batch-norm: needs at least 2 samples in every batch .* batches of 1 leave a batch of 1/],
  ] as const) {
    const bad = runCli([...args]);
    assert.equal(bad.status, 2, `${args.join(" ")}: ${bad.stderr}`);
    assert.equal(bad.stderr.trimEnd().split("\n").length, 1);
    assert.match(bad.stderr, pattern);
  }
  writeFileSync(config, "data: moons\nlearning_rate: 0.1\n");
  const typo = runCli(["train", "--config", config]);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /run\.yaml:2:1: learning_rate: unknown option "learning_rate"/);
});

test("config-file mistakes name the key as the file writes it, at its own line and column, also for checks across options", () => {
  const dir = tmp();
  const write = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const yaml = write("run.yaml", "data: moons\nlayers: 2-8-1\n\noutput-activation: sigmod\n");
  expectUserError(["train", "--config", yaml], /run\.yaml:4:20: output-activation: unknown activation "sigmod"/);
  const unknown = write("unknown.yaml", "data: moons\n\nlearning-rate: 0.1\n");
  expectUserError(["train", "--config", unknown], /unknown\.yaml:3:1: learning-rate: unknown option "learning-rate"/);
  const json = write("run.json", '{\n  "data": "moons",\n  "stop-loss-change": -1\n}\n');
  expectUserError(["train", "--config", json], /run\.json:3:23: stop-loss-change: must be greater than 0, got -1/);
  // Checks across options, after the file and the command line are merged.
  const softmax = write("softmax.yaml", "data: moons\nlayers: 2-8-2\nloss: cross-entropy\noutput-activation: sigmoid\n");
  expectUserError(["train", "--config", softmax], /softmax\.yaml:4:20: output-activation: the loss cross-entropy needs softmax, got sigmoid$/);
  expectUserError(["train", "--config", softmax, "--output-activation", "tanh"], /^tracegrad: --output-activation: the loss cross-entropy needs softmax, got tanh$/);
  const layers = write("layers.yaml", "epochs: 5\n\n\nlayers: 3-4-1\n");
  expectUserError(["train", "--config", layers], /layers\.yaml:4:9: layers: starts with 3 inputs, but xor-easy has 2 features$/);
  expectUserError(["train", "--config", layers, "--layers", "4-1"], /^tracegrad: --layers: starts with 4 inputs, but xor-easy has 2 features$/);
  const patience = write("patience.yaml", "epochs: 5\npatience: 3\n");
  expectUserError(["train", "--config", patience], /patience\.yaml:2:11: patience: watches the validation loss/);
  // Numbers that pass as numbers but not as what the field is: said at their place in the file, not by the trainer as options.epochs.
  const sizes = join(dir, "sizes.yaml");
  for (const [line, pattern] of [
    ["epochs: 1.7e308", /sizes\.yaml:2:9: epochs: must be at most 9,007,199,254,740,991 \(2⁵³ − 1\), got 1\.7e\+308$/],
    ["seed: -1e300", /sizes\.yaml:2:7: seed: must be at most 9,007,199,254,740,991 \(2⁵³ − 1\) in size, got -1e\+300$/],
    ["momentum: 42", /sizes\.yaml:2:11: momentum: must be a fraction in \[0, 1\), got 42$/],
    ["noise: 1.7e308", /sizes\.yaml:2:8: noise: must be from 0 to 1,000, got 1\.7e\+308$/],
  ] as const) {
    writeFileSync(sizes, `data: circle\n${line}\nlayers: 2-4-1\n`);
    expectUserError(["train", "--config", sizes], pattern);
  }
});

test("--validation and --test: below 1 together, at least one sample each, some left to train on; --patience needs a validation split", () => {
  // xor-easy has 21 samples; a split holds round(fraction · 21) of them.
  for (const [args, pattern] of [
    [["--validation", "0.5", "--test", "0.5"], /^tracegrad: --validation: 0\.5 and --test 0\.5 hold out the whole data set; together they must be below 1$/],
    [["--validation", "1"], /^tracegrad: --validation: must be a fraction in \[0, 1\), got 1$/],
    [["--test", "-0.1"], /^tracegrad: --test: must be a fraction in \[0, 1\), got -0\.1$/],
    [["--validation", "0.99"], /^tracegrad: --validation: 0\.99 of 21 samples: that leaves none to train on$/],
    [["--validation", "0.6", "--test", "0.38"], /^tracegrad: --validation: 0\.6 and --test 0\.38 of 21 samples: that leaves none to train on$/],
    [["--validation", "0.01", "--patience", "3"], /^tracegrad: --validation: 0\.01 of 21 samples is no sample at all; give at least one sample's worth, 1\/21 ≈ 0\.0476$/],
    [["--test", "0.02"], /^tracegrad: --test: 0\.02 of 21 samples is no sample at all/],
    [["--patience", "3"], /^tracegrad: --patience: watches the validation loss/],
  ] as const) {
    expectUserError(["train", "--epochs", "5", "--quiet", ...args], pattern);
  }
  // 0.024 · 21 = 0.504 rounds to 1 validation sample; 0.6 · 21 + 0.35 · 21 round to 13 + 7, leaving 1.
  for (const [args, sizes] of [
    [["--validation", "0.024", "--patience", "3"], { validation: true, test: false }],
    [["--validation", "0.6", "--test", "0.35"], { validation: true, test: true }],
  ] as const) {
    const r = runCli(["train", "--epochs", "5", "--json", ...args]);
    assert.equal(r.status, 0, r.stderr);
    const final = JSON.parse(r.stdout).final;
    assert.equal("valLoss" in final, sizes.validation);
    assert.equal("testLoss" in final, sizes.test);
  }
  const dir = tmp();
  writeFileSync(join(dir, "split.yaml"), "epochs: 5\nvalidation: 0.99\n");
  expectUserError(["train", "--config", join(dir, "split.yaml")], /split\.yaml:2:13: validation: 0\.99 of 21 samples: that leaves none to train on$/);
});

test("--classes needs 2 or more; a CSV header naming a column twice is refused; model.json keeps the CSV path as --data gave it", () => {
  expectUserError(["train", "--data", "spiral", "--classes", "1", "--layers", "2-4-1"], /^tracegrad: --classes: must be a whole number, 2 or more, got 1$/);
  expectUserError(["train", "--data", "blobs", "--classes", "0"], /--classes: must be a whole number, 2 or more, got 0$/);
  const dir = tmp();
  const duplicate = join(dir, "dup.csv");
  writeFileSync(duplicate, "x,y,y\n1,0,5\n2,1,6\n");
  expectUserError(["train", "--data", duplicate, "--layers", "2-1", "--target", "y"], /dup\.csv:1:3: the header names "y" twice, in columns 2 and 3; every column needs its own name$/);
  const csv = join(dir, "points.csv");
  writeFileSync(csv, "a,b,label\n0,0,0\n1,1,1\n0,1,1\n1,0,0\n");
  assert.equal(runCli(["train", "--data", csv, "--layers", "2-1", "--epochs", "3", "--out", dir, "--quiet"]).status, 0);
  assert.equal(JSON.parse(readFileSync(join(dir, "model.json"), "utf8")).training.data, csv);
});

test("divergence: exit 1 with the epoch and a hint", () => {
  const r = runCli(["train", "--data", "xor-easy", "--activation", "identity", "--init", "normal", "--quiet"]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /diverged at epoch \d+, batch 1: .*linear \(no activation\)/);
});

/** The outputs of a model.json's dense identity network, computed here without tracegrad. */
function identityNetwork(model: { layers: { weights: number[][]; bias: number[] }[] }, x: number[]): number[] {
  return model.layers.reduce((a, layer) => layer.weights.map((row, u) => row.reduce((s, w, i) => s + w * a[i], layer.bias[u])), x);
}

test("a diverged run with --out: exit 1, no stack trace, the learning curve but no plots of NaN outputs; NaN is never a right class", () => {
  const dir = tmp();
  writeFileSync(join(dir, "confusion-matrix.png"), "an older run's plot");
  const r = runCli(["train", "--data", "xor-easy", "--activation", "identity", "--lr", "1000000", "--epochs", "50", "--out", dir, "--quiet"]);
  assert.equal(r.status, 1, r.stderr);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /diverged at epoch 4, batch 1: the loss became NaN or infinite/);
  assert.match(r.stdout, /wrote .*: metrics\.json, model\.json \(the weights at divergence\) and the plots learning-curve; a plot of the model's outputs is left out where they are NaN/);
  assert.deepEqual(readdirSync(dir).sort(), ["learning-curve.png", "learning-curve.svg", "metrics.json", "model.json"]);
  assert.match(readFileSync(join(dir, "learning-curve.svg"), "utf8"), /diverged at epoch 4/);
  const model = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
  const data = generate("xor-easy", { seed: 1 });
  let right = 0;
  for (let i = 0; i < data.n; i++) {
    const [o] = identityNetwork(model, [data.x[2 * i], data.x[2 * i + 1]]);
    if (!Number.isNaN(o) && (o >= 0.5 ? 1 : 0) === data.labels![i]) right++;
  }
  const metrics = JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8"));
  assert.equal(metrics.stopReason, "diverged");
  assert.equal(metrics.final.trainLoss, null);
  assert.equal(metrics.final.trainAccuracy, right / data.n);
  assert.equal(right, 0, "every output overflowed to NaN; read as class 0 they would have been 11/21 right");
});

test("outputs beyond [0, 1] (no sigmoid on the output) still draw a decision boundary", () => {
  const dir = tmp();
  const r = runCli(["train", "--data", "circle", "--activation", "tanh", "--output-activation", "identity", "--lr", "0.1", "--epochs", "300", "--out", dir, "--quiet"]);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(existsSync(join(dir, "decision-boundary.svg")));
});

test("predict, evaluate and export use the saved model and scaler", async () => {
  const dir = tmp();
  assert.equal(runCli(["train", "--data", "linear", "--epochs", "2000", "--scale", "standardize", "--out", dir, "--quiet"]).status, 0);
  const csv = join(dir, "points.csv");
  // The columns by the names the generated data gives them (x1, x2, as the course writes them).
  writeFileSync(csv, "x1,x2,label\n0.9,0.1,0\n0.1,0.9,1\n0.8,0.3,0\n");
  const predicted = runCli(["predict", join(dir, "model.json"), csv]);
  assert.equal(predicted.status, 0, predicted.stderr);
  const lines = predicted.stdout.trim().split("\n");
  assert.equal(lines[0], "class,output");
  assert.deepEqual(lines.slice(1).map((l) => l.split(",")[0]), ["0", "1", "0"]);
  const evaluated = JSON.parse(runCli(["evaluate", join(dir, "model.json"), csv, "--json"]).stdout);
  assert.equal(evaluated.accuracy, 1);
  assert.deepEqual(evaluated.confusionMatrix, [[2, 0], [0, 1]]);
  const onnx = join(dir, "model.onnx");
  assert.equal(runCli(["export", join(dir, "model.json"), "--format", "onnx", "--out", onnx]).status, 0);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(readFileSync(onnx));
  const out = (await session.run({ input: new ort.Tensor("float64", Float64Array.of(0.9, 0.1, 0.1, 0.9, 0.8, 0.3), [3, 2]) })).output.data as Float64Array;
  const json = JSON.parse(runCli(["predict", join(dir, "model.json"), csv, "--json"]).stdout);
  json.predictions.forEach((p: { outputs: number[] }, i: number) => assert.ok(Math.abs(p.outputs[0] - out[i]) < 1e-12));
});

test("spiral: K arms, learnable for K = 2, 3 and 5 (≥ 95% training accuracy with 2-16-16-K tanh, Adam, 2,000 epochs)", () => {
  for (const classes of [2, 3, 5]) {
    const r = runCli(["train", "--data", "spiral", "--classes", String(classes), "--layers", `2-16-16-${classes}`, "--activation", "tanh", "--loss", "cross-entropy", "--optimizer", "adam", "--lr", "0.01", "--epochs", "2000", "--json"]);
    assert.equal(r.status, 0, r.stderr);
    const accuracy = JSON.parse(r.stdout).final.trainAccuracy;
    assert.ok(accuracy >= 0.95, `${classes} classes: training accuracy ${accuracy}`);
  }
});

/** A model.json's outputs for raw inputs, computed here without tracegrad: its features, its scaler, then tanh layers and a sigmoid output. */
function forwardByHand(model: { features: string[]; scaler: { min: number[]; max: number[] }; layers: { weights: number[][]; bias: number[]; activation: string }[] }, x1: number, x2: number): number {
  const feature: Record<string, number> = { x1, x2, "x1^2": x1 * x1, "x2^2": x2 * x2, "x1*x2": x1 * x2, "sin(x1)": Math.sin(x1), "sin(x2)": Math.sin(x2) };
  const inputs = model.features.map((f, j) => (feature[f] - model.scaler.min[j]) / (model.scaler.max[j] - model.scaler.min[j]));
  const out = model.layers.reduce((a, layer) => layer.weights.map((row, u) => {
    const z = row.reduce((s, w, i) => s + w * a[i], layer.bias[u]);
    return layer.activation === "tanh" ? Math.tanh(z) : 1 / (1 + Math.exp(-z));
  }), inputs);
  return out[0];
}

test("input features: model.json records them; predict, evaluate and the ONNX export compute them from x1 and x2", async () => {
  const [dir, again] = [tmp(), tmp()];
  const args = ["train", "--data", "circle", "--features", "x1^2,x2^2,x1*x2,sin(x1)", "--layers", "4-6-1", "--activation", "tanh", "--loss", "bce", "--optimizer", "adam", "--lr", "0.05", "--epochs", "300", "--scale", "minmax", "--quiet"];
  for (const out of [dir, again]) assert.equal(runCli([...args, "--out", out]).status, 0);
  const text = readFileSync(join(dir, "model.json"), "utf8");
  assert.equal(text, readFileSync(join(again, "model.json"), "utf8"), "equal runs give byte-equal model files");
  const model = JSON.parse(text);
  assert.deepEqual(model.features, ["x1^2", "x2^2", "x1*x2", "sin(x1)"]);
  assert.deepEqual(model.featureNames, ["x1", "x2"], "the raw columns the features are computed from");
  assert.equal(model.inputs, 4);
  assert.deepEqual(model.training.features, model.features);
  const points = [[0.1, -0.2], [0.9, 0.3], [-0.6, -0.7], [0.05, 0.4]];
  const csv = join(dir, "points.csv");
  writeFileSync(csv, "x1,x2,label\n" + points.map(([a, b]) => `${a},${b},${Math.hypot(a, b) < 0.6 ? 0 : 1}`).join("\n") + "\n");
  const predicted = JSON.parse(runCli(["predict", join(dir, "model.json"), csv, "--json"]).stdout).predictions as { class: string; outputs: number[] }[];
  points.forEach(([a, b], i) => assertNear(predicted[i].outputs[0], forwardByHand(model, a, b), 1e-12, `point ${i}`));
  const evaluated = runCli(["evaluate", join(dir, "model.json"), "circle", "--json"]);
  assert.equal(evaluated.status, 0, evaluated.stderr);
  assert.ok(JSON.parse(evaluated.stdout).accuracy > 0.9, "x1² and x2² make the circle linearly separable");
  const onnx = join(dir, "model.onnx");
  const exported = runCli(["export", join(dir, "model.json"), "--format", "onnx", "--out", onnx]);
  assert.equal(exported.status, 0, exported.stderr);
  assert.match(exported.stdout, /input "input" \[batch, 2\]/);
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(readFileSync(onnx));
  const out = (await session.run({ input: new ort.Tensor("float64", Float64Array.from(points.flat()), [points.length, 2]) })).output.data as Float64Array;
  points.forEach((_, i) => assertNear(out[i], predicted[i].outputs[0], 1e-12, `ONNX, point ${i}`));
});

test("input features: mistakes are one line naming --features or --layers", () => {
  expectUserError(["train", "--features", "x3", "--layers", "1-1"], /^tracegrad: --features: unknown feature "x3"; expected some of x1, x2, x1\^2/);
  expectUserError(["train", "--features", "x1,x1", "--layers", "2-1"], /--features: names x1 twice/);
  expectUserError(["train", "--features", "x1,x2,x1*x2", "--layers", "2-4-1", "--epochs", "1"], /^tracegrad: --layers: starts with 2 inputs, but the features x1, x2, x1\*x2 are 3$/);
});

test("regression sets: gaussians trains with mse and evaluates against its own targets", () => {
  const dir = tmp();
  const r = runCli(["train", "--data", "gaussians", "--noise", "0", "--layers", "2-12-12-1", "--activation", "tanh", "--output-activation", "identity", "--optimizer", "adam", "--lr", "0.02", "--epochs", "400", "--out", dir, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const final = JSON.parse(r.stdout).final;
  assert.equal(final.trainAccuracy, undefined, "no accuracy for regression");
  const model = JSON.parse(readFileSync(join(dir, "model.json"), "utf8"));
  assert.deepEqual(model.task, { kind: "regression" });
  assert.equal(model.training.noise, 0);
  const evaluated = JSON.parse(runCli(["evaluate", join(dir, "model.json"), "gaussians", "--json"]).stdout);
  assertNear(evaluated.loss, final.trainLoss, 1e-12, "the same seed and noise draw the training points again");
});
