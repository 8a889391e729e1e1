/**
 * The network diagram of step mode, as SVG: the inputs, every unit with its z, a and δ (as far as the
 * stages have revealed them), every weight with its value and gradient, the targets and the loss.
 * Units, weights, biases and the loss are buttons: clicking one (or Enter on a focused unit) selects
 * it, and the worked solution shows its steps.
 *
 * @module
 */
import { formatNumber } from "tracegrad/internal/common/format-number";
import type { StepResults } from "tracegrad/internal/step/results";
import type { StepSpec } from "tracegrad/internal/step/spec/index";
import { s } from "../lib/dom.js";
import type { Revealed } from "./stages.js";

export interface DiagramInput {
  readonly spec: StepSpec;
  readonly results: StepResults;
  readonly revealed: Revealed;
  /** The id of the selected item (`u:h1`, `p:w2`, `loss`), or null. */
  readonly selected: string | null;
  /** The sample of the batch shown. */
  readonly sample: number;
  /** Marks on items (`u:h1`, `p:w2`, `loss`): `right`, `carried-forward` or `wrong` (practice mode's grades). */
  readonly marks?: ReadonlyMap<string, string>;
}

const INPUT_W = 84;
const UNIT_W = 128;
/** Room between columns, for the wires and the weights' labels. */
const GAP = 112;
const TOP = 30;
const LEFT = 10;
const DIGITS = 5;
const LINE = 15;

const POSITIVE = "#1f77b4";
const NEGATIVE = "#d62728";

function fmt(x: number): string {
  return formatNumber(x, DIGITS);
}

/** The diagram's look, inside the SVG itself so that the exported file looks the same. */
export const DIAGRAM_CSS = `
.diagram { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Verdana, sans-serif; font-size: 12.5px; }
.diagram .column-title { font-size: 11px; fill: #555; }
.diagram .node rect { fill: #ffffff; stroke: #9aa5b1; stroke-width: 1.2; }
.diagram .node.input rect { fill: #f4f6f8; }
.diagram .node.forward rect { fill: #eef5fc; stroke: #1f77b4; }
.diagram .node.backward rect { stroke: #e07b00; stroke-width: 2; }
.diagram .node.selected rect, .diagram .node:focus-visible rect { stroke: #111; stroke-width: 3; }
.diagram .node { cursor: pointer; outline: none; }
.diagram .name { font-weight: 600; fill: #111; }
.diagram .key { fill: #555; }
.diagram .value { fill: #111; font-variant-numeric: tabular-nums; }
.diagram .delta { fill: #b35900; }
.diagram .bias { cursor: pointer; }
.diagram .bias.selected .bias-text { fill: #111; font-weight: 600; text-decoration: underline; }
.diagram .target { fill: #555; font-size: 11px; }
.diagram .weight { cursor: pointer; }
.diagram .weight .wire { stroke-opacity: 0.5; }
.diagram .weight .hit { stroke: transparent; stroke-width: 12; }
.diagram .weight.selected .wire, .diagram .weight:hover .wire { stroke-opacity: 1; }
.diagram .weight-label { cursor: pointer; }
.diagram .label-box { fill: #ffffff; fill-opacity: 0.94; stroke: #d0d7de; }
.diagram .weight-label.selected .label-box { stroke: #111; stroke-width: 2; }
.diagram .label { fill: #222; font-size: 11px; }
.diagram .label.gradient { fill: #b35900; }
.diagram .loss-wire { stroke: #b0b8c0; stroke-dasharray: 4 3; }
.diagram .mark-right rect, .diagram .mark-right .label-box { stroke: #2e7d32; stroke-width: 3; }
.diagram .mark-carried-forward rect, .diagram .mark-carried-forward .label-box { stroke: #c77700; stroke-width: 3; stroke-dasharray: 5 3; }
.diagram .mark-wrong rect, .diagram .mark-wrong .label-box { stroke: #c62828; stroke-width: 3; }
.diagram .mark-right .wire { stroke: #2e7d32; stroke-opacity: 0.9; }
.diagram .mark-wrong .wire { stroke: #c62828; stroke-opacity: 0.9; }
.diagram .mark-carried-forward .wire { stroke: #c77700; stroke-opacity: 0.9; }
`;

/** A text line inside the diagram. */
function text(x: number, y: number, content: string, attributes: Record<string, string | number> = {}): SVGTextElement {
  return s("text", { x, y, ...attributes }, content);
}

export function renderDiagram(input: DiagramInput): SVGSVGElement {
  const { spec, results, revealed, selected, sample } = input;
  const mark = (id: string) => (input.marks?.get(id) !== undefined ? ` mark-${input.marks.get(id)}` : "");
  const names = spec.names;
  const layers = spec.layers.length;
  const sizes = [names.inputs.length, ...spec.layers.map((l) => l.weights.length)];
  const hasLoss = spec.targets !== null && spec.loss !== null;
  const batchRow = Math.min(sample, spec.inputs.length - 1);

  // Each unit has one port per input on its left edge, where its weights' wires end, labelled with
  // the weight (and its gradient): two rows per label for up to 3 inputs, one for up to 6, none above.
  const labelRows = spec.layers.map((_, l) => (sizes[l] <= 3 ? 2 : sizes[l] <= 6 ? 1 : 0));
  const portStep = labelRows.map((r) => (r === 0 ? 6 : r * 12 + 5));
  const unitHeight = spec.layers.map((layer, l) => Math.max(26 + 3 * LINE + (layer.bias !== null ? 2 * LINE : 0) + 4, sizes[l] * portStep[l] + 10));
  const row = Math.max(58, ...unitHeight) + 22;
  const tallest = Math.max(...sizes);
  const height = TOP + tallest * row + 6;
  const columnX = (c: number) => (c === 0 ? LEFT : LEFT + INPUT_W + GAP + (c - 1) * (UNIT_W + GAP));
  const outRight = columnX(layers) + UNIT_W;
  const lossX = outRight + 84;
  const width = hasLoss ? lossX + 116 : outRight + (spec.targets !== null ? 84 : 10);
  const rowY = (count: number, j: number) => TOP + (tallest - count) * (row / 2) + j * row + row / 2;

  const svg = s("svg", {
    class: "diagram",
    viewBox: `0 0 ${width} ${height}`,
    // Shown a little larger than its units where there is room, smaller (down to a minimum) where not.
    width: Math.round(width * 1.15),
    height: Math.round(height * 1.15),
    role: "group",
    "aria-label": "network diagram: click a unit, a weight or the loss for its worked solution",
    "data-testid": "diagram",
  });
  svg.appendChild(s("style", {}, DIAGRAM_CSS));
  const edges = s("g", { class: "edges" });
  const labels = s("g", { class: "labels" });
  const nodes = s("g", { class: "nodes" });
  svg.append(edges, nodes, labels);

  // Column titles.
  svg.appendChild(text(columnX(0) + INPUT_W / 2, 16, "inputs", { class: "column-title", "text-anchor": "middle" }));
  spec.layers.forEach((layer, l) =>
    svg.appendChild(text(columnX(l + 1) + UNIT_W / 2, 16, `layer ${l + 1}: ${layer.activation}`, { class: "column-title", "text-anchor": "middle" })),
  );

  // Inputs.
  names.inputs.forEach((name, i) => {
    const y = rowY(sizes[0], i);
    const id = `i:${name}`;
    const g = s("g", { class: `node input${selected === id ? " selected" : ""}`, "data-item": id, "data-testid": `input-${name}`, "aria-label": `input ${name} = ${spec.inputs[batchRow][i]}` });
    g.append(
      s("rect", { x: columnX(0), y: y - 22, width: INPUT_W, height: 44, rx: 8 }),
      text(columnX(0) + INPUT_W / 2, y - 5, name, { class: "name", "text-anchor": "middle" }),
      text(columnX(0) + INPUT_W / 2, y + 13, fmt(spec.inputs[batchRow][i]), { class: "value", "text-anchor": "middle" }),
    );
    nodes.appendChild(g);
  });

  spec.layers.forEach((layer, l) => {
    const inputs = sizes[l];
    const units = sizes[l + 1];
    const fromX = l === 0 ? columnX(0) + INPUT_W : columnX(l) + UNIT_W;
    const toX = columnX(l + 1);
    const r = results.layers[l];
    let largest = 0;
    for (const weights of layer.weights) for (const w of weights) largest = Math.max(largest, Math.abs(w));
    const gradients = revealed.backward.has(l) ? r.dW : null;
    const forward = revealed.forward.has(l);
    const backward = revealed.backward.has(l);

    // Weights: a wire from each input to its port on the unit, a label before the port.
    layer.weights.forEach((weights, j) => {
      const yUnit = rowY(units, j);
      weights.forEach((w, i) => {
        const name = names.layers[l].weights[j][i];
        const id = `p:${name}`;
        const y1 = rowY(inputs, i);
        const y2 = yUnit + (i - (inputs - 1) / 2) * portStep[l];
        const strokeWidth = 1 + (largest > 0 ? (3 * Math.abs(w)) / largest : 0);
        const isSelected = selected === id;
        const g = s("g", { class: `weight${isSelected ? " selected" : ""}${mark(id)}`, "data-item": id, "data-testid": `weight-${name}`, "aria-label": `weight ${name} = ${w}`, "data-mark": input.marks?.get(id) });
        g.append(
          s("line", { x1: fromX, y1, x2: toX, y2, class: "wire", stroke: w >= 0 ? POSITIVE : NEGATIVE, "stroke-width": strokeWidth.toFixed(2) }),
          s("line", { x1: fromX, y1, x2: toX, y2, class: "hit" }),
        );
        const grad = gradients?.[j][i];
        g.appendChild(s("title", {}, `${name} = ${w}${grad !== undefined ? `\n∂${names.loss}/∂${name} = ${grad}` : ""}`));
        edges.appendChild(g);
        const rows = labelRows[l] === 0 && !isSelected ? 0 : Math.max(1, labelRows[l]);
        if (rows > 0) {
          const lines = [`${name} = ${fmt(w)}`, ...(rows === 2 && grad !== undefined ? [`∇ ${fmt(grad)}`] : [])];
          const boxW = Math.max(...lines.map((x) => x.length)) * 6.4 + 8;
          const boxH = lines.length * 12 + 3;
          const label = s("g", { class: `weight-label${isSelected ? " selected" : ""}${mark(id)}`, "data-item": id });
          label.append(s("rect", { x: toX - 3 - boxW, y: y2 - boxH / 2, width: boxW, height: boxH, rx: 3, class: "label-box" }));
          lines.forEach((line, k) => label.appendChild(text(toX - 7, y2 - boxH / 2 + 11 + k * 12, line, { class: k === 0 ? "label" : "label gradient", "text-anchor": "end" })));
          labels.appendChild(label);
        }
      });
    });

    // Units.
    names.layers[l].units.forEach((unit, j) => {
      const y = rowY(units, j);
      const x = columnX(l + 1);
      const id = `u:${unit}`;
      const boxH = unitHeight[l];
      const top = y - boxH / 2;
      const bias = layer.bias;
      const biasName = names.layers[l].bias?.[j];
      const values: [string, string, string][] = [
        ["z", forward ? fmt(r.z[batchRow][j]) : "·", "value"],
        ["a", forward ? fmt(r.a[batchRow][j]) : "·", "value"],
        ["δ", backward && r.delta !== null ? fmt(r.delta[batchRow][j]) : "·", "value delta"],
      ];
      const g = s("g", {
        class: `node unit${forward ? " forward" : ""}${backward ? " backward" : ""}${selected === id ? " selected" : ""}${mark(id)}`,
        "data-mark": input.marks?.get(id),
        "data-item": id,
        "data-testid": `unit-${unit}`,
        role: "button",
        tabindex: 0,
        "aria-label": `unit ${unit}: show its worked solution`,
      });
      g.append(s("rect", { x, y: top, width: UNIT_W, height: boxH, rx: 10 }), text(x + UNIT_W / 2, top + 16, unit, { class: "name", "text-anchor": "middle" }));
      const first = top + 33;
      values.forEach(([label, value, cls], k) => {
        const ty = first + k * LINE;
        g.append(text(x + 12, ty, `${label} =`, { class: "key" }), text(x + UNIT_W - 10, ty, value, { class: cls, "text-anchor": "end" }));
      });
      const full = [
        `${unit}${spec.inputs.length > 1 ? `, sample ${batchRow + 1}` : ""}`,
        ...(forward ? [`z = ${r.z[batchRow][j]}`, `a = ${r.a[batchRow][j]}`] : []),
        ...(backward && r.delta !== null ? [`δ = ${r.delta[batchRow][j]}`] : []),
      ];
      g.appendChild(s("title", {}, full.join("\n")));
      nodes.appendChild(g);
      if (bias !== null && biasName !== undefined) {
        const ty = first + values.length * LINE;
        const bid = `p:${biasName}`;
        const bg = s("g", { class: `bias${selected === bid ? " selected" : ""}${mark(bid)}`, "data-item": bid, "data-testid": `bias-${biasName}`, "aria-label": `bias ${biasName} = ${bias[j]}`, "data-mark": input.marks?.get(bid) });
        bg.append(text(x + 12, ty, `${biasName} =`, { class: "key bias-text" }), text(x + UNIT_W - 10, ty, fmt(bias[j]), { class: "value", "text-anchor": "end" }));
        if (backward && r.db !== null) bg.append(text(x + 12, ty + LINE, `∇${biasName} =`, { class: "key bias-text" }), text(x + UNIT_W - 10, ty + LINE, fmt(r.db[j]), { class: "value delta", "text-anchor": "end" }));
        nodes.appendChild(bg);
      }
      if (l === layers - 1 && spec.targets !== null) {
        const target = names.targets[j];
        // The target on the side of the loss's wire away from it: above a wire that falls to the loss, below one that rises.
        const below = hasLoss && y > height / 2 + 0.5;
        nodes.appendChild(text(x + UNIT_W + 6, below ? y + 15 : y - 6, `${target} = ${fmt(spec.targets[batchRow][j])}`, { class: "target", "data-testid": `target-${target}` }));
        if (hasLoss) edges.appendChild(s("line", { x1: x + UNIT_W, y1: y, x2: lossX, y2: height / 2, class: "loss-wire" }));
      }
    });
  });

  if (hasLoss) {
    const y = height / 2;
    const loss = results.loss;
    const g = s("g", { class: `node loss${revealed.loss ? " forward" : ""}${selected === "loss" ? " selected" : ""}${mark("loss")}`, "data-mark": input.marks?.get("loss"), "data-item": "loss", "data-testid": "loss-node", role: "button", tabindex: 0, "aria-label": "the loss: show its worked solution" });
    g.append(
      s("rect", { x: lossX, y: y - 30, width: 110, height: 60, rx: 10 }),
      text(lossX + 55, y - 9, `${names.loss} (${spec.loss})`, { class: "name", "text-anchor": "middle" }),
      text(lossX + 55, y + 13, revealed.loss && loss !== null ? fmt(loss) : "·", { class: "value", "text-anchor": "middle" }),
    );
    nodes.appendChild(g);
  }
  return svg;
}
