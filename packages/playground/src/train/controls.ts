/**
 * Train mode's settings form, drawn from a {@link TrainModel}: every control of `tracegrad train`
 * that the page trains with, each with a one-line tooltip in the course's words, and the problem with
 * the settings (if any) beside the control it is about, with the button that fixes it.
 *
 * @module
 */
import { activationNames } from "tracegrad/internal/engine/activations";
import { optimizerNames } from "tracegrad/internal/engine/update-rules";
import { INITIALIZER_NAMES } from "tracegrad/internal/nn/initializers";
import { h, select } from "../lib/dom.js";
import { featureList, hiddenSizes, noiseOf, withHidden } from "./settings.js";
import { DIGITS, WEB_GENERATORS } from "./setup.js";
import { SPEEDS } from "./train-state.js";
import type { TrainAction, TrainModel } from "./train-state.js";

/** One line each, in the course's words. */
export const TOOLTIPS: Readonly<Record<string, string>> = {
  data: "The points to learn: two classes or more in the plane, a regression surface, or handwritten digits.",
  noise: "How far the points stray from the pattern: the σ of the Gaussian noise added to them.",
  test: "The share of the points held out to test the network on: they are never trained on.",
  validation: "The share held out to watch the loss on while training (for early stopping).",
  points: "How many points to draw.",
  classes: "How many classes (arms of the spiral, blobs); the output layer gets one unit per class.",
  scale: "Feature scaling: min-max maps each input into [0, 1]; standardization to mean 0 and σ 1 (fitted on the training split).",
  layers: "The sizes of the hidden layers, like 8-8; the inputs and the output layer follow from the data.",
  activation: "The activation f(z) of the hidden units.",
  loss: "What training minimizes: squared error for values, binary cross-entropy for two classes, cross-entropy (with softmax) for more.",
  optimizer: "The update rule: SGD w ← w − η·∂L/∂w, momentum, Nesterov, RMSprop, Adam, AdamW.",
  lr: "η, the step size of each update: too small learns slowly, too large overshoots and diverges.",
  l2: "L2 regularization: adds λΣw² to the loss, so each update pulls every weight toward 0.",
  l1: "L1 regularization: adds λΣ|w| to the loss, which pushes small weights to exactly 0.",
  batch: "Samples per update: all of them (full batch), a few (minibatch), or 1 (stochastic gradient descent).",
  epochs: "How many passes over the training data to make.",
  seed: "The seed of the data, the first weights, the shuffles and dropout: the same seed gives the same run.",
  init: "How the first weights are drawn: Xavier for sigmoid and tanh, He for ReLU keep the signal's variance from layer to layer.",
  dropout: "Dropout: while training, each hidden unit's output is set to 0 with probability p, so no unit can rely on another.",
  batchNorm: "Batch normalization: each hidden layer's outputs are normalized over the batch to mean 0 and variance 1, then scaled by γ and shifted by β.",
  schedule: "How η changes over the epochs: step (×factor every N epochs), exponential, cosine, or plateau (×factor when the loss stops improving).",
  warmup: "Epochs over which η rises linearly from 0 to its value at the start.",
  patience: "Early stopping: stop when the validation loss has not improved for this many epochs (needs a validation share).",
  speed: "How fast to train: a few epochs per frame to watch it learn, or as fast as the computer goes.",
};

const SCHEDULES: readonly (readonly [string, string])[] = [
  ["", "constant"],
  ["step:every=500,factor=0.5", "step: ×0.5 every 500 epochs"],
  ["exponential:factor=0.999", "exponential: ×0.999 per epoch"],
  ["cosine", "cosine, down to 0"],
  ["plateau:factor=0.5,patience=50", "plateau: ×0.5 after 50 epochs without progress"],
];

export interface ControlEvents {
  dispatch(action: TrainAction): void;
  upload(file: File): void;
}

function numberText(value: unknown): string {
  return value === undefined || value === null ? "" : String(value);
}

/** The settings form, in two parts: the data set (beside the run's buttons, first on a phone) and the rest. */
export interface RenderedControls {
  readonly data: HTMLElement[];
  readonly settings: HTMLElement[];
}

/** The settings form. */
export function renderControls(model: TrainModel, events: ControlEvents): RenderedControls {
  const o = model.options;
  const key = (k: string) => (v: unknown) => events.dispatch({ type: "set", key: k, value: v });
  const problem = model.problem;
  /** The problem beside the control of `k`, with its fix. */
  const beside = (k: string): HTMLElement | null => {
    if (problem === null || problem.key !== k) return null;
    const fix = h("button", { type: "button", class: "small fix", "data-testid": "fix-settings" }, problem.fix.label);
    fix.addEventListener("click", () => events.dispatch({ type: "options", options: problem.fix.options, what: "" }));
    return h("div", { class: "field-problem", role: "alert", "data-testid": "settings-problem", "data-key": k }, h("span", {}, problem.message), fix);
  };
  const labelled = (k: string, label: string, control: HTMLElement, extra: HTMLElement | null = null) =>
    h("div", { class: "field-wrap" }, h("label", { class: "field", title: TOOLTIPS[k] ?? "" }, h("span", { class: "field-label" }, label, TOOLTIPS[k] !== undefined ? h("span", { class: "info", "aria-hidden": "true" }, "i") : null), control), extra, beside(k));
  const text = (k: string, testid: string, placeholder = "", mode = "decimal") => {
    const input = h("input", { type: "text", inputmode: mode, value: numberText((o as Record<string, unknown>)[k]), placeholder, "data-testid": testid, size: 7 });
    input.addEventListener("change", () => {
      const t = input.value.trim();
      key(k)(t === "" ? undefined : Number.isFinite(Number(t)) ? Number(t) : t);
    });
    return input;
  };
  const choose = (k: string, testid: string, options: readonly (readonly [string, string])[], value: string, action?: (v: string) => void) => {
    const element = select({ "data-testid": testid }, options, value);
    element.addEventListener("change", () => (action ?? key(k))(element.value));
    return element;
  };
  const slider = (k: string, testid: string, min: number, max: number, step: number, value: number, shown: (v: number) => string) => {
    const readout = h("output", { class: "slider-value" }, shown(value));
    const input = h("input", { type: "range", min, max, step, value, "data-testid": testid, "aria-valuetext": shown(value) });
    input.addEventListener("input", () => (readout.textContent = shown(Number(input.value))));
    input.addEventListener("change", () => key(k)(Number(input.value)));
    return h("div", { class: "slider" }, input, readout);
  };

  const data = String(o.data ?? "");
  const isCsv = data.toLowerCase().endsWith(".csv");
  const generated = (WEB_GENERATORS as readonly string[]).includes(data);
  const dataOptions: [string, string][] = [
    ...WEB_GENERATORS.map((g): [string, string] => [g, g === "plane" || g === "gaussians" ? `${g} (regression)` : g]),
    [DIGITS, "digits (MNIST, fetched when chosen)"],
  ];
  if (model.csv !== null) dataOptions.push([model.csv.name, `${model.csv.name} (uploaded)`]);
  const dataSelect = choose("data", "dataset", dataOptions, data, (v) => events.dispatch({ type: "data", name: v }));
  const upload = h("input", { type: "file", accept: ".csv,text/csv", "data-testid": "csv-upload", class: "file" });
  upload.addEventListener("change", () => {
    const file = upload.files?.[0];
    if (file !== undefined) events.upload(file);
  });
  const multiClass = data === "spiral" || data === "blobs";
  const classes = h("input", { type: "number", min: 2, max: 10, value: numberText(o.classes ?? 3), "data-testid": "classes", class: "narrow" });
  classes.addEventListener("change", () => events.dispatch({ type: "classes", text: classes.value }));
  const test = Number(o.test ?? 0);
  const noise = noiseOf(o);

  const hidden = h("input", { type: "text", value: hiddenSizes(o), "data-testid": "hidden-layers", size: 8, inputmode: "numeric", "aria-describedby": "hidden-hint" });
  hidden.addEventListener("change", () => events.dispatch({ type: "options", options: withHidden(o, hidden.value), what: "The hidden layers" }));
  const classification = !(data === "plane" || data === "gaussians") && !(isCsv && model.csvShape?.classes === null);
  const lossNames = classification ? ["bce", "cross-entropy", "mse"] : ["mse", "half-sse"];
  const activation = choose("activation", "activation", activationNames().filter((a) => a !== "softmax").map((a) => [a, a] as const), String(o.activation ?? "sigmoid"));
  const loss = choose("loss", "train-loss-select", lossNames.map((l) => [l, l] as const), String(o.loss ?? "mse"), (v) => events.dispatch({ type: "loss", loss: v }));
  const optimizer = choose("optimizer", "optimizer", optimizerNames().map((n) => [n, n] as const), String(o.optimizer ?? "sgd"));
  const init = choose("init", "init", [["", "by activation (He for ReLU, else Xavier)"], ...INITIALIZER_NAMES.map((n) => [n, n] as const)], String(o.init ?? ""));
  const scale = choose("scale", "scale", [["", "none"], ["minmax", "min-max"], ["standardize", "standardize"]], String(o.scale ?? ""));
  const batchNorm = h("input", { type: "checkbox", checked: o.batchNorm === true || o.batchNorm === "true", "data-testid": "batch-norm" });
  batchNorm.addEventListener("change", () => key("batchNorm")(batchNorm.checked ? true : undefined));
  const schedule = choose("schedule", "schedule", SCHEDULES, typeof o.schedule === "string" ? o.schedule : "");
  const speed = choose("speed", "speed", SPEEDS, String(model.speed), (v) => events.dispatch({ type: "speed", speed: Number(v) }));

  const settings = [
    h("h3", { class: "small-title" }, "Data"),
    h("div", { class: "upload", title: "A CSV file with a header row; the last column is the target." }, h("span", { class: "field-label" }, "Or upload a CSV (header row, target last)"), upload),
    generated && data !== "xor-easy" ? labelled("noise", "Noise", slider("noise", "noise", 0, 1, 0.01, noise, (v) => v.toFixed(2))) : null,
    labelled("test", "Test share", slider("test", "test-ratio", 0, 0.9, 0.05, test, (v) => `${Math.round(v * 100)}% test, ${Math.round((1 - v) * 100)}% training`)),
    h("div", { class: "row2" }, generated && data !== "xor-easy" ? labelled("points", "Points", text("points", "points", "default", "numeric")) : null, multiClass ? labelled("classes", "Classes", classes) : null),
    generated && data !== "plane" ? h("p", { class: "hint" }, `Input features: ${featureList(o).join(", ")}. Click an input of the network to use it or leave it out (x1², x2², x1·x2, sin x1, sin x2).`) : null,
    beside("features"),
    h("div", { class: "row2" }, labelled("scale", "Feature scaling", scale), labelled("validation", "Validation share", text("validation", "validation", "0"))),
    h("h3", { class: "small-title" }, "Network"),
    labelled("layers", "Hidden layers", hidden, h("p", { class: "hint", id: "hidden-hint" }, `sizes like 8-8, or the + and − buttons on the network (${String(o.layers ?? "")})`)),
    h("div", { class: "row2" }, labelled("activation", "Activation", activation), labelled("loss", "Loss", loss)),
    beside("outputActivation"),
    h("div", { class: "row2" }, labelled("init", "Initializer", init), labelled("dropout", "Dropout p", text("dropout", "dropout", "0"))),
    labelled("batchNorm", "Batch norm", h("span", { class: "toggle" }, batchNorm, " after each hidden layer")),
    h("h3", { class: "small-title" }, "Training"),
    h("p", { class: "hint" }, "These go on from the current weights when changed mid-run."),
    h("div", { class: "row2" }, labelled("optimizer", "Optimizer", optimizer), labelled("lr", "Learning rate η", text("lr", "train-lr"))),
    h("div", { class: "row2" }, labelled("l2", "L2 λ", text("l2", "train-l2", "0")), labelled("l1", "L1 λ", text("l1", "train-l1", "0"))),
    h("div", { class: "row2" }, labelled("batch", "Batch size", text("batch", "batch", "all", "numeric")), labelled("epochs", "Epochs", text("epochs", "epochs", "", "numeric"))),
    labelled("schedule", "Schedule", schedule),
    h("div", { class: "row2" }, labelled("warmup", "Warm-up epochs", text("warmup", "warmup", "0", "numeric")), labelled("patience", "Patience", text("patience", "patience", "none", "numeric"))),
    h("div", { class: "row2" }, labelled("seed", "Seed", text("seed", "seed", "1", "numeric")), labelled("speed", "Speed", speed)),
    // A problem with an option that has no control of its own here.
    problem !== null && !["data", "noise", "test", "points", "classes", "features", "scale", "validation", "layers", "activation", "loss", "outputActivation", "init", "dropout", "batchNorm", "optimizer", "lr", "l2", "l1", "batch", "epochs", "schedule", "warmup", "patience", "seed", "speed"].includes(problem.key) ? beside(problem.key) : null,
  ].filter((e): e is HTMLElement => e !== null);
  return { data: [labelled("data", "Data set", dataSelect)], settings };
}
