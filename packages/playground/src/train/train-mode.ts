/**
 * Train mode: a network trained on a 2-D data set (or an uploaded CSV) by the engine's `Trainer`,
 * epoch by epoch between animation frames (at most ~12 ms of training per frame, so the page keeps
 * drawing at 60 frames per second), with the learning curve, the decision boundary and a map of every
 * unit's output redrawn each frame.
 *
 * @module
 */
import { stringify as toYaml } from "yaml";
import { csvDataset } from "tracegrad/internal/data/csv";
import { activationNames } from "tracegrad/internal/engine/activations";
import { optimizerNames } from "tracegrad/internal/engine/update-rules";
import { formatNumber } from "tracegrad/internal/common/format-number";
import type { RunConfig, RunOptions } from "tracegrad/internal/run/run-config";
import { className, predictedClasses } from "tracegrad/internal/nn/metrics";
import type { Sequential } from "tracegrad/internal/nn/model";
import { stringifyCompact } from "tracegrad/internal/nn/model-file";
import { Trainer } from "tracegrad/internal/nn/trainer";
import { decisionBoundary, learningCurve } from "@tracegrad/cli/internal/plots/specs";
import { errorLine, field, h, replaceChildren, select } from "../lib/dom.js";
import { downloadCanvas, downloadText } from "../lib/download.js";
import { MAX_CSV_IN_LINK } from "../lib/url-state.js";
import type { TrainState } from "../lib/url-state.js";
import { dataExtent, planeGrid } from "./grid.js";
import type { Extent, PlaneGrid } from "./grid.js";
import { CanvasPainter, paintCells, SvgPainter } from "./painter.js";
import type { Painter } from "./painter.js";
import { drawBoundary, drawLearningCurve, unitColors } from "./plots.js";
import { buildModel, DEFAULT_TRAIN_OPTIONS, prepareRun, resolveOptions, runModelFile, trainingOptions, WEB_GENERATORS } from "./setup.js";
import type { CsvFile, PreparedRun } from "./setup.js";

/** Training time per animation frame, in milliseconds, at most and at least. */
const FRAME_BUDGET_MS = 12;
const MIN_BUDGET_MS = 3;
/** Cells per side of the grid the boundary and the unit maps are computed on: finer for smaller networks. */
function gridSize(model: Sequential): number {
  const parameters = model.parameterCount;
  return parameters <= 300 ? 80 : parameters <= 3000 ? 56 : 36;
}
const SPEEDS: readonly (readonly [string, string])[] = [
  ["1", "1 epoch per frame"],
  ["10", "10 epochs per frame"],
  ["100", "100 epochs per frame"],
  ["0", "as fast as it goes"],
];

/** A run being trained. */
interface Session {
  readonly run: PreparedRun;
  readonly model: Sequential;
  readonly trainer: Trainer;
  /** For two features: the plane the plots cover. */
  readonly extent: Extent | null;
}

function numberOrUndefined(text: string): number | undefined {
  const t = text.trim();
  return t === "" ? undefined : Number(t);
}

export class TrainMode {
  readonly root: HTMLElement;
  private options: RunOptions = { ...DEFAULT_TRAIN_OPTIONS };
  private csv: CsvFile | null = null;
  private speed = 10;
  private session: Session | null = null;
  private playing = false;
  /** An epoch to reach without drawing every frame (restoring a link), or null. */
  private target: number | null = null;
  private raf = 0;
  private frames = 0;
  private lastPersist = 0;
  private grid: PlaneGrid | null = null;
  private visible = false;
  /** Training time per frame: lowered while frames come late (drawing and painting take the rest), raised while they come on time. */
  private budget = FRAME_BUDGET_MS;
  private lastFrame = 0;

  private readonly form = h("div", { class: "train-form" });
  private readonly playButton = h("button", { type: "button", class: "primary", "data-testid": "train-button" }, "▶ Play");
  private readonly stepButton = h("button", { type: "button", "data-testid": "train-step", title: "train one epoch" }, "Step 1 epoch");
  private readonly resetButton = h("button", { type: "button", "data-testid": "train-reset", title: "new weights from the seed, epoch 0" }, "⟲ Reset");
  private readonly epochText = h("b", { "data-testid": "epoch" }, "0");
  private readonly lossText = h("b", { "data-testid": "train-loss" }, "·");
  private readonly accuracyText = h("b", { "data-testid": "accuracy" }, "·");
  private readonly validationText = h("b", { "data-testid": "validation" }, "");
  private readonly validationBox = h("span", { hidden: true }, "validation ", this.validationText);
  private readonly statusText = h("p", { class: "status", "data-testid": "train-status", "aria-live": "polite" });
  private readonly errorText = h("p", { class: "error-line", role: "alert", "data-testid": "train-error", hidden: true });
  private readonly boundaryCanvas = h("canvas", { class: "plot", "data-testid": "boundary", role: "img", "aria-label": "decision boundary: the network's output over the plane, with the data points" });
  private readonly curveCanvas = h("canvas", { class: "plot", "data-testid": "curve", role: "img", "aria-label": "learning curve: the loss against the epoch" });
  private readonly boundaryBox = h("figure", { class: "plot-box" });
  private readonly unitsBox = h("div", { class: "units-box", "data-testid": "unit-maps" });
  private readonly predictionsBox = h("div", { class: "table-box", "data-testid": "predictions" });
  private readonly title = h("p", { class: "run-title", "data-testid": "run-title" });

  constructor(private readonly onChange: () => void) {
    this.playButton.addEventListener("click", () => this.togglePlay());
    this.stepButton.addEventListener("click", () => this.stepOnce());
    this.resetButton.addEventListener("click", () => {
      this.rebuild();
      this.onChange();
    });
    const plotButtons = (name: string, canvas: HTMLCanvasElement, svg: () => string, vegaLite: () => unknown) => {
      const png = h("button", { type: "button", class: "small", "data-testid": `${name}-png` }, "PNG");
      png.addEventListener("click", () => downloadCanvas(canvas, `${name}.png`));
      const vector = h("button", { type: "button", class: "small", "data-testid": `${name}-svg` }, "SVG");
      vector.addEventListener("click", () => downloadText(svg(), `${name}.svg`, "image/svg+xml"));
      const spec = h("button", { type: "button", class: "small", "data-testid": `${name}-vl`, title: "the Vega-Lite spec tracegrad's plots are built from" }, "Vega-Lite");
      spec.addEventListener("click", () => downloadText(JSON.stringify(vegaLite(), null, 2) + "\n", `${name}.vl.json`, "application/json"));
      return h("div", { class: "exports" }, png, vector, spec);
    };
    this.boundaryBox.append(
      h("figcaption", {}, "Decision boundary"),
      this.boundaryCanvas,
      plotButtons("decision-boundary", this.boundaryCanvas, () => this.boundarySvg(), () => this.boundarySpec()),
    );
    const curveBox = h(
      "figure",
      { class: "plot-box" },
      h("figcaption", {}, "Learning curve"),
      this.curveCanvas,
      plotButtons("learning-curve", this.curveCanvas, () => this.curveSvg(), () => this.curveSpec()),
    );
    const exportModel = h("button", { type: "button", "data-testid": "export-model", title: "model.json, as tracegrad train writes it: tracegrad predict model.json DATA" }, "Model JSON");
    exportModel.addEventListener("click", () => this.exportModel());
    const exportConfig = h("button", { type: "button", "data-testid": "export-config", title: "these options as a file for tracegrad train --config" }, "Run config YAML");
    exportConfig.addEventListener("click", () => downloadText(toYaml(this.options), "train.yaml", "application/yaml"));

    this.root = h(
      "section",
      { class: "mode train-mode", id: "panel-train", role: "tabpanel", "aria-labelledby": "tab-train", hidden: true },
      h(
        "div",
        { class: "train-grid" },
        h("aside", { class: "card controls", "aria-label": "training settings" }, this.form, this.errorText),
        h(
          "div",
          { class: "card trainer" },
          h(
            "div",
            { class: "stepper-head" },
            h("div", { class: "buttons" }, this.resetButton, this.playButton, this.stepButton),
            h("p", { class: "readouts" }, h("span", {}, "epoch ", this.epochText), h("span", {}, "loss ", this.lossText), h("span", {}, "accuracy ", this.accuracyText), this.validationBox),
          ),
          this.title,
          this.statusText,
          h("div", { class: "plots" }, this.boundaryBox, curveBox),
          h("h3", { class: "small-title" }, "What each unit outputs over the plane"),
          this.unitsBox,
          h("h3", { class: "small-title" }, "Export"),
          h("div", { class: "exports" }, exportModel, exportConfig),
          h("details", { class: "table-details" }, h("summary", {}, "Data and predictions"), this.predictionsBox),
        ),
      ),
    );
    this.renderForm();
    this.rebuild();
    window.addEventListener("resize", () => this.draw());
  }

  /** Called when the mode's tab is shown or hidden. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    // Training stops while the mode is out of sight, but a link's run is still brought to its epoch.
    if (!visible && this.playing && this.target === null) this.pause();
    if (visible) this.draw();
  }

  state(): TrainState {
    const csv = this.csv !== null && this.csv.text.length <= MAX_CSV_IN_LINK && this.options.data === this.csv.name ? { csv: this.csv } : {};
    return { options: this.options as Record<string, unknown>, epoch: this.session?.trainer.epoch ?? 0, speed: this.speed, ...csv };
  }

  /** Restores a state from a link, training up to its epoch; returns the problem, in one line, or null. */
  restore(state: TrainState): string | null {
    this.pause();
    this.speed = SPEEDS.some(([v]) => Number(v) === state.speed) ? state.speed : 10;
    if (state.csv !== undefined) this.csv = state.csv;
    const previous = this.options;
    this.options = state.options as RunOptions;
    const problem = this.rebuild();
    if (problem !== null) {
      this.options = previous;
      this.rebuild();
      this.renderForm();
      return `the link's training settings: ${problem}`;
    }
    this.renderForm();
    if (state.epoch > 0 && this.session !== null) {
      this.target = Math.min(state.epoch, this.session.run.config.epochs);
      this.playing = true;
      this.updateButtons();
      this.schedule();
    }
    return null;
  }

  private togglePlay(): void {
    if (this.playing) this.pause();
    else this.play();
    this.onChange();
  }

  private play(): void {
    if (this.session === null || this.session.trainer.finished) return;
    this.playing = true;
    this.lastFrame = 0;
    this.updateButtons();
    this.schedule();
  }

  private pause(): void {
    this.playing = false;
    this.target = null;
    if (this.raf !== 0) cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.updateButtons();
    this.draw();
  }

  private stepOnce(): void {
    if (this.session === null || this.playing) return;
    this.session.trainer.runEpoch();
    this.draw();
    this.onChange();
  }

  private schedule(): void {
    if (this.raf === 0) this.raf = requestAnimationFrame(() => this.frame());
  }

  private frame(): void {
    this.raf = 0;
    const now = performance.now();
    if (this.lastFrame > 0 && this.target === null) {
      const interval = now - this.lastFrame;
      if (interval > 18) this.budget = Math.max(MIN_BUDGET_MS, this.budget - 1);
      else if (interval < 17.5) this.budget = Math.min(FRAME_BUDGET_MS, this.budget + 0.25);
    }
    this.lastFrame = now;
    const session = this.session;
    if (!this.playing || session === null) return;
    const trainer = session.trainer;
    const started = performance.now();
    const limit = this.target !== null ? this.target - trainer.epoch : this.speed === 0 ? Number.POSITIVE_INFINITY : this.speed;
    let count = 0;
    const budget = this.target !== null ? FRAME_BUDGET_MS : this.budget;
    while (!trainer.finished && count < limit && performance.now() - started < budget) {
      trainer.runEpoch();
      count++;
    }
    const reached = this.target !== null && trainer.epoch >= this.target;
    if (trainer.finished || reached) {
      this.playing = false;
      this.target = null;
      this.draw();
      this.updateButtons();
      this.onChange();
      return;
    }
    if (this.target === null) {
      this.frames++;
      this.drawLive();
      const now = performance.now();
      if (now - this.lastPersist > 1000) {
        this.lastPersist = now;
        this.onChange();
      }
    } else {
      this.statusText.textContent = `Restoring the link's run: epoch ${trainer.epoch} of ${this.target}…`;
      this.epochText.textContent = String(trainer.epoch);
    }
    this.schedule();
  }

  /**
   * Builds the run of the current options: data, model and trainer at epoch 0. Returns the problem
   * with the options, in one line, or null.
   */
  private rebuild(): string | null {
    this.playing = false;
    this.target = null;
    if (this.raf !== 0) cancelAnimationFrame(this.raf);
    this.raf = 0;
    let session: Session;
    try {
      const config: RunConfig = resolveOptions(this.options);
      const run = prepareRun(config, this.csv);
      const model = buildModel(config);
      const trainer = new Trainer(model, run.train, trainingOptions(config), run.validation);
      const extent = run.unscaledTrain.features === 2 ? dataExtent(run.unscaledTrain.x, run.unscaledTrain.n, 2) : null;
      session = { run, model, trainer, extent };
    } catch (error) {
      const message = errorLine(error);
      this.errorText.textContent = message;
      this.errorText.hidden = false;
      this.session = null;
      this.updateButtons();
      this.draw();
      return message;
    }
    this.errorText.hidden = true;
    this.errorText.textContent = "";
    this.session = session;
    const c = session.run.config;
    this.title.textContent = `${c.layers.join("-")} network (${c.activation} hidden, ${c.outputActivation} output, ${c.loss}, ${c.optimizer}, η = ${formatNumber(c.learningRate)}) on ${session.run.dataTitle}`;
    this.updateButtons();
    this.draw();
    return null;
  }

  private updateButtons(): void {
    const s = this.session;
    this.playButton.textContent = this.playing ? "‖ Pause" : "▶ Play";
    this.playButton.setAttribute("aria-pressed", this.playing ? "true" : "false");
    this.playButton.disabled = s === null || (!this.playing && s.trainer.finished);
    this.stepButton.disabled = s === null || this.playing || s.trainer.finished;
    this.resetButton.disabled = s === null && this.errorText.hidden;
  }

  /** Every frame while playing: the readouts and the plots (the predictions table now and then). */
  private drawLive(): void {
    this.drawReadouts();
    this.drawPlots();
    if (this.frames % 30 === 0) this.drawPredictions();
  }

  /** Everything, once. */
  private draw(): void {
    this.drawReadouts();
    this.drawPlots();
    this.drawPredictions();
  }

  private drawReadouts(): void {
    const s = this.session;
    if (s === null) {
      this.epochText.textContent = "0";
      this.lossText.textContent = "·";
      this.accuracyText.textContent = "·";
      this.validationBox.hidden = true;
      this.statusText.textContent = "";
      return;
    }
    const t = s.trainer;
    const last = t.history[t.history.length - 1];
    this.epochText.textContent = String(t.epoch);
    this.lossText.textContent = last === undefined ? "·" : formatNumber(last.loss, 6);
    const percent = (x: number) => `${formatNumber(x * 100, 4)}%`;
    if (s.run.task.kind === "classification") this.accuracyText.textContent = percent(t.evaluate(s.run.train).accuracy ?? 0);
    else this.accuracyText.textContent = "n/a (regression)";
    this.validationBox.hidden = s.run.validation === null;
    if (s.run.validation !== null) {
      const v = t.evaluate(s.run.validation);
      this.validationText.textContent = `loss ${formatNumber(v.loss, 6)}${v.accuracy !== undefined ? `, accuracy ${percent(v.accuracy)}` : ""}`;
    }
    let status = "";
    if (t.divergence !== null) status = `Diverged at epoch ${t.divergence.epoch}: ${t.divergence.hint}.`;
    else if (t.stopReason === "epochs") status = `Done: all ${s.run.config.epochs} epochs run. Reset to train again, or raise the epochs.`;
    else if (t.stopReason !== null) status = `Stopped early (${t.stopReason}) at epoch ${t.epoch}.`;
    else if (!this.playing && t.epoch === 0) status = "Ready: press Play.";
    this.statusText.textContent = status;
  }

  private plotWidth(canvas: HTMLCanvasElement): number {
    const box = canvas.parentElement?.clientWidth ?? 0;
    return Math.max(220, Math.min(520, Math.floor(box > 0 ? box : 360)));
  }

  private drawPlots(): void {
    if (!this.visible) return;
    const s = this.session;
    const history = s?.trainer.history ?? [];
    const cw = this.plotWidth(this.curveCanvas);
    this.curveCanvas.style.width = `${cw}px`;
    this.curveCanvas.style.height = `${Math.round(cw * 0.7)}px`;
    drawLearningCurve(CanvasPainter.on(this.curveCanvas, cw, Math.round(cw * 0.7)), history, { yTitle: s === null ? "loss" : `${s.run.config.loss} loss` });

    const plane = s !== null && s.extent !== null;
    const classification = s !== null && s.run.task.kind === "classification";
    this.boundaryBox.hidden = !(plane && classification);
    if (!plane || s === null) {
      this.grid = null;
      this.unitsBox.dataset.key = "";
      replaceChildren(this.unitsBox, h("p", { class: "hint" }, s === null ? "" : `The maps of the plane need data with two features; this has ${s.run.train.features}.`));
      return;
    }
    const cells = gridSize(s.model);
    this.grid = planeGrid(s.model, s.run.scaler, s.extent!, cells, cells);
    if (classification) {
      const bw = this.plotWidth(this.boundaryCanvas);
      this.boundaryCanvas.style.width = `${bw}px`;
      this.boundaryCanvas.style.height = `${bw}px`;
      drawBoundary(CanvasPainter.on(this.boundaryCanvas, bw, bw), this.boundaryData(s, this.grid));
    }
    this.drawUnits(this.grid);
  }

  private boundaryData(s: Session, grid: PlaneGrid) {
    const data = s.run.unscaledTrain;
    const names = data.featureNames ?? ["x1", "x2"];
    return { grid, x: data.x, labels: data.labels!, n: data.n, features: data.features, classes: s.run.task.classes ?? 2, xTitle: names[0], yTitle: names[1] };
  }

  /** One small map per unit of every dense layer, reusing the canvases while the architecture stays. */
  private drawUnits(grid: PlaneGrid): void {
    const key = grid.layers.map((l) => `${l.units}${l.activation}`).join("-");
    if (this.unitsBox.dataset.key !== key) {
      this.unitsBox.dataset.key = key;
      const rows = grid.layers.map((layer, l) => {
        const last = l === grid.layers.length - 1;
        return h(
          "div",
          { class: "unit-row" },
          h("span", { class: "unit-row-title" }, `${last ? "output" : `layer ${l + 1}`} (${layer.activation ?? layer.type})`),
          h("div", { class: "unit-maps" }, ...Array.from({ length: layer.units }, (_, j) => h("canvas", { class: "unit-map", title: `${last ? "output" : `layer ${l + 1}`}, unit ${j + 1}`, "data-layer": l, "data-unit": j }))),
        );
      });
      replaceChildren(this.unitsBox, ...rows);
    }
    for (const canvas of Array.from(this.unitsBox.querySelectorAll<HTMLCanvasElement>("canvas.unit-map"))) {
      // 56-pixel maps need no more than 40 cells a side: every other cell of a finer grid.
      const step = grid.cols > 40 ? 2 : 1;
      paintCells(canvas, Math.floor(grid.cols / step), Math.floor(grid.rows / step), unitColors(grid, Number(canvas.dataset.layer), Number(canvas.dataset.unit), step));
    }
  }

  private drawPredictions(): void {
    const s = this.session;
    if (s === null) {
      replaceChildren(this.predictionsBox);
      return;
    }
    const data = s.run.train;
    const raw = s.run.unscaledTrain;
    const shown = Math.min(data.n, 200);
    const outputs = s.model.predictFlat(data.x, shown);
    const k = s.model.outputSize;
    const classes = s.run.task.kind === "classification" ? predictedClasses(outputs, shown, k) : null;
    const classNames = s.run.task.classNames;
    const features = raw.featureNames ?? Array.from({ length: raw.features }, (_, i) => `x${i + 1}`);
    const outputNames = Array.from({ length: k }, (_, j) => (k > 1 && classNames ? `p_${classNames[j]}` : `output${k > 1 ? j + 1 : ""}`));
    const head = h("tr", {}, h("th", { scope: "col" }, "#"), ...features.map((f) => h("th", { scope: "col" }, f)), ...(classes !== null ? [h("th", { scope: "col" }, "class"), h("th", { scope: "col" }, "predicted")] : []), ...outputNames.map((o) => h("th", { scope: "col" }, o)));
    const rows = Array.from({ length: shown }, (_, r) =>
      h(
        "tr",
        {},
        h("td", {}, String(r + 1)),
        ...features.map((_, j) => h("td", { class: "num" }, formatNumber(raw.x[r * raw.features + j], 8))),
        ...(classes !== null
          ? [h("td", {}, classNames?.[data.labels![r]] ?? String(data.labels![r])), h("td", { class: classes[r] === data.labels![r] ? "" : "wrong" }, className(classes[r], classNames))]
          : []),
        ...Array.from({ length: k }, (_, j) => h("td", { class: "num", "data-output": j }, formatNumber(outputs[r * k + j], 8))),
      ),
    );
    const note = data.n > shown ? h("p", { class: "hint" }, `The first ${shown} of ${data.n} training samples.`) : null;
    replaceChildren(this.predictionsBox, note, h("table", { class: "values predictions" }, h("thead", {}, head), h("tbody", {}, ...rows)));
  }

  private exportModel(): void {
    const s = this.session;
    if (s === null) return;
    downloadText(stringifyCompact(runModelFile(s.run, s.model)), "model.json", "application/json");
  }

  private boundarySvg(): string {
    const s = this.session;
    const p = new SvgPainter(520, 520);
    if (s !== null && this.grid !== null) drawBoundary(p, this.boundaryData(s, this.grid));
    return p.toString();
  }

  private curveSvg(): string {
    const p: Painter & { toString(): string } = new SvgPainter(560, 392);
    const s = this.session;
    drawLearningCurve(p, s?.trainer.history ?? [], { yTitle: s === null ? "loss" : `${s.run.config.loss} loss` });
    return p.toString();
  }

  private curveSpec(): unknown {
    const s = this.session;
    const history = s?.trainer.history ?? [];
    const points = history.filter((r) => Number.isFinite(r.loss) && r.loss > 0).map((r) => ({ epoch: r.epoch, value: r.loss }));
    return learningCurve([{ name: "training loss", points }], { yTitle: s === null ? "loss" : `${s.run.config.loss} loss`, logScale: true });
  }

  private boundarySpec(): unknown {
    const s = this.session;
    if (s === null || s.extent === null) return {};
    // A coarser grid than the canvas's: the spec lists every cell with its edges.
    const grid = planeGrid(s.model, s.run.scaler, s.extent, 50, 50);
    const [a, b, c, d] = grid.extent;
    const x0 = Array.from({ length: grid.cols }, (_, i) => a + ((i + 0.5) / grid.cols) * (b - a));
    const x1 = Array.from({ length: grid.rows }, (_, j) => c + ((j + 0.5) / grid.rows) * (d - c));
    const out = grid.layers[grid.layers.length - 1];
    const classes = s.run.task.classes ?? 2;
    const value = (k: number) => {
      if (classes === 2) return Math.min(1, Math.max(0, out.units === 1 ? out.values[k] : out.values[k * out.units + 1]));
      let best = 0;
      for (let q = 1; q < out.units; q++) if (out.values[k * out.units + q] > out.values[k * out.units + best]) best = q;
      return best;
    };
    // The grid's row 0 is at the top; the spec's values[i1] belong to x1[i1], from the bottom.
    const values = x1.map((_, i1) => x0.map((_, i0) => value((grid.rows - 1 - i1) * grid.cols + i0)));
    const data = s.run.unscaledTrain;
    const points = Array.from({ length: data.n }, (_, r) => ({ x: [data.x[r * 2], data.x[r * 2 + 1]] as const, label: data.labels![r] }));
    const names = data.featureNames ?? ["x1", "x2"];
    return decisionBoundary({ x0, x1, values }, points, { classes, ...(s.run.task.classNames ? { classNames: s.run.task.classNames } : {}), xTitle: names[0], yTitle: names[1] });
  }

  /** The settings form; every change builds the run again from epoch 0. */
  private renderForm(): void {
    const o = this.options;
    const isCsv = typeof o.data === "string" && o.data.toLowerCase().endsWith(".csv");
    const change = (next: RunOptions) => {
      this.options = next;
      this.rebuild();
      this.renderForm();
      this.onChange();
    };
    const dataOptions: [string, string][] = WEB_GENERATORS.map((g) => [g, g]);
    if (this.csv !== null) dataOptions.push([this.csv.name, `${this.csv.name} (uploaded)`]);
    const data = select({ "data-testid": "dataset" }, dataOptions, String(o.data ?? "xor-easy"));
    data.addEventListener("change", () => change(this.withData(data.value)));
    const upload = h("input", { type: "file", accept: ".csv,text/csv", "data-testid": "csv-upload", class: "file" });
    upload.addEventListener("change", async () => {
      const file = upload.files?.[0];
      if (file === undefined) return;
      const name = /\.csv$/i.test(file.name) ? file.name : `${file.name}.csv`;
      this.csv = { name: name.replace(/[^\w.-]+/g, "_"), text: await file.text() };
      change(this.withData(this.csv.name));
    });
    const hidden = h("input", { type: "text", value: hiddenSizes(o), "data-testid": "hidden-layers", size: 8, inputmode: "numeric", "aria-describedby": "hidden-hint" });
    hidden.addEventListener("change", () => change({ ...o, layers: withHidden(o, hidden.value) }));
    const activation = select({ "data-testid": "activation" }, activationNames().filter((a) => a !== "softmax").map((a) => [a, a] as const), String(o.activation ?? "sigmoid"));
    activation.addEventListener("change", () => change({ ...o, activation: activation.value as RunOptions["activation"] }));
    const classification = !isCsv || this.session?.run.task.kind !== "regression";
    const lossNames = classification ? ["bce", "cross-entropy", "mse", "half-sse"] : ["mse", "half-sse"];
    const loss = select({ "data-testid": "train-loss-select" }, lossNames.map((l) => [l, l] as const), String(o.loss ?? "mse"));
    loss.addEventListener("change", () => change(this.withLoss(loss.value as RunOptions["loss"])));
    const optimizer = select({ "data-testid": "optimizer" }, optimizerNames().map((n) => [n, n] as const), String(o.optimizer ?? "sgd"));
    optimizer.addEventListener("change", () => change({ ...o, optimizer: optimizer.value as RunOptions["optimizer"] }));
    const numberInput = (key: keyof RunOptions, testid: string, placeholder = "") => {
      const value = o[key];
      const input = h("input", { type: "text", inputmode: "decimal", value: value === undefined ? "" : String(value), placeholder, "data-testid": testid, size: 7 });
      input.addEventListener("change", () => {
        const v = numberOrUndefined(input.value);
        const next: Record<string, unknown> = { ...o };
        if (v === undefined) delete next[key];
        else next[key] = Number.isFinite(v) ? v : input.value;
        change(next as RunOptions);
      });
      return input;
    };
    const scale = select({ "data-testid": "scale" }, [["none", "none"], ["minmax", "min-max"], ["standardize", "standardize"]], String(o.scale ?? "none"));
    scale.addEventListener("change", () => {
      const next: Record<string, unknown> = { ...o, scale: scale.value };
      if (scale.value === "none") delete next.scale;
      change(next as RunOptions);
    });
    const speed = select({ "data-testid": "speed" }, SPEEDS, String(this.speed));
    speed.addEventListener("change", () => {
      this.speed = Number(speed.value);
      this.onChange();
    });
    const generator = String(o.data ?? "");
    const multiClass = generator === "spiral" || generator === "blobs";
    replaceChildren(
      this.form,
      h("h3", { class: "small-title" }, "Data"),
      field("Data set", data),
      field("Or upload a CSV (header row; the last column is the target)", upload),
      h("div", { class: "row2" }, isCsv ? null : field("Points", numberInput("points", "points", "default")), multiClass ? field("Classes", numberInput("classes", "classes", "3")) : null),
      field("Feature scaling", scale),
      h("h3", { class: "small-title" }, "Network"),
      field("Hidden layers", hidden),
      h("p", { class: "hint", id: "hidden-hint" }, `sizes between the inputs and the output, like 8 or 4-4: ${String(o.layers ?? "")}`),
      h("div", { class: "row2" }, field("Activation", activation), field("Loss", loss)),
      h("p", { class: "hint" }, `output: ${String(o.outputActivation ?? "")}`),
      h("h3", { class: "small-title" }, "Training"),
      h("div", { class: "row2" }, field("Optimizer", optimizer), field("Learning rate η", numberInput("lr", "train-lr"))),
      h("div", { class: "row2" }, field("L2 λ", numberInput("l2", "train-l2", "0")), field("L1 λ", numberInput("l1", "train-l1", "0"))),
      h("div", { class: "row2" }, field("Batch size", numberInput("batch", "batch", "all")), field("Validation share", numberInput("validation", "validation", "0"))),
      h("div", { class: "row2" }, field("Epochs", numberInput("epochs", "epochs")), field("Seed", numberInput("seed", "seed"))),
      field("Speed", speed),
    );
  }

  /** The options for another data set: its inputs and outputs in the layer sizes, a fitting loss. */
  private withData(name: string): RunOptions {
    const o: Record<string, unknown> = { ...this.options, data: name };
    delete o.points;
    delete o.classes;
    delete o.target;
    let features = 2;
    let classes: number | null = 2;
    if (name === "spiral" || name === "blobs") {
      o.classes = 3;
      classes = 3;
    }
    if (this.csv !== null && name === this.csv.name) {
      o.scale = o.scale ?? "standardize";
      try {
        const data = peekCsv(this.csv);
        features = data.features;
        classes = data.classes;
      } catch {
        // prepareRun reports the mistake.
      }
    }
    const loss = classes === null ? (o.loss === "half-sse" ? "half-sse" : "mse") : classes > 2 ? "cross-entropy" : o.loss === "cross-entropy" && classes === 2 ? "bce" : (o.loss as string);
    return fitOutputs({ ...o, loss } as RunOptions, features, classes);
  }

  private withLoss(loss: RunOptions["loss"]): RunOptions {
    const s = this.session;
    const features = s?.run.train.features ?? Number(String(this.options.layers).split("-")[0]);
    const classes = s === null ? 2 : s.run.task.kind === "classification" ? (s.run.task.classes ?? 2) : null;
    return fitOutputs({ ...this.options, loss }, features, classes);
  }
}

/** The features and classes (null for regression) of an uploaded file. */
function peekCsv(csv: CsvFile): { features: number; classes: number | null } {
  const data = csvDataset(csv.text, csv.name);
  return { features: data.features, classes: data.classes ?? (data.labels !== undefined ? 2 : null) };
}

/** The hidden sizes of the options' layers: "8" of "2-8-1". */
function hiddenSizes(o: RunOptions): string {
  const sizes = String(o.layers ?? "").split(/[-,x ]+/);
  return sizes.slice(1, -1).join("-");
}

/** The layers with other hidden sizes. */
function withHidden(o: RunOptions, hidden: string): string {
  const sizes = String(o.layers ?? "2-1").split(/[-,x ]+/);
  const middle = hidden.trim() === "" ? [] : hidden.trim().split(/[-,x ]+/);
  return [sizes[0], ...middle, sizes[sizes.length - 1]].join("-");
}

/** The layer sizes' ends and the output activation that the data and the loss need. */
function fitOutputs(o: RunOptions, features: number, classes: number | null): RunOptions {
  const loss = o.loss ?? "mse";
  const outputs = classes === null ? 1 : loss === "cross-entropy" ? classes : classes === 2 ? 1 : classes;
  const outputActivation = loss === "cross-entropy" ? "softmax" : classes === null ? "identity" : "sigmoid";
  const sizes = String(o.layers ?? "2-1").split(/[-,x ]+/);
  const layers = [String(features), ...sizes.slice(1, -1), String(outputs)].join("-");
  return { ...o, layers, outputActivation };
}
