/**
 * The live network of train mode, drawn as the TensorFlow Playground draws it: the inputs (every
 * feature the page offers, the ones in use solid, the others faded, a click turns one on or off), the
 * hidden layers with + and − buttons for layers and units, the output, and every weight a line whose
 * width is its size and whose colour its sign. For data in the plane each unit shows its output over
 * the plane on itself. Hovering a unit enlarges its map and reads its bias; hovering a weight reads
 * it; clicking either (or Enter on it) edits it.
 *
 * @module
 */
import { formatNumber } from "tracegrad/internal/common/format-number";
import { FEATURES, FEATURE_NAMES } from "tracegrad/internal/data/features";
import type { FeatureName } from "tracegrad/internal/data/features";
import { h, s } from "../lib/dom.js";
import { paintCells } from "./painter.js";
import { unitColors } from "./plots.js";
import type { RunInfo, Snapshot, UnitGrid, WeightRef } from "./session.js";
import { MAX_HIDDEN_LAYERS, MAX_HIDDEN_UNITS } from "./settings.js";

export interface NetworkHandlers {
  toggleFeature(feature: FeatureName): void;
  layers(change: 1 | -1): void;
  units(layer: number, change: 1 | -1): void;
  setWeight(ref: WeightRef, value: number): void;
}

const POSITIVE = "#1f77b4";
const NEGATIVE = "#d62728";
/** The most inputs or units of a layer drawn one by one; a wider layer is one box. */
const MAX_DRAWN = 32;

/** A node: an input or a unit. */
interface NodeBox {
  readonly x: number;
  readonly y: number;
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement | null;
}

/** A weight's line: drawn on the canvas, hovered and clicked through its (invisible) SVG path. */
interface WeightLine {
  readonly ref: WeightRef;
  /** Its ends: the source's right edge, the target's left edge. */
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly hit: SVGPathElement;
  readonly from: string;
  readonly to: string;
}

/**
 * The width of a weight's line: 0.5 px at 0, up to 6 px for the largest weight of the network (or for
 * |w| = 2 and more, while every weight is small), so that lines compare within the network however
 * large its weights grow.
 */
export function lineWidth(w: number, largest: number): number {
  if (!Number.isFinite(w)) return 6;
  return 0.5 + 5.5 * Math.min(1, Math.abs(w) / Math.max(2, largest));
}

export class NetworkView {
  readonly root = h("div", { class: "network-view", "data-testid": "train-network" });
  private readonly head = h("div", { class: "network-head" });
  private readonly stage = h("div", { class: "network-stage" });
  private readonly tooltip = h("div", { class: "network-tooltip", role: "status", hidden: true });
  private readonly zoom = h("canvas", { class: "network-zoom", hidden: true, width: 160, height: 160 });
  private readonly editor = h("form", { class: "weight-editor", hidden: true });
  private readonly editorInput = h("input", { type: "text", inputmode: "decimal", size: 9, "data-testid": "weight-editor-input", "aria-label": "the new value" });
  private editing: WeightRef | null = null;
  private info: RunInfo | null = null;
  private lines: WeightLine[] = [];
  private canvas: HTMLCanvasElement | null = null;
  private ratio = 1;
  /** Per layer (0: the inputs), the nodes drawn. */
  private nodes: NodeBox[][] = [];
  private grid: UnitGrid | null = null;
  private weights: Snapshot["weights"] = [];
  /** The inputs drawn: the features the page offers (for the plane) or the data's columns. */
  private inputNames: string[] = [];
  private activeInputs: number[] = [];
  private hover: { layer: number; unit: number } | null = null;

  constructor(private readonly handlers: NetworkHandlers) {
    const ok = h("button", { type: "submit", class: "small" }, "Set");
    const cancel = h("button", { type: "button", class: "small" }, "Cancel");
    cancel.addEventListener("click", () => this.closeEditor());
    this.editor.append(h("span", { class: "weight-editor-label" }), this.editorInput, ok, cancel);
    this.editor.addEventListener("submit", (event) => {
      event.preventDefault();
      const value = Number(this.editorInput.value);
      if (this.editing !== null && this.editorInput.value.trim() !== "" && Number.isFinite(value)) this.handlers.setWeight(this.editing, value);
      this.closeEditor();
    });
    this.editorInput.addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.closeEditor();
    });
    this.root.append(this.head, this.stage);
    this.stage.append(this.tooltip, this.zoom, this.editor);
  }

  /** Lays the network out for a run: `features` are the features in use, for data in the plane. */
  setRun(info: RunInfo, features: readonly string[] | null): void {
    this.info = info;
    this.grid = null;
    this.weights = [];
    this.closeEditor();
    this.layout(features);
  }

  /** The width the network is drawn at. */
  private width(): number {
    return Math.max(300, Math.min(760, this.root.clientWidth || 600));
  }

  private layout(features: readonly string[] | null): void {
    const info = this.info!;
    const plane = features !== null;
    this.inputNames = plane ? [...FEATURE_NAMES] : [...info.inputs];
    this.activeInputs = plane ? features.map((f) => FEATURE_NAMES.indexOf(f as FeatureName)) : info.inputs.map((_, i) => i);
    const hidden = info.layers.slice(0, -1);
    // The head: the hidden layers' count and buttons.
    const addLayer = h("button", { type: "button", class: "small", "data-testid": "add-layer", title: "add a hidden layer", "aria-label": "add a hidden layer", disabled: hidden.length >= MAX_HIDDEN_LAYERS }, "+");
    addLayer.addEventListener("click", () => this.handlers.layers(1));
    const removeLayer = h("button", { type: "button", class: "small", "data-testid": "remove-layer", title: "remove the last hidden layer", "aria-label": "remove the last hidden layer", disabled: hidden.length === 0 }, "−");
    removeLayer.addEventListener("click", () => this.handlers.layers(-1));
    this.head.replaceChildren(addLayer, removeLayer, h("span", { class: "network-count" }, `${hidden.length} hidden layer${hidden.length === 1 ? "" : "s"}`));

    const width = this.width();
    const compact = width < 480;
    const columns = info.layers.length + 1;
    const sizes = [this.inputNames.length, ...info.layers.map((l) => l.units)];
    // A layer wider than MAX_DRAWN is drawn as one block, without its weights.
    const drawn = (count: number) => (count > MAX_DRAWN ? 1 : count);
    const tallest = Math.max(...sizes.map(drawn));
    const pitch = Math.min(compact ? 40 : 50, Math.max(18, 440 / tallest));
    const node = Math.round(pitch * 0.76);
    const top = 34;
    const height = top + tallest * pitch + 10;
    const left = compact ? 50 : 62;
    const right = width - node - 8;
    const columnX = (c: number) => left + (c * (right - left)) / Math.max(1, columns - 1);

    for (const old of this.stage.querySelectorAll(".network-node, .network-lines, .network-canvas, .layer-buttons, .input-name")) old.remove();
    this.stage.style.height = `${height}px`;
    this.stage.style.width = `${width}px`;
    // The lines are drawn on a canvas (cheap to redraw 30 times a second); the SVG over it holds an
    // invisible, wider path per weight to hover, click and focus.
    const ratio = Math.min(2, window.devicePixelRatio || 1);
    this.canvas = h("canvas", { class: "network-canvas", width: Math.round(width * ratio), height: Math.round(height * ratio), style: `width:${width}px;height:${height}px`, "aria-hidden": "true" });
    this.ratio = ratio;
    const svg = s("svg", { class: "network-lines", width, height, viewBox: `0 0 ${width} ${height}`, role: "group", "aria-label": "the weights" });
    this.stage.prepend(this.canvas, svg);
    this.nodes = [];
    this.lines = [];

    sizes.forEach((count, c) => {
      const shown = drawn(count);
      const block = count > MAX_DRAWN;
      const x = columnX(c);
      const y0 = top + ((tallest - shown) * pitch) / 2;
      const boxes: NodeBox[] = [];
      for (let j = 0; j < shown; j++) {
        const y = y0 + j * pitch;
        const isInput = c === 0;
        const active = !isInput || block || this.activeInputs.includes(j);
        const what = c === 0 ? "input" : c === columns - 1 ? "output" : `layer ${c}`;
        const label = block ? `${count} ${c === 0 ? "inputs" : "units"}` : isInput ? (plane ? FEATURES[this.inputNames[j] as FeatureName].label : this.inputNames[j]) : `${what}, unit ${j + 1}`;
        const canvas = plane && active && !block ? h("canvas", { class: "unit-canvas", width: 24, height: 24 }) : null;
        const toggle = isInput && plane && !block;
        const element = h(
          toggle ? "button" : "div",
          {
            class: `network-node${isInput ? " input" : ""}${active ? "" : " off"}${block ? " block" : ""}`,
            style: `left:${x}px;top:${y}px;width:${node}px;height:${node}px`,
            "data-layer": c,
            "data-unit": j,
            ...(toggle
              ? { type: "button", "data-testid": `feature-${this.inputNames[j]}`, "aria-pressed": active ? "true" : "false", title: `${label}: ${active ? "in use; click to leave it out" : "click to use it"} (the run starts again)` }
              : block
                ? { "aria-label": label }
                : { tabindex: 0, role: "button", "aria-label": `${label}: read its output; Enter edits its bias` }),
          },
          canvas,
        );
        if (toggle) element.addEventListener("click", () => this.handlers.toggleFeature(this.inputNames[j] as FeatureName));
        else if (!block) {
          element.addEventListener("mouseenter", () => this.showNode(c, j));
          element.addEventListener("mouseleave", () => this.hideTooltip());
          element.addEventListener("focus", () => this.showNode(c, j));
          element.addEventListener("blur", () => this.hideTooltip());
          if (c > 0) {
            element.addEventListener("click", () => this.openEditor({ layer: c - 1, unit: j, input: null }, x, y));
            element.addEventListener("keydown", (event) => {
              const key = (event as KeyboardEvent).key;
              if (key === "Enter" || key === " ") {
                event.preventDefault();
                this.openEditor({ layer: c - 1, unit: j, input: null }, x, y);
              }
            });
          }
        }
        this.stage.appendChild(element);
        if (isInput || block) this.stage.appendChild(h("span", { class: `input-name${active ? "" : " off"}`, style: `left:${x - 6}px;top:${y + node / 2}px` }, label));
        boxes.push({ x, y, element, canvas });
      }
      this.nodes.push(block ? [] : boxes);
      // Unit buttons over each hidden layer.
      if (c > 0 && c < columns - 1) {
        const add = h("button", { type: "button", class: "small", "data-testid": `add-unit-${c}`, "aria-label": `add a unit to hidden layer ${c}`, disabled: count >= MAX_HIDDEN_UNITS }, "+");
        add.addEventListener("click", () => this.handlers.units(c - 1, 1));
        const remove = h("button", { type: "button", class: "small", "data-testid": `remove-unit-${c}`, "aria-label": `remove a unit from hidden layer ${c}`, disabled: count <= 1 }, "−");
        remove.addEventListener("click", () => this.handlers.units(c - 1, -1));
        this.stage.appendChild(h("div", { class: "layer-buttons", style: `left:${x + node / 2}px;top:2px` }, add, remove, h("span", {}, String(count))));
      }
    });

    // Weights: from each drawn input (in use) or unit to each drawn unit of the next layer.
    info.layers.forEach((layer, l) => {
      const from = this.nodes[l];
      const to = this.nodes[l + 1];
      if (from.length === 0 || to.length === 0) return;
      const sources = l === 0 ? this.activeInputs.map((index, i) => ({ box: from[index], input: i })).filter((x) => x.box !== undefined) : from.map((box, i) => ({ box, input: i }));
      if (sources.length * to.length > 2000) return;
      for (const { box, input } of sources) {
        to.forEach((target, unit) => {
          const x1 = box.x + node;
          const y1 = box.y + node / 2;
          const x2 = target.x;
          const y2 = target.y + node / 2;
          const mid = (x1 + x2) / 2;
          const d = `M${x1.toFixed(1)},${y1.toFixed(1)} C${mid.toFixed(1)},${y1.toFixed(1)} ${mid.toFixed(1)},${y2.toFixed(1)} ${x2.toFixed(1)},${y2.toFixed(1)}`;
          const fromName = l === 0 ? (plane ? FEATURES[this.inputNames[this.activeInputs[input]] as FeatureName].label : this.inputNames[input]) : `layer ${l}, unit ${input + 1}`;
          const toName = l === info.layers.length - 1 ? `output ${unit + 1}` : `layer ${l + 1}, unit ${unit + 1}`;
          const ref = { layer: l, unit, input };
          const hit = s("path", { d, class: "weight-hit", "data-weight": `${l}-${unit}-${input}`, tabindex: 0, role: "button", "aria-label": `the weight from ${fromName} to ${toName}: Enter edits it` });
          const line: WeightLine = { ref, x1, y1, x2, y2, hit, from: fromName, to: toName };
          hit.addEventListener("mouseenter", (event) => this.showWeight(line, event as MouseEvent));
          hit.addEventListener("mousemove", (event) => this.showWeight(line, event as MouseEvent));
          hit.addEventListener("mouseleave", () => this.hideTooltip());
          hit.addEventListener("click", (event) => this.openEditor(ref, (event as MouseEvent).offsetX, (event as MouseEvent).offsetY));
          hit.addEventListener("keydown", (event) => {
            if ((event as KeyboardEvent).key === "Enter") this.openEditor(ref, mid, (y1 + y2) / 2);
          });
          svg.append(hit);
          this.lines.push(line);
        });
      }
    });
    this.paintWeights();
  }

  /** Takes a snapshot's weights and maps. */
  update(snapshot: Snapshot): void {
    this.weights = snapshot.weights;
    if (snapshot.grid !== null) this.grid = snapshot.grid;
    this.paintWeights();
    this.paintMaps();
    if (this.hover !== null) this.showNode(this.hover.layer, this.hover.unit);
  }

  private weightOf(ref: WeightRef): number | undefined {
    const layer = this.weights[ref.layer];
    if (layer === undefined) return undefined;
    if (ref.input === null) return layer.bias?.[ref.unit];
    const inputs = layer.weights.length / (this.info?.layers[ref.layer].units ?? 1);
    return layer.weights[ref.unit * inputs + ref.input];
  }

  /** Draws every weight's line, and writes its value, width and sign on its path (for tests and tools). */
  private paintWeights(): void {
    const canvas = this.canvas;
    if (canvas === null) return;
    let largest = 0;
    for (const layer of this.weights) for (let i = 0; i < layer.weights.length; i++) if (Number.isFinite(layer.weights[i])) largest = Math.max(largest, Math.abs(layer.weights[i]));
    const ctx = canvas.getContext("2d")!;
    ctx.setTransform(this.ratio, 0, 0, this.ratio, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.globalAlpha = 0.6;
    ctx.lineCap = "round";
    for (const line of this.lines) {
      const w = this.weightOf(line.ref);
      if (w === undefined) continue;
      const width = lineWidth(w, largest);
      const mid = (line.x1 + line.x2) / 2;
      ctx.beginPath();
      ctx.moveTo(line.x1, line.y1);
      ctx.bezierCurveTo(mid, line.y1, mid, line.y2, line.x2, line.y2);
      ctx.strokeStyle = w >= 0 ? POSITIVE : NEGATIVE;
      ctx.lineWidth = width;
      ctx.stroke();
      line.hit.dataset.value = w.toPrecision(6);
      line.hit.dataset.width = width.toFixed(2);
      line.hit.dataset.sign = w >= 0 ? "positive" : "negative";
    }
    ctx.globalAlpha = 1;
  }

  private paintMaps(): void {
    const grid = this.grid;
    const info = this.info;
    if (grid === null || info === null) return;
    const step = grid.cols > 24 ? 2 : 1;
    const cols = Math.floor(grid.cols / step);
    const rows = Math.floor(grid.rows / step);
    this.nodes.forEach((boxes, c) => {
      boxes.forEach((box, j) => {
        if (box.canvas === null) return;
        const color = this.colorsOf(c, j);
        if (color === null) return;
        paintCells(box.canvas, cols, rows, (i, r) => color(i * step, r * step));
      });
    });
  }

  /** The colours of a node's map (c = 0: an input), or null when there is none. */
  private colorsOf(c: number, j: number) {
    const grid = this.grid;
    const info = this.info;
    if (grid === null || info === null) return null;
    if (c === 0) {
      const k = this.activeInputs.indexOf(j);
      if (k < 0) return null;
      return unitColors(grid.inputs, this.activeInputs.length, k, grid.cols, grid.rows, "identity");
    }
    const values = grid.layers[c - 1];
    if (values === undefined) return null;
    return unitColors(values, info.layers[c - 1].units, j, grid.cols, grid.rows, info.layers[c - 1].activation);
  }

  private showNode(c: number, j: number): void {
    const info = this.info;
    if (info === null) return;
    this.hover = { layer: c, unit: j };
    const box = this.nodes[c]?.[j];
    if (box === undefined) return;
    const lines: string[] = [];
    if (c === 0) lines.push(`input ${box.element.getAttribute("aria-label") ?? this.inputNames[j]}`);
    else {
      const layer = info.layers[c - 1];
      const bias = this.weightOf({ layer: c - 1, unit: j, input: null });
      lines.push(`${c === info.layers.length ? "output" : `layer ${c}`}, unit ${j + 1} (${layer.activation})`, bias === undefined ? "no bias" : `bias b = ${formatNumber(bias, 5)} (click to change it)`);
    }
    this.tooltip.textContent = lines.join(" · ");
    this.tooltip.hidden = false;
    const x = Math.min(box.x + 46, this.stage.clientWidth - 180);
    this.tooltip.style.left = `${Math.max(0, x)}px`;
    this.tooltip.style.top = `${box.y - 4}px`;
    const color = this.colorsOf(c, j);
    if (color !== null && this.grid !== null) {
      paintCells(this.zoom, this.grid.cols, this.grid.rows, color);
      this.zoom.hidden = false;
      this.zoom.style.left = `${Math.max(0, x)}px`;
      this.zoom.style.top = `${box.y + 22}px`;
    } else this.zoom.hidden = true;
  }

  private showWeight(line: WeightLine, event: MouseEvent): void {
    const w = this.weightOf(line.ref);
    this.tooltip.textContent = `w = ${w === undefined ? "·" : formatNumber(w, 5)}: from ${line.from} to ${line.to} (click to change it)`;
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${Math.min(event.offsetX + 12, this.stage.clientWidth - 220)}px`;
    this.tooltip.style.top = `${event.offsetY + 12}px`;
    this.zoom.hidden = true;
  }

  private hideTooltip(): void {
    this.hover = null;
    this.tooltip.hidden = true;
    this.zoom.hidden = true;
  }

  private openEditor(ref: WeightRef, x: number, y: number): void {
    const w = this.weightOf(ref);
    if (ref.input === null && w === undefined) return;
    this.editing = ref;
    const label = this.editor.querySelector(".weight-editor-label")!;
    label.textContent = ref.input === null ? `bias of unit ${ref.unit + 1}, layer ${ref.layer + 1}:` : "weight:";
    this.editorInput.value = w === undefined ? "" : String(Number(w.toPrecision(6)));
    this.editor.hidden = false;
    this.editor.style.left = `${Math.max(0, Math.min(x, this.stage.clientWidth - 260))}px`;
    this.editor.style.top = `${y}px`;
    this.editorInput.focus();
    this.editorInput.select();
  }

  private closeEditor(): void {
    this.editing = null;
    this.editor.hidden = true;
  }
}
