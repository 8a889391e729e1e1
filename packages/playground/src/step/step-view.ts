/**
 * Step mode's view: the form, the YAML editor, the stages, the diagram, the values table and the
 * worked solution, drawn from a {@link StepModel}. Every control dispatches an action to
 * `stepReducer` (`step-state.ts`) and the view is drawn again from the model it returns; nothing here
 * computes or checks anything itself.
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
import { field, h, replaceChildren, select } from "../lib/dom.js";
import { downloadText } from "../lib/download.js";
import { formulaLatex, mathElement, stepLatex } from "../lib/math.js";
import type { StepState } from "../lib/url-state.js";
import { renderDiagram } from "./diagram.js";
import { DiagramFrame } from "./diagram-frame.js";
import type { DiagramInput } from "./diagram.js";
import type { ExampleCatalog } from "./example-catalog.js";
import { architecture, editable, specToYaml } from "./net.js";
import type { ValueRef } from "./net.js";
import { itemBlocks, itemOf, revealed, stageBlocks, stageLabel, stageShort } from "./stages.js";
import type { StepBlock } from "./stages.js";
import { itemOutlook } from "./item-outlook.js";
import { initialStepModel, restoreStep, stepLinkState, stepReducer } from "./step-state.js";
import type { FormEdit, StepAction, StepModel } from "./step-state.js";

const CUSTOM = "";

export class StepView {
  readonly root: HTMLElement;
  private model: StepModel;

  private readonly exampleSelect: HTMLSelectElement;
  private readonly formBox = h("div", { class: "net-form" });
  private readonly editor: HTMLTextAreaElement;
  private readonly editorError = h("p", { class: "error-line", role: "status", "data-testid": "spec-error" });
  private readonly stageBar = h("ol", { class: "stage-bar", "aria-label": "stages of the step" });
  private readonly stepButton: HTMLButtonElement;
  private readonly status = h("p", { class: "status", "aria-live": "polite", "data-testid": "stage" });
  private readonly lossText = h("span", { class: "loss-value", "data-testid": "loss" });
  private readonly lossAfter = h("span", { class: "loss-after", "data-testid": "loss-after" });
  private readonly diagram = new DiagramFrame();
  /** The step and stage the diagram last showed ("2:3"), to scroll to a stage's items only when it is new. */
  private stageShown = "";
  private readonly tableBox = h("div", { class: "table-box" });
  private readonly solutionBox = h("div", { class: "solution-body", "data-testid": "solution" });
  private readonly solutionTitle = h("h2", { class: "solution-title" });
  private readonly allToggle = h("input", { type: "checkbox", "data-testid": "show-all" });
  /** The backward pass as δ, or as the chain rule's factors (`tracegrad step --style`). */
  private readonly styleSelect = select({ "data-testid": "backward-style", "aria-label": "how the backward pass is written" }, [["delta", "δ = ∂L/∂a·f′(z)"], ["chain", "chain rule, factor by factor"]] as const, "delta");
  private editTimer: number | undefined;

  constructor(
    catalog: ExampleCatalog,
    private readonly onChange: () => void,
  ) {
    this.model = initialStepModel(catalog);
    this.exampleSelect = select(
      { "data-testid": "example-select", id: "example-select" },
      [...catalog.examples.map((e) => [e.id, e.label] as const), [CUSTOM, "your own network (edited)"] as const],
      this.model.exampleId ?? CUSTOM,
    );
    this.exampleSelect.addEventListener("change", () => {
      if (this.exampleSelect.value !== CUSTOM) this.dispatch({ type: "example", id: this.exampleSelect.value }, true);
    });
    this.editor = h("textarea", { class: "yaml-editor", spellcheck: "false", rows: 16, "data-testid": "yaml-editor", "aria-label": "the network as YAML (as tracegrad step reads it)", autocapitalize: "off", autocomplete: "off" });
    this.editor.addEventListener("input", () => {
      window.clearTimeout(this.editTimer);
      this.editTimer = window.setTimeout(() => this.dispatch({ type: "text", text: this.editor.value }, false), 350);
    });

    this.stepButton = h("button", { type: "button", class: "primary step-next", "data-testid": "step-button" });
    this.stepButton.addEventListener("click", () => this.dispatch({ type: "advance" }, true));
    const reset = h("button", { type: "button", class: "step-reset", "data-testid": "reset-step", title: "back to the start of this step" }, "⟲ Start of step");
    reset.addEventListener("click", () => this.dispatch({ type: "go-to", stage: 0 }, false));
    const toEnd = h("button", { type: "button", class: "step-end", "data-testid": "run-step", title: "reveal every stage of this step" }, "Whole step »");
    toEnd.addEventListener("click", () => this.dispatch({ type: "go-to", stage: this.model.current.stages.length }, false));

    const exportButton = (label: string, testid: string, action: () => void) => {
      const b = h("button", { type: "button", class: "small", "data-testid": testid }, label);
      b.addEventListener("click", action);
      return b;
    };
    const solutionText = (format: "markdown" | "latex") => explainStep(this.model.current.record, { format, precision: this.model.precision, notes: this.model.current.notes, style: this.model.style });
    const exports = h(
      "div",
      { class: "exports" },
      exportButton("Spec YAML", "export-spec", () => downloadText(specToYaml(this.model.current.spec), "network.yaml", "application/yaml")),
      exportButton("Solution .md", "export-markdown", () => downloadText(solutionText("markdown"), "solution.md", "text/markdown")),
      exportButton("Solution .tex", "export-latex", () => downloadText(solutionText("latex"), "solution.tex", "application/x-tex")),
      exportButton("Diagram SVG", "export-diagram", () => this.exportDiagram()),
    );
    this.allToggle.addEventListener("change", () => this.dispatch({ type: "show-all", on: this.allToggle.checked }, false));
    this.styleSelect.addEventListener("change", () => this.dispatch({ type: "style", style: this.styleSelect.value === "chain" ? "chain" : "delta" }, false));

    const roomy = window.matchMedia("(min-width: 821px)").matches;
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
          // Open where there is room; on a phone the form would push the step below the first screens:
          // there the example comes first, then the step, and the form opens on request.
          h(
            "details",
            { class: "net-details", open: roomy, "data-testid": "net-details" },
            h("summary", {}, "Edit the network · export"),
            this.formBox,
            h("details", { class: "yaml-details", open: roomy }, h("summary", {}, "Network as YAML"), this.editor, this.editorError),
            h("h3", { class: "small-title" }, "Export"),
            exports,
          ),
        ),
        h(
          "div",
          { class: "card stepper" },
          h("div", { class: "stepper-head" }, h("div", { class: "buttons step-buttons" }, reset, this.stepButton, toEnd), this.stageBar),
          h("div", { class: "readout" }, this.status, h("p", { class: "loss-line" }, h("span", { class: "loss-label" }, "loss "), this.lossText, this.lossAfter)),
          this.diagram.root,
        ),
        h("details", { class: "card values-card", open: true }, h("summary", {}, "Values, gradients and updates"), this.tableBox),
        h(
          "aside",
          { class: "card solution", "aria-label": "worked solution", "aria-live": "polite" },
          h("div", { class: "solution-head" }, this.solutionTitle, this.styleSelect, h("label", { class: "toggle" }, this.allToggle, " every stage so far")),
          this.solutionBox,
        ),
      ),
    );
    const pick = (event: Event) => {
      const target = (event.target as Element).closest("[data-item]");
      if (target !== null) this.dispatch({ type: "select", id: target.getAttribute("data-item") }, false);
    };
    this.diagram.box.addEventListener("click", pick);
    this.diagram.box.addEventListener("keydown", (event) => {
      if (event.key !== "Enter" && event.key !== " ") return;
      if ((event.target as Element).closest("[data-item]") === null) return;
      event.preventDefault();
      pick(event);
    });
    this.render(true);
  }

  /** The state the URL keeps. */
  state(): StepState {
    return stepLinkState(this.model);
  }

  /** Restores a state from a link; returns the problem, in one line, or null. */
  restore(state: StepState): string | null {
    const { model, problem } = restoreStep(this.model, state);
    this.model = model;
    this.render(true);
    return problem;
  }

  /** Runs an action and draws the result; `editor` also rewrites the YAML editor's text. */
  private dispatch(action: StepAction, editor: boolean): void {
    const before = this.model;
    this.model = stepReducer(this.model, action);
    // A form edit or a new step changes the text: the editor shows it.
    this.render(editor || this.model.text !== before.text);
    this.onChange();
  }

  private form(edit: FormEdit): void {
    this.dispatch({ type: "form", edit }, false);
  }

  private exportDiagram(): void {
    const svg = renderDiagram(this.diagramInput());
    svg.setAttribute("xmlns", "http://www.w3.org/2000/svg");
    downloadText(new XMLSerializer().serializeToString(svg) + "\n", "network.svg", "image/svg+xml");
  }

  /** The diagram's items the stage last shown computed (a layer's units, the loss), to keep in view. */
  private stageItems(): string[] {
    const c = this.model.current;
    const stage = this.model.stage > 0 ? c.stages[this.model.stage - 1] : undefined;
    if (stage === undefined || stage.kind === "update") return [];
    if (stage.kind === "loss") return ["loss"];
    return c.spec.names.layers[stage.layer].units.map((unit) => `u:${unit}`);
  }

  private diagramInput(): DiagramInput {
    const m = this.model;
    const c = m.current;
    return { spec: c.spec, results: c.results, revealed: revealed(c.stages, m.stage), selected: m.selected, sample: m.sample };
  }

  private render(editor: boolean): void {
    const m = this.model;
    const c = m.current;
    this.exampleSelect.value = m.exampleId ?? CUSTOM;
    if (editor && this.editor.value !== m.text) this.editor.value = m.text;
    this.editorError.textContent = m.textError ?? "";
    this.editorError.hidden = m.textError === null;
    this.editor.setAttribute("aria-invalid", m.textError === null ? "false" : "true");
    this.allToggle.checked = m.showAll;
    this.styleSelect.value = m.style;
    this.renderForm();

    replaceChildren(
      this.stageBar,
      h("li", { class: `chip${m.stage === 0 ? " current" : ""}`, title: "the given values" }, "0"),
      ...c.stages.map((stage, k) => h("li", { class: `chip ${stage.kind}${k < m.stage ? " done" : ""}${k === m.stage - 1 ? " current" : ""}`, title: stageLabel(stage) }, stageShort(stage))),
    );
    const next = c.stages[m.stage];
    const atEnd = m.stage >= c.stages.length;
    this.stepButton.textContent = next !== undefined ? `▶ ${stageLabel(next)}` : c.record.update !== null ? `▶ Step ${m.stepNo + 1}` : "End of the step";
    this.stepButton.disabled = atEnd && c.record.update === null;
    this.stepButton.title = atEnd && c.record.update === null ? (c.record.forward.loss === null ? "a forward pass only: the network has no targets" : "no learning rate: the step ends after the backward pass") : "";
    const where = m.stage === 0 ? "the given values" : `${m.stage} of ${c.stages.length}: ${stageLabel(c.stages[m.stage - 1])}`;
    this.status.textContent = `Step ${m.stepNo} · stage ${where}`;
    const shown = revealed(c.stages, m.stage);
    const loss = c.results.loss;
    this.lossText.textContent = loss === null ? "none (no targets)" : shown.loss ? formatNumber(loss, m.precision) : "·";
    this.lossAfter.textContent = shown.update && c.results.lossAfter !== null ? ` → ${formatNumber(c.results.lossAfter, m.precision)} after the update` : "";

    this.diagram.show(renderDiagram(this.diagramInput()));
    // A new stage brings what it computed into view; a click on the diagram (a unit chosen) leaves it where the learner swiped it.
    const stageShown = `${m.stepNo}:${m.stage}`;
    if (stageShown !== this.stageShown) this.diagram.reveal(this.stageItems());
    this.stageShown = stageShown;
    this.renderTable();
    this.renderSolution();
  }

  /** The message of the control's refused value, beside it, or null. */
  private fieldMessage(control: string): HTMLElement | null {
    const e = this.model.fieldError;
    if (e === null || e.control !== control) return null;
    return h("p", { class: "error-line field-error", role: "alert", "data-testid": `${control}-error` }, e.message);
  }

  /** A text control's value: what was typed when the parser refused it, else the network's. */
  private typed(control: string, value: string): string {
    const e = this.model.fieldError;
    return e !== null && e.control === control ? e.text : value;
  }

  private renderForm(): void {
    const m = this.model;
    const net = editable(m.current.spec);
    const arch = h("input", { type: "text", value: this.typed("architecture", architecture(net).join("-")), "data-testid": "architecture", inputmode: "numeric", size: 10, "aria-describedby": "arch-hint" });
    arch.addEventListener("change", () => this.form({ kind: "architecture", text: arch.value }));
    const lossSelect = select({ "data-testid": "loss-select" }, [["", "none (forward pass only)"], ...lossNames().map((l) => [l, l] as const)], net.targets === null ? "" : (net.loss ?? ""));
    lossSelect.addEventListener("change", () => this.form({ kind: "loss", loss: lossSelect.value === "" ? null : (lossSelect.value as LossName) }));
    const lr = h("input", { type: "text", inputmode: "decimal", value: this.typed("learning-rate", net.learningRate === null ? "" : String(net.learningRate)), placeholder: "none", "data-testid": "learning-rate", size: 8 });
    lr.addEventListener("change", () => this.form({ kind: "learning-rate", text: lr.value }));
    const l2 = h("input", { type: "text", inputmode: "decimal", value: this.typed("l2", String(net.l2)), size: 6, "data-testid": "l2" });
    l2.addEventListener("change", () => this.form({ kind: "l2", text: l2.value }));
    const precision = select({ "data-testid": "precision" }, [4, 5, 6, 7, 8, 9, 10, 12, 15].map((p) => [String(p), `${p} digits`] as const), String(m.precision));
    precision.addEventListener("change", () => this.dispatch({ type: "precision", precision: Number(precision.value) }, false));
    const samples = h("input", { type: "number", min: 1, max: 64, value: this.typed("samples", String(net.inputs.length)), "data-testid": "samples", class: "narrow" });
    samples.addEventListener("change", () => this.form({ kind: "samples", text: samples.value }));
    const layers = h("div", { class: "layer-rows" });
    net.layers.forEach((layer, l) => {
      const activation = select({ "data-testid": `activation-${l + 1}`, "aria-label": `activation of layer ${l + 1}` }, activationNames().map((a) => [a, a] as const), layer.activation);
      activation.addEventListener("change", () => this.form({ kind: "activation", layer: l, activation: activation.value as ActivationName }));
      const bias = h("input", { type: "checkbox", checked: layer.bias !== null, "data-testid": `bias-${l + 1}` });
      bias.addEventListener("change", () => this.form({ kind: "bias", layer: l, on: bias.checked }));
      layers.appendChild(h("div", { class: "layer-row" }, h("span", { class: "layer-name" }, `Layer ${l + 1}`), activation, h("label", { class: "toggle" }, bias, " bias")));
      for (const control of [`activation-${l + 1}`, `bias-${l + 1}`]) {
        const message = this.fieldMessage(control);
        if (message !== null) layers.appendChild(message);
      }
    });
    const children: (HTMLElement | null)[] = [
      field("Layer sizes", arch),
      this.fieldMessage("architecture"),
      h("p", { class: "hint", id: "arch-hint" }, "inputs, then the units of each layer"),
      layers,
      h("div", { class: "row2" }, field("Loss", lossSelect), field("Learning rate η", lr)),
      this.fieldMessage("loss-select"),
      this.fieldMessage("learning-rate"),
      h("div", { class: "row2" }, field("L2 λ", l2), field("Samples", samples)),
      this.fieldMessage("l2"),
      this.fieldMessage("samples"),
      field("Precision", precision),
    ];
    if (net.inputs.length > 1) {
      const sample = select({ "data-testid": "sample" }, net.inputs.map((_, i) => [String(i), `sample ${i + 1}`] as const), String(m.sample));
      sample.addEventListener("change", () => this.dispatch({ type: "sample", sample: Number(sample.value) }, false));
      children.push(field("Diagram shows", sample));
    }
    replaceChildren(this.formBox, ...children);
  }

  private renderTable(): void {
    const m = this.model;
    const c = m.current;
    const net = editable(c.spec);
    const shown = revealed(c.stages, m.stage);
    const p = m.precision;
    const valueInput = (name: string, value: number, ref: ValueRef) => {
      const control = `value-${name}`;
      const input = h("input", { type: "text", inputmode: "decimal", value: this.typed(control, String(value)), "data-testid": control, "aria-label": `value of ${name}`, size: 9 });
      input.addEventListener("change", () => this.form({ kind: "value", ref, name, text: input.value }));
      const message = this.fieldMessage(control);
      return message === null ? input : h("div", {}, input, message);
    };
    const nameButton = (name: string, id: string) => {
      const b = h("button", { type: "button", class: `link${m.selected === id ? " selected" : ""}`, "data-item": id, title: `worked solution of ${name}` }, name);
      b.addEventListener("click", () => this.dispatch({ type: "select", id }, false));
      return b;
    };
    const rows: HTMLTableRowElement[] = [];
    const section = (title: string) => rows.push(h("tr", { class: "section" }, h("th", { colspan: 4, scope: "colgroup" }, title)));
    const s = Math.min(m.sample, c.spec.inputs.length - 1);
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
    replaceChildren(
      this.tableBox,
      h(
        "table",
        { class: "values", "data-testid": "values-table" },
        h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "name"), h("th", { scope: "col" }, "value"), h("th", { scope: "col" }, `gradient ∂${c.spec.names.loss}/∂`), h("th", { scope: "col" }, "after update"))),
        h("tbody", {}, ...rows),
      ),
    );
  }

  private renderSolution(): void {
    const m = this.model;
    const c = m.current;
    const item = m.selected === null ? null : itemOf(c.record, m.selected);
    const layers = c.spec.layers.length;
    let blocks: StepBlock[];
    let title: string;
    let empty = "";
    if (item !== null) {
      const sample = c.spec.inputs.length > 1 ? `(${m.sample + 1})` : undefined;
      blocks = item.kind === "input" ? [] : itemBlocks(c.solution, c.stages, m.stage, item, layers, sample);
      title = item.kind === "loss" ? `The loss ${c.spec.names.loss}` : item.kind === "unit" ? `Unit ${item.name}` : item.kind === "input" ? `Input ${item.name}` : `Parameter ${item.name}`;
      if (item.kind === "input") empty = `${item.name} is given: ${formatNumber(c.spec.inputs[m.sample][item.index], m.precision)}.`;
    } else if (m.stage === 0) {
      title = c.solution.title;
      blocks = [];
    } else if (m.showAll) {
      title = `Stages 1 to ${m.stage}`;
      blocks = c.stages.slice(0, m.stage).flatMap((stage) => stageBlocks(c.solution, stage, layers));
    } else {
      title = stageLabel(c.stages[m.stage - 1]);
      blocks = stageBlocks(c.solution, c.stages[m.stage - 1], layers);
    }
    this.solutionTitle.textContent = title;
    const out: HTMLElement[] = [];
    if (item === null && m.stage === 0) out.push(...this.givenView());
    if (empty !== "") out.push(h("p", { class: "hint" }, empty));
    // What is known of the item so far (a parameter's value) before its own steps; what comes next after them.
    const outlook = item === null ? null : itemOutlook(c.spec, c.stages, m.stage, item, m.stepNo, m.precision);
    if (outlook !== null && blocks.length === 0 && outlook.known.length + (outlook.next === null ? 0 : 1) > 0) {
      out.push(h("div", { class: "outlook", "data-testid": "item-outlook" }, ...outlook.known.map((k) => h("p", {}, k)), outlook.next === null ? null : h("p", { class: "hint" }, outlook.next)));
    }
    for (const block of blocks) {
      out.push(h("h3", {}, block.title));
      for (const f of block.formulas) out.push(mathElement(formulaLatex(f, m.precision), true, { class: "math display formula" }));
      for (const step of block.steps) {
        out.push(mathElement(stepLatex(step, m.precision)));
        if (step.note !== undefined) out.push(h("p", { class: "note" }, step.note));
      }
    }
    // The notes (a source's errata among them) before the first stage and after the last. Before the
    // first they are folded: an erratum says the correct value, which a learner working the step by
    // hand should not see first.
    const notes = c.solution.notes;
    if (item === null && (m.stage === 0 || m.stage === c.stages.length) && notes.length > 0) {
      const list = h("ul", { class: "notes", "data-testid": "notes" }, ...notes.map((n) => h("li", {}, n)));
      if (m.stage === 0) {
        out.push(h("details", { class: "notes-details", "data-testid": "notes-details" }, h("summary", {}, `Notes (${notes.length}): where the source differs, and the results. They give values away: open them once you have worked the step.`), list));
      } else {
        out.push(h("h3", {}, "Notes"), list);
      }
    }
    if (outlook !== null && blocks.length > 0 && outlook.next !== null) out.push(h("p", { class: "hint", "data-testid": "item-outlook" }, outlook.next));
    if (item !== null) {
      const back = h("button", { type: "button", class: "small", "data-testid": "clear-selection" }, "Show the stage instead");
      back.addEventListener("click", () => this.dispatch({ type: "select", id: null }, false));
      out.push(back);
    }
    replaceChildren(this.solutionBox, ...out);
  }

  /** Before the first stage: the network, the conventions and the given values. */
  private givenView(): HTMLElement[] {
    const sol = this.model.current.solution;
    const out: HTMLElement[] = [];
    if (sol.source !== undefined) out.push(h("p", { class: "source" }, `Source: ${sol.source}`));
    out.push(h("p", {}, sol.summary), h("ul", { class: "conventions" }, ...sol.conventions.map((c) => h("li", {}, c))));
    out.push(h("h3", {}, "Given"));
    for (const g of sol.given) {
      const values = g.values.map((v) => mathElement(`${symbolLatex(v)} = ${formatNumberLatex(v.value ?? 0, this.model.precision)}`, false));
      out.push(h("p", { class: "given-title" }, g.title), h("div", { class: "given" }, ...values));
    }
    out.push(h("p", { class: "hint" }, "Press ▶ to compute the first stage; click a unit or a weight for its own steps."));
    return out;
  }
}

function symbolLatex(v: SymbolExpr): string {
  return renderExpr({ ...v, value: undefined }, { notation: "latex", substitute: false, precision: DEFAULT_PRECISION });
}
