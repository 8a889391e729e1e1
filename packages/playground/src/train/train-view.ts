/**
 * Train mode's view: the settings, the run's buttons and readouts, the live network, the output over
 * the plane, the learning curve, what is said when a run diverges, and the exports. The run itself
 * trains in a Web Worker (`worker/`), so this thread only draws: the worker sends snapshots about 30
 * times a second and the view draws the latest on the next animation frame.
 *
 * Every control dispatches an action to `trainReducer` (`train-state.ts`); the view then starts a
 * run in the worker (a new run id) or passes it the new options (the same run going on).
 *
 * @module
 */
import { stringify as toYaml } from "yaml";
import { csvDataset } from "tracegrad/internal/data/csv";
import { formatNumber } from "tracegrad/internal/common/format-number";
import { className } from "tracegrad/internal/nn/metrics";
import { decisionBoundary, learningCurve } from "@tracegrad/cli/internal/plots/specs";
import { h, replaceChildren } from "../lib/dom.js";
import { downloadCanvas, downloadText } from "../lib/download.js";
import { MAX_CSV_IN_LINK } from "../lib/url-state.js";
import type { TrainState } from "../lib/url-state.js";
import { renderControls } from "./controls.js";
import { DigitsView } from "./digits/digits-view.js";
import type { Confusion, Probe } from "./digits/digits-view.js";
import { assessDivergence, largestWeights } from "./divergence.js";
import { EpochRate } from "./epoch-rate.js";
import { NetworkView } from "./network-view.js";
import { CanvasPainter, SvgPainter } from "./painter.js";
import type { Painter } from "./painter.js";
import { curveSeries, drawLines, drawOutput } from "./plots.js";
import type { OutputPlot } from "./plots.js";
import { problemOf } from "./problems.js";
import { InputError } from "tracegrad/internal/common/input-error";
import { RunHistory } from "./run-history.js";
import type { RunInfo, Snapshot } from "./session.js";
import { featureList, withLayerCount, withUnitCount } from "./settings.js";
import { resolveOptions } from "./setup.js";
import type { DataShape } from "./settings.js";
import { initialTrainModel, restoreTrain, speedRate, trainLinkState, trainReducer } from "./train-state.js";
import type { TrainAction, TrainModel } from "./train-state.js";
import { TrainingClient } from "./worker/client.js";

/** Cells per side of the grid of the unit maps and the output plot. */
const GRID_CELLS = 40;

/** The features and classes (null for regression) of an uploaded file, or null when it cannot be read. */
function csvShape(name: string, text: string): DataShape | null {
  try {
    const data = csvDataset(text, name);
    return { features: data.features, classes: data.classes ?? (data.labels !== undefined ? 2 : null) };
  } catch {
    return null;
  }
}

/** Sets an element's text, only when it changes (an unchanged text costs no layout). */
function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** Keeps the focus on the control with the same test id across a redraw of `container`. */
function keepingFocus(container: HTMLElement, redraw: () => void): void {
  const active = document.activeElement;
  const testid = active instanceof HTMLElement && container.contains(active) ? active.dataset.testid : undefined;
  redraw();
  if (testid !== undefined) container.querySelector<HTMLElement>(`[data-testid="${testid}"]`)?.focus();
}

export class TrainView {
  readonly root: HTMLElement;
  private model: TrainModel = initialTrainModel();
  private readonly client: TrainingClient;
  private info: RunInfo | null = null;
  private snapshot: Snapshot | null = null;
  private history = new RunHistory();
  private startWeights: number[] = [];
  private playing = false;
  private wantPlay = false;
  private visible = false;
  private raf = 0;
  private dirty = false;
  /** Whether the network view has a snapshot to take. */
  private networkDirty = false;
  /** What is left to draw of the latest snapshot. */
  private pieces: ("readouts" | "network" | "curve" | "output")[] = [];
  /** A snapshot has come that the worker waits to hear is drawn. */
  private undrawn = false;
  /** The widths the plots are drawn at, measured when the layout may have changed (never while drawing a frame). */
  private widths: { curve: number; output: number } | null = null;
  private restoring: { epoch: number; target: number } | null = null;
  /** Epochs per second, while playing and after. */
  private readonly rate = new EpochRate();
  private lastPersist = 0;
  private lastConfusion = 0;
  private runFailed: string | null = null;
  /** True from a run's start until the worker has set it up (or failed to). */
  private settingUp = false;

  /** The data set, beside the run's buttons. */
  private readonly dataForm = h("div", { class: "train-form train-data" });
  /** The other settings. */
  private readonly form = h("div", { class: "train-form" });
  private readonly playButton = h("button", { type: "button", class: "primary", "data-testid": "train-button" }, "▶ Play");
  private readonly stepButton = h("button", { type: "button", "data-testid": "train-step", title: "train one epoch" }, "Step 1 epoch");
  private readonly resetButton = h("button", { type: "button", "data-testid": "train-reset", title: "new weights from the seed, epoch 0" }, "⟲ Reset");
  private readonly epochText = h("b", { "data-testid": "epoch" }, "0");
  private readonly lossText = h("b", { "data-testid": "train-loss" }, "·");
  private readonly testLossText = h("b", { "data-testid": "test-loss" }, "·");
  private readonly accuracyText = h("b", { "data-testid": "accuracy" }, "·");
  private readonly testAccuracyText = h("b", { "data-testid": "test-accuracy" }, "·");
  private readonly rateText = h("b", { "data-testid": "epochs-per-second" }, "·");
  private readonly validationText = h("b", { "data-testid": "validation" }, "");
  private readonly validationBox = h("span", { hidden: true }, "validation ", this.validationText);
  private readonly testBox = h("span", {}, "test loss ", this.testLossText, ", accuracy ", this.testAccuracyText);
  private readonly statusText = h("p", { class: "status", "data-testid": "train-status", "aria-live": "polite" });
  private readonly noticeText = h("p", { class: "notice", "data-testid": "train-notice", "aria-live": "polite", hidden: true });
  private readonly divergenceBox = h("div", { class: "divergence", role: "alert", "data-testid": "divergence", hidden: true });
  private readonly title = h("p", { class: "run-title", "data-testid": "run-title" });
  /** The plots: each says in `data-epoch` the epoch it last drew. */
  private readonly outputCanvas = h("canvas", { class: "plot", "data-testid": "boundary", role: "img", "aria-label": "the network's output over the plane, with the data points" });
  private readonly curveCanvas = h("canvas", { class: "plot", "data-testid": "curve", role: "img", "aria-label": "learning curve: the training and test loss against the epoch" });
  private readonly outputBox = h("figure", { class: "plot-box output-box" });
  private readonly outputCaption = h("figcaption", {}, "Output");
  private readonly showTest = h("input", { type: "checkbox", checked: true, "data-testid": "show-test" });
  private readonly discretize = h("input", { type: "checkbox", "data-testid": "discretize" });
  private readonly network: NetworkView;
  private readonly digits: DigitsView;
  private readonly predictionsBox = h("div", { class: "table-box", "data-testid": "predictions" });
  private readonly predictionsDetails: HTMLDetailsElement;
  private readonly exportNote = h("p", { class: "hint", "data-testid": "export-note", hidden: true });

  constructor(private readonly onChange: () => void) {
    this.client = new TrainingClient({
      started: (info, snapshot) => this.started(info, snapshot),
      failed: (message, field) => this.failed(message, field),
      progress: (epoch, target) => {
        this.restoring = { epoch, target };
        this.statusText.textContent = `Restoring the link's run: epoch ${epoch} of ${target}…`;
        this.epochText.textContent = String(epoch);
      },
      snapshot: (snapshot, playing) => this.received(snapshot, playing),
    });
    this.network = new NetworkView({
      toggleFeature: (feature) => {
        const on = featureList(this.model.options);
        const next = on.includes(feature) ? on.filter((f) => f !== feature) : [...on, feature];
        // The network's inputs in the order the page lists them.
        const order = ["x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)"];
        this.dispatch({ type: "features", features: order.filter((f) => next.includes(f)) });
      },
      layers: (change) => this.dispatch({ type: "options", options: withLayerCount(this.model.options, change), what: "The hidden layers" }),
      units: (layer, change) => this.dispatch({ type: "options", options: withUnitCount(this.model.options, layer, change), what: "The hidden layers" }),
      setWeight: (ref, value) => {
        this.client.setWeight(ref, value);
        this.dispatch({ type: "weight", ref, value });
      },
    });
    this.digits = new DigitsView((x) => this.client.ask<Probe>({ kind: "probe", x }));
    this.playButton.addEventListener("click", () => this.togglePlay());
    this.stepButton.addEventListener("click", () => {
      if (!this.playing) this.client.step(1);
    });
    this.resetButton.addEventListener("click", () => this.dispatch({ type: "reset" }));
    this.showTest.addEventListener("change", () => this.dispatch({ type: "show-test", on: this.showTest.checked }));
    this.discretize.addEventListener("change", () => this.dispatch({ type: "discretize", on: this.discretize.checked }));

    const plotButtons = (name: string, canvas: HTMLCanvasElement, svg: () => string, vegaLite: () => unknown) => {
      const png = h("button", { type: "button", class: "small", "data-testid": `${name}-png` }, "PNG");
      png.addEventListener("click", () => downloadCanvas(canvas, `${name}.png`));
      const vector = h("button", { type: "button", class: "small", "data-testid": `${name}-svg` }, "SVG");
      vector.addEventListener("click", () => downloadText(svg(), `${name}.svg`, "image/svg+xml"));
      const spec = h("button", { type: "button", class: "small", "data-testid": `${name}-vl`, title: "the Vega-Lite spec tracegrad's plots are built from" }, "Vega-Lite");
      spec.addEventListener("click", () => downloadText(JSON.stringify(vegaLite(), null, 2) + "\n", `${name}.vl.json`, "application/json"));
      return h("div", { class: "exports" }, png, vector, spec);
    };
    this.outputBox.append(
      this.outputCaption,
      this.outputCanvas,
      h("div", { class: "plot-toggles" }, h("label", { class: "toggle" }, this.showTest, " show test points (hollow)"), h("label", { class: "toggle", title: "colour each region by the class the network picks, without shades of confidence" }, this.discretize, " discretize output")),
      plotButtons("decision-boundary", this.outputCanvas, () => this.outputSvg(), () => this.outputSpec()),
    );
    const curveBox = h("figure", { class: "plot-box curve-box" }, h("figcaption", {}, "Learning curve"), this.curveCanvas, plotButtons("learning-curve", this.curveCanvas, () => this.curveSvg(), () => this.curveSpec()));
    const exportModel = h("button", { type: "button", "data-testid": "export-model", title: "model.json, as tracegrad train writes it: tracegrad predict model.json DATA" }, "Model JSON");
    exportModel.addEventListener("click", () => void this.exportModel());
    const exportConfig = h("button", { type: "button", "data-testid": "export-config", title: "these options as a file for tracegrad train --config" }, "Run config YAML");
    exportConfig.addEventListener("click", () => downloadText(toYaml(this.model.options), "train.yaml", "application/yaml"));
    this.predictionsDetails = h("details", { class: "table-details" }, h("summary", {}, "Data and predictions"), this.predictionsBox);
    this.predictionsDetails.addEventListener("toggle", () => {
      if (this.predictionsDetails.open) void this.drawPredictions();
    });
    const speedNote = h("p", { class: "hint" }, "Training runs in a Web Worker: the page stays smooth however fast it trains.");

    this.root = h(
      "section",
      { class: "mode train-mode", id: "panel-train", role: "tabpanel", "aria-labelledby": "tab-train", hidden: true },
      h(
        "div",
        { class: "train-grid" },
        h(
          "aside",
          { class: "card controls train-run", "aria-label": "the run and its data" },
          h("div", { class: "run-bar" }, h("div", { class: "buttons" }, this.resetButton, this.playButton, this.stepButton)),
          h(
            "p",
            { class: "readouts" },
            h("span", {}, "epoch ", this.epochText),
            h("span", {}, "training loss ", this.lossText, ", accuracy ", this.accuracyText),
            this.testBox,
            this.validationBox,
            h("span", {}, "epochs/s ", this.rateText),
          ),
          this.dataForm,
        ),
        // The settings: under the run on a desktop; after the network and the plots on a phone (styles.css).
        h("aside", { class: "card controls train-controls", "aria-label": "training settings" }, this.form, speedNote),
        h(
          "div",
          { class: "card trainer" },
          this.title,
          this.noticeText,
          this.divergenceBox,
          this.statusText,
          h("div", { class: "network-and-output" }, h("figure", { class: "plot-box network-box" }, h("figcaption", {}, "The network"), this.network.root), this.outputBox),
          curveBox,
          this.digits.root,
          h("h3", { class: "small-title" }, "Export"),
          h("div", { class: "exports" }, exportModel, exportConfig),
          this.exportNote,
          this.predictionsDetails,
        ),
      ),
    );
    this.digits.root.hidden = true;
    this.renderForm();
    this.startRun();
    window.addEventListener("resize", () => {
      this.widths = null;
      if (this.info !== null) this.network.setRun(this.info, this.planeFeatures());
      if (this.snapshot !== null) this.network.update(this.snapshot);
      this.requestDraw();
    });
  }

  /** The panel is busy while a run is set up: its pictures, still the old run's, are dimmed (styles.css). */
  private setBusy(): void {
    this.root.setAttribute("aria-busy", this.settingUp ? "true" : "false");
  }

  /** Called when the mode's tab is shown or hidden. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    // Training stops while the mode is out of sight; a link's run is still brought to its epoch.
    if (!visible && this.playing) this.pause();
    if (visible) {
      this.widths = null;
      if (this.info !== null) this.network.setRun(this.info, this.planeFeatures());
      if (this.snapshot !== null) this.network.update(this.snapshot);
      this.requestDraw();
    }
  }

  state(): TrainState {
    return trainLinkState(this.model, MAX_CSV_IN_LINK);
  }

  /** Restores a state from a link, training up to its epoch; returns the problem, in one line, or null. */
  restore(state: TrainState): string | null {
    this.pause();
    const { model, problem } = restoreTrain(this.model, state);
    this.model = model;
    this.renderForm();
    this.startRun();
    return problem;
  }

  private dispatch(action: TrainAction): void {
    const before = this.model;
    this.model = trainReducer(this.model, action);
    const after = this.model;
    if (after.runId !== before.runId) this.startRun();
    else if (after.running !== null && after.running !== before.running) this.client.configure(after.running);
    if (action.type === "speed" && this.playing) this.client.play(speedRate(after.speed));
    if (action.type === "show-test" || action.type === "discretize") this.requestDraw();
    keepingFocus(this.root, () => this.renderForm());
    this.renderTitle();
    this.renderNotice();
    this.updateButtons();
    this.onChange();
  }

  private planeFeatures(): string[] | null {
    const info = this.info;
    if (info === null || info.extent === null) return null;
    return info.config.features !== undefined ? [...info.config.features] : ["x1", "x2"];
  }

  /** Starts the model's run in the worker (replaying a link's changes). */
  private startRun(): void {
    const m = this.model;
    this.snapshot = null;
    this.history = new RunHistory();
    this.rate.clear();
    this.runFailed = null;
    this.restoring = m.epoch > 0 ? { epoch: 0, target: m.epoch } : null;
    this.playing = false;
    this.divergenceBox.hidden = true;
    // The run before is gone: until the worker has set the new one up, nothing of it is shown (its
    // readouts, its title), so that no number of the old run stands beside the new settings.
    this.info = null;
    this.settingUp = m.running !== null && m.start !== null;
    this.setBusy();
    this.drawReadouts();
    this.renderTitle();
    if (!this.settingUp) {
      this.updateButtons();
      this.requestDraw();
      return;
    }
    this.wantPlay ||= false;
    this.client.start({ options: m.start!, csv: m.csv, edits: m.edits, epoch: m.epoch, grid: GRID_CELLS });
    this.statusText.textContent = m.running!.data === "digits" ? "Fetching the digits…" : "";
    this.updateButtons();
  }

  private started(info: RunInfo, snapshot: Snapshot): void {
    this.info = info;
    this.settingUp = false;
    this.setBusy();
    this.history = new RunHistory();
    this.startWeights = largestWeights(snapshot.weights);
    this.restoring = null;
    this.renderTitle();
    this.digits.root.hidden = info.inputs.length !== 784;
    this.outputBox.hidden = info.extent === null;
    this.widths = null;
    this.outputCaption.textContent = info.kind === "regression" ? "The fit: the output over the plane (points coloured by their target)" : "Output: the decision boundary";
    this.network.setRun(info, this.planeFeatures());
    // Play pressed while the run was set up: received() forgets it (the first snapshot is not playing).
    const playWhenReady = this.wantPlay;
    this.received(snapshot, false);
    // The readouts in the same task as the title: the page never shows the new run's title beside
    // the old run's numbers (the rest is drawn in the next animation frames).
    this.drawReadouts();
    if (playWhenReady) this.play();
  }

  /** The worker could not set the run up (a CSV the page could not check, the digits not fetched): said as a settings problem. */
  private failed(message: string, field: string | null): void {
    this.runFailed = message;
    this.info = null;
    this.settingUp = false;
    this.setBusy();
    this.playing = false;
    const reason = field !== null && message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
    const error = new InputError(reason, field !== null ? { field } : {});
    this.dispatch({ type: "failed", problem: problemOf(error, this.model.options, this.model.csvShape) });
    setText(this.statusText, "");
  }

  private received(snapshot: Snapshot, playing: boolean): void {
    this.snapshot = snapshot;
    this.history.absorb(snapshot);
    this.playing = playing;
    if (!playing) this.wantPlay = false;
    const now = performance.now();
    this.rate.observe(now, snapshot.epoch, playing);
    this.networkDirty = true;
    this.undrawn = true;
    if (this.model.epoch !== snapshot.epoch) this.model = trainReducer(this.model, { type: "epoch", epoch: snapshot.epoch });
    if (this.model.edits.length !== snapshot.edits.length || JSON.stringify(this.model.edits) !== JSON.stringify(snapshot.edits)) {
      this.model = trainReducer(this.model, { type: "edits", edits: snapshot.edits });
      this.renderNotice();
    }
    if (this.info !== null && this.info.inputs.length === 784 && (!playing || now - this.lastConfusion > 2000)) {
      this.lastConfusion = now;
      void this.client.ask<Confusion>({ kind: "confusion", limit: 12 }).then((c) => c !== null && this.digits.show(c));
    }
    if (!playing) {
      if (this.predictionsDetails.open) void this.drawPredictions();
      this.onChange();
    } else if (now - this.lastPersist > 1000) {
      this.lastPersist = now;
      this.onChange();
    }
    this.updateButtons();
    this.requestDraw();
  }

  private togglePlay(): void {
    if (this.playing || this.wantPlay) this.pause();
    else this.play();
    this.onChange();
  }

  private play(): void {
    if (this.info === null || this.snapshot?.stopReason != null) {
      this.wantPlay = this.info === null && this.model.problem === null;
      this.updateButtons();
      return;
    }
    this.wantPlay = true;
    this.playing = true;
    this.rate.start(performance.now(), this.snapshot?.epoch ?? 0);
    this.client.play(speedRate(this.model.speed));
    this.updateButtons();
  }

  private pause(): void {
    this.wantPlay = false;
    if (this.playing) this.client.pause();
    this.playing = false;
    this.updateButtons();
  }

  private updateButtons(): void {
    const ready = this.info !== null && this.model.problem === null;
    // Play is pressed while a run is set up, too: it then plays as soon as the run is in place.
    const playable = (ready || this.settingUp) && this.model.problem === null;
    const stopped = this.snapshot?.stopReason != null;
    const playing = this.playing || this.wantPlay;
    this.playButton.textContent = playing ? "‖ Pause" : "▶ Play";
    this.playButton.setAttribute("aria-pressed", playing ? "true" : "false");
    this.playButton.disabled = !playing && (!playable || stopped);
    this.playButton.title = this.model.problem !== null ? "fix the setting marked in red first (its button does)" : stopped ? "the run has stopped: Reset, or raise the epochs to go on" : "";
    this.stepButton.disabled = !ready || playing || stopped;
    this.resetButton.disabled = this.model.problem !== null;
  }

  private renderForm(): void {
    const controls = renderControls(this.model, { dispatch: (a) => this.dispatch(a), upload: (file) => void this.upload(file) });
    replaceChildren(this.dataForm, ...controls.data);
    replaceChildren(this.form, ...controls.settings);
    this.showTest.checked = this.model.showTest;
    this.discretize.checked = this.model.discretize;
  }

  private async upload(file: File): Promise<void> {
    const name = (/\.csv$/i.test(file.name) ? file.name : `${file.name}.csv`).replace(/[^\w.-]+/g, "_");
    const text = await file.text();
    this.dispatch({ type: "csv", file: { name, text }, shape: csvShape(name, text) });
  }

  /** The run's network, optimizer and η (as they are now: η may have changed during the run) and data. */
  private renderTitle(): void {
    const info = this.info;
    if (info === null) {
      // No run in place: the worker is setting the new one up, or a setting stops it.
      this.title.textContent = this.settingUp ? "Setting up the run…" : this.model.problem !== null ? "No run: fix the setting marked in red." : "";
      return;
    }
    let c = info.config;
    try {
      if (this.model.running !== null) c = resolveOptions(this.model.running);
    } catch {
      // The run's options were checked when they were taken.
    }
    this.title.textContent = `${c.layers.join("-")} network (${c.activation} hidden, ${c.outputActivation} output, ${c.loss}, ${c.optimizer}, η = ${formatNumber(c.learningRate)}) on ${info.title}`;
  }

  private renderNotice(): void {
    this.noticeText.textContent = this.model.notice ?? "";
    this.noticeText.hidden = this.model.notice === null;
    const changed = this.model.edits.length > 0;
    this.exportNote.hidden = !changed;
    this.exportNote.textContent = changed ? "Settings or weights changed during this run: tracegrad train with the exported options starts from them, so its weights will differ from these." : "";
  }

  private requestDraw(): void {
    this.dirty = true;
    this.pieces = ["readouts", "network", "curve", "output"];
    if (this.raf === 0) this.raf = requestAnimationFrame(() => this.draw());
  }

  /**
   * Draws the latest snapshot, one piece per animation frame (the readouts, the network, the learning
   * curve, the output), so that no frame waits for all of them; then tells the worker it may send the next.
   */
  private draw(): void {
    this.raf = 0;
    if (!this.dirty) return;
    const started = performance.now();
    // Small pieces share a frame; a piece that starts late waits for the next one.
    while (this.pieces.length > 0 && performance.now() - started < 4) {
      const piece = this.pieces.shift()!;
      if (piece === "readouts") this.drawReadouts();
      else if (!this.visible) continue;
      else if (piece === "network") {
        if (this.networkDirty && this.snapshot !== null) {
          this.networkDirty = false;
          this.network.update(this.snapshot);
        }
      } else {
        this.widths ??= { curve: this.plotWidth(this.curveCanvas, 760), output: this.plotWidth(this.outputCanvas, 440) };
        if (piece === "curve") this.drawCurve();
        else this.drawOutput();
      }
    }
    if (this.pieces.length > 0) {
      this.raf = requestAnimationFrame(() => this.draw());
      return;
    }
    this.dirty = false;
    if (this.undrawn) {
      this.undrawn = false;
      this.client.drawn();
    }
  }

  private drawReadouts(): void {
    const s = this.snapshot;
    const info = this.info;
    if (s === null || info === null) {
      setText(this.epochText, String(this.restoring?.epoch ?? 0));
      for (const t of [this.lossText, this.accuracyText, this.testLossText, this.testAccuracyText, this.rateText]) t.textContent = "·";
      this.validationBox.hidden = true;
      if (this.runFailed !== null) setText(this.statusText, "");
      return;
    }
    const percent = (x: number | null) => (x === null ? "n/a" : `${formatNumber(x * 100, 4)}%`);
    setText(this.epochText, String(s.epoch));
    setText(this.lossText, formatNumber(s.train.loss, 5));
    setText(this.accuracyText, info.kind === "classification" ? percent(s.train.accuracy) : "n/a");
    this.testBox.hidden = s.test === null;
    if (s.test !== null) {
      setText(this.testLossText, formatNumber(s.test.loss, 5));
      setText(this.testAccuracyText, info.kind === "classification" ? percent(s.test.accuracy) : "n/a");
    }
    setText(this.rateText, this.rate.value > 0 ? formatNumber(Math.round(this.rate.value), 6) : "·");
    const validation = this.history.hasValidation ? this.history.valLoss.view() : null;
    this.validationBox.hidden = validation === null;
    if (validation !== null && validation.length > 0) setText(this.validationText, `loss ${formatNumber(validation[validation.length - 1], 5)}`);

    const rates = this.history.learningRate.view();
    const learningRate = rates.length > 0 ? rates[rates.length - 1] : info.config.learningRate;
    const report = assessDivergence(this.history, s.divergence, learningRate, this.startWeights, largestWeights(s.weights));
    this.divergenceBox.hidden = report === null;
    const said = report === null ? "" : `${report.message} ${report.hint}`;
    if (report !== null && this.divergenceBox.dataset.said !== said) {
      this.divergenceBox.dataset.kind = report.kind;
      this.divergenceBox.dataset.said = said;
      replaceChildren(this.divergenceBox, h("b", {}, report.message), " ", report.hint);
    }
    let status = "";
    if (s.stopReason === "epochs") status = `Done: all ${s.epoch} epochs run. Raise the epochs to go on, or Reset to start again.`;
    else if (s.stopReason !== null && s.stopReason !== "diverged") status = `Stopped early (${s.stopReason}) at epoch ${s.epoch}.`;
    else if (!this.playing && s.epoch === 0) status = "Ready: press Play.";
    setText(this.statusText, status);
  }

  private plotWidth(canvas: HTMLCanvasElement, max: number): number {
    const box = canvas.parentElement?.clientWidth ?? 0;
    return Math.max(220, Math.min(max, Math.floor(box > 0 ? box : 360)));
  }

  private drawCurve(): void {
    const cw = this.widths?.curve ?? 400;
    const ch = Math.round(Math.min(280, cw * 0.5));
    this.curveCanvas.style.width = `${cw}px`;
    this.curveCanvas.style.height = `${ch}px`;
    drawLines(CanvasPainter.on(this.curveCanvas, cw, ch), curveSeries(this.history, Math.max(50, cw)), { xTitle: "epoch", yTitle: `${this.info?.config.loss ?? ""} loss` });
    this.curveCanvas.dataset.epoch = String(this.snapshot?.epoch ?? 0);
  }

  private outputPlot(): OutputPlot | null {
    const s = this.snapshot;
    const info = this.info;
    if (s === null || info === null || info.extent === null || s.grid === null) return null;
    const out = s.grid.layers[s.grid.layers.length - 1];
    const outputs = info.layers[info.layers.length - 1].units;
    let low = 0;
    let high = 0;
    for (const set of [info.train, info.test]) if (set?.values) for (const v of set.values) [low, high] = [Math.min(low, v), Math.max(high, v)];
    return {
      extent: s.grid.extent,
      cols: s.grid.cols,
      rows: s.grid.rows,
      output: out,
      outputs,
      classes: info.kind === "regression" ? 0 : info.classes,
      train: info.train,
      test: this.model.showTest ? info.test : null,
      discretize: this.model.discretize,
      valueRange: [low, high],
      xTitle: info.columns[0] ?? "x1",
      yTitle: info.columns[1] ?? "x2",
    };
  }

  private drawOutput(): void {
    const plot = this.outputPlot();
    if (plot === null) return;
    const bw = this.widths?.output ?? 360;
    this.outputCanvas.style.width = `${bw}px`;
    this.outputCanvas.style.height = `${bw}px`;
    drawOutput(CanvasPainter.on(this.outputCanvas, bw, bw), plot);
    this.outputCanvas.dataset.epoch = String(this.snapshot?.epoch ?? 0);
  }

  private async drawPredictions(): Promise<void> {
    const info = this.info;
    if (info === null) return;
    const p = await this.client.ask<{ n: number; total: number; x: Float64Array; outputs: Float64Array; labels: Int32Array | null; predicted: Int32Array | null; targets: Float64Array }>({ kind: "predictions", limit: 200 });
    if (p === null || info.inputs.length === 784) {
      replaceChildren(this.predictionsBox, h("p", { class: "hint" }, "The digits' predictions are in the confusion matrix above."));
      return;
    }
    const k = info.layers[info.layers.length - 1].units;
    const columns = info.columns;
    const outputNames = Array.from({ length: k }, (_, j) => (k > 1 && info.classNames ? `p_${info.classNames[j]}` : `output${k > 1 ? j + 1 : ""}`));
    const classification = p.labels !== null && p.predicted !== null;
    const head = h("tr", {}, h("th", { scope: "col" }, "#"), ...columns.map((f) => h("th", { scope: "col" }, f)), ...(classification ? [h("th", { scope: "col" }, "class"), h("th", { scope: "col" }, "predicted")] : [h("th", { scope: "col" }, "target")]), ...outputNames.map((o) => h("th", { scope: "col" }, o)));
    const rows = Array.from({ length: p.n }, (_, r) =>
      h(
        "tr",
        {},
        h("td", {}, String(r + 1)),
        ...columns.map((_, j) => h("td", { class: "num" }, formatNumber(p.x[r * columns.length + j], 8))),
        ...(classification
          ? [h("td", {}, info.classNames?.[p.labels![r]] ?? String(p.labels![r])), h("td", { class: p.predicted![r] === p.labels![r] ? "" : "wrong" }, className(p.predicted![r], info.classNames ?? undefined))]
          : [h("td", { class: "num" }, formatNumber(p.targets[r], 8))]),
        ...Array.from({ length: k }, (_, j) => h("td", { class: "num", "data-output": j }, formatNumber(p.outputs[r * k + j], 8))),
      ),
    );
    const note = p.total > p.n ? h("p", { class: "hint" }, `The first ${p.n} of ${p.total} training samples.`) : h("p", { class: "hint" }, `The ${p.n} training samples (the test samples are held out).`);
    replaceChildren(this.predictionsBox, note, h("table", { class: "values predictions" }, h("thead", {}, head), h("tbody", {}, ...rows)));
  }

  private async exportModel(): Promise<void> {
    const text = await this.client.ask<string>({ kind: "model-file" });
    if (typeof text === "string") downloadText(text, "model.json", "application/json");
  }

  private outputSvg(): string {
    const p = new SvgPainter(520, 520);
    const plot = this.outputPlot();
    if (plot !== null) drawOutput(p, plot);
    return p.toString();
  }

  private curveSvg(): string {
    const p: Painter & { toString(): string } = new SvgPainter(640, 320);
    drawLines(p, curveSeries(this.history, 640), { xTitle: "epoch", yTitle: `${this.info?.config.loss ?? ""} loss` });
    return p.toString();
  }

  private curveSpec(): unknown {
    const loss = this.history.loss.view();
    const points = Array.from(loss, (value, i) => ({ epoch: i + 1, value })).filter((q) => Number.isFinite(q.value) && q.value > 0);
    const test = Array.from(this.history.testEpoch.view(), (epoch, i) => ({ epoch, value: this.history.testLoss.view()[i] })).filter((q) => Number.isFinite(q.value) && q.value > 0);
    return learningCurve([{ name: "training loss", points }, ...(test.length > 0 ? [{ name: "test loss", points: test }] : [])], { yTitle: `${this.info?.config.loss ?? ""} loss`, logScale: true });
  }

  private outputSpec(): unknown {
    const plot = this.outputPlot();
    if (plot === null || plot.classes === 0) return {};
    const [a, b, c, d] = plot.extent;
    const x0 = Array.from({ length: plot.cols }, (_, i) => a + ((i + 0.5) / plot.cols) * (b - a));
    const x1 = Array.from({ length: plot.rows }, (_, j) => c + ((j + 0.5) / plot.rows) * (d - c));
    const value = (k: number) => {
      if (plot.classes === 2) return Math.min(1, Math.max(0, plot.outputs === 1 ? plot.output[k] : plot.output[k * plot.outputs + 1]));
      let best = 0;
      for (let q = 1; q < plot.outputs; q++) if (plot.output[k * plot.outputs + q] > plot.output[k * plot.outputs + best]) best = q;
      return best;
    };
    // The grid's row 0 is at the top; the spec's values[i1] belong to x1[i1], from the bottom.
    const values = x1.map((_, i1) => x0.map((_, i0) => value((plot.rows - 1 - i1) * plot.cols + i0)));
    const points = Array.from({ length: plot.train.n }, (_, r) => ({ x: [plot.train.x[r * 2], plot.train.x[r * 2 + 1]] as const, label: plot.train.labels![r] }));
    return decisionBoundary({ x0, x1, values }, points, { classes: plot.classes, ...(this.info?.classNames ? { classNames: [...this.info.classNames] } : {}), xTitle: plot.xTitle, yTitle: plot.yTitle });
  }
}
