import { test } from "node:test";
import assert from "node:assert/strict";
import { ACTIVATIONS } from "tracegrad/internal/engine/activations";
import { activationPanels } from "../../src/plots/activation-panels.js";
import type { ActivationPanel } from "../../src/plots/activation-panels.js";
import { renderSvg } from "../../src/plots/render-svg.js";
import { countMarks, texts } from "./svg.js";
import { axis } from "./fixtures.js";

function panel(name: string, key: "sigmoid" | "tanh" | "relu" | "leaky-relu" | "gaussian"): ActivationPanel {
  const activation = ACTIVATIONS[key];
  assert.equal(activation.kind, "elementwise");
  const x = axis(101, -5, 5);
  const value = x.map((z) => activation.forward(z, 0.1));
  return { name, x, value, derivative: x.map((z, i) => activation.derivative(z, value[i], 0.1)) };
}

const PANELS = [panel("sigmoid", "sigmoid"), panel("tanh", "tanh"), panel("ReLU", "relu"), panel("leaky ReLU", "leaky-relu"), panel("Gaussian", "gaussian")];

test("activationPanels: five panels titled by name, each with a solid and a dashed line, one legend", async () => {
  const svg = await renderSvg(activationPanels(PANELS, { title: "Activations" }));
  assert.equal(countMarks(svg, "mark-line role-mark"), 10);
  const dashed = [...svg.matchAll(/<g class="mark-line role-mark[^"]*"[^>]*><path([^>]*)\/>/g)].filter((m) => m[1].includes('stroke-dasharray="6,4"'));
  assert.equal(dashed.length, 5);
  assert.deepEqual(texts(svg, "mark-text role-title-text"), ["sigmoid", "tanh", "ReLU", "leaky ReLU", "Gaussian", "Activations"]);
  assert.deepEqual(texts(svg, "mark-text role-legend-label"), ["function", "derivative"]);
  // Every panel has its own x axis (no axis under an empty cell) and its own y axis.
  assert.equal((svg.match(/aria-label="X-axis/g) ?? []).length, 5);
  assert.equal((svg.match(/aria-label="Y-axis/g) ?? []).length, 5);
});

test("activationPanels: panels whose arrays differ in length, or share a name, are refused", () => {
  assert.throws(() => activationPanels([{ name: "f", x: [0, 1], value: [0], derivative: [0, 0] }]), /the values of f has 1 entries, expected 2/);
  assert.throws(() => activationPanels([PANELS[0], PANELS[0]]), /panel name "sigmoid" appears twice/);
});
