/**
 * The Module 11 activity's figure of the activations (sigmoid, tanh, ReLU, Gaussian), with leaky ReLU beside
 * them, each curve with its derivative, as a chart of `plots/activation-panels.ts`. The curves are
 * the functions of `engine/activations.ts`'s table.
 *
 * @module
 */
import type { ElementwiseActivation } from "tracegrad/internal/engine/activations";
import { ACTIVATIONS, DEFAULT_LEAKY_ALPHA } from "tracegrad/internal/engine/activations";
import { activationPanels } from "./activation-panels.js";
import type { ActivationPanel } from "./activation-panels.js";
import type { PlotSpec } from "./plot-spec.js";
import { formatNumber } from "tracegrad/internal/common/format-number";

/** The Module 11 activity draws x = linspace(-5, 5, 400). */
const POINTS = 400;
const LOW = -5;
const HIGH = 5;

/** The panels: sigmoid, tanh, ReLU, Gaussian (the Module 11 activity's four) and leaky ReLU. */
export function activationPlotPanels(alpha: number = DEFAULT_LEAKY_ALPHA): ActivationPanel[] {
  const x = Array.from({ length: POINTS }, (_, i) => LOW + ((HIGH - LOW) * i) / (POINTS - 1));
  const panel = (name: string, key: "sigmoid" | "tanh" | "relu" | "gaussian" | "leaky-relu"): ActivationPanel => {
    const act = ACTIVATIONS[key] as ElementwiseActivation;
    const value = x.map((z) => act.forward(z, alpha));
    return { name, x, value, derivative: x.map((z, i) => act.derivative(z, value[i], alpha)) };
  };
  return [panel("sigmoid", "sigmoid"), panel("tanh", "tanh"), panel("ReLU", "relu"), panel("Gaussian", "gaussian"), panel(`leaky ReLU (α = ${formatNumber(alpha)})`, "leaky-relu")];
}

/** The chart of {@link activationPlotPanels}. */
export function activationPlot(alpha: number = DEFAULT_LEAKY_ALPHA): PlotSpec {
  return activationPanels(activationPlotPanels(alpha), { title: "Activation functions (solid) and their derivatives (dashed)" });
}
