/**
 * What train mode shows for the digits: the confusion matrix of the test split, a few of the digits
 * the network gets wrong, and a pad to draw a digit on and see what the network makes of it (its
 * outputs and every hidden unit's activation).
 *
 * @module
 */
import { formatNumber } from "tracegrad/internal/common/format-number";
import { h, replaceChildren } from "../../lib/dom.js";
import { DIGIT_PIXELS, DIGIT_SIDE } from "./digits-file.js";
import { padToDigit } from "./pad.js";

export interface Confusion {
  readonly split: "test" | "training";
  readonly matrix: number[][];
  readonly wrong: { index: number; truth: number; predicted: number; x: Float64Array }[];
}

export interface Probe {
  readonly outputs: Float64Array;
  readonly layers: Float64Array[];
}

/** Draws a digit (784 gray levels in [0, 1]) on a canvas of 28 × 28 pixels. */
function digitCanvas(x: ArrayLike<number>, size = 56): HTMLCanvasElement {
  const canvas = h("canvas", { width: DIGIT_SIDE, height: DIGIT_SIDE, class: "digit", style: `width:${size}px;height:${size}px` });
  const ctx = canvas.getContext("2d")!;
  const image = ctx.createImageData(DIGIT_SIDE, DIGIT_SIDE);
  for (let i = 0; i < DIGIT_PIXELS; i++) {
    const v = 255 - Math.round(Math.min(1, Math.max(0, x[i])) * 255);
    image.data.set([v, v, v, 255], 4 * i);
  }
  ctx.putImageData(image, 0, 0);
  return canvas;
}

export class DigitsView {
  readonly root = h("section", { class: "digits", "data-testid": "digits-panel" });
  private readonly matrixBox = h("div", { class: "table-box", "data-testid": "confusion-matrix" });
  private readonly wrongBox = h("div", { class: "wrong-digits", "data-testid": "misclassified" });
  private readonly pad = h("canvas", { class: "pad", width: 224, height: 224, "data-testid": "digit-pad", "aria-label": "draw a digit here with the mouse or a finger" });
  private readonly padResult = h("div", { class: "pad-result", "data-testid": "pad-result", "aria-live": "polite" });
  private drawing = false;
  private last: [number, number] | null = null;

  constructor(private readonly probe: (x: Float64Array) => Promise<Probe | null>) {
    const clear = h("button", { type: "button", class: "small", "data-testid": "pad-clear" }, "Clear");
    clear.addEventListener("click", () => this.clear());
    this.clear();
    const point = (event: PointerEvent): [number, number] => {
      const rect = this.pad.getBoundingClientRect();
      return [((event.clientX - rect.left) / rect.width) * this.pad.width, ((event.clientY - rect.top) / rect.height) * this.pad.height];
    };
    this.pad.addEventListener("pointerdown", (event) => {
      this.drawing = true;
      this.pad.setPointerCapture(event.pointerId);
      this.last = point(event);
      this.stroke(this.last, this.last);
    });
    this.pad.addEventListener("pointermove", (event) => {
      if (!this.drawing || this.last === null) return;
      const p = point(event);
      this.stroke(this.last, p);
      this.last = p;
    });
    const end = () => {
      if (!this.drawing) return;
      this.drawing = false;
      this.last = null;
      void this.ask();
    };
    this.pad.addEventListener("pointerup", end);
    this.pad.addEventListener("pointercancel", end);
    this.root.append(
      h("div", { class: "digits-grid" },
        h("figure", { class: "plot-box" }, h("figcaption", {}, "Confusion matrix"), this.matrixBox),
        h("figure", { class: "plot-box" }, h("figcaption", {}, "Digits it gets wrong"), this.wrongBox),
        h("figure", { class: "plot-box" }, h("figcaption", {}, "Draw a digit"), this.pad, h("div", { class: "buttons" }, clear), this.padResult),
      ),
    );
  }

  private clear(): void {
    const ctx = this.pad.getContext("2d")!;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, this.pad.width, this.pad.height);
    replaceChildren(this.padResult, h("p", { class: "hint" }, "Draw a digit (0 to 9) in the box: the network says what it sees."));
  }

  private stroke(from: [number, number], to: [number, number]): void {
    const ctx = this.pad.getContext("2d")!;
    ctx.strokeStyle = "#000000";
    ctx.lineWidth = 18;
    ctx.lineCap = "round";
    ctx.beginPath();
    ctx.moveTo(...from);
    ctx.lineTo(...to);
    ctx.stroke();
  }

  private async ask(): Promise<void> {
    const ctx = this.pad.getContext("2d")!;
    const image = ctx.getImageData(0, 0, this.pad.width, this.pad.height);
    const x = padToDigit(image.data, this.pad.width, this.pad.height);
    const result = await this.probe(x);
    if (result === null) return;
    const outputs = Array.from(result.outputs);
    const best = outputs.indexOf(Math.max(...outputs));
    const bars = outputs.map((p, d) => h("div", { class: `bar-row${d === best ? " best" : ""}` }, h("span", { class: "bar-label" }, String(d)), h("span", { class: "bar", style: `width:${Math.round(Math.max(0, Math.min(1, p)) * 100)}%` }), h("span", { class: "bar-value" }, formatNumber(p, 3))));
    const hidden = result.layers.slice(0, -1).map((a, l) => {
      const max = Math.max(1e-12, ...Array.from(a, Math.abs));
      return h(
        "div",
        { class: "activations" },
        h("span", { class: "field-label" }, `hidden layer ${l + 1}: each unit's activation`),
        h("div", { class: "cells" }, ...Array.from(a, (v, j) => h("span", { class: "cell", title: `unit ${j + 1}: ${formatNumber(v, 4)}`, style: `opacity:${(0.12 + 0.88 * Math.abs(v) / max).toFixed(2)};background:${v >= 0 ? "#1f77b4" : "#d62728"}` }))),
      );
    });
    replaceChildren(this.padResult, h("p", { "data-testid": "pad-prediction" }, "It reads ", h("b", {}, String(best)), ` (p = ${formatNumber(outputs[best], 3)}).`), digitCanvas(x, 56), h("div", { class: "bars" }, ...bars), ...hidden);
  }

  /** Shows a confusion matrix and the digits it gets wrong. */
  show(confusion: Confusion): void {
    const n = confusion.matrix.length;
    const total = confusion.matrix.flat().reduce((a, b) => a + b, 0);
    const right = confusion.matrix.reduce((s, row, i) => s + row[i], 0);
    const head = h("tr", {}, h("th", { scope: "col", class: "corner" }, "read →", h("br"), "true ↓"), ...Array.from({ length: n }, (_, j) => h("th", { scope: "col" }, String(j))));
    const rows = confusion.matrix.map((row, i) => h("tr", {}, h("th", { scope: "row" }, String(i)), ...row.map((v, j) => h("td", { class: `num${i === j ? " diagonal" : v > 0 ? " off" : ""}` }, String(v)))));
    replaceChildren(
      this.matrixBox,
      h("p", { class: "hint" }, `The ${confusion.split} split: ${right} of ${total} right (${formatNumber((100 * right) / Math.max(1, total), 4)}%).`),
      h("table", { class: "values confusion" }, h("thead", {}, head), h("tbody", {}, ...rows)),
    );
    replaceChildren(
      this.wrongBox,
      ...(confusion.wrong.length === 0 ? [h("p", { class: "hint" }, "None.")] : confusion.wrong.map((w) => h("figure", { class: "wrong-digit" }, digitCanvas(w.x, 48), h("figcaption", {}, `${w.truth} read as ${w.predicted}`)))),
    );
  }
}
