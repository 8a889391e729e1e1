/**
 * Step mode: one gradient-descent step of a network, stage by stage, with the diagram, the numbers
 * and the worked solution of whatever is selected, all read off `runStep`'s record and
 * `buildSolution`, as `tracegrad step` prints them.
 *
 * @module
 */
import { activationNames } from "tracegrad/internal/engine/activations";
import type { ActivationName } from "tracegrad/internal/engine/activations";
import { lossNames } from "tracegrad/internal/engine/losses";
import type { LossName } from "tracegrad/internal/engine/losses";
import { explainStep } from "tracegrad/internal/explain/explain-step";
import type { SymbolExpr } from "tracegrad/internal/engine/expr";
import { DEFAULT_PRECISION, formatNumber, formatNumberLatex } from "tracegrad/internal/common/format-number";
import { renderExpr } from "tracegrad/internal/engine/render-expr";
import { stepResults } from "tracegrad/internal/step/results";
import type { StepResults } from "tracegrad/internal/step/results";
import { runStep } from "tracegrad/internal/step/run-step";
import type { StepRecord } from "tracegrad/internal/step/run-step";
import { buildSolution } from "tracegrad/internal/explain/solution";
import type { Solution } from "tracegrad/internal/explain/solution";
import type { StepSpec } from "tracegrad/internal/step/spec/index";
import { errorLine, field, h, replaceChildren, select } from "../lib/dom.js";
import { downloadText } from "../lib/download.js";
import { formulaLatex, mathElement, stepLatex } from "../lib/math.js";
import type { StepState } from "../lib/url-state.js";
import { renderDiagram } from "./diagram.js";
import { DEFAULT_EXAMPLE, EXAMPLES, exampleById } from "./examples.js";
import { architecture, editable, netToYaml, parseNet, specToYaml, withActivation, withArchitecture, withBias, withLoss, withParameters, withSamples, withSetting, withValue } from "./net.js";
import type { EditableNet, ValueRef } from "./net.js";
import { itemBlocks, itemOf, revealed, stageBlocks, stageLabel, stagesOf, stageShort } from "./stages.js";
import type { Stage, StepBlock } from "./stages.js";

/** One network, run: its record and everything read off it. */
interface Computed {
  readonly spec: StepSpec;
  readonly record: StepRecord;
  readonly results: StepResults;
  readonly solution: Solution;
  readonly stages: readonly Stage[];
}

function compute(spec: StepSpec, precision: number): Computed {
  const record = runStep(spec);
  return { spec, record, results: stepResults(record), solution: buildSolution(record, { precision }), stages: stagesOf(record) };
}

const CUSTOM = "";

export class StepMode {
  readonly root: HTMLElement;
  private current: Computed;
  private exampleId: string | null;
  /** The editor's text, and the mistake in it (null when it is the network shown). */
  private text: string;
  private textError: string | null = null;
  private stage = 0;
  private stepNo = 1;
  private selected: string | null = null;
  private precision = DEFAULT_PRECISION;
  private sample = 0;
  private showAll = false;

  private readonly exampleSelect: HTMLSelectElement;
  private readonly formBox = h("div", { class: "net-form" });
  private readonly editor: HTMLTextAreaElement;
  private readonly editorError = h("p", { class: "error-line", role: "status", "data-testid": "spec-error" });
  private readonly stageBar = h("ol", { class: "stage-bar", "aria-label": "stages of the step" });
  private readonly stepButton: HTMLButtonElement;
  private readonly status = h("p", { class: "status", "aria-live": "polite", "data-testid": "stage" });
  private readonly lossText = h("span", { class: "loss-value", "data-testid": "loss" });
  private readonly lossAfter = h("span", { class: "loss-after", "data-testid": "loss-after" });
  private readonly diagramBox = h("div", { class: "diagram-box" });
  private readonly tableBox = h("div", { class: "table-box" });
  private readonly solutionBox = h("div", { class: "solution-body", "data-testid": "solution" });
  private readonly solutionTitle = h("h2", { class: "solution-title" });
  private editTimer: number | undefined;

  constructor(private readonly onChange: () => void) {
    const first = exampleById(DEFAULT_EXAMPLE) ?? EXAMPLES[0];
    this.exampleId = first.id;
    this.text = first.text;
    this.current = compute(first.spec, this.precision);

    this.exampleSelect = select(
      { "data-testid": "example-select", id: "example-select" },
      [...EXAMPLES.map((e) => [e.id, e.label] as const), [CUSTOM, "your own network (edited)"] as const],
      first.id,
    );
    this.exampleSelect.addEventListener("change", () => {
      if (this.exampleSelect.value !== CUSTOM) this.loadExample(this.exampleSelect.value);
    });
    this.editor = h("textarea", { class: "yaml-editor", spellcheck: "false", rows: 16, "data-testid": "yaml-editor", "aria-label": "the network as YAML (as tracegrad step reads it)", autocapitalize: "off", autocomplete: "off" });
    this.editor.addEventListener("input", () => {
      window.clearTimeout(this.editTimer);
      this.editTimer = window.setTimeout(() => this.applyText(this.editor.value, null), 350);
    });

    this.stepButton = h("button", { type: "button", class: "primary", "data-testid": "step-button" });
    this.stepButton.addEventListener("click", () => this.advance());
    const reset = h("button", { type: "button", "data-testid": "reset-step", title: "back to the start of this step" }, "⟲ Start of step");
    reset.addEventListener("click", () => this.goTo(0));
    const toEnd = h("button", { type: "button", "data-testid": "run-step", title: "reveal every stage of this step" }, "Whole step »");
    toEnd.addEventListener("click", () => this.goTo(this.current.stages.length));

    const exportButton = (label: string, testid: string, action: () => void) => {
      const b = h("button", { type: "button", class: "small", "data-testid": testid }, label);
      b.addEventListener("click", action);
      return b;
    };
    const exports = h(
      "div",
      { class: "exports" },
      exportButton("Spec YAML", "export-spec", () => downloadText(specToYaml(this.current.spec), "network.yaml", "application/yaml")),
      exportButton("Solution .md", "export-markdown", () => downloadText(explainStep(this.current.record, { format: "markdown", precision: this.precision }), "solution.md", "text/markdown")),
      exportButton("Solution .tex", "export-latex", () => downloadText(explainStep(this.current.record, { format: "latex", precision: this.precision }), "solution.tex", "application/x-tex")),
      exportButton("Diagram SVG", "export-diagram", () => this.exportDiagram()),
    );

    const allToggle = h("input", { type: "checkbox", "data-testid": "show-all" });
    allToggle.addEventListener("change", () => {
      this.showAll = allToggle.checked;
      this.renderSolution();
    });

    this.root = h(
      "section",
      { class: "mode step-mode", id: "panel-step", role: "tabpanel", "aria-labelledby": "tab-step" },
      h(
        "div",
        { class: "step-grid" },
        h(
          "aside",
          { class: "card controls", "aria-label": "the network" },
          field("Example", this.exampleSelect),
          this.formBox,
          h("details", { class: "yaml-details", open: true }, h("summary", {}, "Network as YAML"), this.editor, this.editorError),
          h("h3", { class: "small-title" }, "Export"),
          exports,
        ),
        h(
          "div",
          { class: "card stepper" },
          h("div", { class: "stepper-head" }, h("div", { class: "buttons" }, reset, this.stepButton, toEnd), this.stageBar),
          h("div", { class: "readout" }, this.status, h("p", { class: "loss-line" }, h("span", { class: "loss-label" }, "loss "), this.lossText, this.lossAfter)),
          this.diagramBox,
          h("p", { class: "hint swipe-hint" }, "Swipe the diagram sideways to see all of it."),
        ),
        h("details", { class: "card values-card", open: true }, h("summary", {}, "Values, gradients and updates"), this.tableBox),
        h(
          "aside",
          { class: "card solution", "aria-label": "worked solution", "aria-live": "polite" },
          h("div", { class: "solution-head" }, this.solutionTitle, h("label", { class: "toggle" }, allToggle, " every stage so far")),
          this.solutionBox,
        ),
      ),
    );
    this.diagramBox.addEventListener("click", (event) => {
      const target = (event.target as Element).closest("[data-item]");
      if (target !== null) this.select(target.getAttribute("data-item"));
    });
    this.diagramBox.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      const target = (event.target as Element).closest("[data-item]");
      if (target === null) return;
      event.preventDefault();
      this.select(target.getAttribute("data-item"));
    });
    this.render(true);
  }

  /** The state the URL keeps. */
  state(): StepState {
    const example = this.exampleId === null ? undefined : exampleById(this.exampleId);
    const unchanged = example !== undefined && this.textError === null && this.text === example.text;
    return {
      ...(unchanged ? { example: example.id } : { yaml: specToYaml(this.current.spec) }),
      ...(this.textError !== null ? { draft: this.text } : {}),
      stage: this.stage,
      stepNo: this.stepNo,
      selected: this.selected,
      precision: this.precision,
      sample: this.sample,
    };
  }

  /** Restores a state from a link; returns the problem, in one line, or null. */
  restore(state: StepState): string | null {
    let problem: string | null = null;
    this.precision = state.precision;
    if (state.example !== undefined && state.yaml === undefined) {
      const example = exampleById(state.example);
      if (example === undefined) problem = `the link's example "${state.example}" is not bundled with this playground`;
      else {
        this.exampleId = example.id;
        this.text = example.text;
        this.current = compute(example.spec, this.precision);
      }
    } else if (state.yaml !== undefined) {
      try {
        const spec = parseNet(state.yaml, "link.yaml");
        this.current = compute(spec, this.precision);
        this.exampleId = null;
        this.text = state.yaml;
      } catch (error) {
        problem = `the link's network: ${errorLine(error)}`;
      }
    }
    this.textError = null;
    if (problem === null && state.draft !== undefined) {
      this.text = state.draft;
      try {
        parseNet(state.draft);
      } catch (error) {
        this.textError = errorLine(error);
      }
    } else if (problem !== null) {
      this.text = state.yaml ?? this.text;
      this.textError = problem;
    }
    if (problem === null) {
      this.stage = Math.min(state.stage, this.current.stages.length);
      this.stepNo = state.stepNo;
      this.sample = Math.min(state.sample, this.current.spec.inputs.length - 1);
      this.selected = state.selected !== null && itemOf(this.current.record, state.selected) !== null ? state.selected : null;
    }
    this.render(true);
    return problem;
  }

  private loadExample(id: string): void {
    const example = exampleById(id);
    if (example === undefined) return;
    this.exampleId = example.id;
    this.text = example.text;
    this.textError = null;
    this.current = compute(example.spec, this.precision);
    this.stage = 0;
    this.stepNo = 1;
    this.sample = 0;
    this.selected = null;
    this.render(true);
    this.onChange();
  }

  /** Takes new YAML text: the network it holds, or its mistake (the network shown stays). */
  private applyText(text: string, exampleId: string | null, fromForm = false): void {
    this.text = text;
    try {
      const spec = parseNet(text);
      const computed = compute(spec, this.precision);
      this.current = computed;
      this.textError = null;
      this.exampleId = exampleId;
      this.stage = 0;
      this.stepNo = 1;
      this.sample = Math.min(this.sample, spec.inputs.length - 1);
      if (this.selected !== null && itemOf(computed.record, this.selected) === null) this.selected = null;
      this.render(fromForm);
    } catch (error) {
      this.textError = errorLine(error);
      if (fromForm) this.editor.value = text;
      this.renderEditorError();
    }
    this.onChange();
  }

  private applyNet(net: EditableNet): void {
    this.applyText(netToYaml(net), null, true);
  }

  private advance(): void {
    if (this.stage < this.current.stages.length) this.goTo(this.stage + 1);
    else if (this.current.record.update !== null) this.nextStep();
  }

  private goTo(stage: number): void {
    this.stage = Math.max(0, Math.min(stage, this.current.stages.length));
    this.render(false);
    this.onChange();
  }

  /** Starts the next step from the updated weights. */
  private nextStep(): void {
    const update = this.current.record.update;
    if (update === null) return;
    const spec = withParameters(
      this.current.spec,
      update.layers.map((l) => ({ weights: l.weights.toRows(), bias: l.bias === null ? null : Array.from(l.bias.data) })),
    );
    this.current = compute(spec, this.precision);
    this.exampleId = null;
    this.text = specToYaml(spec);
    this.textError = null;
    this.stepNo++;
    this.stage = 0;
    this.render(true);
    this.onChange();
  }

  private select(id: string | null): void {
    this.selected = id === this.selected ? null : id;
    this.render(false);
    this.onChange();
  }

  private exportDiagram(): void {
    const svg = renderDiagram(this.diagramInput());
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    downloadText(new XMLSerializer().serializeToString(svg) + "\n", "network.svg", "image/svg+xml");
  }

  private diagramInput() {
    const c = this.current;
    return { spec: c.spec, results: c.results, revealed: revealed(c.stages, this.stage), selected: this.selected, sample: this.sample };
  }

  /** Redraws everything; `editor` also rewrites the YAML editor's text. */
  private render(editor: boolean): void {
    const c = this.current;
    this.exampleSelect.value = this.exampleId ?? CUSTOM;
    if (editor) this.editor.value = this.text;
    this.renderEditorError();
    this.renderForm();

    // Stage bar and step button.
    replaceChildren(
      this.stageBar,
      h("li", { class: `chip${this.stage === 0 ? " current" : ""}`, title: "the given values" }, "0"),
      ...c.stages.map((stage, k) =>
        h("li", { class: `chip ${stage.kind}${k < this.stage ? " done" : ""}${k === this.stage - 1 ? " current" : ""}`, title: stageLabel(stage) }, stageShort(stage)),
      ),
    );
    const next = c.stages[this.stage];
    const atEnd = this.stage >= c.stages.length;
    this.stepButton.textContent = next !== undefined ? `▶ ${stageLabel(next)}` : c.record.update !== null ? `▶ Step ${this.stepNo + 1}` : "End of the step";
    this.stepButton.disabled = atEnd && c.record.update === null;
    this.stepButton.title = atEnd && c.record.update === null ? (c.record.forward.loss === null ? "a forward pass only: the network has no targets" : "no learning rate: the step ends after the backward pass") : "";
    const where = this.stage === 0 ? "the given values" : `${this.stage} of ${c.stages.length}: ${stageLabel(c.stages[this.stage - 1])}`;
    this.status.textContent = `Step ${this.stepNo} · stage ${where}`;
    const shown = revealed(c.stages, this.stage);
    const loss = c.results.loss;
    this.lossText.textContent = loss === null ? "none (no targets)" : shown.loss ? formatNumber(loss, this.precision) : "·";
    this.lossAfter.textContent = shown.update && c.results.lossAfter !== null ? ` → ${formatNumber(c.results.lossAfter, this.precision)} after the update` : "";

    replaceChildren(this.diagramBox, renderDiagram(this.diagramInput()));
    this.renderTable();
    this.renderSolution();
  }

  private renderEditorError(): void {
    this.editorError.textContent = this.textError ?? "";
    this.editorError.hidden = this.textError === null;
    this.editor.setAttribute("aria-invalid", this.textError === null ? "false" : "true");
  }

  private renderForm(): void {
    const net = editable(this.current.spec);
    const sizes = architecture(net);
    const arch = h("input", { type: "text", value: sizes.join("-"), "data-testid": "architecture", inputmode: "numeric", pattern: "[0-9]+(-[0-9]+)+", size: 10, "aria-describedby": "arch-hint" });
    arch.addEventListener("change", () => {
      const parts = arch.value.split(/[-,x ]+/).map(Number);
      if (parts.length < 2 || parts.some((p) => !Number.isInteger(p) || p < 1 || p > 64)) {
        this.textError = `architecture: expected sizes like 2-2-2 (inputs, then units per layer, each 1 to 64), got "${arch.value}"`;
        this.renderEditorError();
        return;
      }
      this.applyNet(withArchitecture(net, parts, this.stepNo));
    });
    const lossSelect = select({ "data-testid": "loss-select" }, [["", "none (forward pass only)"], ...lossNames().map((l) => [l, l] as const)], net.targets === null ? "" : (net.loss ?? ""));
    lossSelect.addEventListener("change", () => this.applyNet(withLoss(net, lossSelect.value === "" ? null : (lossSelect.value as LossName))));
    const lr = h("input", { type: "text", inputmode: "decimal", value: net.learningRate === null ? "" : String(net.learningRate), placeholder: "none", "data-testid": "learning-rate", size: 8 });
    lr.addEventListener("change", () => {
      const value = lr.value.trim() === "" ? null : Number(lr.value);
      if (value !== null && !(Number.isFinite(value) && value > 0)) {
        this.textError = `learning rate: must be a number greater than 0, got "${lr.value}"`;
        this.renderEditorError();
        return;
      }
      this.applyNet(withSetting(net, "learningRate", value));
    });
    const l2 = h("input", { type: "text", inputmode: "decimal", value: String(net.l2), size: 6, "data-testid": "l2" });
    l2.addEventListener("change", () => {
      const value = Number(l2.value);
      if (!(Number.isFinite(value) && value >= 0)) {
        this.textError = `l2: must be 0 or more, got "${l2.value}"`;
        this.renderEditorError();
        return;
      }
      this.applyNet(withSetting(net, "l2", value));
    });
    const precision = select({ "data-testid": "precision" }, [4, 5, 6, 7, 8, 9, 10, 12, 15].map((p) => [String(p), `${p} digits`] as const), String(this.precision));
    precision.addEventListener("change", () => {
      this.precision = Number(precision.value);
      this.current = compute(this.current.spec, this.precision);
      this.render(false);
      this.onChange();
    });
    const samples = h("input", { type: "number", min: 1, max: 64, value: net.inputs.length, "data-testid": "samples", class: "narrow" });
    samples.addEventListener("change", () => {
      const n = Number(samples.value);
      if (Number.isInteger(n) && n >= 1 && n <= 64) this.applyNet(withSamples(net, n));
    });
    const layers = h("div", { class: "layer-rows" });
    net.layers.forEach((layer, l) => {
      const activation = select({ "data-testid": `activation-${l + 1}`, "aria-label": `activation of layer ${l + 1}` }, activationNames().map((a) => [a, a] as const), layer.activation);
      activation.addEventListener("change", () => this.applyNet(withActivation(net, l, activation.value as ActivationName)));
      const bias = h("input", { type: "checkbox", checked: layer.bias !== null, "data-testid": `bias-${l + 1}` });
      bias.addEventListener("change", () => this.applyNet(withBias(net, l, bias.checked)));
      layers.appendChild(h("div", { class: "layer-row" }, h("span", { class: "layer-name" }, `Layer ${l + 1}`), activation, h("label", { class: "toggle" }, bias, " bias")));
    });
    const children: HTMLElement[] = [
      field("Layer sizes", arch),
      h("p", { class: "hint", id: "arch-hint" }, "inputs, then the units of each layer"),
      layers,
      h("div", { class: "row2" }, field("Loss", lossSelect), field("Learning rate η", lr)),
      h("div", { class: "row2" }, field("L2 λ", l2), field("Samples", samples)),
      field("Precision", precision),
    ];
    if (net.inputs.length > 1) {
      const sample = select({ "data-testid": "sample" }, net.inputs.map((_, i) => [String(i), `sample ${i + 1}`] as const), String(this.sample));
      sample.addEventListener("change", () => {
        this.sample = Number(sample.value);
        this.render(false);
        this.onChange();
      });
      children.push(field("Diagram shows", sample));
    }
    replaceChildren(this.formBox, ...children);
  }

  private renderTable(): void {
    const c = this.current;
    const net = editable(c.spec);
    const shown = revealed(c.stages, this.stage);
    const p = this.precision;
    const valueInput = (name: string, value: number, ref: ValueRef) => {
      const input = h("input", { type: "text", inputmode: "decimal", value: String(value), "data-testid": `value-${name}`, "aria-label": `value of ${name}`, size: 9 });
      input.addEventListener("change", () => {
        const v = input.value.trim() === "" ? Number.NaN : Number(input.value);
        if (!Number.isFinite(v)) {
          this.textError = `${name}: expected a number, got "${input.value}"`;
          this.renderEditorError();
          return;
        }
        this.applyNet(withValue(net, ref, v));
      });
      return input;
    };
    const nameButton = (name: string, id: string) => {
      const b = h("button", { type: "button", class: `link${this.selected === id ? " selected" : ""}`, "data-item": id, title: `worked solution of ${name}` }, name);
      b.addEventListener("click", () => this.select(id));
      return b;
    };
    const rows: HTMLTableRowElement[] = [];
    const section = (title: string) => rows.push(h("tr", { class: "section" }, h("th", { colspan: 4, scope: "colgroup" }, title)));
    const s = Math.min(this.sample, c.spec.inputs.length - 1);
    section(c.spec.inputs.length > 1 ? `Inputs and targets (sample ${s + 1})` : "Inputs and targets");
    net.inputNames.forEach((name, i) => rows.push(h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, valueInput(name, net.inputs[s][i], { kind: "input", sample: s, index: i })), h("td"), h("td"))));
    if (net.targets !== null) net.targetNames.forEach((name, i) => rows.push(h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, valueInput(name, net.targets![s][i], { kind: "target", sample: s, index: i })), h("td"), h("td"))));
    c.spec.layers.forEach((layer, l) => {
      const r = c.results.layers[l];
      section(`Layer ${l + 1} (${layer.activation})${layer.bias !== null && !layer.trainBias ? ", biases frozen" : ""}`);
      const names = c.spec.names.layers[l];
      const gradOk = shown.backward.has(l);
      layer.weights.forEach((row, j) =>
        row.forEach((w, i) => {
          const name = names.weights[j][i];
          rows.push(
            h(
              "tr",
              {},
              h("th", { scope: "row" }, nameButton(name, `p:${name}`)),
              h("td", {}, valueInput(name, w, { kind: "weight", layer: l, unit: j, input: i })),
              h("td", { class: "num", "data-testid": `grad-${name}` }, gradOk && r.dW !== null ? formatNumber(r.dW[j][i], p) : ""),
              h("td", { class: "num", "data-testid": `new-${name}` }, shown.update && r.weights !== null ? formatNumber(r.weights[j][i], p) : ""),
            ),
          );
        }),
      );
      layer.bias?.forEach((b, j) => {
        const name = names.bias![j];
        rows.push(
          h(
            "tr",
            {},
            h("th", { scope: "row" }, nameButton(name, `p:${name}`)),
            h("td", {}, valueInput(name, b, { kind: "bias", layer: l, unit: j })),
            h("td", { class: "num", "data-testid": `grad-${name}` }, gradOk && r.db !== null ? formatNumber(r.db[j], p) : ""),
            h("td", { class: "num", "data-testid": `new-${name}` }, shown.update && r.bias !== null ? formatNumber(r.bias[j], p) : ""),
          ),
        );
      });
    });
    const lossSymbol = c.spec.names.loss;
    replaceChildren(
      this.tableBox,
      h(
        "table",
        { class: "values", "data-testid": "values-table" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "name"), h("th", { scope: "col" }, "value"), h("th", { scope: "col" }, `gradient ∂${lossSymbol}/∂`), h("th", { scope: "col" }, "after update"))),
        h("tbody", {}, ...rows),
      ),
    );
  }

  private renderSolution(): void {
    const c = this.current;
    const item = this.selected === null ? null : itemOf(c.record, this.selected);
    const layers = c.spec.layers.length;
    let blocks: StepBlock[];
    let title: string;
    let empty = "";
    if (item !== null) {
      const sample = c.spec.inputs.length > 1 ? `(${this.sample + 1})` : undefined;
      blocks = item.kind === "input" ? [] : itemBlocks(c.solution, c.stages, this.stage, item, layers, sample);
      title = item.kind === "loss" ? `The loss ${c.spec.names.loss}` : item.kind === "unit" ? `Unit ${item.name}` : item.kind === "input" ? `Input ${item.name}` : `Parameter ${item.name}`;
      if (item.kind === "input") empty = `${item.name} is given: ${formatNumber(c.spec.inputs[this.sample][item.index], this.precision)}.`;
      else if (blocks.length === 0) empty = "Nothing about it has been computed yet: step on.";
    } else if (this.stage === 0) {
      title = c.solution.title;
      blocks = [];
    } else if (this.showAll) {
      title = `Stages 1 to ${this.stage}`;
      blocks = c.stages.slice(0, this.stage).flatMap((stage) => stageBlocks(c.solution, stage, layers));
    } else {
      title = stageLabel(c.stages[this.stage - 1]);
      blocks = stageBlocks(c.solution, c.stages[this.stage - 1], layers);
    }
    this.solutionTitle.textContent = title;
    const out: HTMLElement[] = [];
    if (item === null && this.stage === 0) out.push(...this.givenView());
    if (empty !== "") out.push(h("p", { class: "hint" }, empty));
    for (const block of blocks) {
      out.push(h("h3", {}, block.title));
      for (const f of block.formulas) out.push(mathElement(formulaLatex(f, this.precision), true, { class: "math display formula" }));
      for (const step of block.steps) {
        out.push(mathElement(stepLatex(step, this.precision)));
        if (step.note !== undefined) out.push(h("p", { class: "note" }, step.note));
      }
    }
    if (item === null && this.stage === c.stages.length && c.stages.length > 0 && c.solution.notes.length > 0) {
      out.push(h("h3", {}, "Notes"), h("ul", { class: "notes" }, ...c.solution.notes.map((n) => h("li", {}, n))));
    }
    if (item !== null) {
      const back = h("button", { type: "button", class: "small", "data-testid": "clear-selection" }, "Show the stage instead");
      back.addEventListener("click", () => this.select(null));
      out.push(back);
    }
    replaceChildren(this.solutionBox, ...out);
  }

  /** Before the first stage: the network, the conventions and the given values. */
  private givenView(): HTMLElement[] {
    const sol = this.current.solution;
    const out: HTMLElement[] = [];
    if (sol.source !== undefined) out.push(h("p", { class: "source" }, `Source: ${sol.source}`));
    out.push(h("p", {}, sol.summary), h("ul", { class: "conventions" }, ...sol.conventions.map((c) => h("li", {}, c))));
    out.push(h("h3", {}, "Given"));
    for (const g of sol.given) {
      const values = g.values.map((v) => mathElement(`${symbolLatex(v)} = ${formatNumberLatex(v.value ?? 0, this.precision)}`, false));
      out.push(h("p", { class: "given-title" }, g.title), h("div", { class: "given" }, ...values));
    }
    out.push(h("p", { class: "hint" }, "Press ▶ to compute the first stage; click a unit or a weight for its own steps."));
    return out;
  }
}

function symbolLatex(v: SymbolExpr): string {
  return renderExpr({ ...v, value: undefined }, { notation: "latex", substitute: false, precision: DEFAULT_PRECISION });
}
